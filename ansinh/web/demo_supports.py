"""Demo supports for Xã Lục Nam (TT Đồi Ngô before 01/07/2025), issue 18:
the vocational centre's list of four students (two confirmed and
decided by the labour office head in one batch decision, one rejected by the commune with a reason, one waiting),
and two emergency rounds (a storm decided by the commune chair, a Tết rice round being listed). Written through
the supports actions, as the demo users.

Idempotent: nothing is done when the centre already listed a student. Call after `seed_demo()`'s users and
villages: `seed_supports_demo()`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.core.access import open_for
from ansinh.registry.actions import person_create
from ansinh.registry.models import Person
from ansinh.registry.validation import PersonInput
from ansinh.supports.actions import (
    EnrolmentInput,
    education_decide,
    enrolment_answer,
    enrolments_list,
    round_decide,
    round_line_add,
    round_open,
    round_submit,
)
from ansinh.supports.models import EmergencyRound, Enrolment
from ansinh.territory.models import AdministrativeUnit, UnitLevel

DOI_NGO = "07444"
USERNAMES = {
    "commune": "xa.lucnam",
    "chair": "xa.lucnam.ct",
    "centre": "gdnn.canbo",
    "head": "ldtbxh.truongphong",
}
STUDENTS = [
    ("Hoàng Thị Mai", "female", date(2005, 4, 12), "024305018801", "qd66", True),
    ("Lý Văn Thắng", "male", date(2004, 11, 3), "024204018802", "qd66", True),
    ("Sầm Thị Hoa", "female", date(2006, 1, 25), "024306018803", "ttlt42", False),
    ("La Văn Đức", "male", date(2005, 8, 9), "024205018804", "qd53", False),
]


def _student(commune: AdministrativeUnit, officer: User, spec: tuple[str, str, date, str, str, bool]) -> Person:
    name, sex, born, citizen_id, _programme, _higher = spec
    found = Person.objects.filter(citizen_id=citizen_id).first()
    if found is not None:
        return found
    return person_create(
        actor=officer,
        data=PersonInput(full_name=name, sex=sex, birth_date=born, citizen_id=citizen_id),
        commune=commune,
        source="Dữ liệu minh họa",
    )


@transaction.atomic
def seed_supports_demo(*, today: date | None = None) -> dict[str, int]:
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES.values())}
    commune = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=DOI_NGO, valid_to__isnull=True).first()
    if len(users) < len(USERNAMES) or commune is None or Enrolment.objects.exists():
        return {"supports_students": 0, "supports_rounds": 0}
    today = today or timezone.localdate()
    officer, chair = users[USERNAMES["commune"]], users[USERNAMES["chair"]]
    centre, head = users[USERNAMES["centre"]], users[USERNAMES["head"]]
    year = today.year if today.month >= 9 else today.year - 1
    people = [_student(commune, officer, spec) for spec in STUDENTS]
    listed = enrolments_list(
        actor=centre,
        rows=[
            EnrolmentInput(
                full_name=person.full_name,
                citizen_id=person.citizen_id or "",
                programme=spec[4],
                school_year=year,
                school_name="Trung tâm GDNN-GDTX huyện Lục Nam" if not spec[5] else "Trường Cao đẳng Ngô Gia Tự",
                evidence=f"Giấy xác nhận số {index + 11}/GXN ngày 15/09/{year}",
                course="Kỹ thuật chế biến món ăn" if not spec[5] else "Sư phạm Tiểu học",
                higher_education=spec[5],
            )
            for index, (person, spec) in enumerate(zip(people, STUDENTS, strict=True))
        ],
    )
    enrolment_answer(actor=officer, enrolment=listed[0], confirm=True)
    enrolment_answer(actor=officer, enrolment=listed[1], confirm=True)
    enrolment_answer(
        actor=officer,
        enrolment=listed[2],
        confirm=False,
        reason="Hộ không có tên trong danh sách hộ nghèo, cận nghèo năm nay",
    )
    # the labour head decides until the commune flow; after it the commune chair (supports.policies.education_office)
    education_decide(actor=head if open_for(head) else chair, enrolments=listed[:2])

    rounds = 0
    villages = list(AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE).order_by("name")[:3])
    if len(villages) >= 2 and not EmergencyRound.objects.filter(commune=commune).exists():
        storm_day = date(2024, 9, 8)
        storm = round_open(
            actor=officer, name="Bão số 3 (Yagi) tháng 9/2024", kind="disaster", occurred_on=storm_day, rice_months=2
        )
        for village, head_name, kind, people_count, person_name in [
            (villages[0], "Nguyễn Văn Bảy", "rice", 5, ""),
            (villages[0], "Trần Thị Tám", "rice", 3, ""),
            (villages[1], "Đỗ Văn Chín", "rice", 4, ""),
            (villages[1], "Đỗ Văn Chín", "house_damaged", 1, ""),
            (villages[1], "Phạm Thị Mười", "injury", 1, "Phạm Văn Út"),
        ]:
            round_line_add(
                actor=officer,
                round_=storm,
                village=village,
                kind=kind,
                household_head=head_name,
                people=people_count,
                person_name=person_name,
            )
        round_decide(actor=chair, round_=round_submit(actor=officer, round_=storm))
        tet = round_open(
            actor=officer, name=f"Hỗ trợ gạo Tết năm {today.year + 1}", kind="tet", occurred_on=today, rice_months=1
        )
        round_line_add(
            actor=officer, round_=tet, village=villages[0], kind="rice", household_head="Lê Thị Hai", people=2
        )
        rounds = 2
    return {"supports_students": len(listed), "supports_rounds": rounds}
