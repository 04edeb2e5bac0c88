"""Actions on one-off, education and emergency supports (keyword-only, `actor=`, audited)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.audit.events import record_event
from ansinh.cases.models import Decision, DecisionKind, DecisionLine, DecisionStatus, OneOffSupport
from ansinh.cases.numbering import next_decision_number
from ansinh.core.access import NOT_ALLOWED, Actor, OfficeKind, require
from ansinh.core.text import fold, text_problem
from ansinh.payments.models import PayrollLine, PayrollStatus, Recovery
from ansinh.payments.payroll import ONE_OFF_LINE_KINDS
from ansinh.registry.models import LifeStatus, Person
from ansinh.rules.formatting import format_money
from ansinh.rules.selectors import parameter_on
from ansinh.supports import education, emergency
from ansinh.supports.education import Programme
from ansinh.supports.emergency import NeedKind, RoundKind
from ansinh.supports.models import (
    EmergencyLine,
    EmergencyRound,
    Enrolment,
    EnrolmentStatus,
    Instalment,
    InstalmentStatus,
    RoundStatus,
)
from ansinh.supports.policies import (
    EducationAction,
    OneOffAction,
    RoundAction,
    education_policy,
    office_id_of,
    one_off_policy,
    round_policy,
)
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import province_code_of
from ansinh.workdays.calendar import add_working_days
from ansinh.workdays.selectors import work_calendar

NOTHING_CHANGED = "Không có gì thay đổi."
CITIZEN_ID = re.compile(r"\d{12}")


def one_off_recover(*, actor: Actor, support: OneOffSupport, reason: str) -> Recovery:
    """A one-off support (funeral, cremation) paid wrongly (not cremated, not a resident of the province, paid
    twice by another office, the wrong organiser…): the whole amount paid becomes a recovery owed by whoever
    collected it (domain.md §8 "Overpayment"), tracked by the payments app until repaid or written off by a
    decision. Only a paid line of a list already sent can be recovered; one recovery per line."""
    require(one_off_policy.can(actor, OneOffAction.RECOVER, support))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do thu hồi (căn cứ phát hiện chi sai)."})
    if problem := text_problem(reason, 255):
        raise ValidationError({"reason": problem})
    with transaction.atomic():
        locked = OneOffSupport.objects.select_for_update().get(pk=support.pk)
        line = (
            PayrollLine.objects.select_for_update(of=("self",))
            .select_related("payroll")
            .filter(one_off_id=locked.pk, kind__in=ONE_OFF_LINE_KINDS, paid_on__isnull=False)
            .exclude(payroll__status=PayrollStatus.DRAFT)
            .order_by("-month")
            .first()
        )
        if line is None:
            raise ValidationError(
                {"reason": f"Khoản hỗ trợ này chưa được chi trả: không có gì để thu hồi. {NOTHING_CHANGED}"}
            )
        if Recovery.objects.filter(line=line).exists():
            raise ValidationError({"reason": f"Khoản chi này đã được thu hồi. {NOTHING_CHANGED}"})
        collector = line.paid_to_name or line.payee_name
        recovery = Recovery.objects.create(
            person_id=line.person_id,
            entitlement=None,
            line=line,
            month=line.month,
            amount=line.total,
            balance=line.total,
            reason=f"{locked.get_kind_display()} chi sai: {reason}"[:255],
            debtor_name=collector[:150],
            debtor_relation=locked.payee_relation[:60],
            collector_name=collector[:150],
            collector_kind=line.paid_to_kind,
            commune_id=line.commune_id,
            province_code=line.province_code,
        )
        record_event(
            actor=actor,
            action="supports.one_off_recover",
            obj=recovery,
            after={
                "one_off": locked.pk,
                "kind": locked.kind,
                "line": line.pk,
                "amount": line.total,
                "debtor": collector,
            },
            reason=reason,
            territory_id=line.commune_id,
        )
    return recovery


# --- Education supports --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentInput:
    """One student as the vocational centre or the labour office lists them (a form or a row of the upload)."""

    full_name: str
    citizen_id: str
    programme: str
    school_year: int
    school_name: str
    evidence: str
    course: str = ""
    higher_education: bool = False


def _first_year() -> int:
    return 2014  # QĐ 66/2013 and TTLT 42/2013 in force from the 2013–2014 school year


def enrolment_errors(data: EnrolmentInput, today: date) -> dict[str, str]:
    """What is wrong with one student's line (no register look-up), keyed by field."""
    errors: dict[str, str] = {}
    if not data.full_name.strip():
        errors["full_name"] = "Hãy ghi họ và tên."
    if not CITIZEN_ID.fullmatch(data.citizen_id.strip()):
        errors["citizen_id"] = "Số định danh cá nhân phải gồm đúng 12 chữ số."
    if data.programme not in Programme.values:
        errors["programme"] = "Hãy chọn chính sách hỗ trợ (QĐ 66/2013, TTLT 42/2013 hoặc QĐ 53/2015)."
    if not _first_year() <= data.school_year <= today.year:
        errors["school_year"] = f"Năm học phải bắt đầu từ {_first_year()} đến {today.year}."
    for key, limit in (("school_name", 200), ("evidence", 200), ("course", 120), ("full_name", 150)):
        value = getattr(data, key)
        if key in ("school_name", "evidence") and not value.strip():
            errors[key] = "Bắt buộc: minh chứng đang học của năm học này." if key == "evidence" else "Bắt buộc."
        elif problem := text_problem(value, limit):
            errors[key] = problem
    return errors


def _person_for(data: EnrolmentInput) -> Person:
    """The learner of the register by their personal ID and name (a centre never browses the register)."""
    person = Person.objects.filter(citizen_id=data.citizen_id.strip(), merged_into__isnull=True).first()
    if person is None or fold(person.full_name) != fold(data.full_name):
        raise ValidationError(
            {"citizen_id": "Không có người nào với số định danh và họ tên này trong sổ: xã cần ghi người này vào sổ."}
        )
    if person.life_status != LifeStatus.ALIVE:
        raise ValidationError({"citizen_id": f"Người này đã {person.get_life_status_display().lower()}."})
    return person


def _new_enrolment(actor: Actor, data: EnrolmentInput, office_id: int | None) -> Enrolment:
    person = _person_for(data)
    if Enrolment.objects.filter(person=person, programme=data.programme, school_year=data.school_year).exists():
        year = f"{data.school_year}-{data.school_year + 1}"
        raise ValidationError({"citizen_id": f"{person.full_name} đã có trong danh sách năm học {year}."})
    return Enrolment.objects.create(
        person=person,
        programme=data.programme,
        school_year=data.school_year,
        school_name=data.school_name.strip(),
        course=data.course.strip(),
        higher_education=data.higher_education,
        evidence=data.evidence.strip(),
        listed_by_office_id=office_id,
        commune_id=person.commune_id,
        province_code=person.province_code,
        created_by_id=actor.pk,
    )


def enrolments_list(*, actor: Actor, rows: Sequence[EnrolmentInput]) -> list[Enrolment]:
    """Put students on the list (a form: one; an upload: all rows or none). Each line goes to the commune of
    the learner's residence, which confirms or rejects it. A vocational centre's lines are its own."""
    require(education_policy.can(actor, EducationAction.LIST))
    if not rows:
        raise ValidationError({"rows": ["Danh sách không có học sinh, sinh viên nào."]})
    today = timezone.localdate()
    problems = [
        f"Dòng {number}: " + " ".join(errors.values())
        for number, data in enumerate(rows, start=1)
        if (errors := enrolment_errors(data, today))
    ]
    if problems:
        raise ValidationError({"rows": problems} if len(rows) > 1 else enrolment_errors(rows[0], today))
    office_id = office_id_of(actor) if actor.office_kind == OfficeKind.VOCATIONAL_CENTRE else None
    created: list[Enrolment] = []
    with transaction.atomic():
        for number, data in enumerate(rows, start=1):
            try:
                with transaction.atomic():
                    created.append(_new_enrolment(actor, data, office_id))
            except ValidationError as error:
                if len(rows) == 1:
                    raise
                problems.append(f"Dòng {number}: " + " ".join(error.messages))
        if problems:
            transaction.set_rollback(True)
            raise ValidationError({"rows": problems})
        record_event(
            actor=actor,
            action="supports.enrolments_list",
            obj=created[0],
            after={"enrolments": [e.pk for e in created], "count": len(created), "office": office_id},
            territory_id=created[0].commune_id if len(created) == 1 else actor.scope_unit_id,
        )
    return created


def enrolment_answer(*, actor: Actor, enrolment: Enrolment, confirm: bool, reason: str = "") -> Enrolment:
    """The commune confirms (poor or near-poor household, residence) or rejects one line, with a reason."""
    require(education_policy.can(actor, EducationAction.ANSWER, enrolment))
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise ValidationError({"reason": "Hãy ghi lý do không xác nhận."})
    if problem := text_problem(reason, 255):
        raise ValidationError({"reason": problem})
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status not in (EnrolmentStatus.LISTED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.REJECTED):
            raise ValidationError({"reason": f"Đã có quyết định: không sửa được xác nhận. {NOTHING_CHANGED}"})
        status = EnrolmentStatus.CONFIRMED if confirm else EnrolmentStatus.REJECTED
        before = {"status": locked.status, "reason": locked.commune_reason}
        if before == {"status": status, "reason": "" if confirm else reason}:
            return locked
        locked.status, locked.commune_reason = status, "" if confirm else reason
        locked.answered_by_id, locked.answered_at = actor.pk, timezone.now()
        locked.save(update_fields=["status", "commune_reason", "answered_by", "answered_at"])
        record_event(
            actor=actor,
            action="supports.enrolment_answer",
            obj=locked,
            before=before,
            after={"status": status, "reason": locked.commune_reason},
            reason=reason,
            territory_id=locked.commune_id,
        )
    return locked


def _instalment_row(enrolment: Enrolment, number: int) -> Instalment:
    try:
        amount = education.instalment_amount(
            enrolment.programme, enrolment.school_year, number, higher_education=enrolment.higher_education
        )
    except education.MissingParameter as error:
        raise ValidationError({"enrolments": [str(error)]}) from error
    return Instalment(
        enrolment=enrolment,
        number=number,
        months=amount.months,
        monthly_amount=amount.monthly,
        equipment_amount=amount.equipment,
        total=amount.total,
        base_salary=amount.base_salary,
        payable_from=amount.payable_from,
        explanation=amount.explanation,
        commune_id=enrolment.commune_id,
        province_code=enrolment.province_code,
    )


def education_decide(*, actor: Actor, enrolments: Sequence[Enrolment]) -> Decision:
    """The labour office decides the confirmed lines in one numbered batch decision (cases.Decision, numbered by
    `next_decision_number`, printed by cases.documents), listing the year's amount per learner; the first
    instalment (and the second when its months have begun) goes on the education payment list."""
    require(education_policy.can(actor, EducationAction.DECIDE))
    if not enrolments:
        raise ValidationError({"enrolments": ["Hãy chọn ít nhất một người học đã được xã xác nhận."]})
    today = timezone.localdate()
    user = User.objects.select_related("office").get(pk=actor.pk)
    if user.office_id is None or actor.scope_unit_id is None:
        raise ValidationError({"enrolments": ["Tài khoản chưa thuộc cơ quan nào: không cấp được số quyết định."]})
    with transaction.atomic():
        locked = list(
            education_policy.visible(actor)
            .select_for_update(of=("self",))
            .select_related("person")
            .filter(pk__in=[e.pk for e in enrolments])
            .order_by("commune_id", "pk")
        )
        if len(locked) != len({e.pk for e in enrolments}):
            raise PermissionDenied(NOT_ALLOWED)
        waiting = [e.person.full_name for e in locked if e.status != EnrolmentStatus.CONFIRMED]
        if waiting:
            raise ValidationError(
                {
                    "enrolments": [
                        f"Chưa được xã xác nhận hoặc đã có quyết định: {', '.join(waiting)}. {NOTHING_CHANGED}"
                    ]
                }
            )
        rows = {e.pk: [_instalment_row(e, 1), _instalment_row(e, 2)] for e in locked}
        sequence, number = next_decision_number(user.office_id, today.year)
        decision = Decision.objects.create(
            kind=DecisionKind.EDUCATION,
            number=number,
            issued_on=today,
            effective_month=min(rows[e.pk][0].payable_from for e in locked),
            status=DecisionStatus.SIGNED,
            title=f"Về việc hỗ trợ học tập năm học (theo danh sách, {len(locked)} người)",
            legal_basis="; ".join(sorted({EDUCATION_BASES[Programme(e.programme)] for e in locked})),
            signer_name=user.full_name or user.username,
            signed_by_id=actor.pk,
            signed_at=timezone.now(),
            issuing_office_id=user.office_id,
            commune_id=actor.scope_unit_id,
            province_code=locked[0].province_code,
            created_by_id=actor.pk,
        )
        DecisionLine.objects.bulk_create(
            DecisionLine(
                decision=decision,
                person=e.person,
                kind=DecisionKind.EDUCATION,
                category_code=e.programme,
                amount=sum(i.total for i in rows[e.pk]),
                effective_month=rows[e.pk][0].payable_from,
                note=f"Năm học {e.school_year}-{e.school_year + 1}, {e.school_name}",
                commune_id=e.commune_id,
                province_code=e.province_code,
            )
            for e in locked
        )
        Enrolment.objects.filter(pk__in=[e.pk for e in locked]).update(
            status=EnrolmentStatus.DECIDED, decision=decision
        )
        due = [
            row
            for e in locked
            for row in rows[e.pk]
            if (row.number == 1 or row.payable_from <= today)
            and education.paid_for(e.left_on, e.school_year, row.number)
        ]
        Instalment.objects.bulk_create(due)
        record_event(
            actor=actor,
            action="supports.education_decide",
            obj=decision,
            after={
                "number": number,
                "sequence": sequence,
                "enrolments": [e.pk for e in locked],
                "instalments": len(due),
            },
            territory_id=actor.scope_unit_id,
        )
    return decision


EDUCATION_BASES = {
    Programme.ETHNIC_STUDENT: "Quyết định số 66/2013/QĐ-TTg của Thủ tướng Chính phủ",
    Programme.DISABLED_LEARNER: "Thông tư liên tịch số 42/2013/TTLT-BGDĐT-BLĐTBXH-BTC",
    Programme.BOARDING: "Quyết định số 53/2015/QĐ-TTg của Thủ tướng Chính phủ",
}


def instalments_list(*, actor: Actor, school_year: int, number: int) -> int:
    """List instalment `number` of a school year for every decided learner of the labour office's district who
    has none yet and was still enrolled on its first day (a learner who left stops from the next instalment).
    Idempotent: a second run lists nobody twice (unique enrolment + number)."""
    require(education_policy.can(actor, EducationAction.PAY_LIST))
    if number not in (1, 2):
        raise ValidationError({"number": "Lần chi là 1 (tháng 10, 11) hoặc 2 (tháng 3, 4)."})
    starts = education.instalment_starts(school_year, number)
    with transaction.atomic():
        pending = list(
            education_policy.visible(actor)
            .select_for_update(of=("self",))
            .filter(status=EnrolmentStatus.DECIDED, school_year=school_year)
            .exclude(instalments__number=number)
            .exclude(left_on__lt=starts)
        )
        created = Instalment.objects.bulk_create([_instalment_row(e, number) for e in pending])
        if created:
            record_event(
                actor=actor,
                action="supports.instalments_list",
                obj=created[0],
                after={"school_year": school_year, "number": number, "count": len(created)},
                territory_id=actor.scope_unit_id,
            )
    return len(created)


def instalments_pay(*, actor: Actor, instalment_ids: Sequence[int], paid_on: date | None) -> int:
    """Record the chosen planned instalments as paid on `paid_on` (the labour office pays the education list
    itself, not the post office). Only the status and the day change: the amount stays the one the decision
    fixed. All or none: an instalment not visible, not planned, or whose months begin after `paid_on` refuses
    the whole request. One UPDATE, one audit event."""
    require(education_policy.can(actor, EducationAction.PAY_LIST))
    ids = sorted({int(pk) for pk in instalment_ids})
    if not ids:
        raise ValidationError({"ky": "Chọn ít nhất một người đã nhận tiền."})
    if paid_on is None:
        raise ValidationError({"paid_on": "Nhập ngày chi (dd/mm/yyyy)."})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Ngày chi ở tương lai."})
    with transaction.atomic():
        chosen = education_policy.visible_instalments(actor).select_for_update(of=("self",)).filter(pk__in=ids)
        found = {
            pk: (status, payable_from)
            for pk, status, payable_from in chosen.values_list("pk", "status", "payable_from")
        }
        if len(found) != len(ids):
            raise PermissionDenied(NOT_ALLOWED)
        if any(status != InstalmentStatus.PLANNED for status, _ in found.values()):
            raise ValidationError({"ky": "Có dòng đã chi hoặc đã dừng: tải lại trang và chọn lại."})
        if any(payable_from > paid_on for _, payable_from in found.values()):
            raise ValidationError({"paid_on": "Ngày chi trước tháng chi của kỳ này."})
        paid = chosen.update(status=InstalmentStatus.PAID, paid_on=paid_on)
        record_event(
            actor=actor,
            action="supports.instalments_pay",
            obj=Instalment.objects.get(pk=ids[0]),
            after={"paid_on": paid_on.isoformat(), "count": paid, "instalments": ids[:200]},
            territory_id=actor.scope_unit_id,
        )
    return paid


def enrolment_leave(*, actor: Actor, enrolment: Enrolment, left_on: date, reason: str = "") -> Enrolment:
    """The learner left school on `left_on`: every instalment not paid whose months begin after it stops."""
    require(education_policy.can(actor, EducationAction.LEAVE, enrolment))
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": "Ngày thôi học ở tương lai."})
    if left_on < date(enrolment.school_year, 8, 1):
        raise ValidationError({"left_on": "Ngày thôi học trước năm học."})
    if problem := text_problem(reason or "", 255):
        raise ValidationError({"reason": problem})
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.left_on == left_on:
            return locked
        before = locked.left_on
        locked.left_on = left_on
        locked.save(update_fields=["left_on"])
        stopped = Instalment.objects.filter(
            enrolment=locked, status=InstalmentStatus.PLANNED, payable_from__gt=left_on
        ).update(status=InstalmentStatus.STOPPED)
        record_event(
            actor=actor,
            action="supports.enrolment_leave",
            obj=locked,
            before={"left_on": before.isoformat() if before else None},
            after={"left_on": left_on.isoformat(), "instalments_stopped": stopped},
            reason=reason,
            territory_id=locked.commune_id,
        )
    return locked


# --- Emergency rounds (NĐ 20/2021 Arts 12–15) ------------------------------------------------------------------


def round_open(*, actor: Actor, name: str, kind: str, occurred_on: date, rice_months: int) -> EmergencyRound:
    """The commune opens a round (Tết rice, a named storm) over its own commune."""
    require(round_policy.can(actor, RoundAction.OPEN))
    scope = actor.scope_unit_id
    commune = AdministrativeUnit.objects.filter(pk=scope, level=UnitLevel.COMMUNE).first() if scope else None
    if commune is None:
        raise ValidationError({"name": "Chỉ Ủy ban nhân dân xã mở đợt hỗ trợ cho xã mình."})
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Hãy đặt tên đợt, ví dụ “Hỗ trợ gạo Tết Ất Tỵ 2025” hoặc “Bão số 3 (Yagi)”."
    elif problem := text_problem(name, 150):
        errors["name"] = problem
    if kind not in RoundKind.values:
        errors["kind"] = "Hãy chọn loại đợt hỗ trợ."
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = "Ngày xảy ra ở tương lai."
    if not errors:
        try:
            allowed = emergency.rice_months_allowed(kind, occurred_on)
        except emergency.MissingParameter as error:
            errors["rice_months"] = str(error)
        else:
            if not 1 <= rice_months <= allowed:
                errors["rice_months"] = (
                    f"Số tháng hỗ trợ gạo của đợt này từ 1 đến {allowed} (NĐ 20/2021/NĐ-CP, Điều 12)."
                )
    if not errors and EmergencyRound.objects.filter(commune=commune, name=name).exists():
        errors["name"] = "Xã đã có đợt hỗ trợ trùng tên."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = EmergencyRound.objects.create(
            commune=commune,
            province_code=province_code_of(commune),
            name=name,
            kind=kind,
            occurred_on=occurred_on,
            rice_months=rice_months,
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="supports.round_open",
            obj=created,
            after={"name": name, "kind": kind, "occurred_on": occurred_on.isoformat(), "rice_months": rice_months},
            territory_id=commune.pk,
        )
    return created


def _open_round(round_: EmergencyRound) -> EmergencyRound:
    locked = EmergencyRound.objects.select_for_update().get(pk=round_.pk)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError({"round": f"Đợt hỗ trợ đã trình hoặc đã có quyết định. {NOTHING_CHANGED}"})
    return locked


def round_line_add(
    *,
    actor: Actor,
    round_: EmergencyRound,
    village: AdministrativeUnit,
    kind: str,
    household_head: str,
    people: int = 1,
    address: str = "",
    person_name: str = "",
) -> EmergencyLine:
    """A line of a village list (form 5a for rice; Arts 13–15 for injury, death and housing)."""
    require(round_policy.can(actor, RoundAction.OPEN, round_))
    errors: dict[str, str] = {}
    if village.parent_id != round_.commune_id or village.level != UnitLevel.VILLAGE:
        errors["village"] = "Hãy chọn thôn, tổ dân phố của xã."
    if kind not in NeedKind.values:
        errors["kind"] = "Hãy chọn nhu cầu hỗ trợ."
    if round_.kind == RoundKind.TET and kind != NeedKind.RICE:
        errors["kind"] = "Đợt hỗ trợ dịp Tết chỉ hỗ trợ gạo."
    if kind in (NeedKind.INJURY, NeedKind.DEATH) and not person_name.strip():
        errors["person_name"] = "Hãy ghi họ tên người bị thương, chết hoặc mất tích."
    if not 1 <= people <= 99:
        errors["people"] = "Số người trong hộ từ 1 đến 99."
    for key, value, limit in (("household_head", household_head, 150), ("address", address, 255)):
        if key == "household_head" and not value.strip():
            errors[key] = "Hãy ghi họ tên chủ hộ hoặc người nhận."
        elif problem := text_problem(value, limit):
            errors[key] = problem
    if problem := text_problem(person_name, 150):
        errors["person_name"] = problem
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _open_round(round_)
        line = EmergencyLine.objects.create(
            round=locked,
            village=village,
            kind=kind,
            household_head=household_head.strip(),
            address=address.strip(),
            people=people if kind == NeedKind.RICE else 1,
            person_name=person_name.strip(),
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="supports.round_line_add",
            obj=locked,
            after={"line": line.pk, "village": village.name, "kind": kind, "household_head": line.household_head},
            territory_id=locked.commune_id,
        )
    return line


def round_submit(*, actor: Actor, round_: EmergencyRound) -> EmergencyRound:
    """The commune officer sends the village lists (form 5b) to the chair: the decision is due within
    `deadline.emergency_decision` working days (NĐ 20/2021 Art 12)."""
    require(round_policy.can(actor, RoundAction.OPEN, round_))
    today = timezone.localdate()
    days = parameter_on("deadline.emergency_decision", today)
    if days is None:
        raise ValidationError({"round": "Chưa có tham số thời hạn quyết định hỗ trợ khẩn cấp."})
    with transaction.atomic():
        locked = _open_round(round_)
        if not locked.lines.exists():
            raise ValidationError({"round": "Danh sách các thôn chưa có dòng nào."})
        locked.status, locked.submitted_on = RoundStatus.SUBMITTED, today
        locked.decision_due = add_working_days(work_calendar(start=today), today, int(days.value))
        locked.save(update_fields=["status", "submitted_on", "decision_due"])
        record_event(
            actor=actor,
            action="supports.round_submit",
            obj=locked,
            after={"submitted_on": today.isoformat(), "decision_due": locked.decision_due.isoformat()},
            territory_id=locked.commune_id,
        )
    return locked


def round_decide(*, actor: Actor, round_: EmergencyRound) -> EmergencyRound:
    """The commune chair decides the round: every line gets its rice (kg) or money from the parameters in force
    on the event day, and the round a numbered decision of the commune (cases.Decision)."""
    require(round_policy.can(actor, RoundAction.DECIDE, round_))
    today = timezone.localdate()
    user = User.objects.get(pk=actor.pk)
    if user.office_id is None:
        raise ValidationError({"round": "Tài khoản chưa thuộc cơ quan nào: không cấp được số quyết định."})
    with transaction.atomic():
        locked = EmergencyRound.objects.select_for_update().get(pk=round_.pk)
        if locked.status != RoundStatus.SUBMITTED:
            raise ValidationError({"round": f"Đợt hỗ trợ chưa được trình hoặc đã có quyết định. {NOTHING_CHANGED}"})
        lines = list(locked.lines.select_for_update().order_by("pk"))
        try:
            amounts = [
                emergency.line_amount(
                    line.kind,
                    people=line.people,
                    rice_months=locked.rice_months,
                    day=locked.occurred_on,
                    province=locked.province_code,
                )
                for line in lines
            ]
        except emergency.MissingParameter as error:
            raise ValidationError({"round": str(error)}) from error
        for line, amount in zip(lines, amounts, strict=True):
            line.rice_kg, line.amount, line.basis = amount.rice_kg, amount.amount, amount.basis[:255]
        EmergencyLine.objects.bulk_update(lines, ["rice_kg", "amount", "basis"])
        sequence, number = next_decision_number(user.office_id, today.year)
        kg = sum(a.rice_kg for a in amounts)
        money = sum(a.amount for a in amounts)
        locked.decision = Decision.objects.create(
            kind=DecisionKind.EMERGENCY,
            number=number,
            issued_on=today,
            effective_month=today.replace(day=1),
            status=DecisionStatus.SIGNED,
            title=f"Về việc hỗ trợ khẩn cấp: {locked.name}"[:255],
            legal_basis=ND20_CHAPTER_III,
            body=f"{len(lines)} hộ, cá nhân; {kg} kg gạo; {format_money(money)}.",
            signer_name=user.full_name or user.username,
            signed_by_id=actor.pk,
            signed_at=timezone.now(),
            issuing_office_id=user.office_id,
            commune_id=locked.commune_id,
            province_code=locked.province_code,
            created_by_id=actor.pk,
        )
        locked.status = RoundStatus.DECIDED
        locked.save(update_fields=["decision", "status"])
        record_event(
            actor=actor,
            action="supports.round_decide",
            obj=locked,
            after={
                "number": number,
                "sequence": sequence,
                "lines": len(lines),
                "rice_kg": kg,
                "amount": money,
                "late": bool(locked.decision_due and today > locked.decision_due),
            },
            territory_id=locked.commune_id,
        )
    return locked


ND20_CHAPTER_III = "Nghị định số 20/2021/NĐ-CP, Chương III (Điều 12 đến Điều 15) về trợ giúp xã hội khẩn cấp"
