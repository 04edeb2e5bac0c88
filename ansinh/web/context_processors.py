from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ansinh.web.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"menu": menu_for(user) if user is not None else []}
