"""Writes to dossiers, postings, complaints and decisions. Each checks who acts (403 before any
validation), validates with Vietnamese messages keyed by field, writes in one transaction under
row locks (a second click finds the row already moved and changes nothing) and records an audit
event. Entitlements are created, changed and ended only here, by signing a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.audit.events import record_event
from ansinh.cases import checklists, declarations, effective, intake, one_off, selectors
from ansinh.cases.models import (
    MOVE_GROUNDS,
    STOP_GROUNDS,
    SUSPEND_GROUNDS,
    Complaint,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionSequence,
    DecisionStatus,
    DocumentSeries,
    Dossier,
    DossierAttachment,
    DossierGround,
    DossierKind,
    DossierStep,
    Entitlement,
    OneOffKind,
    OneOffSupport,
    Posting,
    PostingEntry,
    Proposal,
    ProposalEntry,
    Suspension,
    SuspensionReason,
)
from ansinh.cases.policies import (
    DecisionAction,
    DossierAction,
    decision_flow_for,
    decision_policy,
    dossier_policy,
    posting_policy,
)
from ansinh.cases.workflow import (
    ACTIVE_STATES,
    COMMUNE_PROPOSAL,
    COMPLAINT_ANSWER,
    PUBLIC_POSTING,
    DossierState,
    Transition,
    flow_name_for,
    flow_named,
    transition_named,
)
from ansinh.core.access import NOT_ALLOWED, Actor, require
from ansinh.core.months import YearMonth
from ansinh.core.uploads import SCAN, checked_upload
from ansinh.registry.actions import death_record, residence_move
from ansinh.registry.models import FactKind, LifeStatus, Person, PersonFact
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.rules import pension
from ansinh.rules.assessing import assess_input
from ansinh.rules.formatting import coefficient_text, format_coefficient, format_money, round_dong
from ansinh.rules.parameters import FUNERAL_MULTIPLE
from ansinh.rules.rulebook import RuleBookLoader
from ansinh.rules.selectors import category_codes, parameter_on
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import closed_after_change, province_code_of, refused_after_end, unit_covers
from ansinh.workdays.calendar import add_working_days
from ansinh.workdays.selectors import work_calendar

ND20 = (
    "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp xã hội "
    "đối với đối tượng bảo trợ xã hội"
)
NQ17_BAC_GIANG = "Nghị quyết số 17/2019/NQ-HĐND của Hội đồng nhân dân tỉnh Bắc Giang về hỗ trợ chi phí hỏa táng"
NOTHING_CHANGED = "Không có gì thay đổi."


def legal_basis_for(kind: str) -> str:
    """The decision's own basis: the provincial resolution for cremation support, NĐ 20/2021 otherwise."""
    return NQ17_BAC_GIANG if kind == DossierKind.CREMATION else ND20


CHANGE_KINDS = frozenset({DossierKind.ADJUST, DossierKind.SUSPEND, DossierKind.RESUME})


# --- Deadlines ------------------------------------------------------------------------------------


def due_date(deadline_key: str | None, start: date) -> date | None:
    """The deadline of the next step: its working days (a dated rules parameter) after `start`."""
    if deadline_key is None:
        return None
    parameter = parameter_on(deadline_key, start)
    if parameter is None:
        return None
    return add_working_days(work_calendar(start=start), start, int(parameter.value))


def may_make(actor: Actor, dossier: Dossier, transition: Transition) -> bool:
    """Office, role and territory; the maker-checker rule is checked in the action."""
    return dossier_policy.may_make(actor, dossier, transition)


# --- Opening and filling a dossier ----------------------------------------------------------------


def _default_form(kind: str, category_code: str, person: Person | None = None) -> str:
    if kind == DossierKind.GRANT:
        return declarations.form_for_category(category_code)
    if kind == DossierKind.FUNERAL:
        # Mẫu số 02 for a person paid only the social pension in the month of the death (procedure 1.014028).
        died = person.death_date if person is not None else None
        return "H02" if person is not None and died and _social_pension_recipient(person, died) else "04"
    if kind == DossierKind.CREMATION:
        return "HT"
    return ""


def _check_ground(kind: str, ground: str) -> None:
    allowed = {
        DossierKind.SUSPEND: SUSPEND_GROUNDS,
        DossierKind.STOP: STOP_GROUNDS,
        DossierKind.MOVE: MOVE_GROUNDS,
    }.get(DossierKind(kind))
    if allowed is None:
        if ground:
            raise ValidationError({"ground": "Loại hồ sơ này không ghi lý do tạm dừng, thôi hưởng, chuyển."})
        return
    if ground not in allowed:
        shown = ", ".join(str(DossierGround(g).label).lower() for g in sorted(allowed))
        raise ValidationError({"ground": f"Hãy chọn lý do: {shown}."})


def _coefficient(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"coefficient": "Hệ số phải là một số, ví dụ 1,5."}) from None
    if not Decimal("0") < number < Decimal("100"):
        raise ValidationError({"coefficient": "Hệ số phải lớn hơn 0."})
    return number.quantize(Decimal("0.01"))


def _target_entitlement(
    person: Person, kind: str, category_code: str, entitlement: Entitlement | None
) -> Entitlement | None:
    if entitlement is not None:
        if entitlement.person_id != person.pk or entitlement.end_month is not None:
            raise ValidationError({"entitlement": "Chế độ này không phải chế độ đang hưởng của người này."})
        return entitlement
    current = selectors.open_entitlements(person)
    if kind == DossierKind.ADJUST and category_code:
        same = current.filter(category_code=category_code).first()
        if same is not None:
            return same
    if current.count() == 1:
        return current.first()
    if kind in CHANGE_KINDS:
        if not current.exists():
            raise ValidationError({"entitlement": f"{person.full_name} không có chế độ nào đang hưởng."})
        raise ValidationError({"entitlement": "Người này hưởng nhiều chế độ: hãy chọn chế độ cần xử lý."})
    return None


def _validate_open(
    person: Person,
    kind: str,
    category_code: str,
    form_code: str,
    declaration: dict[str, Any],
    ground: str,
    entitlement: Entitlement | None,
    target_commune: AdministrativeUnit | None,
    external_place: str,
) -> Entitlement | None:
    if kind not in DossierKind.values:
        raise ValidationError({"kind": "Loại hồ sơ không hợp lệ."})
    _check_ground(kind, ground)
    needs_category = kind in (DossierKind.GRANT, DossierKind.ADJUST) or (
        kind == DossierKind.MOVE and ground == "from_other_district"
    )
    if needs_category and category_code not in category_codes():
        raise ValidationError({"category_code": "Hãy ghi mã diện đối tượng có trong quy định, ví dụ 5.5a, 5.6."})
    if pension.is_social_pension(category_code) and timezone.localdate() < pension.START:
        raise ValidationError({"category_code": "Trợ cấp hưu trí xã hội áp dụng từ ngày 01/07/2025."})
    if form_code:
        spec = declarations.form_for(form_code)
        if spec is None:
            raise ValidationError({"form_code": "Mẫu tờ khai không hợp lệ."})
        if spec.dossier_kind != kind:
            raise ValidationError({"form_code": f"Mẫu số {form_code} không dùng cho loại hồ sơ này."})
    if declaration:
        if not form_code:
            raise ValidationError({"form_code": "Hãy chọn mẫu tờ khai."})
        if errors := declarations.declaration_errors(form_code, declaration):
            raise ValidationError(errors)
    dead = person.life_status != LifeStatus.ALIVE
    if kind == DossierKind.FUNERAL:
        if person.life_status != LifeStatus.DEAD:
            raise ValidationError({"person": "Chỉ hỗ trợ mai táng cho người đã chết (hãy báo tử trước)."})
        if OneOffSupport.objects.filter(person=person, kind=OneOffKind.FUNERAL).exists():
            raise ValidationError({"person": "Người này đã có quyết định hỗ trợ mai táng."})
    elif kind == DossierKind.CREMATION:
        if person.life_status != LifeStatus.DEAD:
            raise ValidationError({"person": "Chỉ hỗ trợ hỏa táng cho người đã chết (hãy báo tử trước)."})
        if OneOffSupport.objects.filter(person=person, kind=OneOffKind.CREMATION).exists():
            raise ValidationError({"person": "Người này đã có quyết định hỗ trợ hỏa táng."})
        died = person.death_date or timezone.localdate()
        rule = one_off.cremation_applies(person.province_code, died, cremated=True)
        if not rule.applies:
            raise ValidationError({"person": rule.reason})
    elif dead and kind != DossierKind.STOP:
        raise ValidationError({"person": f"{person.full_name} đã {person.get_life_status_display().lower()}."})
    if kind == DossierKind.MOVE:
        if ground == "within_district" and target_commune is None:
            raise ValidationError({"target_commune": "Hãy chọn xã chuyển đến."})
        if ground != "within_district" and not external_place.strip():
            raise ValidationError({"external_place": "Hãy ghi nơi chuyển đi hoặc chuyển đến ngoài huyện."})
    if kind in (DossierKind.RESUME,):
        target = _target_entitlement(person, kind, category_code, entitlement)
        if target is None or not target.suspensions.filter(to_month__isnull=True).exists():
            raise ValidationError({"entitlement": "Chế độ này không bị tạm dừng."})
        return target
    if kind == DossierKind.SUSPEND:
        target = _target_entitlement(person, kind, category_code, entitlement)
        if target is not None and target.suspensions.filter(to_month__isnull=True).exists():
            raise ValidationError({"entitlement": "Chế độ này đang bị tạm dừng."})
        return target
    if kind in (DossierKind.ADJUST, DossierKind.STOP) or (kind == DossierKind.MOVE and ground != "from_other_district"):
        target = _target_entitlement(person, kind, category_code, entitlement)
        if kind != DossierKind.ADJUST and target is None and not selectors.open_entitlements(person).exists():
            raise ValidationError({"entitlement": f"{person.full_name} không có chế độ nào đang hưởng."})
        return target
    return None


DECLARED_LEVEL_LABELS = {"especially_severe": "Đặc biệt nặng", "severe": "Nặng", "mild": "Nhẹ"}


def prefilled_declaration(person: Person, form_code: str, today: date) -> dict[str, Any]:
    """The answers the register already knows (identity, address; for form 04 the deceased),
    with today as the declaration date; the officer checks and completes them."""
    spec = declarations.form_for(form_code)
    if spec is None:
        return {}
    address = ", ".join(
        part for part in (person.address, person.village.name if person.village else "", person.commune.name) if part
    )
    known: dict[str, Any] = {
        "full_name": person.full_name.upper(),
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "sex": person.get_sex_display(),
        "citizen_id": person.citizen_id or "",
        "permanent_address": address,
        "household_registered_address": address,
        "declared_on": today.isoformat(),
        "deceased_full_name": person.full_name.upper(),
        "deceased_birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "deceased_sex": person.get_sex_display(),
        "deceased_address": address,
        "death_date": person.death_date.isoformat() if person.death_date else None,
    }
    disability = PersonFact.objects.filter(person=person, kind=FactKind.DISABILITY).order_by("-effective_from").first()
    if disability is not None:
        value = disability.value or {}
        known.update(
            certificate_number=value.get("certificate_number"),
            certificate_date=value.get("certificate_date"),
            disability_level=DECLARED_LEVEL_LABELS.get(value.get("level", "")),
            disabled=True,
        )
    if form_code in ("2a", "2b"):
        known = {key: value for key, value in known.items() if key in ("declared_on",)}
    return {key: value for key, value in known.items() if value not in (None, "") and spec.field(key) is not None}


def _open_duplicate(person: Person, kind: str) -> Dossier | None:
    return Dossier.objects.filter(person=person, kind=kind, state__in=ACTIVE_STATES).first()


def _create_dossier(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    category_code: str,
    form_code: str,
    declaration: dict[str, Any],
    ground: str,
    ground_date: date | None,
    proposed_month: date | None,
    entitlement: Entitlement | None,
    target_commune: AdministrativeUnit | None,
    external_place: str,
    coefficient: Decimal | None,
    commune_id: int,
) -> Dossier:
    if (duplicate := _open_duplicate(person, kind)) is not None:
        raise ValidationError(
            f"{person.full_name} đã có hồ sơ “{duplicate.get_kind_display()}” số {duplicate.pk} đang xử lý."
        )
    if not category_code and entitlement is not None:
        category_code = entitlement.category_code
    commune = AdministrativeUnit.objects.get(pk=commune_id)
    if closed_after_change(commune, timezone.localdate()):
        raise ValidationError(refused_after_end(commune, timezone.localdate()))
    dossier = Dossier.objects.create(
        kind=kind,
        flow=flow_name_for(kind, decision_flow_for(commune), ground, category_code),
        person=person,
        category_code=category_code,
        coefficient=coefficient,
        form_code=form_code,
        declaration=declarations.clean_declaration(form_code, declaration) if form_code else {},
        ground=ground,
        ground_date=ground_date,
        proposed_month=effective.first_of_month(proposed_month) if proposed_month else None,
        entitlement=entitlement,
        target_commune=target_commune,
        external_place=external_place.strip(),
        commune_id=commune_id,
        province_code=person.province_code,
        created_by_id=actor.pk,
    )
    record_event(
        actor=actor,
        action="cases.dossier_open",
        obj=dossier,
        after={"kind": kind, "category_code": category_code, "form_code": form_code, "ground": ground},
        territory_id=dossier.commune_id,
    )
    return dossier


def dossier_open(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    category_code: str = "",
    form_code: str = "",
    declaration: dict[str, Any] | None = None,
    ground: str = "",
    ground_date: date | None = None,
    proposed_month: date | None = None,
    entitlement: Entitlement | None = None,
    target_commune: AdministrativeUnit | None = None,
    external_place: str = "",
    coefficient: Decimal | str | None = None,
) -> Dossier:
    """Open a dossier for `person`: a grant (forms 1a–1đ, 2a, 2b, 03), an adjustment, a
    suspension, a resumption, a stop, a move or funeral support (form 04)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    category_code = (category_code or "").strip()
    form_code = form_code or _default_form(kind, category_code, person)
    declaration = declaration or {}
    if kind == DossierKind.MOVE and not ground:
        ground = "within_district" if target_commune is not None else ""
    number = _coefficient(coefficient)
    with transaction.atomic():
        locked = Person.objects.select_for_update(of=("self",)).select_related("commune", "village").get(pk=person.pk)
        if form_code and not declaration:
            declaration = prefilled_declaration(locked, form_code, timezone.localdate())
        target = _validate_open(
            locked, kind, category_code, form_code, declaration, ground, entitlement, target_commune, external_place
        )
        return _create_dossier(
            actor=actor,
            person=locked,
            kind=kind,
            category_code=category_code,
            form_code=form_code,
            declaration=declaration,
            ground=ground,
            ground_date=ground_date,
            proposed_month=proposed_month,
            entitlement=target,
            target_commune=target_commune,
            external_place=external_place,
            coefficient=number,
            commune_id=locked.commune_id,
        )


EDITABLE_STATES = frozenset({DossierState.DRAFT, DossierState.REVIEWING})


def _lock_editable(dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(
            f"Hồ sơ đang ở bước “{locked.get_state_display()}”: không sửa được tờ khai, giấy tờ. {NOTHING_CHANGED}"
        )
    return locked


def dossier_declare(*, actor: Actor, dossier: Dossier, declaration: dict[str, Any], form_code: str = "") -> Dossier:
    """Save the declaration form's answers (checked by type; completeness is checked at submission)."""
    require(dossier_policy.can(actor, DossierAction.CHANGE, dossier))
    code = form_code or dossier.form_code
    if not code:
        raise ValidationError({"form_code": "Hãy chọn mẫu tờ khai."})
    spec = declarations.form_for(code)
    if spec is None or spec.dossier_kind != dossier.kind:
        raise ValidationError({"form_code": "Mẫu tờ khai không dùng cho loại hồ sơ này."})
    if errors := declarations.declaration_errors(code, declaration):
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_editable(dossier)
        before = {"form_code": locked.form_code, "declaration": locked.declaration}
        locked.form_code, locked.declaration = code, declarations.clean_declaration(code, declaration)
        locked.save(update_fields=["form_code", "declaration", "updated_at"])
        sensitive = declarations.sensitive_keys(code)
        record_event(
            actor=actor,
            action="cases.dossier_declare",
            obj=locked,
            before={**before, "declaration": _without(before["declaration"], sensitive)},
            after={"form_code": code, "declaration": _without(locked.declaration, sensitive)},
            territory_id=locked.commune_id,
        )
    return locked


def _without(values: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {key: ("(ẩn)" if key in keys else value) for key, value in (values or {}).items()}


def dossier_attach(*, actor: Actor, dossier: Dossier, document_code: str, upload: UploadedFile) -> DossierAttachment:
    """File a document of the dossier's checklist (a scan or photo)."""
    require(dossier_policy.can(actor, DossierAction.CHANGE, dossier))
    codes = {item.code for item in checklists.checklist_for(dossier)} | {"other"}
    if document_code not in codes:
        raise ValidationError({"document_code": "Loại giấy tờ không có trong danh mục hồ sơ này."})
    if upload is None or not getattr(upload, "name", ""):
        raise ValidationError({"file": "Hãy chọn tệp."})
    checked = checked_upload(upload, SCAN, field="file")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state not in ACTIVE_STATES:
            raise ValidationError(f"Hồ sơ đã kết thúc ({locked.get_state_display().lower()}). {NOTHING_CHANGED}")
        attachment = DossierAttachment.objects.create(
            dossier=locked,
            document_code=document_code,
            file=checked,
            file_name=str(checked.name)[:255],
            uploaded_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="cases.attachment_add",
            obj=locked,
            after={"document_code": document_code, "file_name": attachment.file_name},
            territory_id=locked.commune_id,
        )
    return attachment


def attachment_remove(*, actor: Actor, attachment: DossierAttachment, reason: str = "") -> None:
    dossier = attachment.dossier
    require(dossier_policy.can(actor, DossierAction.CHANGE, dossier))
    with transaction.atomic():
        _lock_editable(dossier)
        if not DossierAttachment.objects.filter(pk=attachment.pk).exists():
            raise ValidationError(f"Tệp đã được gỡ. {NOTHING_CHANGED}")
        record_event(
            actor=actor,
            action="cases.attachment_remove",
            obj=dossier,
            before={"document_code": attachment.document_code, "file_name": attachment.file_name},
            reason=reason.strip(),
            territory_id=dossier.commune_id,
        )
        attachment.delete()


# --- Moving along the workflow --------------------------------------------------------------------


def _state_error(locked: Dossier, transition: Transition) -> ValidationError:
    return ValidationError(
        f"Hồ sơ đang ở bước “{locked.get_state_display()}”: không thể “{transition.label.lower()}”. {NOTHING_CHANGED}"
    )


def _check_maker_checker(actor: Actor, locked: Dossier, transition: Transition) -> None:
    if transition.checks and locked.steps.filter(transition=transition.checks, actor_id=actor.pk).exists():
        raise ValidationError(
            "Người lập bước trước không được tự duyệt bước này (người lập và người duyệt phải khác nhau)."
        )


def _record_step(
    actor: Actor,
    locked: Dossier,
    transition: Transition,
    reason: str,
    due_on: date | None,
    extra: dict[str, Any] | None = None,
) -> None:
    before = {"state": locked.state, "due_on": locked.due_on.isoformat() if locked.due_on else None}
    locked.state, locked.due_on = transition.target, due_on
    locked.save(update_fields=["state", "due_on", "updated_at"])
    DossierStep.objects.create(
        dossier=locked,
        transition=transition.name,
        from_state=transition.source,
        to_state=transition.target,
        actor_id=actor.pk,
        reason=reason,
        due_on=due_on,
    )
    record_event(
        actor=actor,
        action=f"cases.dossier_{transition.name}",
        obj=locked,
        before=before,
        after={"state": locked.state, "due_on": due_on.isoformat() if due_on else None, **(extra or {})},
        reason=reason,
        territory_id=locked.commune_id,
    )


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
                raise _state_error(locked, transition)
        decision = Decision.objects.get(pk=dossier.decision_id)
        _sign(actor=actor, decision=decision, only=dossier)
        return Dossier.objects.get(pk=dossier.pk)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        transition = transition_named(flow, name, locked.state)
        assert transition is not None
        if not may_make(actor, locked, transition):
            raise PermissionDenied(NOT_ALLOWED)
        if locked.state != transition.source:
            raise _state_error(locked, transition)
        if name == "post":
            raise ValidationError("Hãy niêm yết bằng cách lập danh sách niêm yết công khai của xã.")
        _check_maker_checker(actor, locked, transition)
        reason = reason.strip()
        if transition.needs_reason and not reason:
            raise ValidationError({"reason": "Hãy ghi lý do."})
        extra: dict[str, Any] = {}
        if name == "submit":
            _check_complete(locked)
        if transition.source == DossierState.POSTED:
            _check_posting_over(locked, transition, today)
        if name == "appraise":
            extra = _appraise(actor, locked, today)
        if transition.target in (DossierState.REVIEWING, DossierState.REFUSED, DossierState.CANCELLED):
            _drop_draft(locked)
        due = locked.due_on if transition.keeps_due else due_date(transition.next_deadline, today)
        _record_step(actor, locked, transition, reason, due, extra)
    return locked


# --- Proposals (tờ trình) ---------------------------------------------------------------------------


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
        user = _office_of(actor)
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
            _record_step(actor, dossier, transition, "", due, {"proposal": number})
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
        raise _state_error(dossier, transition)
    _check_maker_checker(actor, dossier, transition)
    _check_posting_over(dossier, transition, today)
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
        month = _calculation_month(dossier, today).first_day
        province = dossier.province_code or dossier.person.province_code
        amount = _monthly_amount(dossier.category_code, coefficient, month, province) or None
    return {"category_code": dossier.category_code, "coefficient": coefficient, "amount": amount}


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


def _check_posting_over(dossier: Dossier, transition: Transition, today: date) -> None:
    blocker = selectors.proposal_blocker(dossier, today)
    if blocker:
        raise ValidationError(f"{blocker} Chưa làm được bước “{transition.label}”. {NOTHING_CHANGED}")


def _drop_draft(dossier: Dossier) -> None:
    """A returned, refused or cancelled dossier leaves its draft decision (deleted when empty)."""
    if dossier.decision_id is None:
        return
    decision = Decision.objects.select_for_update().get(pk=dossier.decision_id)
    if decision.status != DecisionStatus.DRAFT:
        return
    dossier.decision = None
    dossier.save(update_fields=["decision", "updated_at"])
    if not decision.dossiers.exists():
        decision.delete()


# --- Appraisal: the calculator's result and the draft decision -----------------------------------


def _calculation_month(dossier: Dossier, today: date) -> YearMonth:
    return YearMonth.of(dossier.proposed_month or dossier.ground_date or today)


def calculate(dossier: Dossier, today: date | None = None) -> dict[str, Any]:
    """What the calculator says for the dossier's person and month (grants, adjustments and
    moves in): the categories met, the lines, the amount and the explanation (Vietnamese)."""
    today = today or timezone.localdate()
    month = _calculation_month(dossier, today)
    loader = RuleBookLoader()
    inputs = selectors.calculator_input(dossier.person, month, dossier.declaration)
    facts = inputs.data
    output, assessment = assess_input(facts, loader)
    result: dict[str, Any] = {
        "month": str(month),
        "facts": {k: v for k, v in facts.items() if k != "hiv"},
        "declared_fields": sorted(inputs.declared),
    }
    if assessment is None:
        result.update(error=output.get("error", ""), explanation=[], qualifies=False)
        return result
    suggestion = intake.suggest(
        dossier.person,
        month,
        dossier.declaration,
        category_code=dossier.category_code,
        form_code=dossier.form_code,
        loader=loader,
    )
    line = next((line for line in assessment.lines if line.code == dossier.category_code), None)
    qualifies, coefficient, category_amount = line is not None, line.coefficient if line else None, None
    if line is not None:
        category_amount = line.amount
    elif pension.is_social_pension(dossier.category_code) and suggestion.category == dossier.category_code:
        # The social pension: one dated amount (coefficient 1), conditions of rules/conditions.py.
        qualifies, coefficient, category_amount = True, Decimal(1), suggestion.amount
    result.update(
        standard_rate=assessment.standard_rate,
        amount=assessment.amount,
        lines=output["lines"],
        qualifying=list(assessment.qualifying),
        explanation=list(assessment.explanation),
        qualifies=qualifies,
        coefficient=str(coefficient) if coefficient is not None else None,
        category_amount=category_amount,
        suggestion=suggestion.as_dict(),
        declared=list(suggestion.declared),
        missing=list(suggestion.missing),
    )
    return result


def _appraise(actor: Actor, dossier: Dossier, today: date) -> dict[str, Any]:
    """Save the calculation and draft the decision (numbered and applied when signed)."""
    calculation: dict[str, Any] = {}
    if dossier.kind in (DossierKind.GRANT, DossierKind.ADJUST) or dossier.ground == "from_other_district":
        calculation = calculate(dossier, today)
        coefficient = dossier.coefficient or (
            Decimal(calculation["coefficient"]) if calculation.get("coefficient") else None
        )
        if coefficient is None:
            missing = " ".join(calculation.get("missing", []))
            raise ValidationError(
                {
                    "coefficient": (
                        f"Theo máy tính, người này chưa đủ điều kiện diện {dossier.category_code} trong tháng "
                        f"{YearMonth.parse(calculation['month']).display()}: hãy trả lại xã nêu lý do, hoặc ghi hệ số "
                        "đề nghị nếu thông tin trong sổ chưa đủ." + (f" {missing}" if missing else "")
                    )
                }
            )
        calculation["decided_coefficient"] = coefficient_text(coefficient)
        if not calculation.get("qualifies"):
            calculation.setdefault("warnings", []).append(
                f"Máy tính không xác nhận diện {dossier.category_code}; hệ số {format_coefficient(coefficient)} do "
                "người thẩm định ghi."
            )
    planned = effective_for(dossier, today)
    calculation["effective_month"] = planned.month.isoformat()
    calculation["effective_explanation"] = planned.explanation
    if dossier.kind in ONE_OFF_AMOUNTS:
        amount, explanation = ONE_OFF_AMOUNTS[DossierKind(dossier.kind)](dossier)
        calculation.update(amount=amount, explanation=explanation)
    dossier.calculation = calculation
    draft = Decision.objects.create(
        kind=DecisionKind(dossier.kind).value,
        number="",
        status=DecisionStatus.DRAFT,
        issued_on=today,
        effective_month=planned.month,
        title=PENSION_TITLE if pension.is_social_pension(dossier.category_code) else decision_title(dossier.kind),
        legal_basis=PENSION_BASIS
        if pension.is_social_pension(dossier.category_code)
        else legal_basis_for(dossier.kind),
        commune_id=dossier.commune_id,
        province_code=dossier.province_code or dossier.person.province_code,
        created_by_id=actor.pk,
    )
    dossier.decision = draft
    dossier.save(update_fields=["calculation", "decision", "updated_at"])
    return {"decision_draft": draft.pk, "effective_month": planned.month.isoformat()}


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


def _declared_date(dossier: Dossier, key: str) -> date | None:
    value = (dossier.declaration or {}).get(key)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


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
        suspension = _open_suspension(dossier)
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


def _open_suspension(dossier: Dossier) -> Suspension | None:
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
    suspension = _open_suspension(dossier)
    return suspension is not None and suspension.reason in ARREARS_BY_DEFAULT


def _social_pension_recipient(person: Person, died: date) -> bool:
    """Paid the social pension, and no monthly allowance of NĐ 20/2021, in the month of the death."""
    codes = set(
        selectors.payable_entitlements(YearMonth.of(died)).filter(person=person).values_list("category_code", flat=True)
    )
    return bool(codes) and all(pension.is_social_pension(code) for code in codes)


def funeral_amount(dossier: Dossier) -> tuple[int, list[str]]:
    """NĐ 20/2021 Art 11(2): at least 20 × the standard rate (the multiple is a dated parameter),
    at the rate in force on the day of death."""
    person = dossier.person
    died = person.death_date or _declared_date(dossier, "death_date") or timezone.localdate()
    # A social-pension recipient (Mẫu số 02, procedure 1.014028): the pension's own dated multiple
    # (`social_pension.funeral_multiple`, 20 × the standard rate, unconfirmed; domain.md §5).
    pensioner = _social_pension_recipient(person, died)
    multiple = parameter_on(pension.FUNERAL_MULTIPLE_KEY if pensioner else FUNERAL_MULTIPLE, died)
    if multiple is None:
        raise ValidationError("Chưa có tham số hỗ trợ mai táng (lần mức chuẩn) cho ngày này.")
    rate = selectors.standard_rate(YearMonth.of(died), person.province_code)
    if rate.value == 0:
        raise ValidationError(rate.explanation)
    amount = round_dong(Decimal(rate.value) * multiple.value)
    return amount, [
        f"Người chết ngày {died:%d/%m/%Y}. {rate.explanation}",
        f"Hỗ trợ chi phí mai táng: {format_coefficient(multiple.value)} × {format_money(rate.value)} = "
        f"{format_money(amount)} ({multiple.basis if pensioner else 'NĐ 20/2021/NĐ-CP, Điều 11'}).",
    ]


def cremation_amount(dossier: Dossier) -> tuple[int, list[str]]:
    """NQ 17/2019/NQ-HĐND Bắc Giang: the amount per case in force on the day of death for the deceased's
    province (a dated parameter, unconfirmed: the explanation says "chưa xác nhận")."""
    person = dossier.person
    died = person.death_date or _declared_date(dossier, "death_date") or timezone.localdate()
    parameter = one_off.cremation_parameter(person.province_code, died)
    if parameter is None:
        raise ValidationError("Chưa có mức hỗ trợ hỏa táng của tỉnh cho ngày này.")
    amount = int(parameter.value)
    unconfirmed = " — mức chưa xác nhận" if parameter.confidence != "confirmed" else ""
    return amount, [
        f"Người chết ngày {died:%d/%m/%Y}.",
        f"Hỗ trợ chi phí hỏa táng: {format_money(amount)} ({parameter.source.short_name}){unconfirmed}.",
    ]


ONE_OFF_AMOUNTS = {DossierKind.FUNERAL: funeral_amount, DossierKind.CREMATION: cremation_amount}


# --- Decisions: numbering, signing, applying -----------------------------------------------------


def next_document_number(office_id: int, year: int, series: str) -> tuple[int, str]:
    """The next number of an office's documents of one kind in a year ("15/QĐ-UBND", "4/TTr-UBND");
    call inside a transaction: the sequence row is locked until it ends, so two signatures never
    share a number."""
    if not DecisionSequence.objects.filter(office_id=office_id, year=year, series=series).exists():
        try:
            with transaction.atomic():  # a savepoint: a concurrent first number of the year may win
                DecisionSequence.objects.create(office_id=office_id, year=year, series=series)
        except IntegrityError:
            pass
    sequence = DecisionSequence.objects.select_for_update().get(office_id=office_id, year=year, series=series)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, f"{sequence.last_number}/{series}-UBND"


def next_decision_number(office_id: int, year: int) -> tuple[int, str]:
    return next_document_number(office_id, year, DocumentSeries.DECISION)


def _office_of(actor: Actor) -> User:
    return User.objects.select_related("office").get(pk=actor.pk)


def decision_sign(*, actor: Actor, decision: Decision) -> Decision:
    """The chair signs a draft decision: it gets its number, and every dossier on it is decided
    and applied (entitlements created, changed or ended; funeral support recorded)."""
    return _sign(actor=actor, decision=decision, only=None)


def _sign(*, actor: Actor, decision: Decision, only: Dossier | None) -> Decision:
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
                raise _state_error(dossier, transition)
            _check_maker_checker(actor, dossier, transition)
        user = _office_of(actor)
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
            _record_step(actor, dossier, transition, "", None, {"decision": number, "line": line.pk})
        record_event(
            actor=actor,
            action="cases.decision_sign",
            obj=locked,
            after={"number": number, "sequence": sequence, "dossiers": [d.pk for d in dossiers]},
            territory_id=locked.commune_id,
        )
    return locked


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
        amount = _monthly_amount(result.category_code, result.coefficient, month.month, dossier.person.province_code)
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


def _monthly_amount(category_code: str, coefficient: Decimal | None, month: date, province: str) -> int:
    if coefficient is None:
        return 0
    if pension.is_social_pension(category_code):  # a dated amount, not the standard rate (rules/pension.py)
        rate = selectors.social_pension(YearMonth.of(month), province)
    else:
        rate = selectors.standard_rate(YearMonth.of(month), province)
    return round_dong(Decimal(rate.value) * coefficient)


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


# --- Batch decisions --------------------------------------------------------------------------------


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
        return _sign(actor=actor, decision=batch, only=None)


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


decision_scan_attach = decision_attach_scan


# --- Public posting and complaints ---------------------------------------------------------------


def received_on(dossier: Dossier) -> date:
    """The day the commune received the dossier (its last "Tiếp nhận" step; its opening if none)."""
    received = (
        DossierStep.objects.filter(dossier=dossier, transition="submit")
        .order_by("-made_at")
        .values_list("made_at", flat=True)
    ).first()
    return timezone.localdate(received or dossier.created_at)


def _check_posting_start(dossiers: list[Dossier], start: date, today: date, reason: str) -> None:
    """A posting starts today, or on an earlier day given with the reason (the list was put up
    before it was entered), never before the receipt of any of its dossiers."""
    if start > today:
        raise ValidationError({"starts_on": "Ngày bắt đầu niêm yết không được ở tương lai."})
    if start == today:
        return
    if not reason.strip():
        raise ValidationError(
            {"start_reason": "Ngày bắt đầu niêm yết đã qua: hãy ghi lý do (ví dụ đã dán danh sách từ ngày đó)."}
        )
    for dossier in dossiers:
        received = received_on(dossier)
        if start < received:
            raise ValidationError(
                {
                    "starts_on": f"Hồ sơ số {dossier.pk} tiếp nhận ngày {received:%d/%m/%Y}: "
                    f"không niêm yết từ ngày {start:%d/%m/%Y} được. {NOTHING_CHANGED}"
                }
            )


def posting_open(
    *, actor: Actor, dossiers: list[Dossier], starts_on: date | None = None, title: str = "", start_reason: str = ""
) -> Posting:
    """List the commune's reviewed grant dossiers for public posting (NĐ 20/2021 Art 8(1)(b)):
    the posting runs 2 working days from its real start; the dossiers move to "posted". A start in
    the past needs its reason and cannot precede the receipt of a dossier."""
    require(dossier_policy.can_post(actor))
    if not dossiers:
        raise ValidationError({"dossiers": "Hãy chọn hồ sơ cần niêm yết."})
    communes = {dossier.commune_id for dossier in dossiers}
    if len(communes) != 1:
        raise ValidationError({"dossiers": "Mỗi danh sách niêm yết chỉ gồm hồ sơ của một xã."})
    commune_id = communes.pop()
    require(posting_policy.can_create_in(actor, commune_id))
    today = timezone.localdate()
    start = starts_on or today
    _check_posting_start(dossiers, start, today, start_reason)
    ends_on = due_date(PUBLIC_POSTING, start)
    if ends_on is None:
        raise ValidationError("Chưa có tham số thời gian niêm yết.")
    with transaction.atomic():
        locked = list(Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in dossiers]).order_by("pk"))
        for dossier in locked:
            transition = transition_named(flow_named(dossier.flow), "post", dossier.state)
            if transition is None or dossier.state != transition.source:
                raise ValidationError(
                    {
                        "dossiers": f"Hồ sơ số {dossier.pk} đang ở bước “{dossier.get_state_display()}”: "
                        f"không niêm yết được. {NOTHING_CHANGED}"
                    }
                )
            if not may_make(actor, dossier, transition):
                raise PermissionDenied(NOT_ALLOWED)
        number = Posting.objects.filter(commune_id=commune_id, starts_on__year=start.year).count() + 1
        posting = Posting.objects.create(
            commune_id=commune_id,
            number=number,
            title=title.strip() or f"Danh sách đối tượng đề nghị hưởng trợ giúp xã hội (đợt {number}/{start.year})",
            starts_on=start,
            ends_on=ends_on,
            created_by_id=actor.pk,
        )
        proposal_due = due_date(COMMUNE_PROPOSAL, ends_on)
        for dossier in locked:
            PostingEntry.objects.create(posting=posting, dossier=dossier)
            transition = transition_named(flow_named(dossier.flow), "post", dossier.state)
            assert transition is not None
            _record_step(actor, dossier, transition, start_reason.strip(), proposal_due, {"posting": posting.pk})
        record_event(
            actor=actor,
            action="cases.posting_open",
            obj=posting,
            after={
                "starts_on": start.isoformat(),
                "ends_on": ends_on.isoformat(),
                "dossiers": [d.pk for d in locked],
                **({"start_reason": start_reason.strip()} if start_reason.strip() else {}),
            },
            territory_id=commune_id,
        )
    return posting


def posting_close(*, actor: Actor, posting: Posting) -> Posting:
    """Record the end of the posting (from its last day on)."""
    require(posting_policy.can_close(actor, posting))
    today = timezone.localdate()
    with transaction.atomic():
        locked = Posting.objects.select_for_update().get(pk=posting.pk)
        if locked.closed_at is not None:
            raise ValidationError(f"Đã ghi nhận kết thúc niêm yết. {NOTHING_CHANGED}")
        if today < locked.ends_on:
            raise ValidationError(f"Niêm yết đủ 2 ngày làm việc, đến hết ngày {locked.ends_on:%d/%m/%Y}.")
        locked.closed_at, locked.closed_by_id = timezone.now(), actor.pk
        locked.save(update_fields=["closed_at", "closed_by"])
        record_event(actor=actor, action="cases.posting_close", obj=locked, territory_id=locked.commune_id)
    return locked


def complaint_record(*, actor: Actor, dossier: Dossier, received_on: date, complainant: str, content: str) -> Complaint:
    """A complaint or question about a posted dossier: to be answered within 10 working days
    (NĐ 20/2021 Art 8(1)(b)); the commune cannot propose until it is resolved."""
    require(posting_policy.can_record_complaint(actor, dossier))
    errors: dict[str, str] = {}
    if not complainant.strip():
        errors["complainant"] = "Hãy ghi người khiếu nại, thắc mắc."
    if not content.strip():
        errors["content"] = "Hãy ghi nội dung."
    if received_on > timezone.localdate():
        errors["received_on"] = "Ngày nhận không được ở tương lai."
    if errors:
        raise ValidationError(errors)
    due_on = due_date(COMPLAINT_ANSWER, received_on)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state not in ACTIVE_STATES:
            raise ValidationError(f"Hồ sơ đã kết thúc ({locked.get_state_display().lower()}). {NOTHING_CHANGED}")
        complaint = Complaint.objects.create(
            dossier=locked,
            posting=selectors.latest_posting(locked),
            received_on=received_on,
            complainant=complainant.strip(),
            content=content.strip(),
            due_on=due_on or received_on,
            recorded_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="cases.complaint_record",
            obj=locked,
            after={"complaint": complaint.pk, "due_on": complaint.due_on.isoformat()},
            territory_id=locked.commune_id,
        )
    return complaint


def complaint_resolve(
    *, actor: Actor, complaint: Complaint, resolution: str, resolved_on: date | None = None
) -> Complaint:
    require(posting_policy.can_record_complaint(actor, complaint.dossier))
    if not resolution.strip():
        raise ValidationError({"resolution": "Hãy ghi kết quả giải quyết."})
    day = resolved_on or timezone.localdate()
    if day < complaint.received_on:
        raise ValidationError({"resolved_on": "Ngày trả lời không được trước ngày nhận."})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.resolved_on is not None:
            raise ValidationError(f"Khiếu nại này đã được giải quyết. {NOTHING_CHANGED}")
        locked.resolution, locked.resolved_on, locked.resolved_by_id = resolution.strip(), day, actor.pk
        locked.save(update_fields=["resolution", "resolved_on", "resolved_by"])
        record_event(
            actor=actor,
            action="cases.complaint_resolve",
            obj=locked.dossier,
            after={"complaint": locked.pk, "resolved_on": day.isoformat()},
            reason=locked.resolution,
            territory_id=locked.dossier.commune_id,
        )
    return locked


# --- One-step reports: death, missing, move --------------------------------------------------------


def report_death(
    *, actor: Actor, person: Person, died_on: date, source: str, status: str = LifeStatus.DEAD
) -> Dossier | None:
    """A commune officer reports a death (or a court's missing declaration) in one short form: the
    register records it (registry.death_record), payment stops from the month after
    (selectors.stop_month_for) and the stop dossier is opened with that month; other open
    dossiers of the person are cancelled. Returns the stop dossier (None without entitlements)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    with transaction.atomic():
        recorded = death_record(actor=actor, person=person, died_on=died_on, source=source, status=status)
        ground = "death" if status == LifeStatus.DEAD else "missing"
        _cancel_open_dossiers(
            actor, recorded, f"Đối tượng {'đã chết' if ground == 'death' else 'bị tuyên bố mất tích'}."
        )
        if not selectors.open_entitlements(recorded).exists():
            return None
        stop = effective.stop_month(event_on=died_on, ground=ground)
        return _create_dossier(
            actor=actor,
            person=recorded,
            kind=DossierKind.STOP,
            category_code="",
            form_code="",
            declaration={},
            ground=ground,
            ground_date=died_on,
            proposed_month=stop.month,
            entitlement=None,
            target_commune=None,
            external_place="",
            coefficient=None,
            commune_id=recorded.commune_id,
        )


def _cancel_open_dossiers(actor: Actor, person: Person, reason: str) -> None:
    for dossier in (
        Dossier.objects.select_for_update()
        .filter(person=person, state__in=ACTIVE_STATES)
        .exclude(kind__in=[DossierKind.STOP, DossierKind.FUNERAL, DossierKind.CREMATION])
    ):
        _drop_draft(dossier)
        cancel = Transition(
            "cancel", "Hủy hồ sơ", DossierState(dossier.state), DossierState.CANCELLED, frozenset(), frozenset(), None
        )
        _record_step(actor, dossier, cancel, reason, None)


def report_move(
    *,
    actor: Actor,
    person: Person,
    moved_on: date,
    target_commune: AdministrativeUnit | None = None,
    external_place: str = "",
    source: str = "",
) -> Dossier | None:
    """A move reported in one short form. Within the district: the register records the new
    residence and the move dossier goes to the new commune (payment continues there from the
    month after the move). Out of the district: the move-away (stop) dossier is opened at the old
    commune. Returns the dossier (None when the person has no entitlement)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if target_commune is None and not external_place.strip():
        raise ValidationError({"target_commune": "Hãy chọn xã chuyển đến, hoặc ghi nơi chuyển đến ngoài huyện."})
    if moved_on > timezone.localdate():
        raise ValidationError({"moved_on": "Ngày chuyển không được ở tương lai."})
    if target_commune is not None:
        if target_commune.pk == person.commune_id:
            raise ValidationError({"target_commune": "Xã chuyển đến trùng xã đang ở."})
        if actor.scope_unit_id is None or not _same_district(person.commune_id, target_commune.pk):
            raise ValidationError(
                {"target_commune": "Xã chuyển đến phải trong cùng huyện; ngoài huyện hãy ghi nơi đến."}
            )
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.life_status != LifeStatus.ALIVE:
            raise ValidationError({"person": f"{locked.full_name} đã {locked.get_life_status_display().lower()}."})
        has_entitlements = selectors.open_entitlements(locked).exists()
        if target_commune is not None:
            residence_move(
                actor=actor, person=locked, commune=target_commune, village=None, moved_on=moved_on,
                source=source.strip() or "Báo chuyển nơi ở",
            )  # fmt: skip
            locked.refresh_from_db()
            ground, commune_id = "within_district", target_commune.pk
        else:
            ground, commune_id = "to_other_district", locked.commune_id
        if not has_entitlements:
            return None
        if (duplicate := _open_duplicate(locked, DossierKind.MOVE)) is not None:
            raise ValidationError(f"Đã có hồ sơ chuyển nơi hưởng số {duplicate.pk} đang xử lý.")
        month = (
            effective.move_within_month(moved_on=moved_on)
            if ground == "within_district"
            else effective.stop_month(event_on=moved_on, ground=ground)
        )
        return _create_dossier(
            actor=actor,
            person=locked,
            kind=DossierKind.MOVE,
            category_code="",
            form_code="",
            declaration={},
            ground=ground,
            ground_date=moved_on,
            proposed_month=month.month,
            entitlement=None,
            target_commune=target_commune,
            external_place=external_place,
            coefficient=None,
            commune_id=commune_id,
        )


def _same_district(commune_id: int, other_id: int) -> bool:
    parent = AdministrativeUnit.objects.filter(pk=commune_id).values_list("parent_id", flat=True).first()
    return parent is not None and unit_covers(parent, other_id)


__all__ = [
    "attachment_remove",
    "complaint_record",
    "complaint_resolve",
    "decide_batch",
    "decision_attach_scan",
    "decision_batch_draft",
    "decision_sign",
    "dossier_attach",
    "dossier_declare",
    "dossier_open",
    "dossier_transition",
    "due_date",
    "posting_close",
    "posting_open",
    "proposal_sign",
    "report_death",
    "report_move",
]
