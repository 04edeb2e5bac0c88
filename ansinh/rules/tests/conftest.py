from __future__ import annotations

from typing import Any

import pytest

from ansinh.rules.assessing import assess_input
from ansinh.rules.rulebook import RuleBookLoader
from tests.fixtures import ensure_reference_data


@pytest.fixture(scope="session")
def seeded_loader(django_db_setup, django_db_blocker) -> RuleBookLoader:
    """A loader over the seeded (migrated) rules, with every month the tests use already built,
    so that tests of the pure calculator need no database access of their own."""
    from ansinh.core.months import YearMonth

    loader = RuleBookLoader()
    with django_db_blocker.unblock():
        ensure_reference_data()
        month = YearMonth(2021, 7)
        while month <= YearMonth(2027, 12):
            for province in ("24", "01"):
                loader.rulebook(month, province)
            month = month.add(1)
    return loader


@pytest.fixture
def run(seeded_loader):
    def assess_one(**fields: Any) -> dict[str, Any]:
        data = {"id": "t", "month": "2024-08", **fields}
        output, _ = assess_input(data, seeded_loader)
        return output

    return assess_one
