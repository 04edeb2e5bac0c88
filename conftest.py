"""Shared test fixtures: the Lục Nam reference data, one user per office and role, and
Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = False


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts in the offices' working language, whatever an earlier test in this thread did."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def today_is(monkeypatch) -> Callable[[date], None]:
    """Set the clock to a fixed day (`today_is(date(2025, 9, 15))`) so printed dates, numbers and the
    rules in force do not depend on the day the suite runs. The clock still ticks from 08:00 that day,
    so events keep their order."""

    def set_today(day: date) -> None:
        start, real_start = timezone.make_aware(datetime.combine(day, time(8))), datetime.now(UTC)
        monkeypatch.setattr(timezone, "now", lambda: start + (datetime.now(UTC) - real_start))

    return set_today


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }
