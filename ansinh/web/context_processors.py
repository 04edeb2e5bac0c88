from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ansinh.core.access import archive_refusal
from ansinh.web.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"menu": menu_for(user) if user is not None else []}


def district_archive(request: HttpRequest) -> dict[str, Any]:
    """For a district office once the commune flow is in force (core.access): the reason its writes are
    refused, shown as a banner on every page and as the reason on the 403 page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"archive_refusal": ""}
    return {"archive_refusal": archive_refusal(user)}
