"""Education supports (QĐ 66/2013, TTLT 42/2013, QĐ 53/2015): amounts per programme and date from dated
parameters, instalment months, the list → commune → batch decision → instalments path, leaving school."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.accounts.models import Office
from ansinh.core.access import Role
from ansinh.registry.actions import person_create
from ansinh.registry.validation import PersonInput
from ansinh.supports import education
from ansinh.supports.actions import (
    EnrolmentInput,
    education_decide,
    enrolment_answer,
    enrolment_leave,
    enrolments_list,
    instalments_list,
)
from ansinh.supports.education import Programme, instalment_amount, instalment_starts, split_months
from ansinh.supports.models import Enrolment, Instalment
from ansinh.supports.policies import education_policy
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("programme", "higher", "year", "number", "months", "monthly", "equipment", "total"),
    [
        # QĐ 66/2013: 60 % of the base salary, 10 months = 5 + 5
        (Programme.ETHNIC_STUDENT, True, 2019, 1, 5, 894_000, 0, 4_470_000),  # 1.490.000 from 07/2019
        (Programme.ETHNIC_STUDENT, True, 2023, 1, 5, 1_080_000, 0, 5_400_000),  # 1.800.000 from 07/2023
        (Programme.ETHNIC_STUDENT, True, 2023, 2, 5, 1_080_000, 0, 5_400_000),  # March 2024: still 1.800.000
        (Programme.ETHNIC_STUDENT, True, 2024, 1, 5, 1_404_000, 0, 7_020_000),  # 2.340.000 from 07/2024
        (Programme.ETHNIC_STUDENT, True, 2024, 2, 5, 1_404_000, 0, 7_020_000),
        # TTLT 42/2013: 80 %, 10 months at university or college (5 + 5), 9 elsewhere (5 + 4), 1.000.000 a year
        (Programme.DISABLED_LEARNER, True, 2024, 1, 5, 1_872_000, 1_000_000, 10_360_000),
        (Programme.DISABLED_LEARNER, True, 2024, 2, 5, 1_872_000, 0, 9_360_000),
        (Programme.DISABLED_LEARNER, False, 2024, 1, 5, 1_872_000, 1_000_000, 10_360_000),
        (Programme.DISABLED_LEARNER, False, 2024, 2, 4, 1_872_000, 0, 7_488_000),
        (Programme.DISABLED_LEARNER, False, 2023, 1, 5, 1_440_000, 1_000_000, 8_200_000),
        # QĐ 53/2015 (unconfirmed): 100 % for 10 months
        (Programme.BOARDING, False, 2024, 1, 5, 2_340_000, 0, 11_700_000),
    ],
)
def test_instalment_amounts_per_programme_and_date(programme, higher, year, number, months, monthly, equipment, total):
    amount = instalment_amount(programme, year, number, higher_education=higher)
    assert (amount.months, amount.monthly, amount.equipment, amount.total) == (months, monthly, equipment, total)
    assert amount.explanation.endswith(("đ.", "chưa xác nhận."))


def test_unconfirmed_parameters_are_said():
    assert instalment_amount(Programme.BOARDING, 2024, 1, higher_education=False).unconfirmed
    assert "chưa xác nhận" in instalment_amount(Programme.BOARDING, 2024, 1, higher_education=False).explanation
    assert not instalment_amount(Programme.ETHNIC_STUDENT, 2024, 1, higher_education=True).unconfirmed


@pytest.mark.parametrize(
    ("year", "number", "starts", "said"),
    [
        (2024, 1, date(2024, 10, 1), "tháng 10 hoặc 11/2024"),
        (2024, 2, date(2025, 3, 1), "tháng 03 hoặc 04/2025"),
        (2025, 1, date(2025, 10, 1), "tháng 10 hoặc 11/2025"),
    ],
)
def test_instalment_months(year, number, starts, said):
    assert instalment_starts(year, number) == starts
    assert education.payment_months(year, number) == said


@pytest.mark.parametrize(("total", "split"), [(10, (5, 5)), (9, (5, 4)), (0, (0, 0))])
def test_months_split_into_two_instalments(total, split):
    assert split_months(total) == split


@pytest.mark.parametrize(
    ("left_on", "first", "second"),
    [
        (None, True, True),
        (date(2024, 9, 20), False, False),  # left before October: nothing
        (date(2024, 12, 1), True, False),  # left after the first: stops from the second
        (date(2025, 3, 1), True, True),  # still enrolled on 1 March
    ],
)
def test_leaving_stops_from_the_next_instalment(left_on, first, second):
    assert education.paid_for(left_on, 2024, 1) is first
    assert education.paid_for(left_on, 2024, 2) is second


def student(actors, commune, name, citizen_id):
    return person_create(
        actor=actors.own_commune_officer if commune.code == "07444" else actors.labour_officer,
        data=PersonInput(full_name=name, sex="female", birth_date=date(2005, 3, 2), citizen_id=citizen_id),
        commune=commune,
        source="Hồ sơ gốc",
    )


def line(name, citizen_id, programme=Programme.ETHNIC_STUDENT, year=2024):
    return EnrolmentInput(
        full_name=name,
        citizen_id=citizen_id,
        programme=programme,
        school_year=year,
        school_name="Trường Cao đẳng Ngô Gia Tự",
        evidence="Giấy xác nhận số 12/GXN ngày 15/09/2024",
        higher_education=True,
    )


def test_the_centre_lists_the_commune_answers_the_labour_office_decides_and_instalments_follow(
    actors, lucnam, today_is
):
    today_is(date(2024, 10, 7))
    an = student(actors, lucnam.doi_ngo, "Hoàng Thị An", "024305000001")
    binh = student(actors, lucnam.doi_ngo, "Lý Văn Bình", "024305000002")
    chi = student(actors, lucnam.doi_ngo, "Sầm Thị Chi", "024305000003")
    listed = enrolments_list(
        actor=actors.vocational_officer,
        rows=[
            line(an.full_name, an.citizen_id),
            line(binh.full_name, binh.citizen_id),
            line(chi.full_name, chi.citizen_id),
        ],
    )
    assert {e.listed_by_office.kind for e in listed} == {"vocational_centre"}
    assert {e.commune_id for e in listed} == {lucnam.doi_ngo.pk}

    with pytest.raises(PermissionDenied, match="không có quyền"):
        enrolment_answer(actor=actors.other_commune_officer, enrolment=listed[0], confirm=True)
    with pytest.raises(ValidationError, match="lý do"):
        enrolment_answer(actor=actors.own_commune_officer, enrolment=listed[2], confirm=False)
    enrolment_answer(actor=actors.own_commune_officer, enrolment=listed[0], confirm=True)
    enrolment_answer(actor=actors.own_commune_officer, enrolment=listed[1], confirm=True)
    enrolment_answer(
        actor=actors.own_commune_officer, enrolment=listed[2], confirm=False, reason="Không thuộc hộ nghèo 2024"
    )

    with pytest.raises(ValidationError, match="Sầm Thị Chi"):
        education_decide(actor=actors.labour_head, enrolments=listed)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        education_decide(actor=actors.labour_officer, enrolments=listed[:2])
    decision = education_decide(actor=actors.labour_head, enrolments=listed[:2])
    assert decision.number.endswith("/QĐ-UBND") or "/QĐ" in decision.number
    assert decision.lines.count() == 2
    assert {line.amount for line in decision.lines.all()} == {14_040_000}  # 2 × 5 × 1.404.000
    first = Instalment.objects.filter(number=1)
    assert sorted(first.values_list("total", flat=True)) == [7_020_000, 7_020_000]
    assert not Instalment.objects.filter(number=2).exists()  # March's is listed when due

    today_is(date(2025, 1, 10))
    enrolment_leave(actor=actors.vocational_officer, enrolment=listed[1], left_on=date(2025, 1, 6), reason="Thôi học")
    today_is(date(2025, 3, 2))
    assert instalments_list(actor=actors.labour_officer, school_year=2024, number=2) == 1
    assert instalments_list(actor=actors.labour_officer, school_year=2024, number=2) == 0  # idempotent
    assert list(Instalment.objects.filter(number=2).values_list("enrolment__person__full_name", flat=True)) == [
        "Hoàng Thị An"
    ]

    # the vocational centre sees only its own students
    other_centre = Office.objects.create(
        code="gdnn-khac", name="Trung tâm khác", kind="vocational_centre", territory=lucnam.district
    )
    stranger = make_user("gdnn.khac", other_centre.code, Role.OFFICER)
    assert not education_policy.visible(stranger).exists()
    assert education_policy.visible(actors.vocational_officer).count() == 3
    assert not education_policy.visible(actors.post_office_officer).exists()
    assert education_policy.visible(actors.other_commune_officer).count() == 0


def test_an_upload_is_all_or_nothing_and_a_name_must_match_the_register(actors, lucnam):
    an = student(actors, lucnam.doi_ngo, "Hoàng Thị An", "024305000001")
    with pytest.raises(ValidationError, match="Dòng 2"):
        enrolments_list(
            actor=actors.vocational_officer,
            rows=[line(an.full_name, an.citizen_id), line("Người Lạ", "024305999999")],
        )
    assert not Enrolment.objects.exists()
    with pytest.raises(ValidationError, match="Số định danh"):
        enrolments_list(actor=actors.vocational_officer, rows=[line(an.full_name, "12")])
    with pytest.raises(PermissionDenied, match="không có quyền"):
        enrolments_list(actor=actors.own_commune_officer, rows=[line(an.full_name, an.citizen_id)])


def test_after_the_reform_the_commune_lists_decides_and_pays_its_learners(actors, lucnam, today_is):
    """From 01/07/2025 the district labour office is an archive (core.access): the commune officer confirms and
    lists the instalments, the commune chair decides the batch (`policies.education_office`)."""
    today_is(date(2026, 10, 7))
    commune = lucnam["07444@2025"]
    officer = make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER)
    chair = make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR)
    other_chair = make_user("xa.dongphu.ct", "ubnd-07450-2025", Role.CHAIR)
    an = person_create(
        actor=officer,
        data=PersonInput(
            full_name="Hoàng Thị An", sex="female", birth_date=date(2008, 3, 2), citizen_id="024308000001"
        ),
        commune=commune,
        source="Hồ sơ gốc",
    )
    listed = enrolments_list(actor=actors.vocational_officer, rows=[line(an.full_name, an.citizen_id, year=2026)])
    with pytest.raises(PermissionDenied, match="không có quyền"):
        enrolments_list(actor=actors.labour_officer, rows=[line(an.full_name, an.citizen_id, year=2026)])
    enrolment_answer(actor=officer, enrolment=listed[0], confirm=True)

    for refused in (actors.labour_head, other_chair, officer):
        with pytest.raises(PermissionDenied, match="không có quyền"):
            education_decide(actor=refused, enrolments=listed)
    decision = education_decide(actor=chair, enrolments=listed)

    assert decision.issuing_office.code == "ubnd-07444-2025" and decision.lines.count() == 1
    assert Instalment.objects.filter(enrolment=listed[0], number=1).count() == 1
    with pytest.raises(PermissionDenied, match="không có quyền"):
        instalments_list(actor=actors.labour_officer, school_year=2026, number=2)
    today_is(date(2027, 3, 2))
    assert instalments_list(actor=officer, school_year=2026, number=2) == 1
