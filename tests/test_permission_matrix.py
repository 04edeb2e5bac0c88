"""Every view of the foundation, requested by every kind of actor (design.md §3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ansinh.accounts.models import Office
from ansinh.territory.models import AdministrativeUnit, UnitType
from tests.permissions import LOGIN, Endpoint, check_endpoint

pytestmark = pytest.mark.django_db

EVERYONE_LOGGED_IN = {
    "own_commune_officer": 200,
    "own_commune_chair": 200,
    "own_council_officer": 200,
    "other_commune_officer": 200,
    "labour_officer": 200,
    "labour_head": 200,
    "district_chair": 200,
    "finance_officer": 200,
    "social_insurance_officer": 200,
    "post_office_officer": 200,
    "culture_officer": 200,
    "vocational_officer": 200,
    "province_viewer": 200,
    "admin": 200,
}


def only(allowed: dict[str, int | str], default: int | str = 403) -> dict[str, int | str]:
    """Anonymous → login; the actors in `allowed` get their status; everyone else `default`."""
    return {"anonymous": LOGIN, **{name: allowed.get(name, default) for name in EVERYONE_LOGGED_IN}}


@pytest.fixture
def village(lucnam):
    village = AdministrativeUnit(name="Thôn Chùa", unit_type=UnitType.VILLAGE, parent=lucnam.doi_ngo)
    village.valid_from = lucnam.doi_ngo.valid_from
    village.save()
    from ansinh.territory.coverage import coverage_add_leaf

    coverage_add_leaf(village)
    return village


def test_pages_everyone_logged_in_may_open(actors):
    for name in ["web:home", "territory:unit_list", "password_change"]:
        check_endpoint(Endpoint(name, reverse(name)), actors.named(), {"anonymous": LOGIN, **EVERYONE_LOGGED_IN})


def test_a_commune_page_is_seen_only_inside_its_area(actors, lucnam):
    in_district = {"labour_officer", "labour_head", "district_chair", "finance_officer", "social_insurance_officer"}
    in_district |= {"post_office_officer", "culture_officer", "vocational_officer", "province_viewer", "admin"}
    own = {"own_commune_officer", "own_commune_chair", "own_council_officer"}
    url = reverse("territory:unit_detail", args=[lucnam.doi_ngo.pk])

    check_endpoint(Endpoint("own commune", url), actors.named(), only(dict.fromkeys(in_district | own, 200), 404))
    other = reverse("territory:unit_detail", args=[lucnam.cam_ly.pk])
    expected = only(dict.fromkeys(in_district | {"other_commune_officer"}, 200), 404)
    check_endpoint(Endpoint("other commune", other), actors.named(), expected)


def test_adding_a_village_is_for_the_commune_and_the_labour_office(actors, lucnam):
    endpoint = Endpoint(
        "village_create",
        reverse("territory:village_create", args=[lucnam.doi_ngo.pk]),
        method="POST",
        data={"name": "Thôn Mới Lập", "unit_type": "thon", "valid_from": "01/03/2024"},
    )
    seen_but_refused = {"own_commune_chair", "own_council_officer", "district_chair", "finance_officer"}
    seen_but_refused |= {"social_insurance_officer", "post_office_officer", "culture_officer"}
    seen_but_refused |= {"vocational_officer", "province_viewer"}
    expected = only(
        {
            "own_commune_officer": 302,
            "labour_officer": 302,
            "labour_head": 302,
            "admin": 302,
            **dict.fromkeys(seen_but_refused, 403),
        },
        404,
    )
    # The first allowed actor creates the village; the next ones are refused as a duplicate (400),
    # so check refusals first and one allowed actor per fresh name.
    refused = {name: status for name, status in expected.items() if status != 302}
    check_endpoint(endpoint, {name: actors.named()[name] for name in refused}, refused)
    for index, name in enumerate(["own_commune_officer", "labour_officer", "labour_head", "admin"]):
        endpoint.data = {"name": f"Thôn Số {index}", "unit_type": "thon", "valid_from": "01/03/2024"}
        check_endpoint(endpoint, {name: actors.named()[name]}, {name: 302})


def test_changing_a_village(actors, village):
    endpoint = Endpoint(
        "village_edit",
        reverse("territory:village_edit", args=[village.pk]),
        method="POST",
        data={"name": "Thôn Chùa", "note": "ghi chú", "reason": "bổ sung ghi chú"},
    )
    refused_in_area = {"own_commune_chair", "own_council_officer", "district_chair", "finance_officer"}
    refused_in_area |= {"social_insurance_officer", "post_office_officer", "culture_officer"}
    refused_in_area |= {"vocational_officer", "province_viewer"}
    allowed = {"own_commune_officer", "labour_officer", "labour_head", "admin"}
    expected = only({**dict.fromkeys(allowed, 302), **dict.fromkeys(refused_in_area, 403)}, 404)
    check_endpoint(endpoint, actors.named(), expected)


def test_the_audit_log_is_for_heads_chairs_and_administrators(actors):
    allowed = {"own_commune_chair": 200, "labour_head": 200, "district_chair": 200, "admin": 200}
    check_endpoint(Endpoint("audit_log", reverse("web:audit_log")), actors.named(), only(allowed))


def test_administration_pages_are_for_administrators_only(actors):
    office = Office.objects.get(code="ldtbxh-218")
    user = actors.labour_officer
    pages = [
        Endpoint("user_list", reverse("accounts:user_list")),
        Endpoint("user_create", reverse("accounts:user_create")),
        Endpoint("user_edit", reverse("accounts:user_edit", args=[user.pk])),
        Endpoint("office_list", reverse("accounts:office_list")),
        Endpoint("office_create", reverse("accounts:office_create")),
        Endpoint("office_edit", reverse("accounts:office_edit", args=[office.pk])),
        Endpoint("settings", reverse("accounts:settings")),
    ]
    for endpoint in pages:
        check_endpoint(endpoint, actors.named(), only({"admin": 200}))


def test_administration_writes_are_refused_to_everyone_but_administrators(actors):
    user = actors.labour_officer
    office = Office.objects.get(code="ldtbxh-218")
    writes = [
        Endpoint(
            "user_create",
            reverse("accounts:user_create"),
            "POST",
            {"username": "moi", "full_name": "Người Mới", "password": "Mat-khau-123!", "roles": ["officer"]},
        ),
        Endpoint(
            "user_edit", reverse("accounts:user_edit", args=[user.pk]), "POST", {"full_name": "X", "roles": ["head"]}
        ),
        Endpoint(
            "user_set_password",
            reverse("accounts:user_set_password", args=[user.pk]),
            "POST",
            {"password": "Mk7-moi#K24"},
        ),
        Endpoint("user_unlock", reverse("accounts:user_unlock", args=[user.pk]), "POST"),
        Endpoint("office_edit", reverse("accounts:office_edit", args=[office.pk]), "POST", {"name": "X"}),
        Endpoint("settings", reverse("accounts:settings"), "POST", {"name": "X", "decision_flow": "commune"}),
    ]
    for endpoint in writes:
        everyone_else = only({}, 403)
        del everyone_else["admin"]
        check_endpoint(endpoint, {name: actors.named()[name] for name in everyone_else}, everyone_else)


def test_the_area_overview_is_for_the_register_readers(actors):
    """The overview counts people of the register: the offices that read it, each over its own area."""
    readers = {"own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer"}
    readers |= {"labour_officer", "labour_head", "district_chair", "admin"}
    check_endpoint(Endpoint("overview", reverse("web:overview")), actors.named(), only(dict.fromkeys(readers, 200)))
