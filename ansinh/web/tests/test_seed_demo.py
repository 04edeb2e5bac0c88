import io

import pytest
from django.core.management import call_command

from ansinh.accounts.models import Office, User
from ansinh.audit.models import AuditEvent
from ansinh.core.access import Role
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.web.demo import DEMO_PASSWORD, demo_users

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(
            AdministrativeUnit.objects.order_by("pk").values_list("code", "name", "parent_id", "valid_from", "valid_to")
        ),
        list(Office.objects.order_by("pk").values_list("code", "name", "territory_id")),
        list(User.objects.order_by("pk").values_list("username", "full_name", "office_id")),
    )


def test_seed_demo_is_deterministic_and_idempotent():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _state()
    events = AuditEvent.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert _state() == first
    assert AuditEvent.objects.count() == events
    assert "quantri" in out.getvalue() and DEMO_PASSWORD in out.getvalue()


def test_seed_demo_gives_one_user_per_office_and_role_that_can_log_in():
    call_command("seed_demo", stdout=io.StringIO())

    for spec in demo_users():
        user = User.objects.get(username=spec.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.role_set == {str(role) for role in spec.roles}
        assert (user.office.code if user.office else None) == spec.office_code
    kinds = set(User.objects.exclude(office=None).values_list("office__kind", flat=True))
    assert kinds == {
        "commune",
        "disability_council",
        "labour_office",
        "district_committee",
        "finance_office",
        "social_insurance",
        "post_office",
        "culture_centre",
        "vocational_centre",
        "province",
    }
    assert User.objects.get(username="quantri").has_role(Role.ADMIN)


def test_seed_demo_size_adds_synthetic_villages():
    call_command("seed_demo", stdout=io.StringIO())
    villages = AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE).count()

    call_command("seed_demo", "--size", "50", stdout=io.StringIO())

    assert AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE).count() == villages + 50
