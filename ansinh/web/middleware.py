from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import get_exception_response
from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf
from django.utils import translation
from django.utils.cache import add_never_cache_headers

refusal_logger = logging.getLogger("django.request")


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English browsers; the offices' working language is Vietnamese.

    The language holds for this request only: the thread's previous language comes back after the
    response, even when the view raised, so code that runs later in the same thread (a task run
    in-process, a command, the next test) does not inherit one user's choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """The site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) on every response.

    Scripts, styles, fonts and images come only from our own static files: no inline <script>, no
    on…= handlers, no style="…" attributes (docs/architecture.md, "Uploads, downloads and CSP"). A
    response that sets its own policy (a user's file: `default-src 'none'; sandbox`) keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class NoStoreWhenSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user (pages and downloads).

    A shared office computer, its browser cache or a proxy must not keep a person's record after the
    officer has left. Anonymous public pages (the public checker, the login page) hold nothing from
    the register and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RefusedRequestLogMiddleware:
    """A refused request (PermissionDenied from a view) logs one line: method, path, user, view, reason.

    Django would log the refusal as a warning with the whole traceback, although a refusal is the
    policy doing its job, not a fault; scoped access refuses many requests a day (wrong commune, a
    role that may not sign). The response is the same 403 page Django would give."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PermissionDenied):
            return None
        response = get_exception_response(request, get_resolver(get_urlconf()), 403, exception)
        log_refusal(request, exception, response)
        return response


def log_refusal(request: HttpRequest, exception: PermissionDenied, response: HttpResponse) -> None:
    user = getattr(request, "user", None)
    username = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    match = request.resolver_match
    reason = " ".join(str(exception).split()) or "refused by the policy"
    refusal_logger.warning(
        "Forbidden: %s %s user=%s view=%s reason=%s",
        request.method,
        request.path.encode("unicode_escape").decode("ascii"),  # as Django logs paths: one line, no forged entries
        username,
        match.view_name if match is not None else "-",
        reason,
        extra={"status_code": response.status_code, "request": request},
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's flag: do not log it again
