"""The permission matrix: every view and API endpoint, every kind of actor.

A feature adds its endpoints with the status each actor must get. For every actor the
helper asserts the response, and for every refused request that it wrote nothing at all
(design.md §3: a forbidden action changes nothing): every SQL statement the request runs is
watched, and an INSERT, UPDATE or DELETE on an application table fails the check. This is
stricter than comparing the tables before and after (even a write rolled back later counts)
and costs nothing per request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client

LOGIN = "login"  # the anonymous visitor is sent to the login page
REFUSED = {LOGIN, 403, 404, 405}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Tables that are not the application's data: sessions, login-failure counters, the task queue.
IGNORED_TABLES = ("django_session", "axes_", "django_tasks_database")


@contextmanager
def writes_recorded() -> Iterator[list[str]]:
    """The write statements run on application tables inside the block."""
    writes: list[str] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE.match(sql) and not any(table in sql for table in IGNORED_TABLES):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield writes


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
        headers = {"HTTP_HX_REQUEST": "true"} if endpoint.htmx else {}
        with writes_recorded() as writes:
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
        elif want in REFUSED and writes:
            failures.append(f"{actor_name}: refused with {got} but it wrote: {writes[0][:120]}")
    assert not failures, f"{endpoint.name} {endpoint.method} {url}:\n  " + "\n  ".join(failures)


def _encode(data: dict[str, Any]) -> str:
    return urlencode(data, doseq=True)


def check_text_shown(endpoint: Endpoint, actors: dict[str, Any], text: re.Pattern[str], shown_to: set[str]) -> None:
    """Request `endpoint` as every actor: on each page answered (200), `text` is there for the
    actors in `shown_to` and for no one else. Someone of each group must get the page, so the
    check cannot pass by refusals alone."""
    failures, answered = [], set()
    for actor_name, user in actors.items():
        client = Client()
        if user is None:
            continue
        client.force_login(user)
        url, data = endpoint.resolve()
        response = client.get(url, data)
        if response.status_code != 200:
            continue
        answered.add(actor_name)
        found = bool(text.search(response.content.decode()))
        if found != (actor_name in shown_to):
            failures.append(f"{actor_name}: {'shown' if found else 'not shown'} {text.pattern!r}")
    assert shown_to & answered, f"{endpoint.name}: no reader with the right got the page"
    assert answered - shown_to, f"{endpoint.name}: no reader without the right got the page"
    assert not failures, f"{endpoint.name}:\n  " + "\n  ".join(failures)
