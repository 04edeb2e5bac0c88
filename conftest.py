"""Shared test fixtures: the Lục Nam reference data, one user per office and role, and
Playwright driving Debian's Chromium, every page watched for Content-Security-Policy violations."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.csp import CspWatch

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = False


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture
def csp_watch() -> CspWatch:
    return CspWatch()


@pytest.fixture
def context(context: BrowserContext, csp_watch: CspWatch) -> Iterator[BrowserContext]:
    """pytest-playwright's context, watched (tests/browser/csp.py): `page` and every page opened from
    it report refused scripts, styles, images and frames, and the test fails at teardown if any."""
    csp_watch.attach(context)
    yield context
    csp_watch.assert_clean()
