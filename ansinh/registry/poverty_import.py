"""Importing a commune's annual poor / near-poor household list (danh sách hộ nghèo, cận nghèo).

Each row names a household's head (CCCD, or name and birth year) and its classification; the
year and the recognising decision apply to the whole file. Rows are matched against the
register; the file is applied in one transaction, or not at all while any row has an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.core.access import Actor
from ansinh.core.text import fold
from ansinh.registry.actions import household_member_add, poverty_set
from ansinh.registry.identity import normalise_id
from ansinh.registry.imports import POVERTY_WORDS, Problem, header_key, read_rows
from ansinh.registry.models import Person, Relationship
from ansinh.registry.policies import person_policy


@dataclass
class PovertyRow:
    number: int
    person: Person | None = None
    status: str = ""
    errors: list[Problem] = field(default_factory=list)


@dataclass
class PovertyReport:
    rows: list[PovertyRow] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        errors = [problem.as_dict() for row in self.rows for problem in row.errors]
        accepted = sum(1 for row in self.rows if not row.errors)
        return {"rows": len(self.rows), "accepted": accepted, "rejected": len(self.rows) - accepted, "errors": errors}


def check_poverty_file(stream: IO[bytes], *, actor: Actor) -> PovertyReport:
    """Match each row to a person the actor may change; nothing is written."""
    _, data = read_rows(stream)
    people = person_policy.visible(actor)
    report = PovertyReport()
    for number, raw in data:
        row = PovertyRow(number)
        row.person = _match(people, raw, row)
        word = header_key(raw.get("poverty"))
        row.status = POVERTY_WORDS.get(word, "")
        if not row.status:
            row.errors.append(Problem(number, "Hộ nghèo/cận nghèo", "Phải ghi Hộ nghèo hoặc Hộ cận nghèo."))
        report.rows.append(row)
    return report


def _match(people: Any, raw: dict[str, Any], row: PovertyRow) -> Person | None:
    citizen_id = normalise_id(raw.get("citizen_id"))
    if citizen_id:
        match = people.filter(citizen_id=citizen_id).first()
        if match is None:
            row.errors.append(Problem(row.number, "Số CCCD", f"Không có người mang số CCCD {citizen_id} trong sổ."))
        return match
    name = fold(str(raw.get("full_name") or ""))
    birth = str(raw.get("birth") or "").strip()[-4:]
    candidates = list(people.filter(full_name_folded=name, birth_year=int(birth))[:2]) if birth.isdigit() else []
    if len(candidates) != 1:
        message = (
            "Có nhiều người cùng họ tên, năm sinh: hãy ghi số CCCD."
            if candidates
            else "Không tìm thấy người này trong sổ."
        )
        row.errors.append(Problem(row.number, "Họ và tên", message))
        return None
    return candidates[0]


def apply_poverty_file(report: PovertyReport, *, actor: Actor, year: int, source: str) -> int:
    """Put every listed household on the year's list; refuse the whole file if any row has an error."""
    if any(row.errors for row in report.rows):
        raise ValidationError("Tệp còn dòng lỗi: hãy sửa rồi tải lên lại, chưa ghi gì vào sổ.")
    today = timezone.localdate()
    with transaction.atomic():
        for row in report.rows:
            assert row.person is not None
            membership = row.person.memberships.filter(valid_to__isnull=True).select_related("household").first()
            if membership is None:
                membership = household_member_add(
                    actor=actor,
                    person=row.person,
                    head=None,
                    relationship=Relationship.HEAD,
                    joined_on=today,
                    source=source,
                )
            poverty_set(actor=actor, household=membership.household, year=year, status=row.status, source=source)
    return len(report.rows)
