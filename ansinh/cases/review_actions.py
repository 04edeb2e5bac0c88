"""Batch correction from the periodic review (issue 14, part 4; docs/architecture.md "Periodic review").

From the review of a month, one action opens, for each selected line, the change dossier the law asks for:
an adjustment (`adjust`) when a lawful category and coefficient remain, a stop (`stop`) when nothing is due.
Each dossier carries its ground and evidence (`Dossier.review_basis`: the reason code, the month from which the
law differs, the explanation citing its clause) and the month the decision must apply from: an adjustment's
`proposed_month` is the review's `from_month` (`effective.adjust_month`, TT 02/2021 Art 2), a stop's
`ground_date` falls in the month before it (`effective.stop_month`, NĐ 20/2021 Art 8(5): from the month after).
The dossiers then follow the normal workflow; money changes only through the signed decision, and the next
payment list pays the arrears or opens the recovery by itself (payments/payroll.py).

Idempotent: a line whose person already has an active dossier of the same kind for that entitlement is not
opened again ("đã lập hồ sơ"). Scoped: only the lines of communes where the actor may open dossiers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ansinh.audit.events import record_event
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import Dossier, DossierGround, DossierKind, Entitlement
from ansinh.cases.policies import dossier_policy, review_policy
from ansinh.cases.review import Difference, Reason, review_month
from ansinh.cases.workflow import ACTIVE_STATES
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.registry.models import Person

STOP_GROUNDS_OF: dict[str, str] = {Reason.DEATH: DossierGround.DEATH, Reason.MISSING: DossierGround.MISSING}


class CorrectionStatus(StrEnum):
    READY = "ready"  # not yet opened
    OPENED = "opened"  # opened by this action
    EXISTING = "existing"  # đã lập hồ sơ
    REFUSED = "refused"  # could not be opened (the message says why)


@dataclass(frozen=True)
class Correction:
    difference: Difference
    kind: str
    status: str
    dossier: Dossier | None = None
    message: str = ""


def correction_kind(difference: Difference) -> str:
    """An adjustment when the law still gives a category, a stop when nothing is due."""
    return DossierKind.STOP if difference.lawful_category is None else DossierKind.ADJUST


def _correctable(actor: Actor, month: YearMonth) -> list[Difference]:
    """The review's differences of the communes where the actor may open dossiers."""
    require(review_policy.can_correct(actor))
    communes = review_policy.communes(actor)
    differences = review_month(month, communes).differences
    return [item for item in differences if dossier_policy.can_open_in(actor, item.commune_id)]


def _active(differences: list[Difference]) -> dict[tuple[int, str], Dossier]:
    """The active adjust/stop dossiers of these people, by (person, kind)."""
    dossiers = Dossier.objects.filter(
        person_id__in={item.person_id for item in differences},
        kind__in=(DossierKind.ADJUST, DossierKind.STOP),
        state__in=ACTIVE_STATES,
    ).order_by("pk")
    return {(dossier.person_id, dossier.kind): dossier for dossier in dossiers}


def _existing(item: Difference, active: dict[tuple[int, str], Dossier]) -> Dossier | None:
    dossier = active.get((item.person_id, correction_kind(item)))
    if dossier is not None and dossier.entitlement_id in (None, item.entitlement_id):
        return dossier
    return None


def existing_dossiers(differences: list[Difference]) -> dict[int, Dossier]:
    """For the review page: the lines already in an active dossier (đã lập hồ sơ), by entitlement."""
    active = _active(differences)
    found = {item.entitlement_id: _existing(item, active) for item in differences}
    return {entitlement: dossier for entitlement, dossier in found.items() if dossier is not None}


def review_corrections(*, actor: Actor, month: YearMonth) -> list[Correction]:
    """The review's lines the actor may correct, each ready or already in a dossier (đã lập hồ sơ)."""
    differences = _correctable(actor, month)
    active = _active(differences)
    corrections = []
    for item in differences:
        dossier = _existing(item, active)
        status = CorrectionStatus.EXISTING if dossier is not None else CorrectionStatus.READY
        corrections.append(Correction(item, correction_kind(item), status, dossier))
    return corrections


def _last_day_before(month: YearMonth) -> date:
    previous = month.add(-1)
    return date(previous.year, previous.month, calendar.monthrange(previous.year, previous.month)[1])


def _stop_ground(item: Difference, person: Person) -> tuple[str, date]:
    """The stop's ground and the day it arose: death and missing on their recorded day; a lost category in
    the month before the review's `from_month` (the stop applies from the month after, Art 8(5))."""
    ground = STOP_GROUNDS_OF.get(item.reason, DossierGround.NOT_ELIGIBLE)
    recorded: dict[str, date | None] = {
        DossierGround.DEATH: person.death_date,
        DossierGround.MISSING: person.missing_on,
    }
    day = recorded.get(ground)
    if day is None or YearMonth.of(day).add(1) != item.from_month:
        day = _last_day_before(item.from_month)
    return ground, day


def review_basis(month: YearMonth, item: Difference) -> dict[str, str | int | None]:
    return {
        "month": str(month),
        "entitlement": item.entitlement_id,
        "reason": item.reason,
        "reason_label": str(item.reason_label),
        "from_month": str(item.from_month),
        "category": item.category,
        "paid_coefficient": str(item.paid_coefficient),
        "paid_amount": item.paid_amount,
        "lawful_category": item.lawful_category,
        "lawful_coefficient": str(item.lawful_coefficient) if item.lawful_coefficient is not None else None,
        "lawful_amount": item.lawful_amount,
        "explanation": item.explanation,
    }


def _open_one(actor: Actor, month: YearMonth, item: Difference) -> Dossier:
    person = Person.objects.get(pk=item.person_id)
    entitlement = Entitlement.objects.get(pk=item.entitlement_id)
    kind = correction_kind(item)
    if kind == DossierKind.ADJUST:
        dossier = dossier_open(
            actor=actor,
            person=person,
            kind=kind,
            category_code=item.lawful_category or "",
            coefficient=item.lawful_coefficient,
            proposed_month=item.from_month.first_day,
            entitlement=entitlement,
        )
    else:
        ground, day = _stop_ground(item, person)
        dossier = dossier_open(
            actor=actor, person=person, kind=kind, ground=ground, ground_date=day, entitlement=entitlement
        )
    dossier.review_basis = review_basis(month, item)
    dossier.save(update_fields=["review_basis", "updated_at"])
    return dossier


def review_dossiers_open(*, actor: Actor, month: YearMonth, entitlement_ids: list[int]) -> list[Correction]:
    """Open the adjust or stop dossiers of the selected review lines (by entitlement), pre-filled with their
    ground and evidence, in one transaction; lines already in a dossier are left as they are."""
    chosen = set(entitlement_ids)
    lines = [item for item in _correctable(actor, month) if item.entitlement_id in chosen]
    if not lines:
        raise ValidationError(
            _("Hãy chọn ít nhất một dòng rà soát còn khác quy định thuộc địa bàn của mình. Chưa lập hồ sơ nào.")
        )
    results: list[Correction] = []
    with transaction.atomic():
        active = _active(lines)
        for item in lines:
            kind = correction_kind(item)
            if (dossier := _existing(item, active)) is not None:
                results.append(Correction(item, kind, CorrectionStatus.EXISTING, dossier))
                continue
            try:
                with transaction.atomic():
                    dossier = _open_one(actor, month, item)
            except ValidationError as error:
                results.append(Correction(item, kind, CorrectionStatus.REFUSED, message=" ".join(error.messages)))
            except PermissionDenied:
                results.append(Correction(item, kind, CorrectionStatus.REFUSED, message=_("Không có quyền lập hồ sơ.")))
            else:
                results.append(Correction(item, kind, CorrectionStatus.OPENED, dossier))
        opened = [result for result in results if result.status == CorrectionStatus.OPENED]
        record_event(
            actor=actor,
            action="cases.review_dossiers_open",
            after={
                "month": str(month),
                "opened": [result.dossier.pk for result in opened if result.dossier is not None],
                "existing": [r.dossier.pk for r in results if r.status == CorrectionStatus.EXISTING and r.dossier],
                "refused": [r.difference.entitlement_id for r in results if r.status == CorrectionStatus.REFUSED],
                "reasons": sorted({result.difference.reason for result in opened}),
            },
            territory_id=actor.scope_unit_id,
        )
    return results
