"""The public checker and its API are limited per client address (issue 12: no limit at all before)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

QUERY = {"id": "x", "month": "2024-08", "birth_date": "1950-05-05", "disability": "especially_severe"}


def test_the_public_api_answers_429_after_its_threshold(client, settings):
    assert settings.RATE_LIMITS["public_check_api"] == (60, 60)  # on by default
    settings.RATE_LIMITS = {"public_check_api": (5, 3600)}
    url = reverse("rules:public_check_api")
    for _ in range(5):
        assert client.get(url, QUERY).status_code == 200

    response = client.get(url, QUERY)

    assert response.status_code == 429
    assert response.json()["error"].startswith("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn.")
    assert 0 < int(response["Retry-After"]) <= 3600
    assert response.json()["retry_after"] == int(response["Retry-After"])


def test_the_public_checker_page_answers_429_in_vietnamese(client, settings):
    settings.RATE_LIMITS = {"public_check": (3, 3600)}
    url = reverse("rules:public_check")
    data = {"birth_date": "05/05/1950", "month": "08/2024", "household": "none", "disability": "especially_severe"}
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 200
    assert client.get(url).status_code == 200

    response = client.post(url, data)

    assert response.status_code == 429 and "Retry-After" in response
    assert "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn" in response.content.decode()


def test_the_limit_is_per_address(settings):
    settings.RATE_LIMITS = {"public_check_api": (2, 3600)}
    url = reverse("rules:public_check_api")
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    assert [first.get(url, QUERY).status_code for _ in range(3)] == [200, 200, 429]

    assert second.get(url, QUERY).status_code == 200


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(settings):
    settings.RATE_LIMITS = {"public_check_api": (1, 3600)}
    url = reverse("rules:public_check_api")
    direct = Client(REMOTE_ADDR="203.0.113.9")
    # Not a trusted proxy: the header is the client's own claim, ignored.
    assert direct.get(url, QUERY, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert direct.get(url, QUERY, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429

    settings.RATE_LIMIT_TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    assert proxy.get(url, QUERY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1").status_code == 200
    assert proxy.get(url, QUERY, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    assert proxy.get(url, QUERY, HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1").status_code == 429
