"""Rate limits per client address, counted in Django's cache (the database cache by default, Redis where
`ANSINH_REDIS_URL` is set; docs/operations.md).

Each limit is named in `settings.RATE_LIMITS` as (attempts, seconds): at most that many attempts from one
address in a window of that many seconds from its first attempt. Over it, the caller answers HTTP 429 with a Vietnamese
message and `Retry-After` (the seconds left in the window); `too_many_page` and `too_many_json` build those.

- `rate_limited(name)` decorates a view: every request counts (the public checker, its API, and the future
  public feedback form).
- `count_attempt(request, name)` and `retry_after(request, name)` let a view count only some requests (the
  login view counts failed logins per address, across user names).

The client address is REMOTE_ADDR, unless REMOTE_ADDR is one of `settings.RATE_LIMIT_TRUSTED_PROXIES`:
then the right-most address of X-Forwarded-For that is not itself a trusted proxy. A client cannot forge
its address by sending the header itself: the proxy appends the address it saw.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "public_check": (30, 60),
    "public_check_api": (60, 60),
    "login_address": (30, 15 * 60),
    "feedback": (5, 60 * 60),
}
MESSAGE = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Hãy thử lại sau {wait}."


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    seconds: int


def limit_named(name: str) -> Limit:
    attempts, seconds = {**DEFAULT_LIMITS, **getattr(settings, "RATE_LIMITS", {})}[name]
    return Limit(name, int(attempts), int(seconds))


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(getattr(settings, "RATE_LIMIT_TRUSTED_PROXIES", ()))
    if address not in trusted:
        return address
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(forwarded):
        if hop not in trusted:
            return hop
    return address


def _keys(limit: Limit, request: HttpRequest) -> tuple[str, str]:
    """The cache keys of the address's count and of the time its window opened (at its first attempt)."""
    base = f"ratelimit:{limit.name}:{client_address(request)}"
    return f"{base}:count", f"{base}:opened"


def _seconds_left(limit: Limit, opened_key: str, now: float) -> int:
    opened = float(cache.get(opened_key, now))
    return max(1, math.ceil(opened + limit.seconds - now))


def retry_after(request: HttpRequest, name: str) -> int | None:
    """Seconds to wait if the address has already used up its attempts, else None (counts nothing)."""
    limit = limit_named(name)
    count_key, opened_key = _keys(limit, request)
    if int(cache.get(count_key, 0)) < limit.attempts:
        return None
    return _seconds_left(limit, opened_key, time.time())


def count_attempt(request: HttpRequest, name: str) -> int | None:
    """Count one attempt; seconds to wait if this attempt is over the limit, else None. The window
    opens at the address's first attempt and lasts the limit's seconds (the counters then expire)."""
    limit = limit_named(name)
    count_key, opened_key = _keys(limit, request)
    now = time.time()
    cache.add(opened_key, now, timeout=limit.seconds)
    cache.add(count_key, 0, timeout=limit.seconds)
    try:
        used = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=limit.seconds)
        used = 1
    return _seconds_left(limit, opened_key, now) if used > limit.attempts else None


def _wait_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} phút {rest} giây"
    return f"{minutes} phút" if minutes else f"{rest} giây"


def too_many_page(request: HttpRequest, wait: int) -> HttpResponse:
    response = TemplateResponse(
        request, "429.html", {"message": MESSAGE.format(wait=_wait_text(wait)), "wait": wait}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def too_many_json(wait: int) -> JsonResponse:
    response = JsonResponse(
        {"error": MESSAGE.format(wait=_wait_text(wait)), "retry_after": wait},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(wait)
    return response


def rate_limited(name: str, *, json: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Count every request to the view against the limit `name`; over it, 429 (a page, or JSON)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            wait = count_attempt(request, name)
            if wait is not None:
                return too_many_json(wait) if json else too_many_page(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
