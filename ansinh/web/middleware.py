from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English browsers; the offices' working language is Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
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
