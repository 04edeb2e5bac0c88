"""Moving a dossier along its workflow (`dossier_transition`, the one way to move): it locks the row,
refuses the wrong state, the wrong office and the maker of the previous step, checks a submission is
complete and the posting over, and hands "propose" to the proposal, "appraise" to the appraisal and
"decide" to the signature of the decision."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.cases import checklists, declarations, selectors
from ansinh.cases.appraisal import appraise_dossier
from ansinh.cases.decisions import sign_decision
from ansinh.cases.models import Decision, Dossier, DossierKind
from ansinh.cases.proposals import check_posting_over, proposal_sign
from ansinh.cases.steps import check_maker_checker, drop_draft, due_date, may_make, record_step, state_error
from ansinh.cases.workflow import DossierState, flow_named, transition_named
from ansinh.core.access import NOT_ALLOWED, Actor


def dossier_transition(*, actor: Actor, dossier: Dossier, name: str, reason: str = "") -> Dossier:
    """Make the step `name` of the dossier's workflow. "post" is made by `posting_open`; "appraise"
    saves the calculator's result and drafts the decision; "decide" signs it (see decision_sign)."""
    flow = flow_named(dossier.flow)
    if transition_named(flow, name) is None:
        raise ValidationError(f"Không có bước “{name}”.")
    if name == "propose":
        proposal_sign(actor=actor, dossiers=[dossier])
        return Dossier.objects.get(pk=dossier.pk)
    if name == "decide":
        dossier = Dossier.objects.get(pk=dossier.pk)
        if dossier.decision_id is None:
            transition = transition_named(flow, name, dossier.state)
            assert transition is not None
            with transaction.atomic():
                locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
                if not may_make(actor, locked, transition):
                    raise PermissionDenied(NOT_ALLOWED)
                raise state_error(locked, transition)
        decision = Decision.objects.get(pk=dossier.decision_id)
        sign_decision(actor=actor, decision=decision, only=dossier)
        return Dossier.objects.get(pk=dossier.pk)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        transition = transition_named(flow, name, locked.state)
        assert transition is not None
        if not may_make(actor, locked, transition):
            raise PermissionDenied(NOT_ALLOWED)
        if locked.state != transition.source:
            raise state_error(locked, transition)
        if name == "post":
            raise ValidationError("Hãy niêm yết bằng cách lập danh sách niêm yết công khai của xã.")
        check_maker_checker(actor, locked, transition)
        reason = reason.strip()
        if transition.needs_reason and not reason:
            raise ValidationError({"reason": "Hãy ghi lý do."})
        extra: dict[str, Any] = {}
        if name == "submit":
            _check_complete(locked)
        if transition.source == DossierState.POSTED:
            check_posting_over(locked, transition, today)
        if name == "appraise":
            extra = appraise_dossier(actor, locked, today)
        if transition.target in (DossierState.REVIEWING, DossierState.REFUSED, DossierState.CANCELLED):
            drop_draft(locked)
        due = locked.due_on if transition.keeps_due else due_date(transition.next_deadline, today)
        record_step(actor, locked, transition, reason, due, extra)
    return locked


def _check_complete(dossier: Dossier) -> None:
    errors: dict[str, list[str]] = {}
    if dossier.form_code:
        found = declarations.declaration_errors(dossier.form_code, dossier.declaration or {}, complete=True)
        if found:
            errors["declaration"] = [f"Tờ khai Mẫu số {dossier.form_code} chưa đủ: " + " ".join(found.values())]
    elif dossier.kind in (DossierKind.GRANT, DossierKind.FUNERAL, DossierKind.CREMATION):
        errors["form_code"] = ["Hãy chọn mẫu tờ khai và khai đủ."]
    unknown = _unregistered_cared_people(dossier)
    if unknown:
        errors.setdefault("declaration", []).append(unknown)
    missing = [item for item in checklists.missing_documents(dossier) if item.code != checklists.DECLARATION]
    if missing:
        errors["attachments"] = ["Còn thiếu giấy tờ: " + "; ".join(item.label for item in missing) + "."]
    if errors:
        raise ValidationError(errors)


def _unregistered_cared_people(dossier: Dossier) -> str:
    """A care declaration (Mẫu 2a, 2b) must name people of the register, by their 12-digit personal ID:
    the care support is computed from who they are (NĐ 20/2021 Art 20)."""
    declared = dossier.declaration or {}
    typed = [str(declared.get(key) or "").strip() for key in (declarations.CARED_PERSON, declarations.CARED_MEMBERS)]
    people = selectors.cared_people(declared)
    if any(typed) and not people:
        return "Số định danh cá nhân của người được chăm sóc phải gồm 12 chữ số."
    absent = [number for _kind, number, person in people if person is None]
    if absent:
        return (
            f"Không tìm thấy người có số định danh {', '.join(absent)} trong sổ đối tượng: hãy thêm người được chăm "
            "sóc vào sổ trước."
        )
    return ""
