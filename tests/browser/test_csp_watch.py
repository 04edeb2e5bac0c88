"""The CSP watch can fail: a page whose inline script, inline style or injected script the policy
refuses is caught, and the site's own header is what refuses it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from ansinh.payments.tests.conftest import beneficiary
from tests.browser.csp import CspWatch, is_refusal
from tests.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"


def test_refusal_messages_are_recognised():
    assert is_refusal("Refused to execute inline script because it violates the following Content Security Policy")
    assert is_refusal("Refused to apply inline style because it violates the following Content Security Policy")
    assert not is_refusal("Failed to load resource: the server responded with a status of 404 (Not Found)")


def test_an_inline_script_and_style_fail_the_watch(browser: Browser):
    context = browser.new_context()
    watch = CspWatch()
    watch.attach(context)
    page = context.new_page()
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": POLICY},
            body='<html><body><p style="color: red">x</p><script>document.title = "ran"</script></body></html>',
        ),
    )
    page.goto("http://csp.test/")
    with pytest.raises(pytest.fail.Exception, match="Content-Security-Policy refused something"):
        watch.assert_clean()
    assert page.title() != "ran"
    assert any(problem.startswith("securitypolicyviolation") and "script-src" in problem for problem in watch.problems)
    assert any(problem.startswith("console") and "style-src" in problem for problem in watch.problems)
    context.close()


def test_the_site_header_refuses_a_script_injected_into_a_page(browser: Browser, live_server):
    context = browser.new_context()
    watch = CspWatch()
    watch.attach(context)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
        " document.body.appendChild(s); }"
    )
    with pytest.raises(pytest.fail.Exception, match="script-src"):
        watch.assert_clean()
    assert page.evaluate("() => window.pwned") is None
    context.close()


def test_a_clean_page_passes_the_watch(browser: Browser, live_server):
    context = browser.new_context()
    watch = CspWatch()
    watch.attach(context)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    watch.assert_clean()
    assert watch.problems == []
    context.close()


def test_the_overview_bars_draw_under_the_policy(live_server, page: Page, actors, lucnam):
    """The bar charts once set their length with style="width: …", which the policy refuses; the
    watch on `page` (conftest.py) fails this test if anything on the page is refused."""
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6", coefficient="2.5")
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill("ldtbxh.canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + reverse("web:overview"))
    bars = page.locator(".progress-bar")
    expect(bars.first).to_be_attached()
    widths = bars.evaluate_all("(bars) => bars.map((bar) => getComputedStyle(bar).width)")
    assert any(width not in ("0px", "auto") for width in widths)
