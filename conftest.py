"""Shared test fixtures: the Lục Nam reference data, one user per office and role, and
Playwright driving Debian's Chromium, every page watched for Content-Security-Policy violations."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone, translation
from playwright.sync_api import BrowserContext

from tests.browser.csp import CspWatch

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures"]

AUDIT_TABLE = "audit_auditevent"
NO_DELETE = "audit_event_no_delete"


FlushFunction = Callable[[Any, list[str]], None]


def _flush_lifting_audit_triggers(original: FlushFunction) -> FlushFunction:
    """The audit table refuses DELETE on SQLite and TRUNCATE on PostgreSQL (audit migration 0003),
    yet the test harness empties every table with one or the other after a transactional test.
    Only this flush lifts the trigger, inside its own transaction, and puts it back."""

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        if not any(AUDIT_TABLE in sql for sql in sql_list):
            return original(self, sql_list)
        if self.connection.vendor == "postgresql":
            before = [f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER audit_event_no_truncate"]
            after = [f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER audit_event_no_truncate"]
        else:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [NO_DELETE])
                row = cursor.fetchone()
            before = [f"DROP TRIGGER IF EXISTS {NO_DELETE}"] if row else []
            after = [row[0]] if row else []
        return original(self, [*before, *sql_list, *after])

    return execute_sql_flush


@pytest.fixture(scope="session", autouse=True)
def _audit_triggers_lifted_for_flush() -> Iterator[None]:
    from django.db.backends.base.operations import BaseDatabaseOperations

    with pytest.MonkeyPatch.context() as patch:
        original = BaseDatabaseOperations.execute_sql_flush
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", _flush_lifting_audit_triggers(original))
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fresh cache for each test: rate-limit counters never carry from one test to the next.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
    settings.DEBUG = False
    cache.clear()  # cached counts (the home page's review count) never leak from one test to another


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


# A day of the district flow (rules parameter `authority.commune_decides` is 0 until 30/06/2025): the tests of
# the 2024 district's offices at work (the labour office appraising, the district chair signing, the labour
# head keeping rates) run on it, since from 01/07/2025 those offices are a read-only archive (issue 15).
BEFORE_THE_REFORM = date(2025, 6, 16)


@pytest.fixture
def before_the_reform(today_is) -> date:
    """Pin the clock to a day when the district offices still acted (`BEFORE_THE_REFORM`)."""
    today_is(BEFORE_THE_REFORM)
    return BEFORE_THE_REFORM


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
