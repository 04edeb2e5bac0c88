"""Issue 16: a refused request (403) logs one line (method, path, user, view, reason), no traceback."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from ansinh.web.middleware import RefusedRequestLogMiddleware

pytestmark = pytest.mark.django_db


def test_a_refused_request_logs_one_line_without_traceback(client, actors, caplog):
    client.force_login(actors.other_commune_officer)

    with caplog.at_level(logging.INFO):
        response = client.get(reverse("accounts:user_list"), {"q": "x"})

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện việc này" in response.content.decode()
    [record] = caplog.records
    assert record.name == "django.request" and record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    assert record.getMessage() == (
        f"Forbidden: GET {reverse('accounts:user_list')} user=xa.camly view=accounts:user_list "
        "reason=Bạn không có quyền thực hiện việc này."
    )
    assert "\n" not in caplog.text.strip()


def test_the_reason_given_and_a_forged_path_stay_on_one_line(caplog):
    request = RequestFactory().post("/a%0AForbidden:%20GET%20/forged")
    middleware = RefusedRequestLogMiddleware(lambda request: pytest.fail("not called"))

    with caplog.at_level(logging.INFO):
        response = middleware.process_exception(request, PermissionDenied("Không phải\nxã của bạn"))

    assert response is not None and response.status_code == 403
    [record] = caplog.records
    assert record.getMessage() == (
        "Forbidden: POST /a\\nForbidden: GET /forged user=anonymous view=- reason=Không phải xã của bạn"
    )


def test_other_errors_are_left_to_django():
    middleware = RefusedRequestLogMiddleware(lambda request: pytest.fail("not called"))

    assert middleware.process_exception(RequestFactory().get("/"), ValueError("boom")) is None
