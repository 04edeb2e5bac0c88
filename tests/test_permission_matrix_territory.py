"""The territorial-change pages and action for every kind of actor (issue 15): only the
administrator sees the dry run and applies a change; refused requests change nothing. After the
merger of 01/07/2025 the district offices are read-only archives: they make no step on a dossier of
a new commune, which the commune chair decides."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.cases.models import Dossier, DossierKind
from ansinh.cases.workflow import DossierState
from ansinh.payments.tests.conftest import beneficiary
from ansinh.registry.models import Person
from ansinh.territory.changes import territory_change_apply
from tests.fixtures import make_user
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
MERGER = "2025-07-01"


def only_admin(status_for_admin: int, others: int = 403) -> dict[str, int | str]:
    return {"anonymous": LOGIN, **dict.fromkeys(EVERYONE - {"admin"}, others), "admin": status_for_admin}


@pytest.fixture
def register(lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    beneficiary(lucnam.cam_ly, "Lê Văn Cường", coefficient="2.0")


def test_pages_only_for_the_administrator(actors, register):
    check_endpoint(Endpoint("changes", reverse("territory:change_list")), actors.named(), only_admin(200))
    check_endpoint(
        Endpoint("dry run", reverse("territory:change_detail", args=[MERGER])), actors.named(), only_admin(200)
    )
    unknown = Endpoint("no change that day", reverse("territory:change_detail", args=["2025-07-02"]))
    check_endpoint(unknown, actors.named(), only_admin(404))


def test_apply_only_by_the_administrator_and_refusals_change_nothing(actors, register, lucnam):
    apply = Endpoint("apply", reverse("territory:change_detail", args=[MERGER]), "POST", {"confirm": "on"})
    check_endpoint(apply, {k: v for k, v in actors.named().items() if k != "admin"}, only_admin_without_admin())
    writes = check_allowed_write(apply, "admin", actors.admin)
    assert any("registry_residence" in write for write in writes)
    assert Person.objects.filter(commune=lucnam.doi_ngo).count() == 1  # rolled back by the check


def only_admin_without_admin() -> dict[str, int | str]:
    return {"anonymous": LOGIN, **dict.fromkeys(EVERYONE - {"admin"}, 403)}


def test_without_confirmation_nothing_is_applied(actors, register, lucnam):
    unconfirmed = Endpoint("apply unconfirmed", reverse("territory:change_detail", args=[MERGER]), "POST", {})
    check_endpoint(unconfirmed, actors.named(), only_admin(400))
    assert Person.objects.filter(commune=lucnam.doi_ngo).count() == 1


def test_district_offices_are_archives_after_the_merger(actors, register, lucnam, today_is):
    """The same appraised dossier: the district chair decides it while TT Đồi Ngô exists; once moved
    to Xã Lục Nam on the commune flow, the commune chair decides and every district office is refused."""
    today_is(date(2025, 6, 20))
    an = Person.objects.get(full_name="Nguyễn Văn An")
    dossier = Dossier.objects.create(
        kind=DossierKind.GRANT,
        flow="grant_district",
        person=an,
        category_code="5.5a",
        state=DossierState.APPRAISED,
        commune=lucnam.doi_ngo,
        created_by=actors.own_commune_officer,
    )
    back = Endpoint(
        "return", reverse("cases:dossier_transition", args=[dossier.pk]), "POST", {"buoc": "return", "ly_do": "Bổ sung"}
    )
    district = {name: actors.named()[name] for name in ("district_chair", "labour_officer", "labour_head")}
    check_endpoint(
        Endpoint("appraise", reverse("cases:dossier_detail", args=[dossier.pk])),
        district,
        dict.fromkeys(district, 200),
    )
    today_is(date(2025, 7, 3))
    territory_change_apply(actor=actors.admin, day=date(2025, 7, 1))
    dossier.refresh_from_db()
    assert (dossier.flow, dossier.state) == ("grant_commune", "appraised")
    check_endpoint(back, district, dict.fromkeys(district, 403))
    chair = make_user("xa.lucnam.ct", "ubnd-07444-2025", "chair")
    check_allowed_write(back, "new commune chair", chair)
