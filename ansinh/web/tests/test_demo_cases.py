"""The demo dossiers load through the actions, once."""

from datetime import date

import pytest

from ansinh.cases.models import Decision, Dossier, Posting
from ansinh.web.demo import _demo_user, demo_users
from ansinh.web.demo_cases import seed_cases_demo

pytestmark = pytest.mark.django_db


def test_demo_dossiers_at_each_step_and_idempotent(lucnam, before_the_reform):
    """Seeded while the district flow is in force, the dossiers reach every step of it."""
    for spec in demo_users():
        _demo_user(spec)
    assert seed_cases_demo() == {"dossiers": 7, "postings": 2}
    states = sorted(Dossier.objects.values_list("state", flat=True))
    assert states == ["appraised", "decided", "draft", "posted", "posted", "proposed", "reviewing"]
    assert Posting.objects.count() == 2
    assert Decision.objects.filter(status="signed").count() == 1
    assert Decision.objects.filter(status="draft").count() == 1
    assert seed_cases_demo() == {"dossiers": 0}
    assert Dossier.objects.count() == 7


def test_after_the_reform_the_demo_leaves_the_district_steps_to_the_commune_flow(lucnam, today_is):
    """From the commune flow the labour office and the district chair are an archive (core.access): the demo
    makes none of their steps; the merger of 01/07/2025 passes those dossiers to the commune flow."""
    today_is(date(2025, 9, 15))
    for spec in demo_users():
        _demo_user(spec)
    assert seed_cases_demo() == {"dossiers": 7, "postings": 2}
    states = sorted(Dossier.objects.values_list("state", flat=True))
    assert states == ["draft", "posted", "posted", "proposed", "proposed", "proposed", "reviewing"]
    assert not Decision.objects.exists()
