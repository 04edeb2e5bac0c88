"""The CSP watch can fail: a page whose inline script, inline style or injected script the policy
refuses is caught, and the site's own header is what refuses it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from tests.browser.csp import CspWatch, is_refusal

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
