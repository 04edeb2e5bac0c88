import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansinh.accounts.models import Office, User
from ansinh.audit.models import AuditEvent
from ansinh.cases.models import Entitlement
from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.disability.models import Council
from ansinh.payments.models import PayrollLine, PayrollMonth
from ansinh.registry.models import Person, PersonFact
from ansinh.registry.selectors import duplicate_groups
from ansinh.territory.models import AdministrativeUnit
from ansinh.web.demo import DEMO_PASSWORD, demo_users
from ansinh.web.demo_people import REFERENCE_DAY

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(
            AdministrativeUnit.objects.order_by("pk").values_list("code", "name", "parent_id", "valid_from", "valid_to")
        ),
        list(Office.objects.order_by("pk").values_list("code", "name", "territory_id")),
        list(User.objects.order_by("pk").values_list("username", "full_name", "office_id")),
        list(Person.objects.order_by("pk").values_list("full_name", "birth_year", "citizen_id", "commune_id")),
    )


def test_seed_demo_is_deterministic_and_idempotent():
    out = io.StringIO()
    call_command("seed_demo", "--size", "300", stdout=out)
    first = _state()
    events = AuditEvent.objects.count()

    call_command("seed_demo", "--size", "300", stdout=io.StringIO())

    assert _state() == first
    assert AuditEvent.objects.count() == events
    assert "quantri" in out.getvalue() and DEMO_PASSWORD in out.getvalue()


def test_seed_demo_gives_one_user_per_office_and_role_that_can_log_in():
    call_command("seed_demo", "--size", "0", stdout=io.StringIO())

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


def test_seed_demo_builds_a_realistic_register():
    call_command("seed_demo", "--size", "1000", stdout=io.StringIO())

    people = Person.objects.exclude(entitlements__granted_by__recorded_from_paper=False)
    people = people.filter(entitlements__isnull=False).distinct()
    assert 1000 < people.count() <= 1010  # plus a few deliberate duplicates
    paper = Entitlement.objects.filter(granted_by__recorded_from_paper=True)
    # one paper entitlement each, continued under the commune of 01/07/2025 by the same decision
    assert paper.filter(carried_from__isnull=True).count() == people.count()
    assert not paper.filter(end_month__isnull=True, commune__valid_to__isnull=False).exclude(
        category_code__in=["5.5b", "5.5c"]
    )
    # the story through time (issue 15): today's lists are those of the 8 communes of 01/07/2025, and
    # 5.5b/5.5c (ended on 30/06/2025) have no line after 06/2025
    this_month = YearMonth.of(timezone.localdate()).first_day
    lists = PayrollMonth.objects.filter(month=this_month)
    assert 0 < lists.count() <= 8 and not lists.filter(commune__valid_to__isnull=False).exists()
    assert not PayrollLine.objects.filter(category_code__in=["5.5b", "5.5c"], month__gt=date(2025, 6, 1)).exists()
    assert PayrollLine.objects.filter(category_code__in=["5.5b", "5.5c"], month=date(2025, 6, 1)).exists()
    assert not Person.objects.filter(commune__valid_to__isnull=False).exists()  # everyone on today's map
    assert Council.objects.filter(commune__code="07444", commune__valid_to__isnull=True, term_end__isnull=True)
    assert not Entitlement.objects.filter(coefficient__isnull=True).exists()  # the payment lists need them
    assert set(Entitlement.objects.values_list("category_code", flat=True)) >= {"5.6", "5.5a", "5.5c", "5.1"}
    assert people.filter(commune__code="07444").exists() and people.filter(commune__code="07519").exists()
    assert any(ch in "ăâđêôơưáàảãạ" for ch in "".join(people.values_list("full_name", flat=True)[:50]).lower())
    assert people.filter(citizen_id__isnull=True).exists()
    disabled = Entitlement.objects.filter(
        category_code="5.6", granted_by__recorded_from_paper=True, carried_from__isnull=True
    ).values_list("person_id", flat=True)
    assert PersonFact.objects.filter(person_id__in=disabled, kind="disability").count() == len(disabled)
    for entitlement in Entitlement.objects.select_related("person")[:200]:
        age = entitlement.person.age_on(REFERENCE_DAY)
        if entitlement.category_code in ("5.5a", "5.5c", "5.5d"):
            assert age >= 60
        if entitlement.category_code == "5.1":
            assert age < 16


def test_the_demo_register_has_duplicates_to_find():
    call_command("seed_demo", "--size", "1000", stdout=io.StringIO())
    officer = User.objects.get(username="ldtbxh.canbo")

    assert duplicate_groups(actor=officer)
