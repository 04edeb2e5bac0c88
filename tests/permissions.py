"""The permission matrix: every view and API endpoint, every kind of actor.

A feature adds its endpoints with the status each actor must get. For every actor the
helper asserts the response, and for every refused request that the database did not
change at all (design.md §3: a forbidden action changes nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

LOGIN = "login"  # the anonymous visitor is sent to the login page
REFUSED = {LOGIN, 403, 404, 405}
IGNORED_APPS = {"sessions", "axes", "contenttypes", "django_tasks_database"}


def database_fingerprint() -> str:
    """A digest of every row of every table the application owns."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in IGNORED_APPS or model._meta.proxy:
            continue
        rows = list(model._default_manager.order_by("pk").values())
        digest.update(model._meta.label.encode())
        digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


@dataclass
class Endpoint:
    name: str
    url: str | Callable[[], str]
    method: str = "GET"
    data: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    htmx: bool = False

    def resolve(self) -> tuple[str, dict[str, Any]]:
        url = self.url() if callable(self.url) else self.url
        data = self.data() if callable(self.data) else self.data
        return url, data


def check_endpoint(endpoint: Endpoint, actors: dict[str, Any], expected: dict[str, int | str]) -> None:
    """Request `endpoint` as each actor in `expected` and compare statuses (collecting all failures)."""
    missing = set(actors) - set(expected)
    assert not missing, f"{endpoint.name}: no expectation for {sorted(missing)}"
    failures = []
    for actor_name, want in expected.items():
        client = Client()
        user = actors[actor_name]
        if user is not None:
            client.force_login(user)
        url, data = endpoint.resolve()
        before = database_fingerprint()
        headers = {"HTTP_HX_REQUEST": "true"} if endpoint.htmx else {}
        response = client.generic(
            endpoint.method,
            url,
            data=_encode(data) if endpoint.method != "GET" else "",
            content_type="application/x-www-form-urlencoded",
            QUERY_STRING=_encode(data) if endpoint.method == "GET" else "",
            **headers,
        )
        got: int | str = response.status_code
        if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
            got = LOGIN
        if got != want:
            failures.append(f"{actor_name}: expected {want}, got {got}")
        elif want in REFUSED and database_fingerprint() != before:
            failures.append(f"{actor_name}: refused with {got} but the database changed")
    assert not failures, f"{endpoint.name} {endpoint.method} {url}:\n  " + "\n  ".join(failures)


def _encode(data: dict[str, Any]) -> str:
    return urlencode(data, doseq=True)
