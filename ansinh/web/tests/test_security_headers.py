"""Issue 12: a strict Content-Security-Policy on every response, `Cache-Control: no-store` on
every response to a signed-in user, and templates that need nothing the policy refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from ansinh.web.overview import Bar

pytestmark = pytest.mark.django_db

REQUIRED = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def directives(header: str) -> list[str]:
    return [part.strip() for part in header.split(";")]


@pytest.mark.parametrize("url", ["/dang-nhap/", "/kiem-tra-quyen-loi/", "/khong-co-trang-nay/"])
def test_anonymous_pages_carry_the_policy(client, url):
    response = client.get(url)
    assert set(REQUIRED) <= set(directives(response["Content-Security-Policy"]))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/kiem-tra-quyen-loi/", "/khong-co-trang-nay/"])
def test_anonymous_public_pages_stay_cacheable(client, url):
    """They hold nothing from the register. (Django's login view is never cached, for its CSRF token.)"""
    assert "no-store" not in client.get(url).get("Cache-Control", "")


def test_signed_in_pages_carry_the_policy_and_are_never_stored(client, actors):
    client.force_login(actors.own_commune_officer)
    for url in (reverse("web:home"), reverse("registry:person_list"), "/khong-co-trang-nay/"):
        response = client.get(url)
        assert set(REQUIRED) <= set(directives(response["Content-Security-Policy"])), url
        assert "no-store" in response["Cache-Control"], url


def test_a_generated_download_for_a_signed_in_user_is_never_stored(client, actors):
    client.force_login(actors.own_commune_officer)
    response = client.get(reverse("cases:import_template"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_carry_the_policy_too(client):
    response = client.get("/" + settings.STATIC_URL.strip("/") + "/css/ansinh.css")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_htmx_is_configured_to_need_no_inline_style_or_eval(client):
    page = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page


def test_bars_are_drawn_with_classes_not_style_attributes():
    html = render_to_string(
        "web/_bars.html", {"rows": [Bar("Đồi Ngô", 3, "3", 60)], "caption": "x", "testid": "bars", "unit": ""}
    )
    assert 'class="progress-bar pct-60"' in html and "style=" not in html
    css = (Path(settings.BASE_DIR) / "static" / "css" / "ansinh.css").read_text()
    assert ".pct-60 { width: 60%; }" in css and ".pct-100 { width: 100%; }" in css


# Print templates are rendered to PDF by WeasyPrint (ansinh.core.printing), never sent as HTML.
BROWSER_TEMPLATES = [
    path
    for root in [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR, "ansinh").glob("*/templates")]
    for path in root.rglob("*.html")
    if "print" not in path.relative_to(root).parts
]
REFUSED = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline handler": re.compile(r"\shx-on", re.IGNORECASE),
}


def test_no_page_template_needs_what_the_policy_refuses():
    assert len(BROWSER_TEMPLATES) > 50
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in BROWSER_TEMPLATES
        for what, pattern in REFUSED.items()
        if pattern.search(path.read_text())
    ]
    assert found == []
