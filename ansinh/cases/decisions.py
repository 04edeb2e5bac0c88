"""Decisions: their title and legal basis, the effective month of each dossier, the chair's signature
(numbered, every dossier on it decided and applied, see decision_effects), batch decisions with a list,
and the scan of the signed paper. Entitlements are created, changed and ended only by signing."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases import effective, selectors
from ansinh.cases.decision_effects import apply_dossier, open_suspension, resume_arrears
from ansinh.cases.models import Decision, DecisionStatus, Dossier, DossierKind
from ansinh.cases.numbering import next_decision_number, office_of
from ansinh.cases.policies import DecisionAction, decision_policy
from ansinh.cases.steps import NOTHING_CHANGED, check_maker_checker, may_make, record_step, state_error
from ansinh.cases.workflow import DossierState, flow_named, transition_named
from ansinh.core.access import NOT_ALLOWED, Actor, require
from ansinh.core.uploads import SCAN, checked_upload

ND20 = (
    "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp xã hội "
    "đối với đối tượng bảo trợ xã hội"
)
NQ17_BAC_GIANG = "Nghị quyết số 17/2019/NQ-HĐND của Hội đồng nhân dân tỉnh Bắc Giang về hỗ trợ chi phí hỏa táng"


def legal_basis_for(kind: str) -> str:
    """The decision's own basis: the provincial resolution for cremation support, NĐ 20/2021 otherwise."""
    return NQ17_BAC_GIANG if kind == DossierKind.CREMATION else ND20


# A social-pension dossier (Mẫu số 01, procedure 1.014027): decided by the commune chair, paid from the month
# signed (domain.md §5).
PENSION_TITLE = "Về việc trợ cấp hưu trí xã hội hằng tháng"
PENSION_BASIS = "Luật Bảo hiểm xã hội số 41/2024/QH15 (Điều 21, Điều 22) và Nghị định số 176/2025/NĐ-CP"

TITLES = {
    DossierKind.GRANT: "Về việc trợ cấp xã hội hàng tháng",
    DossierKind.ADJUST: "Về việc điều chỉnh mức trợ cấp xã hội hàng tháng",
    DossierKind.SUSPEND: "Về việc tạm dừng trợ cấp xã hội hàng tháng",
    DossierKind.RESUME: "Về việc tiếp tục thực hiện trợ cấp xã hội hàng tháng",
    DossierKind.STOP: "Về việc thôi hưởng trợ cấp xã hội hàng tháng",
    DossierKind.MOVE: "Về việc chuyển nơi hưởng trợ cấp xã hội hàng tháng",
    DossierKind.FUNERAL: "Về việc hỗ trợ chi phí mai táng",
    DossierKind.CREMATION: "Về việc hỗ trợ chi phí hỏa táng",
}


def decision_title(kind: str) -> str:
    return TITLES.get(DossierKind(kind), "")


def effective_for(dossier: Dossier, signed_on: date) -> effective.EffectiveMonth:
    """The effective month of the dossier's decision if signed on `signed_on` (domain.md §5)."""
    person = dossier.person
    kind, ground = dossier.kind, dossier.ground
    if kind == DossierKind.GRANT:
        return effective.grant_month(
            category_code=dossier.category_code,
            signed_on=signed_on,
            certificate_date=selectors.disability_certificate_date(person, dossier.declaration)
            if dossier.category_code == effective.DISABILITY
            else None,
            birth_date=person.birth_date or date(person.birth_year, 1, 1),
        )
    if kind == DossierKind.ADJUST:
        return effective.adjust_month(signed_on=signed_on, qualifies_on=dossier.proposed_month or dossier.ground_date)
    if kind == DossierKind.SUSPEND:
        return effective.suspend_month(signed_on=signed_on, from_day=dossier.proposed_month or dossier.ground_date)
    if kind == DossierKind.RESUME:
        suspension = open_suspension(dossier)
        started = suspension.from_month if suspension else effective.first_of_month(signed_on)
        return effective.resume_month(signed_on=signed_on, suspended_from=started, arrears=resume_arrears(dossier))
    if kind == DossierKind.STOP:
        event = dossier.ground_date or person.death_date or person.missing_on or signed_on
        return effective.stop_month(event_on=event, ground=ground)
    if kind == DossierKind.MOVE:
        moved = dossier.ground_date or signed_on
        if ground == "from_other_district":
            return effective.move_in_month(old_stop_month=moved)
        if ground == "to_other_district":
            return effective.stop_month(event_on=moved, ground=ground)
        return effective.move_within_month(moved_on=moved)
    return effective.funeral_payable_month(signed_on=signed_on)


def decision_sign(*, actor: Actor, decision: Decision) -> Decision:
    """The chair signs a draft decision: it gets its number, and every dossier on it is decided
    and applied (entitlements created, changed or ended; funeral support recorded)."""
    return sign_decision(actor=actor, decision=decision, only=None)


def sign_decision(*, actor: Actor, decision: Decision, only: Dossier | None) -> Decision:
    """Sign `decision` (`only`: the dossier whose "decide" step asked for it; every dossier on the
    draft is decided with it)."""
    require(decision_policy.can(actor, DecisionAction.SIGN, decision))
    today = timezone.localdate()
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != DecisionStatus.DRAFT:
            raise ValidationError(f"Quyết định đã được ký: {locked}. {NOTHING_CHANGED}")
        dossiers = list(
            Dossier.objects.select_for_update().filter(decision=locked).select_related("person").order_by("pk")
        )
        if not dossiers:
            raise ValidationError(f"Dự thảo quyết định không có hồ sơ nào. {NOTHING_CHANGED}")
        for dossier in dossiers:
            transition = transition_named(flow_named(dossier.flow), "decide", dossier.state)
            assert transition is not None
            if not may_make(actor, dossier, transition):
                raise PermissionDenied(NOT_ALLOWED)
            if dossier.state != transition.source:
                raise state_error(dossier, transition)
            check_maker_checker(actor, dossier, transition)
        user = office_of(actor)
        if user.office_id is None:
            raise ValidationError("Tài khoản người ký chưa thuộc cơ quan nào: không cấp được số quyết định.")
        sequence, number = next_decision_number(user.office_id, today.year)
        months = [effective_for(dossier, today) for dossier in dossiers]
        locked.number, locked.status, locked.issued_on = number, DecisionStatus.SIGNED, today
        locked.signer_name = user.full_name or user.username
        locked.signed_by_id, locked.signed_at = actor.pk, timezone.now()
        locked.issuing_office_id = user.office_id
        locked.effective_month = min(month.month for month in months)
        locked.body = "\n".join(month.explanation for month in months[:50])
        locked.save()
        for dossier, month in zip(dossiers, months, strict=True):
            line = apply_dossier(locked, dossier, month)
            transition = transition_named(flow_named(dossier.flow), "decide", dossier.state)
            assert transition is not None
            record_step(actor, dossier, transition, "", None, {"decision": number, "line": line.pk})
        record_event(
            actor=actor,
            action="cases.decision_sign",
            obj=locked,
            after={"number": number, "sequence": sequence, "dossiers": [d.pk for d in dossiers]},
            territory_id=locked.commune_id,
        )
    return locked


def decision_batch_draft(*, actor: Actor, dossiers: list[Dossier]) -> Decision:
    """Put appraised dossiers of one kind on one draft decision with a list (a batch decision)."""
    if not dossiers:
        raise ValidationError("Hãy chọn ít nhất một hồ sơ.")
    for dossier in dossiers:
        appraise = transition_named(flow_named(dossier.flow), "appraise")
        require(appraise is not None and may_make(actor, dossier, appraise))
    with transaction.atomic():
        batch = _merge_into_batch(actor, dossiers)
        record_event(
            actor=actor,
            action="cases.decision_batch",
            obj=batch,
            after={"dossiers": [d.pk for d in dossiers]},
            territory_id=batch.commune_id,
        )
    return batch


def decide_batch(*, actor: Actor, dossiers: list[Dossier]) -> Decision:
    """The chair decides several appraised dossiers with one decision and its list (a second
    click finds them decided and changes nothing)."""
    if not dossiers:
        raise ValidationError("Hãy chọn ít nhất một hồ sơ.")
    for dossier in dossiers:
        decide = transition_named(flow_named(dossier.flow), "decide")
        require(decide is not None and may_make(actor, dossier, decide))
    with transaction.atomic():
        batch = _merge_into_batch(actor, dossiers)
        return sign_decision(actor=actor, decision=batch, only=None)


def _merge_into_batch(actor: Actor, dossiers: list[Dossier]) -> Decision:
    """One draft decision holding exactly these appraised dossiers (their single drafts go)."""
    locked = list(Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in dossiers]).order_by("pk"))
    drafts = Decision.objects.filter(pk__in=[d.decision_id for d in locked if d.decision_id])
    if (
        any(d.state != DossierState.APPRAISED or d.decision_id is None for d in locked)
        or drafts.exclude(status=DecisionStatus.DRAFT).exists()
    ):
        raise ValidationError(f"Chỉ gộp, ký được hồ sơ đã thẩm định, chưa có quyết định. {NOTHING_CHANGED}")
    if len({d.kind for d in locked}) != 1:
        raise ValidationError("Một quyết định theo danh sách chỉ gồm hồ sơ cùng một loại.")
    old_ids = {d.decision_id for d in locked}
    if len(old_ids) == 1:
        only = drafts.get()
        if only.dossiers.count() == len(locked):
            return only
    communes = {d.commune_id for d in locked}
    commune_id = communes.pop() if len(communes) == 1 else actor.scope_unit_id
    if commune_id is None:
        raise ValidationError("Không xác định được địa bàn của quyết định.")
    today = timezone.localdate()
    batch = Decision.objects.create(
        kind=locked[0].kind,
        number="",
        status=DecisionStatus.DRAFT,
        issued_on=today,
        effective_month=min(effective_for(d, today).month for d in locked),
        title=decision_title(locked[0].kind) + " (theo danh sách)",
        legal_basis=legal_basis_for(locked[0].kind),
        commune_id=commune_id,
        province_code=locked[0].province_code,
        created_by_id=actor.pk,
    )
    Dossier.objects.filter(pk__in=[d.pk for d in locked]).update(decision=batch)
    Decision.objects.filter(pk__in=old_ids, status=DecisionStatus.DRAFT, dossiers__isnull=True).delete()
    return batch


def decision_attach_scan(*, actor: Actor, decision: Decision, upload: UploadedFile) -> Decision:
    """File the signed paper decision's scan."""
    require(decision_policy.can(actor, DecisionAction.ATTACH_SCAN, decision))
    if upload is None or not getattr(upload, "name", ""):
        raise ValidationError({"scan": "Hãy chọn tệp."})
    checked = checked_upload(upload, SCAN, field="scan")
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != DecisionStatus.SIGNED:
            raise ValidationError({"scan": "Chỉ đính kèm bản scan sau khi quyết định đã ký."})
        before = {"scan_name": locked.scan_name}
        locked.scan, locked.scan_name = checked, str(checked.name)[:255]
        locked.save(update_fields=["scan", "scan_name"])
        record_event(
            actor=actor,
            action="cases.decision_scan",
            obj=locked,
            before=before,
            after={"scan_name": locked.scan_name},
            territory_id=locked.commune_id,
        )
    return locked
