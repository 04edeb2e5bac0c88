"""The social-pension transfer page (issue 15 item 3) for every kind of actor: read by whoever reads the
new commune's decisions, signed only by the new commune's chair; refused requests change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.cases.models import Entitlement
from ansinh.core.access import Role
from ansinh.payments.tests.conftest import entitle, person
from tests.fixtures import make_user
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

READERS = {"labour_officer", "labour_head", "district_chair", "province_viewer", "admin"}
READERS |= {"new_commune_officer", "new_commune_chair"}
NOT_COVERING = {"own_commune_officer", "own_commune_chair", "other_commune_officer"}  # old TT Đồi Ngô, Cẩm Lý
NOT_READERS = {"own_council_officer", "finance_officer", "social_insurance_officer", "post_office_officer"}
NOT_READERS |= {"culture_officer", "vocational_officer"}


@pytest.fixture
def world(actors, lucnam, today_is):
    today_is(date(2025, 7, 10))
    elder = person(lucnam.doi_ngo, "Nguyễn Văn An", birth_date=date(1938, 3, 1), birth_year=1938)
    entitle(elder, category="5.5c", coefficient="1.0")
    named = actors.named()
    named["new_commune_officer"] = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    named["new_commune_chair"] = make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR)
    return named, lucnam["07444@2025"]


def test_the_transfer_page(world):
    named, commune = world
    url = reverse("cases:pension_transfer", args=[commune.pk])
    expected: dict[str, int | str] = {"anonymous": LOGIN}
    expected |= dict.fromkeys(READERS, 200) | dict.fromkeys(NOT_COVERING, 404) | dict.fromkeys(NOT_READERS, 403)
    check_endpoint(Endpoint("cases:pension_transfer", url), named, expected)


def test_only_the_new_commune_chair_signs_the_transfer(world):
    named, commune = world
    sign = Endpoint("cases:pension_transfer", reverse("cases:pension_transfer", args=[commune.pk]), "POST")
    expected: dict[str, int | str] = {"anonymous": LOGIN}
    expected |= dict.fromkeys(READERS - {"new_commune_chair"}, 403)
    expected |= dict.fromkeys(NOT_COVERING, 404) | dict.fromkeys(NOT_READERS, 403)
    others = {name: user for name, user in named.items() if name != "new_commune_chair"}
    check_endpoint(sign, others, expected)
    assert not Entitlement.objects.filter(category_code__startswith="HTXH.").exists()
    writes = check_allowed_write(sign, "new_commune_chair", named["new_commune_chair"])
    assert any("cases_entitlement" in write for write in writes)
