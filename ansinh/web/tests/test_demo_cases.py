"""The demo dossiers load through the actions, once."""

import pytest

from ansinh.cases.models import Decision, Dossier, Posting
from ansinh.web.demo import _demo_user, demo_users
from ansinh.web.demo_cases import seed_cases_demo

pytestmark = pytest.mark.django_db


def test_demo_dossiers_at_each_step_and_idempotent(lucnam):
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
