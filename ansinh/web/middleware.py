from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
