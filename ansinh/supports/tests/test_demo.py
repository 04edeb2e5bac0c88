import pytest

from ansinh.supports.models import EmergencyRound, Enrolment, Instalment
from ansinh.web.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_centres_students_and_two_rounds():
    """Seeded today, after the commune flow began: the commune confirms two students and rejects one, and the
    commune chair decides the batch (the labour office is a read-only archive; supports.policies)."""
    counts = seed_demo(size=0)
    assert (counts["supports_students"], counts["supports_rounds"]) == (4, 2)
    assert sorted(Enrolment.objects.values_list("status", flat=True)) == ["decided", "decided", "listed", "rejected"]
    assert Instalment.objects.count() >= 2
    assert sorted(EmergencyRound.objects.values_list("status", flat=True)) == ["decided", "open"]
    assert seed_demo(size=0)["supports_students"] == 0  # idempotent
