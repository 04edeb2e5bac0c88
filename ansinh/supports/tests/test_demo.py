import pytest

from ansinh.supports.models import EmergencyRound, Enrolment, Instalment
from ansinh.web.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_centres_students_and_two_rounds():
    """Seeded today, after the commune flow began: the commune confirms two students and rejects one, but the
    labour office head, whose office is now a read-only archive (core.access), decides no batch; who decides
    education supports after 01/07/2025 is not settled in the shared docs (see the report of issue 15)."""
    counts = seed_demo(size=0)
    assert (counts["supports_students"], counts["supports_rounds"]) == (4, 2)
    assert sorted(Enrolment.objects.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "listed",
        "rejected",
    ]
    assert Instalment.objects.count() == 0
    assert sorted(EmergencyRound.objects.values_list("status", flat=True)) == ["decided", "open"]
    assert seed_demo(size=0)["supports_students"] == 0  # idempotent
