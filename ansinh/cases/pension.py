"""The transfer of 5.5b/5.5c recipients to the social pension from 07/2025 (issue 15 item 3).

NĐ 20/2021 Art 5(5)(b)-(c) end on 30/06/2025 and the social pension (Luật BHXH 41/2024/QH15 Arts 21-22;
NĐ 176/2025/NĐ-CP) starts on 01/07/2025. What happened to the people paid under 5.5b/5.5c on 30/06/2025 was
not found (domain.md §5, "Not found"). **Project choice**: one batch decision per commune, signed by the
commune chair (who decides the social pension from 01/07/2025), ends every 5.5b/5.5c entitlement of the
people it lists from 07/2025 and grants `HTXH.75` from 07/2025: no month without a payable entitlement, no
month with both (the old one ends where the new one starts).

- `pension_transfer_preview(commune=…)`: who would be transferred (entitlements payable in 06/2025, recorded
  under the commune or any unit it covers, `UnitCoverage`), the monthly amount of 07/2025, who is already
  transferred and the problems that keep a person out (dead or missing before 07/2025, under a suspension
  in 06/2025, younger than 75 in 07/2025, a pension or monthly social-insurance allowance recorded).
- `pension_transfer(actor=…, commune=…)`: the audited action; signed at once by the chair who runs it (not
  drafted): the transfer is one act over the commune's list, with no dossier per person to appraise, and the
  chair reads the preview before signing. A second run finds everyone transferred and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.audit.events import record_event
from ansinh.cases import selectors
from ansinh.cases.models import Decision, DecisionKind, DecisionLine, DecisionStatus, Entitlement, Suspension
from ansinh.cases.numbering import next_decision_number
from ansinh.cases.policies import CASE_READERS
from ansinh.core.access import NOT_ALLOWED, Actor, OfficeKind, Role, is_active_user
from ansinh.core.months import YearMonth
from ansinh.registry.models import FactKind, LifeStatus, Person, PersonFact
from ansinh.rules import pension
from ansinh.rules.facts import age_on
from ansinh.rules.models import Category
from ansinh.territory.changes import SOCIAL_PENSION_TRANSFERS, Change, ChangeReport
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_id_list, covered_unit_ids, province_code_of, unit_covers

LAST_OLD_MONTH = YearMonth(2025, 6)
FIRST_MONTH = pension.FIRST_MONTH
NOTHING_CHANGED = "Không có gì thay đổi."
LEGAL_BASIS = "Luật Bảo hiểm xã hội số 41/2024/QH15 (Điều 21, Điều 22) và Nghị định số 176/2025/NĐ-CP của Chính phủ"
NOTE = "Chuyển từ diện {old} (Nghị định 20/2021/NĐ-CP hết áp dụng từ 01/7/2025); lựa chọn của dự án, chưa xác nhận."


@dataclass(frozen=True)
class TransferRow:
    person_id: int
    full_name: str
    birth: str
    old_categories: tuple[str, ...]
    entitlement_ids: tuple[int, ...]
    category: str
    amount: int
    commune_id: int
    category_label: str = ""  # "HTXH.75 · Hưu trí xã hội, từ đủ 75 tuổi"


@dataclass(frozen=True)
class Problem:
    person_id: int
    full_name: str
    old_categories: tuple[str, ...]
    reason: str


@dataclass
class TransferPreview:
    """What `pension_transfer` would do for one commune (and what it did, on its result)."""

    commune_id: int
    commune_name: str
    first_month: YearMonth = FIRST_MONTH
    rows: list[TransferRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    already_transferred: int = 0

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def monthly_total(self) -> int:
        return sum(row.amount for row in self.rows)

    def as_json(self) -> dict[str, Any]:
        return {
            "commune": self.commune_id,
            "commune_name": self.commune_name,
            "first_month": str(self.first_month),
            "to_transfer": self.count,
            "already_transferred": self.already_transferred,
            "monthly_total": self.monthly_total,
            "by_category": {code: sum(1 for r in self.rows if r.category == code) for code in pension.CODES},
            "problems": [
                {"person": p.person_id, "name": p.full_name, "categories": list(p.old_categories), "reason": p.reason}
                for p in self.problems
            ],
        }


@dataclass
class TransferResult:
    preview: TransferPreview
    decision: Decision | None = None

    @property
    def transferred(self) -> int:
        return self.preview.count if self.decision is not None else 0


# --- Who -------------------------------------------------------------------------------------------


def _check_commune(commune: AdministrativeUnit) -> None:
    if not commune.is_active_on(FIRST_MONTH.first_day):
        raise ValidationError(
            {
                "commune": f"{commune.full_name} không còn hoặc chưa có vào ngày 01/07/2025: chọn xã đang có hiệu lực "
                f"từ ngày đó (xã kế thừa sau sắp xếp). {NOTHING_CHANGED}"
            }
        )


def _age_problem(person: Person) -> str:
    """Art 21(1): 75 or more in 07/2025 (age on the month's last day, domain.md §5). A 5.5b/5.5c decision
    was made for 75+; only a recorded birth date or year that says otherwise keeps the person out."""
    last_day = FIRST_MONTH.last_day
    if person.birth_date is not None:
        age = age_on(person.birth_date, last_day)
    elif person.birth_year is not None:
        age = last_day.year - person.birth_year  # the highest possible age: never a false refusal
    else:
        return ""
    if age < pension.MIN_AGE_75:
        return (
            f"Chưa đủ {pension.MIN_AGE_75} tuổi trong tháng {FIRST_MONTH.display()} ({age} tuổi): xét diện "
            f"{pension.AGED_70_POOR} theo văn bản đề nghị (Mẫu số 01)."
        )
    return ""


def _gone_problem(person: Person) -> str:
    first = FIRST_MONTH.first_day
    if person.life_status == LifeStatus.DEAD and person.death_date and person.death_date < first:
        return f"Đã chết ngày {person.death_date:%d/%m/%Y}: thôi hưởng, không chuyển."
    if person.life_status == LifeStatus.MISSING and person.missing_on and person.missing_on < first:
        return f"Bị tuyên bố mất tích ngày {person.missing_on:%d/%m/%Y}: không chuyển."
    return ""


def _with_pension(person_ids: set[int]) -> set[int]:
    """People with a recorded pension or monthly social-insurance allowance on 01/07/2025 (Art 21(1))."""
    first = FIRST_MONTH.first_day
    facts = PersonFact.objects.filter(person_id__in=person_ids, kind=FactKind.INCOME, effective_from__lte=first).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=first)
    )
    return {fact.person_id for fact in facts if (fact.value or {}).get("pension")}


def _suspended(entitlement_ids: list[int]) -> set[int]:
    june = LAST_OLD_MONTH.first_day
    return set(
        Suspension.objects.filter(entitlement_id__in=entitlement_ids, from_month__lte=june, lifted_by__isnull=True)
        .filter(Q(to_month__isnull=True) | Q(to_month__gt=june))
        .values_list("entitlement_id", flat=True)
    )


def _old_entitlements(commune: AdministrativeUnit) -> list[Entitlement]:
    """5.5b/5.5c entitlements open on 30/06/2025 (start ≤ 06/2025 < end) under the units the commune covers."""
    june = LAST_OLD_MONTH.first_day
    return list(
        Entitlement.objects.filter(
            category_code__in=pension.REPLACED_CATEGORIES,
            commune_id__in=covered_unit_id_list(commune.pk),
            start_month__lte=june,
            coefficient__isnull=False,
            person__merged_into__isnull=True,
        )
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=june))
        .select_related("person")
        .order_by("person__full_name_folded", "person_id", "pk")
    )


def pension_transfer_preview(*, commune: AdministrativeUnit, actor: Actor | None = None) -> TransferPreview:
    """Who `pension_transfer` would transfer in `commune`, the monthly amount of 07/2025 of each, who is
    already transferred and who is kept out with the reason. Reads only; `actor` (optional) must read the
    commune's dossiers."""
    if actor is not None and not may_read(actor, commune):
        raise PermissionDenied(NOT_ALLOWED)
    _check_commune(commune)
    preview = TransferPreview(commune.pk, commune.full_name)
    old = _old_entitlements(commune)
    by_person: dict[int, list[Entitlement]] = {}
    for entitlement in old:
        by_person.setdefault(entitlement.person_id, []).append(entitlement)
    if not by_person:
        return preview
    transferred = set(
        Entitlement.objects.filter(person_id__in=list(by_person), category_code__startswith=pension.PREFIX)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=FIRST_MONTH.first_day))
        .values_list("person_id", flat=True)
    )
    with_pension = _with_pension(set(by_person))
    suspended = _suspended([e.pk for e in old])
    province = province_code_of(commune)
    amount = selectors.social_pension(FIRST_MONTH, province).value
    name = Category.objects.filter(code=pension.AGED_75).values_list("name", flat=True).first() or ""
    label = f"{pension.AGED_75} · {name}" if name else pension.AGED_75
    for person_id, entitlements in by_person.items():
        person = entitlements[0].person
        codes = tuple(sorted({e.category_code for e in entitlements}))
        if person_id in transferred:
            preview.already_transferred += 1
            continue
        reason = _gone_problem(person) or _age_problem(person)
        if not reason and person_id in with_pension:
            reason = (
                "Sổ ghi đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng: không thuộc diện hưu trí xã hội "
                "(Luật BHXH 41/2024, Điều 21 khoản 1)."
            )
        if not reason and any(e.pk in suspended for e in entitlements):
            reason = "Đang tạm dừng hưởng trong tháng 06/2025: xử lý việc tạm dừng trước khi chuyển."
        if reason:
            preview.problems.append(Problem(person_id, person.full_name, codes, reason))
            continue
        preview.rows.append(
            TransferRow(
                person_id=person_id,
                full_name=person.full_name,
                birth=person.birth_display,
                old_categories=codes,
                entitlement_ids=tuple(e.pk for e in entitlements),
                category=pension.AGED_75,
                amount=amount,
                commune_id=commune.pk,
                category_label=label,
            )
        )
    return preview


# --- Who may ----------------------------------------------------------------------------------------


def _covers(actor: Actor, commune: AdministrativeUnit) -> bool:
    return actor.scope_unit_id is not None and unit_covers(actor.scope_unit_id, commune.pk)


def may_read(actor: Actor, commune: AdministrativeUnit) -> bool:
    """Whoever reads the commune's dossiers and decisions (an administrator: everywhere)."""
    if not is_active_user(actor):
        return False
    if actor.has_role(Role.ADMIN):
        return True
    return actor.office_kind in CASE_READERS and _covers(actor, commune)


def transfer_communes(actor: Actor) -> list[AdministrativeUnit]:
    """The communes in force on 01/07/2025 whose transfer page the actor reads (links on the decision list)."""
    if not is_active_user(actor) or not (actor.has_role(Role.ADMIN) or actor.office_kind in CASE_READERS):
        return []
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).active_on(FIRST_MONTH.first_day)
    if not actor.has_role(Role.ADMIN):
        if actor.scope_unit_id is None:
            return []
        communes = communes.filter(id__in=covered_unit_ids(actor.scope_unit_id))
    return list(communes.order_by("code"))


def may_transfer(actor: Actor, commune: AdministrativeUnit) -> bool:
    """The commune chair decides the social pension (NĐ 176/2025; NĐ 147/2025 from 01/07/2025): the chair (or
    a vice-chair) of a commune People's Committee covering the commune. Administrators do not decide."""
    return (
        is_active_user(actor)
        and not actor.has_role(Role.ADMIN)
        and actor.office_kind == OfficeKind.COMMUNE
        and actor.has_role(Role.CHAIR)
        and _covers(actor, commune)
    )


# --- The decision -----------------------------------------------------------------------------------


def _end_old(decision: Decision, person_ids: list[int]) -> int:
    """End from 07/2025 every 5.5b/5.5c entitlement of the people still running after 06/2025, wherever it is
    recorded (one carried to a successor commune from 07/2025 too: it ends where it starts, so it pays
    nothing); one already ended from 07/2025 by another decision keeps that decision."""
    first = FIRST_MONTH.first_day
    running = Entitlement.objects.filter(
        person_id__in=person_ids, category_code__in=pension.REPLACED_CATEGORIES
    ).filter(Q(end_month__isnull=True) | Q(end_month__gt=first))
    ended = running.filter(start_month__lte=first).update(end_month=first, ended_by=decision)
    ended += running.filter(start_month__gt=first).update(end_month=F("start_month"), ended_by=decision)
    return ended


def pension_transfer(*, actor: Actor, commune: AdministrativeUnit, signed_on: date | None = None) -> TransferResult:
    """Sign one batch decision for `commune` transferring the people of its preview to `HTXH.75` from 07/2025:
    their 5.5b/5.5c entitlements end from 07/2025 (or where they start, for one opened later), a new
    entitlement of coefficient 1 (one pension) starts in 07/2025 under `commune`, one decision line each.
    `signed_on` (default today; the demo's timeline may sign on its own day) must be from 01/07/2025 and not
    after today. Nobody left to transfer: nothing is written and the result has no decision."""
    if not may_transfer(actor, commune):
        raise PermissionDenied(NOT_ALLOWED)
    today = timezone.localdate()
    signed_on = signed_on or today
    if signed_on < FIRST_MONTH.first_day or signed_on > today:
        raise ValidationError(
            {"signed_on": f"Ngày ký phải từ ngày 01/07/2025 đến hôm nay ({today:%d/%m/%Y}). {NOTHING_CHANGED}"}
        )
    user = User.objects.select_related("office").get(pk=actor.pk)
    assert user.office_id is not None  # may_transfer: a commune office
    with transaction.atomic():
        locked_ids = [e.pk for e in _old_entitlements(commune)]
        list(Entitlement.objects.select_for_update().filter(pk__in=locked_ids).values_list("pk", flat=True))
        preview = pension_transfer_preview(commune=commune)
        if not preview.rows:
            return TransferResult(preview)
        sequence, number = next_decision_number(user.office_id, signed_on.year)
        province = province_code_of(commune)
        first = FIRST_MONTH.first_day
        decision = Decision.objects.create(
            kind=DecisionKind.PENSION,
            number=number,
            issued_on=signed_on,
            signer_name=user.full_name or user.username,
            issuing_office_id=user.office_id,
            legal_basis=LEGAL_BASIS,
            effective_month=first,
            status=DecisionStatus.SIGNED,
            title=f"Về việc chuyển {preview.count} người sang hưởng trợ cấp hưu trí xã hội hằng tháng",
            body=(
                f"Chuyển {preview.count} người đang hưởng trợ cấp xã hội diện 5.5b, 5.5c đến hết tháng 06/2025 "
                f"sang hưởng trợ cấp hưu trí xã hội từ tháng {FIRST_MONTH.display()} (lựa chọn của dự án: "
                "cơ chế chuyển tiếp chưa xác nhận, domain.md §5)."
            ),
            signed_by_id=actor.pk,
            signed_at=timezone.now(),
            commune=commune,
            province_code=province,
            created_by_id=actor.pk,
        )
        _end_old(decision, [row.person_id for row in preview.rows])
        created = Entitlement.objects.bulk_create(
            Entitlement(
                person_id=row.person_id,
                category_code=row.category,
                coefficient=Decimal(1),
                start_month=first,
                granted_by=decision,
                commune=commune,
                province_code=province,
            )
            for row in preview.rows
        )
        new_ids = {e.person_id: e for e in created}
        DecisionLine.objects.bulk_create(
            DecisionLine(
                decision=decision,
                person_id=row.person_id,
                kind=DecisionKind.PENSION,
                category_code=row.category,
                coefficient=Decimal(1),
                amount=row.amount,
                effective_month=first,
                entitlement=new_ids[row.person_id],
                note=NOTE.format(old=", ".join(row.old_categories)),
                commune=commune,
                province_code=province,
            )
            for row in preview.rows
        )
        record_event(
            actor=actor,
            action="cases.pension_transfer",
            obj=decision,
            after={"number": number, "sequence": sequence, **preview.as_json(), "problems": len(preview.problems)},
            territory_id=commune.pk,
        )
    return TransferResult(preview, decision)


def transfers_on_change(change: Change, report: ChangeReport) -> None:
    """The territorial change's report (dry run and apply) lists, per new commune, who its chair would transfer
    to the social pension: registered with `territory.changes` for the change effective on the pension's first
    day (01/07/2025), when the 5.5b/5.5c recipients of the abolished communes pass to the new ones."""
    if change.day != FIRST_MONTH.first_day:
        return
    rows = []
    for commune_id in sorted(set(change.successor_of.values())):
        preview = pension_transfer_preview(commune=change.units[commune_id])
        rows.append({"commune": preview.commune_name, "people": preview.count, "monthly_total": preview.monthly_total})
    report.sections[SOCIAL_PENSION_TRANSFERS] = rows
