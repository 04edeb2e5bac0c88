"""The reusable limiter (for the future public feedback form): a decorated view answers 429 past its limit."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from ansinh.core.ratelimit import rate_limited


@rate_limited("feedback")
def feedback(request):
    return HttpResponse("ok")


def test_a_decorated_view_is_limited_by_its_named_setting(settings):
    settings.RATE_LIMITS = {"feedback": (2, 3600)}
    request = RequestFactory().post("/gop-y/", REMOTE_ADDR="203.0.113.5")

    statuses = [feedback(request).status_code for _ in range(3)]

    assert statuses[:2] == [200, 200]
    refused = feedback(request)
    refused.render()
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert "Bạn đã gửi quá nhiều yêu cầu" in refused.content.decode()
