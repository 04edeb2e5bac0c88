"""The register's views for every kind of actor: the post office and others never see it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from ansinh.registry.actions import fact_add, household_member_add, person_create
from ansinh.registry.models import FactKind
from ansinh.registry.validation import PersonInput
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint, check_text_shown

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

OUTSIDERS = {
    "finance_officer",
    "social_insurance_officer",
    "post_office_officer",
    "culture_officer",
    "vocational_officer",
    "province_viewer",
}
READERS_OF_DOI_NGO = {"own_commune_officer", "own_commune_chair", "own_council_officer", "labour_officer"}
READERS_OF_DOI_NGO |= {"labour_head", "district_chair", "admin"}
KEEPERS_OF_DOI_NGO = {"own_commune_officer", "labour_officer", "labour_head", "admin"}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    names = READERS_OF_DOI_NGO | OUTSIDERS | {"other_commune_officer"}
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == names | {"anonymous"}, sorted(names | {"anonymous"} - set(result))
    return result


@pytest.fixture
def person(actors, lucnam):
    return person_create(
        actor=actors.admin,
        data=PersonInput(full_name="Hoàng Văn Sáu", sex="male", birth_date=date(1944, 4, 4)),
        commune=lucnam.doi_ngo,
    )


def test_register_lists(actors):
    readers = READERS_OF_DOI_NGO | {"other_commune_officer"}
    for name in ["registry:person_list", "registry:duplicate_list"]:
        check_endpoint(
            Endpoint(name, reverse(name)), actors.named(), expect(readers=(readers, 200), outsiders=(OUTSIDERS, 403))
        )


def test_register_export(actors):
    readers = (READERS_OF_DOI_NGO | {"other_commune_officer"}) - {"own_council_officer"}
    expected = expect(readers=(readers, 200), council=({"own_council_officer"}, 200), outsiders=(OUTSIDERS, 403))
    check_endpoint(Endpoint("export", reverse("registry:person_list"), data={"xuat": "xlsx"}), actors.named(), expected)


def test_person_pages(actors, person):
    detail = Endpoint("detail", reverse("registry:person_detail", args=[person.pk]))
    check_endpoint(
        detail,
        actors.named(),
        expect(readers=(READERS_OF_DOI_NGO, 200), others=(OUTSIDERS | {"other_commune_officer"}, 404)),
    )
    edit = Endpoint("edit", reverse("registry:person_edit", args=[person.pk]))
    check_endpoint(
        edit,
        actors.named(),
        expect(
            keepers=(KEEPERS_OF_DOI_NGO, 200),
            readers=(READERS_OF_DOI_NGO, 403),
            others=(OUTSIDERS | {"other_commune_officer"}, 404),
        ),
    )


def _refusals(endpoint_is_create: bool) -> dict[str, int | str]:
    not_keepers = READERS_OF_DOI_NGO - KEEPERS_OF_DOI_NGO
    strangers = OUTSIDERS if endpoint_is_create else OUTSIDERS | {"other_commune_officer"}
    return {
        "anonymous": LOGIN,
        **dict.fromkeys(not_keepers, 403),
        **dict.fromkeys(strangers, 403 if endpoint_is_create else 404),
    }


def test_person_writes_are_refused_outside_the_keepers(actors, person, lucnam):
    guardian = person_create(
        actor=actors.admin,
        data=PersonInput(full_name="Hoàng Văn Con", sex="male", birth_date=date(1970, 1, 1), citizen_id="024070001234"),
        commune=lucnam.doi_ngo,
    )
    household_member_add(  # the poverty form needs a household: the guardian heads one
        actor=actors.admin, person=guardian, head=None, relationship="head", joined_on=date(2020, 1, 1), source="Sổ"
    )
    duplicate = person_create(
        actor=actors.admin,
        data=PersonInput(full_name="Hoàng Văn Sáu", sex="male", birth_date=date(1944, 4, 4)),
        commune=lucnam.doi_ngo,
    )
    writes = [
        Endpoint(
            "create",
            reverse("registry:person_create"),
            "POST",
            {
                "full_name": "Hoàng Thị Tám",
                "birth": "1950",
                "sex": "female",
                "ethnicity": "01",
                "commune": lucnam.doi_ngo.pk,
            },
        ),
        Endpoint(
            "edit",
            reverse("registry:person_edit", args=[person.pk]),
            "POST",
            {"full_name": "Hoàng Văn Bảy", "birth": "04/04/1944", "sex": "male", "ethnicity": "01", "reason": "sửa"},
        ),
        Endpoint(
            "fact",
            reverse("registry:person_fact_add", args=[person.pk]),
            "POST",
            {"kind": "income", "effective_from": "01/01/2024", "flag": "on", "source": "Sổ hưu"},
        ),
        Endpoint(
            "move",
            reverse("registry:person_move", args=[person.pk]),
            "POST",
            {"moved_on": "01/03/2024", "commune": lucnam.cam_ly.pk, "source": "Đơn"},
        ),
        Endpoint(
            "household",
            reverse("registry:person_household", args=[person.pk]),
            "POST",
            {"relationship": "head", "joined_on": "01/01/2020", "source": "Sổ hộ khẩu"},
        ),
        Endpoint(
            "poverty",
            reverse("registry:person_poverty", args=[guardian.pk]),
            "POST",
            {"year": 2024, "status": "poor", "source": "QĐ"},
        ),
        Endpoint(
            "guardian",
            reverse("registry:person_guardian", args=[person.pk]),
            "POST",
            {"guardian": guardian.citizen_id, "relation": "con"},
        ),
        Endpoint(
            "merge",
            reverse("registry:person_merge", args=[person.pk]),
            "POST",
            {"duplicate": duplicate.pk, "reason": "trùng"},
        ),
        Endpoint(
            "death",
            reverse("registry:person_death", args=[person.pk]),
            "POST",
            {"status": "dead", "died_on": "01/03/2024", "source": "Trưởng thôn"},
        ),
    ]
    for endpoint in writes:
        expected = _refusals(endpoint.name == "create")
        check_endpoint(endpoint, {name: actors.named()[name] for name in expected}, expected)
        # the data is valid: a keeper's same POST writes (rolled back; the district office, which
        # may also move the person to another of its communes)
        check_allowed_write(endpoint, "labour_officer", actors.labour_officer)
    # and a keeper's write goes through
    death = writes[-1]
    check_endpoint(death, {"own_commune_officer": actors.own_commune_officer}, {"own_commune_officer": 302})


# Who may read restricted facts (HIV status): the commune's and the labour office's officers and head.
RESTRICTED_READERS = {"own_commune_officer", "labour_officer", "labour_head"}
HIV_SOURCE = re.compile(re.escape("12/TTYT"))
# The word, not three letters inside a random token (a CSRF token once held "…9hivoj…").
HIV_WORD = re.compile(r"(?<![a-z0-9])hiv(?![a-z0-9])", re.IGNORECASE)


@pytest.fixture
def hiv_fact(actors, person):
    return fact_add(
        actor=actors.own_commune_officer,
        person=person,
        kind=FactKind.HIV,
        value={"positive": True},
        effective_from=date(2024, 1, 1),
        source="Giấy xác nhận HIV số 12/TTYT",
    )


@pytest.mark.parametrize("text", [HIV_SOURCE, HIV_WORD], ids=["source", "word"])
def test_hiv_facts_reach_the_log_and_the_history_only_of_those_with_the_right(actors, person, hiv_fact, text):
    pages = [
        Endpoint("audit_log", reverse("web:audit_log")),
        Endpoint("audit_log_filtered", reverse("web:audit_log"), data={"thao_tac": "registry.fact_add"}),
        Endpoint("person_detail", reverse("registry:person_detail", args=[person.pk])),
    ]
    for endpoint in pages:
        check_text_shown(endpoint, actors.named(), text, RESTRICTED_READERS)


def test_the_home_page_tells_readers_without_the_right_only_that_restricted_information_changed(
    actors, person, hiv_fact
):
    added = re.compile(r"Thêm thông tin theo thời gian · Hoàng Văn Sáu")
    check_text_shown(Endpoint("home", reverse("web:home")), actors.named(), added, {"labour_head"})
    restricted = re.compile(r"Thông tin hạn chế")
    readers_without_the_right = {"own_commune_chair", "district_chair", "admin"}
    check_text_shown(Endpoint("home", reverse("web:home")), actors.named(), restricted, readers_without_the_right)


def test_extremely_difficult_areas_are_read_with_the_register_and_recorded_by_the_labour_office(actors, lucnam):
    readers = READERS_OF_DOI_NGO | {"other_commune_officer"}
    areas = reverse("registry:difficult_areas")
    check_endpoint(
        Endpoint("difficult_areas", areas), actors.named(), expect(readers=(readers, 200), others=(OUTSIDERS, 403))
    )
    data = {"unit": lucnam.doi_ngo.pk, "valid_from": "04/06/2021", "source": "QĐ 861/QĐ-TTg ngày 04/6/2021"}
    record = Endpoint("difficult_area_add", areas, "POST", data)
    recorders = {"labour_officer", "labour_head", "admin"}
    refused = expect(recorders=(recorders, 302), others=(readers | OUTSIDERS, 403))
    refused = {name: status for name, status in refused.items() if status != 302}
    check_endpoint(record, {name: actors.named()[name] for name in refused}, refused)
    check_allowed_write(record, "labour_officer", actors.labour_officer)
