"""The chosen language holds for one request: the thread's language comes back after the response,
so documents built later in the same thread (a task run in-process, a command) stay in Vietnamese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from ansinh.web.middleware import ChosenLanguageMiddleware

pytestmark = pytest.mark.django_db


def test_code_after_an_english_request_renders_in_vietnamese(actors, lucnam):
    client = Client()
    client.force_login(actors.own_commune_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("web:home")).content.decode()

    assert "Log out" in page  # the request itself was served in English
    assert translation.get_language() == "vi"
    assert lucnam.doi_ngo.full_name == "Thị trấn Đồi Ngô"


def test_the_language_active_before_the_request_comes_back(actors):
    client = Client()
    client.force_login(actors.own_commune_officer)
    translation.activate("en")

    page = client.get(reverse("web:home")).content.decode()

    assert "Đăng xuất" in page  # no cookie: the request was served in Vietnamese
    assert translation.get_language() == "en"


def test_the_language_comes_back_when_the_view_raises():
    def failing_view(request: HttpRequest) -> HttpResponse:
        assert translation.get_language() == "en"
        raise RuntimeError("hỏng")

    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"

    with pytest.raises(RuntimeError, match="hỏng"):
        ChosenLanguageMiddleware(failing_view)(request)

    assert translation.get_language() == "vi"
