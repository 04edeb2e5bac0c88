"""The commune's proposal (tờ trình) sending dossiers to the labour office (NĐ 20/2021/NĐ-CP Art 8(1)(c)),
signed by the commune chair, with what it proposes for each dossier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases import selectors
from ansinh.cases.amounts import monthly_amount
from ansinh.cases.appraisal import calculate, calculation_month
from ansinh.cases.models import DocumentSeries, Dossier, DossierKind, Proposal, ProposalEntry
from ansinh.cases.numbering import next_document_number, office_of
from ansinh.cases.steps import NOTHING_CHANGED, check_maker_checker, due_date, may_make, record_step, state_error
from ansinh.cases.workflow import Transition, flow_named, transition_named
from ansinh.core.access import NOT_ALLOWED, Actor


def proposal_sign(*, actor: Actor, dossiers: list[Dossier]) -> Proposal:
    """The commune chair signs one proposal (tờ trình) sending dossiers of the commune to the labour
    office (NĐ 20/2021/NĐ-CP Art 8(1)(c)): numbered "n/TTr-UBND" by the commune's People's
    Committee; each dossier moves to "proposed" with the appraisal deadline. All or nothing."""
    if not dossiers:
        raise ValidationError({"dossiers": "Hãy chọn hồ sơ cần đề nghị."})
    communes = {dossier.commune_id for dossier in dossiers}
    if len(communes) != 1:
        raise ValidationError({"dossiers": f"Mỗi tờ trình chỉ gồm hồ sơ của một xã. {NOTHING_CHANGED}"})
    commune_id = communes.pop()
    today = timezone.localdate()
    with transaction.atomic():
        locked = list(
            Dossier.objects.select_for_update()
            .filter(pk__in=[dossier.pk for dossier in dossiers])
            .select_related("person")
            .order_by("pk")
        )
        transitions = [_proposal_transition(actor, dossier, today) for dossier in locked]
        user = office_of(actor)
        if user.office_id is None:
            raise ValidationError("Tài khoản người ký chưa thuộc cơ quan nào: không cấp được số tờ trình.")
        sequence, number = next_document_number(user.office_id, today.year, DocumentSeries.PROPOSAL)
        proposal = Proposal.objects.create(
            commune_id=commune_id,
            number=number,
            issued_on=today,
            issuing_office_id=user.office_id,
            signed_by_id=actor.pk,
            signer_name=user.full_name or user.username,
            signer_title=user.title,
        )
        for dossier, transition in zip(locked, transitions, strict=True):
            ProposalEntry.objects.create(proposal=proposal, dossier=dossier, **_proposed(dossier, today))
            due = due_date(transition.next_deadline, today)
            record_step(actor, dossier, transition, "", due, {"proposal": number})
        record_event(
            actor=actor,
            action="cases.proposal_sign",
            obj=proposal,
            after={"number": number, "sequence": sequence, "dossiers": [dossier.pk for dossier in locked]},
            territory_id=commune_id,
        )
    return proposal


def _proposal_transition(actor: Actor, dossier: Dossier, today: date) -> Transition:
    """The dossier's "propose" step, checked as any step is: who, state, maker-checker, posting over."""
    transition = transition_named(flow_named(dossier.flow), "propose", dossier.state)
    if transition is None:
        raise ValidationError({"dossiers": f"Hồ sơ số {dossier.pk} không qua bước đề nghị của xã. {NOTHING_CHANGED}"})
    if not may_make(actor, dossier, transition):
        raise PermissionDenied(NOT_ALLOWED)
    if dossier.state != transition.source:
        raise state_error(dossier, transition)
    check_maker_checker(actor, dossier, transition)
    check_posting_over(dossier, transition, today)
    return transition


def _proposed(dossier: Dossier, today: date) -> dict[str, Any]:
    """What the commune proposes: the category, the coefficient (the officer's, else the calculator's)
    and the monthly amount, kept on the proposal as it was signed."""
    coefficient = dossier.coefficient
    amount = None
    if dossier.kind in (DossierKind.GRANT, DossierKind.ADJUST) and dossier.category_code:
        if coefficient is None:
            calculated = calculate(dossier, today).get("coefficient")
            coefficient = Decimal(calculated) if calculated else None
        month = calculation_month(dossier, today).first_day
        province = dossier.province_code or dossier.person.province_code
        amount = monthly_amount(dossier.category_code, coefficient, month, province) or None
    return {"category_code": dossier.category_code, "coefficient": coefficient, "amount": amount}


def check_posting_over(dossier: Dossier, transition: Transition, today: date) -> None:
    blocker = selectors.proposal_blocker(dossier, today)
    if blocker:
        raise ValidationError(f"{blocker} Chưa làm được bước “{transition.label}”. {NOTHING_CHANGED}")
