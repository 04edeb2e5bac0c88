"""Every view of the foundation, requested by every kind of actor (design.md §3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.accounts.models import Office
from ansinh.territory.models import AdministrativeUnit, UnitType
from ansinh.workdays.models import CalendarDay
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint, writes_recorded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

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


def test_administration_writes_are_refused_to_everyone_but_administrators(actors, lucnam):
    user = actors.labour_officer
    office = Office.objects.get(code="ldtbxh-218")
    writes = [
        Endpoint(
            "user_create",
            reverse("accounts:user_create"),
            "POST",
            {
                "username": "moi",
                "full_name": "Người Mới",
                "password": "Ng7-moi#Q31",
                "roles": ["officer"],
                "office": office.pk,
                "is_active": "on",
            },
        ),
        Endpoint(
            "user_edit",
            reverse("accounts:user_edit", args=[user.pk]),
            "POST",
            {"full_name": "Người Sửa", "roles": ["head"], "office": office.pk, "is_active": "on", "reason": "đổi"},
        ),
        Endpoint(
            "user_set_password",
            reverse("accounts:user_set_password", args=[user.pk]),
            "POST",
            {"password": "Mk7-moi#K24", "reason": "quên mật khẩu"},
        ),
        Endpoint("user_unlock", reverse("accounts:user_unlock", args=[user.pk]), "POST"),
        Endpoint(
            "office_edit",
            reverse("accounts:office_edit", args=[office.pk]),
            "POST",
            {
                "code": office.code,
                "name": "Phòng LĐTBXH huyện Lục Nam (sửa)",
                "kind": office.kind,
                "territory": lucnam.district.pk,
                "is_active": "on",
                "reason": "đổi tên",
            },
        ),
        Endpoint(
            "settings",
            reverse("accounts:settings"),
            "POST",
            {"name": "Lục Nam", "home_unit": lucnam.district.pk, "reason": "thử"},
        ),
    ]
    for endpoint in writes:
        everyone_else = only({}, 403)
        del everyone_else["admin"]
        check_endpoint(endpoint, {name: actors.named()[name] for name in everyone_else}, everyone_else)
        check_allowed_write(endpoint, "admin", actors.admin)


def test_the_area_overview_is_for_the_register_readers_and_the_province(actors):
    """The overview counts people of the register: the offices that read it, each over its own area, and
    the provincial department, read only (issue 19 item 4; tests/test_permission_matrix_province.py)."""
    readers = {"own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer"}
    readers |= {"labour_officer", "labour_head", "district_chair", "province_viewer", "admin"}
    check_endpoint(Endpoint("overview", reverse("web:overview")), actors.named(), only(dict.fromkeys(readers, 200)))


def refused_of(expected: dict[str, int | str], allowed: int | str) -> dict[str, int | str]:
    return {name: status for name, status in expected.items() if status != allowed}


def test_creating_an_office_is_for_administrators(actors, lucnam):
    data = {
        "code": "ubnd-moi",
        "name": "UBND xã Mới",
        "kind": "commune",
        "territory": lucnam.doi_ngo.pk,
        "reason": "lập mới",
    }
    create = Endpoint("office_create", reverse("accounts:office_create"), "POST", data)
    refused = refused_of(only({"admin": 302}), 302)
    check_endpoint(create, {name: actors.named()[name] for name in refused}, refused)
    check_allowed_write(create, "admin", actors.admin)


def test_the_password_changed_page_is_for_everyone_logged_in(actors):
    done = Endpoint("password_change_done", reverse("password_change_done"))
    check_endpoint(done, actors.named(), {"anonymous": LOGIN, **EVERYONE_LOGGED_IN})


def test_choosing_the_language_is_open_to_every_visitor_and_writes_nothing(actors):
    """Django's set_language: a cookie for the visitor, no application data (anonymous included)."""
    choose = Endpoint("set_language", reverse("set_language"), "POST", {"language": "vi", "next": "/"})
    expected = {"anonymous": 302, **dict.fromkeys(EVERYONE_LOGGED_IN, 302)}
    check_endpoint(choose, actors.named(), expected)
    for name, user in actors.named().items():
        assert not _writes_of(choose, user), name


def _writes_of(endpoint: Endpoint, user) -> list[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    with writes_recorded() as writes:
        client.post(endpoint.url, endpoint.data)  # type: ignore[arg-type]
    return writes


def test_the_working_day_calendar_is_read_by_everyone_and_kept_by_the_labour_head(actors):
    check_endpoint(Endpoint("calendar", reverse("workdays:calendar")), actors.named(), only(EVERYONE_LOGGED_IN))
    day = CalendarDay.objects.create(day=date(2026, 11, 24), kind="day_off", name="Ngày Văn hóa Việt Nam")
    delete = Endpoint(
        "calendar_day_delete",
        reverse("workdays:calendar_day_delete", args=[day.pk]),
        "POST",
        {"reason": "Nhập nhầm ngày"},
    )
    expected = only({"labour_head": 302, "admin": 302})
    refused = refused_of(expected, 302)
    check_endpoint(delete, {name: actors.named()[name] for name in refused}, refused)
    check_allowed_write(delete, "labour_head", actors.labour_head)
    check_endpoint(Endpoint("calendar_day_delete GET", delete.url), {"admin": actors.admin}, {"admin": 405})
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_adding_a_legal_document_is_for_the_labour_head_and_administrators(actors):
    data = {
        "number": "99/2026/NĐ-CP",
        "short_name": "NĐ 99/2026",
        "document_type": "decree",
        "issuer": "Chính phủ",
        "signed_on": "15/03/2026",
        "effective_from": "01/07/2026",
        "title": "Nghị định thử nghiệm",
        "status": "in_force",
        "confidence": "confirmed",
        "reason": "văn bản mới",
    }
    create = Endpoint("document_create", reverse("rules:document_create"), "POST", data)
    refused = refused_of(only({"labour_head": 302, "admin": 302}), 302)
    check_endpoint(create, {name: actors.named()[name] for name in refused}, refused)
    check_allowed_write(create, "labour_head", actors.labour_head)
