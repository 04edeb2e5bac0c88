"""Reference data filled by data migrations comes back after a transactional test empties the tables
(`tests.fixtures.ensure_reference_data`): every seeding migration is listed there, so a test that runs
after a browser test sees the same parameters, calendar and checklist as one that runs first."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython

from ansinh.inspections.models import ChecklistItem
from ansinh.rules.models import Parameter
from ansinh.workdays.models import CalendarDay
from tests.fixtures import SEEDED_BY_MIGRATIONS, ensure_reference_data

pytestmark = pytest.mark.django_db

SEED_FUNCTIONS = {"seed", "load"}


def seeding_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    found = set()
    for migration in loader.disk_migrations.values():
        for operation in migration.operations:
            if isinstance(operation, RunPython) and operation.code.__name__ in SEED_FUNCTIONS:
                found.add((operation.code.__module__, operation.code.__name__))
    return found


def test_every_seeding_migration_is_replayed_after_a_flush():
    listed = {seed for seeds in SEEDED_BY_MIGRATIONS.values() for seed in seeds}

    assert seeding_migrations() - listed == set()


def test_a_flushed_database_gets_the_migrated_reference_data_back():
    migrated = sorted(Parameter.objects.values_list("key", "valid_from", "value"))
    days, items = CalendarDay.objects.count(), ChecklistItem.objects.count()
    if connection.vendor == "postgresql":
        # after a browser test the autouse fixture re-seeded the reference data in this test's transaction:
        # its deferred foreign-key checks are still pending, and PostgreSQL refuses to TRUNCATE under them
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)  # what the harness does after a browser test
    assert not Parameter.objects.exists()

    ensure_reference_data()

    assert sorted(Parameter.objects.values_list("key", "valid_from", "value")) == migrated
    assert (CalendarDay.objects.count(), ChecklistItem.objects.count()) == (days, items)
