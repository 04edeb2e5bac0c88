"""What a signed decision does, dossier by dossier: an entitlement created, adjusted (ended and replaced),
suspended, resumed (with or without the suspended months), ended or moved to another commune, or the
one-off funeral or cremation support recorded for the next payment list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from ansinh.cases import effective, selectors
from ansinh.cases.amounts import ONE_OFF_AMOUNTS, monthly_amount
from ansinh.cases.models import (
    Decision,
    DecisionLine,
    Dossier,
    DossierKind,
    Entitlement,
    OneOffKind,
    OneOffSupport,
    Suspension,
    SuspensionReason,
)
from ansinh.cases.steps import NOTHING_CHANGED
from ansinh.registry.models import Person
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import province_code_of


def open_suspension(dossier: Dossier) -> Suspension | None:
    if dossier.entitlement_id is None:
        return None
    return Suspension.objects.filter(entitlement_id=dossier.entitlement_id, to_month__isnull=True).first()


ARREARS_BY_DEFAULT = frozenset({SuspensionReason.UNPAID_3_MONTHS, SuspensionReason.DETENTION})


def resume_arrears(dossier: Dossier) -> bool:
    """Whether the suspended months are paid back: as the dossier says ("arrears" in its
    declaration), else yes after unpaid months or a detention, no after an ignored re-assessment."""
    declared = (dossier.declaration or {}).get("arrears")
    if isinstance(declared, bool):
        return declared
    suspension = open_suspension(dossier)
    return suspension is not None and suspension.reason in ARREARS_BY_DEFAULT


def apply_dossier(decision: Decision, dossier: Dossier, month: effective.EffectiveMonth) -> DecisionLine:
    """Apply one dossier of a signed decision; returns its line of the decision's list."""
    handlers = {
        DossierKind.GRANT: _apply_grant,
        DossierKind.ADJUST: _apply_adjust,
        DossierKind.SUSPEND: _apply_suspend,
        DossierKind.RESUME: _apply_resume,
        DossierKind.STOP: _apply_stop,
        DossierKind.MOVE: _apply_move,
        DossierKind.FUNERAL: _apply_funeral,
        DossierKind.CREMATION: _apply_cremation,
    }
    result = handlers[DossierKind(dossier.kind)](decision, dossier, month.month)
    amount = result.amount
    if amount is None:
        amount = monthly_amount(result.category_code, result.coefficient, month.month, dossier.person.province_code)
    return DecisionLine.objects.create(
        decision=decision,
        person=dossier.person,
        dossier=dossier,
        kind=decision.kind if decision.kind == dossier.kind else dossier.kind,
        category_code=result.category_code,
        coefficient=result.coefficient,
        amount=amount,
        effective_month=month.month,
        entitlement=result.entitlement,
        note=month.explanation,
        commune_id=result.commune_id or dossier.commune_id,
        province_code=dossier.person.province_code,
    )


@dataclass
class _Applied:
    category_code: str
    coefficient: Decimal | None
    entitlement: Entitlement | None
    amount: int | None = None
    commune_id: int | None = None


def _decided_coefficient(dossier: Dossier) -> Decimal | None:
    value = (dossier.calculation or {}).get("decided_coefficient")
    return dossier.coefficient or (Decimal(value) if value else None)


def _new_entitlement(
    decision: Decision, person: Person, category_code: str, coefficient: Decimal | None, start: date, commune_id: int
) -> Entitlement:
    if Entitlement.objects.filter(person=person, category_code=category_code, end_month__isnull=True).exists():
        raise ValidationError(f"{person.full_name} đang hưởng diện {category_code}. {NOTHING_CHANGED}")
    unit = AdministrativeUnit.objects.get(pk=commune_id)
    return Entitlement.objects.create(
        person=person,
        category_code=category_code,
        coefficient=coefficient,
        start_month=start,
        granted_by=decision,
        commune_id=commune_id,
        province_code=province_code_of(unit),
    )


def _end(entitlement: Entitlement, decision: Decision, month: date, *, correction: bool = False) -> None:
    """End `entitlement` from `month` (its last payable month is the month before). With `correction` (an
    adjustment), `month` may be the entitlement's first month: the new entitlement then replaces it from its
    first month, a correction of the original decision (the old one pays no month; what was paid on it for the
    months already listed is recovered and the new one's arrears paid by the next list, payments.payroll)."""
    locked = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if locked.end_month is not None:
        raise ValidationError(
            f"Chế độ diện {locked.category_code} đã thôi từ tháng {locked.end_month:%m/%Y}. {NOTHING_CHANGED}"
        )
    if correction and month < locked.start_month:
        raise ValidationError(
            f"Tháng hiệu lực {month:%m/%Y} trước tháng bắt đầu hưởng {locked.start_month:%m/%Y}. {NOTHING_CHANGED}"
        )
    if not correction and month <= locked.start_month:
        raise ValidationError(
            f"Tháng hiệu lực {month:%m/%Y} không sau tháng bắt đầu hưởng {locked.start_month:%m/%Y}. {NOTHING_CHANGED}"
        )
    locked.end_month, locked.ended_by = month, decision
    locked.save(update_fields=["end_month", "ended_by"])


def _apply_grant(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    coefficient = _decided_coefficient(dossier)
    entitlement = _new_entitlement(
        decision, dossier.person, dossier.category_code, coefficient, month, dossier.commune_id
    )
    return _Applied(dossier.category_code, coefficient, entitlement)


def _apply_adjust(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    old = _current(dossier)
    coefficient = _decided_coefficient(dossier) or old.coefficient
    _end(old, decision, month, correction=True)
    entitlement = _new_entitlement(
        decision, dossier.person, dossier.category_code or old.category_code, coefficient, month, old.commune_id
    )
    return _Applied(entitlement.category_code, coefficient, entitlement)


def _current(dossier: Dossier) -> Entitlement:
    entitlement = dossier.entitlement
    if entitlement is None or entitlement.end_month is not None:
        raise ValidationError(f"Chế độ cần xử lý không còn đang hưởng. {NOTHING_CHANGED}")
    return entitlement


def _apply_suspend(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    entitlement = _current(dossier)
    if entitlement.suspensions.filter(to_month__isnull=True).exists():
        raise ValidationError(f"Chế độ này đang bị tạm dừng. {NOTHING_CHANGED}")
    Suspension.objects.create(entitlement=entitlement, from_month=month, reason=dossier.ground, decision=decision)
    return _Applied(entitlement.category_code, entitlement.coefficient, entitlement, amount=0)


def _apply_resume(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    entitlement = _current(dossier)
    suspension = Suspension.objects.select_for_update().filter(entitlement=entitlement, to_month__isnull=True).first()
    if suspension is None:
        raise ValidationError(f"Chế độ này không còn bị tạm dừng. {NOTHING_CHANGED}")
    suspension.to_month, suspension.lifted_by, suspension.arrears = month, decision, resume_arrears(dossier)
    suspension.save(update_fields=["to_month", "lifted_by", "arrears"])
    return _Applied(entitlement.category_code, entitlement.coefficient, entitlement)


def _ended_entitlements(dossier: Dossier) -> list[Entitlement]:
    if dossier.entitlement_id is not None:
        return [_current(dossier)]
    current = list(selectors.open_entitlements(dossier.person))
    if not current:
        raise ValidationError(f"{dossier.person.full_name} không còn chế độ nào đang hưởng. {NOTHING_CHANGED}")
    return current


def _apply_stop(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    ended = _ended_entitlements(dossier)
    for entitlement in ended:
        _end(entitlement, decision, month)
    first = ended[0]
    return _Applied(first.category_code, first.coefficient, first, amount=0)


def _apply_move(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    if dossier.ground == "from_other_district":
        return _apply_grant(decision, dossier, month)
    if dossier.ground == "to_other_district":
        return _apply_stop(decision, dossier, month)
    target = dossier.target_commune_id or dossier.commune_id
    created: list[Entitlement] = []
    for entitlement in _ended_entitlements(dossier):
        _end(entitlement, decision, month)
        created.append(
            _new_entitlement(
                decision, dossier.person, entitlement.category_code, entitlement.coefficient, month, target
            )
        )
    first = created[0]
    return _Applied(first.category_code, first.coefficient, first, commune_id=target)


def _apply_funeral(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    return _apply_one_off(decision, dossier, month, OneOffKind.FUNERAL, "hỗ trợ mai táng")


def _apply_cremation(decision: Decision, dossier: Dossier, month: date) -> _Applied:
    return _apply_one_off(decision, dossier, month, OneOffKind.CREMATION, "hỗ trợ hỏa táng")


def _apply_one_off(decision: Decision, dossier: Dossier, month: date, kind: OneOffKind, name: str) -> _Applied:
    """Record the amount decided for whoever organised the burial or cremation; paid on the next list."""
    person = dossier.person
    if OneOffSupport.objects.filter(person=person, kind=kind).exists():
        raise ValidationError(f"{person.full_name} đã có quyết định {name}. {NOTHING_CHANGED}")
    amount, _explanation = ONE_OFF_AMOUNTS[DossierKind(dossier.kind)](dossier)
    declared = dossier.declaration or {}
    payee = str(declared.get("payee_name") or declared.get("organisation_name") or "")
    OneOffSupport.objects.create(
        person=person,
        kind=kind,
        amount=amount,
        payee_name=payee[:150],
        payee_relation=str(declared.get("payee_relation", ""))[:60],
        payee_citizen_id=str(declared.get("payee_citizen_id", ""))[:12],
        decision=decision,
        dossier=dossier,
        payable_month=month,
        commune_id=dossier.commune_id,
        province_code=person.province_code,
    )
    return _Applied("", None, None, amount=amount)
