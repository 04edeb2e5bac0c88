"""Every page and action of the supports app for every kind of actor (tests/permissions.py). The vocational
centre sees only the students it listed; a commune answers only for its own learners; refused requests change
nothing, and each allowed write is shown to write (rolled back)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from ansinh.accounts.models import Office
from ansinh.cases.models import DecisionKind, OneOffSupport
from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult, payment_results_apply, payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollMonth
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, decision
from ansinh.registry.actions import person_create
from ansinh.registry.validation import PersonInput
from ansinh.supports.actions import (
    EnrolmentInput,
    education_decide,
    enrolment_answer,
    enrolments_list,
    round_line_add,
    round_open,
    round_submit,
)
from ansinh.supports.models import Enrolment
from ansinh.supports.policies import education_policy
from ansinh.territory.actions import village_create
from tests.fixtures import make_user
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db
SEPTEMBER = YearMonth(2024, 9)

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
LIST_READERS = {"own_commune_officer", "own_commune_chair", "other_commune_officer", "labour_officer", "labour_head"}
LIST_READERS |= {"district_chair", "finance_officer", "admin"}
READERS_OF_DOI_NGO = LIST_READERS - {"other_commune_officer"}
EDUCATION_READERS = LIST_READERS | {"vocational_officer"}
SEES_DOI_NGO_LEARNERS = READERS_OF_DOI_NGO | {"vocational_officer"}
LABOUR = {"labour_officer", "labour_head"}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


def student(actors, lucnam, name, citizen_id):
    return person_create(
        actor=actors.own_commune_officer,
        data=PersonInput(full_name=name, sex="female", birth_date=date(2005, 3, 2), citizen_id=citizen_id),
        commune=lucnam.doi_ngo,
        source="Hồ sơ gốc",
    )


def enrolment_line(person, year=2024):
    return EnrolmentInput(
        full_name=person.full_name,
        citizen_id=person.citizen_id,
        programme="qd66",
        school_year=year,
        school_name="Trường Cao đẳng Ngô Gia Tự",
        evidence="Giấy xác nhận số 12/GXN",
        higher_education=True,
    )


@pytest.fixture
def world(actors, lucnam, today_is):
    """On 7 October 2024: a cremation support paid in September 2024 in Đồi Ngô; three learners listed by the
    vocational centre: one listed, one confirmed, one decided (its first instalment listed)."""
    today_is(date(2024, 10, 7))
    dead, _ = beneficiary(lucnam.doi_ngo, "Vũ Văn Mất", coefficient="1.5")
    dead.life_status, dead.death_date = "dead", date(2024, 8, 10)
    dead.save()
    support = OneOffSupport.objects.create(
        person=dead,
        kind="cremation",
        amount=10_000_000,
        payee_name="Vũ Văn Con",
        decision=decision(lucnam.doi_ngo, kind=DecisionKind.CREMATION, month=SEPTEMBER),
        payable_month=SEPTEMBER.first_day,
        commune=lucnam.doi_ngo,
        province_code="24",
    )
    payroll_generate(actor=actors.labour_officer, month=SEPTEMBER)
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=SEPTEMBER.first_day)
    payroll = payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED),
    )
    payment_results_apply(
        actor=actors.post_office_officer,
        payroll=payroll,
        results=[
            LineResult(line.pk, paid_on=date(2024, 9, 5), paid_to_name=line.payee_name, paid_to_kind="other")
            for line in payroll.lines.all()
        ],
    )
    learners = [student(actors, lucnam, f"Hoàng Thị {n}", f"02430500000{i}") for i, n in enumerate("ABCD", start=1)]
    listed, confirmed, decided = enrolments_list(
        actor=actors.vocational_officer, rows=[enrolment_line(p) for p in learners[:3]]
    )
    enrolment_answer(actor=actors.own_commune_officer, enrolment=confirmed, confirm=True)
    enrolment_answer(actor=actors.own_commune_officer, enrolment=decided, confirm=True)
    education_decide(actor=actors.labour_head, enrolments=[decided])
    return {
        "support": support,
        "listed": listed,
        "confirmed": confirmed,
        "decided": decided,
        "unlisted": learners[3],
    }


def _check_write(endpoint: Endpoint, actors, expected: dict[str, int | str], allowed: set[str], want: int = 302):
    refused = {name: status for name, status in expected.items() if name not in allowed}
    check_endpoint(endpoint, {name: actors.named()[name] for name in refused}, refused)
    for name in sorted(allowed):
        check_allowed_write(endpoint, name, actors.named()[name], want)


def test_one_off_supports(actors, world):
    check_endpoint(
        Endpoint("one_offs", reverse("supports:one_offs")),
        actors.named(),
        expect(readers=(LIST_READERS, 200), others=(EVERYONE, 403)),
    )
    recover = Endpoint(
        "recover",
        reverse("supports:one_off_recover", args=[world["support"].pk]),
        "POST",
        {"reason": "Biên bản xác minh: không hỏa táng"},
    )
    expected = expect(labour=(LABOUR, 302), readers=(READERS_OF_DOI_NGO, 403), others=(EVERYONE, 404))
    _check_write(recover, actors, expected, LABOUR)


def test_education_pages(actors, world):
    for name in ["supports:education", "supports:instalments"]:
        check_endpoint(
            Endpoint(name, reverse(name)),
            actors.named(),
            expect(readers=(EDUCATION_READERS, 200), others=(EVERYONE, 403)),
        )


def test_listing_students(actors, world):
    unlisted = world["unlisted"]
    data = {
        "full_name": unlisted.full_name,
        "citizen_id": unlisted.citizen_id,
        "programme": "qd66",
        "school_year": 2024,
        "school_name": "Trường Cao đẳng Ngô Gia Tự",
        "higher_education": "on",
        "evidence": "Giấy xác nhận số 15/GXN",
    }
    listers = LABOUR | {"vocational_officer"}
    add = Endpoint("add", reverse("supports:enrolment_add"), "POST", data)
    _check_write(add, actors, expect(listers=(listers, 302), others=(EVERYONE, 403)), listers)
    upload = Endpoint("upload", reverse("supports:enrolment_upload"), "POST", {})
    check_endpoint(upload, actors.named(), expect(listers=(listers, 400), others=(EVERYONE, 403)))


def test_the_commune_answers_its_own_lines(actors, world):
    answer = Endpoint(
        "answer",
        reverse("supports:enrolment_answer", args=[world["listed"].pk]),
        "POST",
        {"confirm": "0", "reason": "Không cư trú tại xã"},
    )
    expected = expect(
        commune=({"own_commune_officer"}, 302), readers=(SEES_DOI_NGO_LEARNERS, 403), others=(EVERYONE, 404)
    )
    _check_write(answer, actors, expected, {"own_commune_officer"})


def test_the_labour_office_decides_and_lists_instalments(actors, world):
    decide = Endpoint("decide", reverse("supports:education_decide"), "POST", {"enrolment": [world["confirmed"].pk]})
    _check_write(decide, actors, expect(head=({"labour_head"}, 302), others=(EVERYONE, 403)), {"labour_head"})
    make = Endpoint("make", reverse("supports:instalments_make"), "POST", {"nam_hoc": 2024, "lan": 2})
    _check_write(make, actors, expect(labour=(LABOUR, 302), others=(EVERYONE, 403)), LABOUR)


def test_leaving_school(actors, world):
    leave = Endpoint(
        "leave",
        reverse("supports:enrolment_leave", args=[world["decided"].pk]),
        "POST",
        {"left_on": "01/10/2024", "reason": "Thôi học"},
    )
    keepers = LABOUR | {"vocational_officer", "own_commune_officer"}
    expected = expect(keepers=(keepers, 302), readers=(SEES_DOI_NGO_LEARNERS, 403), others=(EVERYONE, 404))
    _check_write(leave, actors, expected, keepers)


def test_the_vocational_centre_sees_only_its_students(actors, world, lucnam):
    labour_entered = enrolments_list(actor=actors.labour_officer, rows=[enrolment_line(world["unlisted"])])[0]
    other = Office.objects.create(
        code="gdnn-khac", name="Trung tâm khác", kind="vocational_centre", territory=lucnam.district
    )
    stranger = make_user("gdnn.khac", other.code, Role.OFFICER)
    assert set(education_policy.visible(actors.vocational_officer)) == {
        world["listed"],
        world["confirmed"],
        world["decided"],
    }
    assert labour_entered in set(education_policy.visible(actors.labour_officer))
    assert not education_policy.visible(stranger).exists()
    client = Client()
    client.force_login(stranger)
    page = client.get(reverse("supports:education")).content.decode()
    assert "Hoàng Thị A" not in page
    assert client.get(reverse("supports:instalments"), {"nam_hoc": 2024, "lan": 1}).status_code == 200
    assert (
        client.post(
            reverse("supports:enrolment_leave", args=[world["decided"].pk]), {"left_on": "01/10/2024"}
        ).status_code
        == 404
    )
    client.force_login(actors.vocational_officer)
    page = client.get(reverse("supports:education")).content.decode()
    assert "Hoàng Thị A" in page and "Hoàng Thị D" not in page  # D was listed by the labour office
    assert Enrolment.objects.count() == 4


def test_an_upload_by_the_centre_sends_its_lines_to_the_communes(actors, world):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỌC SINH, SINH VIÊN ĐỀ NGHỊ HỖ TRỢ"])
    sheet.append(
        [
            "Họ và tên",
            "Số định danh cá nhân",
            "Chính sách",
            "Năm học",
            "Cơ sở giáo dục",
            "Trình độ",
            "Minh chứng đang học",
        ]
    )
    sheet.append(
        [
            world["unlisted"].full_name,
            world["unlisted"].citizen_id,
            "QĐ 66/2013",
            "2024-2025",
            "CĐ Ngô Gia Tự",
            "Cao đẳng",
            "GXN 3",
        ]
    )
    buffer = BytesIO()
    book.save(buffer)
    buffer.name = "danh-sach.xlsx"
    buffer.seek(0)
    client = Client()
    client.force_login(actors.vocational_officer)
    response = client.post(reverse("supports:enrolment_upload"), {"file": buffer})
    assert response.status_code == 302
    added = Enrolment.objects.get(person=world["unlisted"])
    assert (added.programme, added.school_year, added.higher_education, added.status) == ("qd66", 2024, True, "listed")
    assert added.listed_by_office.kind == "vocational_centre"


@pytest.fixture
def rounds(actors, lucnam, world):
    village = village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Bến Trăng", valid_from=date(2024, 1, 1)
    )
    storm = round_open(
        actor=actors.own_commune_officer, name="Bão số 3", kind="disaster", occurred_on=date(2024, 9, 8), rice_months=3
    )
    round_line_add(
        actor=actors.own_commune_officer,
        round_=storm,
        village=village,
        kind="rice",
        household_head="Nguyễn Văn A",
        people=3,
    )
    submitted = round_open(
        actor=actors.own_commune_officer, name="Lốc xoáy", kind="disaster", occurred_on=date(2024, 9, 20), rice_months=1
    )
    round_line_add(
        actor=actors.own_commune_officer,
        round_=submitted,
        village=village,
        kind="house_damaged",
        household_head="Trần B",
    )
    submitted = round_submit(actor=actors.own_commune_officer, round_=submitted)
    return {"open": storm, "submitted": submitted, "village": village}


def test_emergency_rounds(actors, rounds):
    storm, submitted, village = rounds["open"], rounds["submitted"], rounds["village"]
    check_endpoint(
        Endpoint("rounds", reverse("supports:rounds")),
        actors.named(),
        expect(readers=(LIST_READERS, 200), others=(EVERYONE, 403)),
    )
    communes = {"own_commune_officer", "other_commune_officer"}
    opening = Endpoint(
        "open",
        reverse("supports:round_open"),
        "POST",
        {"name": "Mưa lũ", "kind": "disaster", "occurred_on": "01/10/2024", "rice_months": 2},
    )
    _check_write(opening, actors, expect(communes=(communes, 302), others=(EVERYONE, 403)), communes)
    for what in ["5a", "5b", "cap-phat", "tong-hop", "tong-hop-xlsx"]:
        check_endpoint(
            Endpoint(what, reverse("supports:round_document", args=[storm.pk, what])),
            actors.named(),
            expect(readers=(READERS_OF_DOI_NGO, 200), others=(EVERYONE, 404)),
        )
    check_endpoint(
        Endpoint("detail", reverse("supports:round_detail", args=[storm.pk])),
        actors.named(),
        expect(readers=(READERS_OF_DOI_NGO, 200), others=(EVERYONE, 404)),
    )
    officer = {"own_commune_officer"}
    add = Endpoint(
        "add",
        reverse("supports:round_line_add", args=[storm.pk]),
        "POST",
        {"village": village.pk, "kind": "rice", "household_head": "Lê Văn C", "people": 2},
    )
    expected = expect(officer=(officer, 302), readers=(READERS_OF_DOI_NGO, 403), others=(EVERYONE, 404))
    _check_write(add, actors, expected, officer)
    submit = Endpoint("submit", reverse("supports:round_submit", args=[storm.pk]), "POST", {})
    _check_write(submit, actors, expected, officer)
    chair = {"own_commune_chair"}
    decide = Endpoint("decide", reverse("supports:round_decide", args=[submitted.pk]), "POST", {})
    expected = expect(chair=(chair, 302), readers=(READERS_OF_DOI_NGO, 403), others=(EVERYONE, 404))
    _check_write(decide, actors, expected, chair)
