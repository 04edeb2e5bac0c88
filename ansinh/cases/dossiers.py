"""Opening and filling a dossier: a grant (forms 1a–1đ, 2a, 2b, 03), an adjustment, a suspension, a
resumption, a stop, a move, funeral or cremation support; its declaration and its documents. Each action
checks who acts (403 before any validation), validates with Vietnamese messages keyed by field, writes in
one transaction under row locks and records an audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases import checklists, declarations, effective, one_off, selectors
from ansinh.cases.amounts import social_pension_recipient
from ansinh.cases.models import (
    MOVE_GROUNDS,
    STOP_GROUNDS,
    SUSPEND_GROUNDS,
    Dossier,
    DossierAttachment,
    DossierGround,
    DossierKind,
    Entitlement,
    OneOffKind,
    OneOffSupport,
)
from ansinh.cases.policies import DossierAction, decision_flow_for, dossier_policy
from ansinh.cases.steps import NOTHING_CHANGED
from ansinh.cases.workflow import ACTIVE_STATES, DossierState, flow_name_for
from ansinh.core.access import Actor, require
from ansinh.core.uploads import SCAN, checked_upload
from ansinh.registry.models import FactKind, LifeStatus, Person, PersonFact
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.rules import pension
from ansinh.rules.selectors import category_codes
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import closed_after_change, refused_after_end

CHANGE_KINDS = frozenset({DossierKind.ADJUST, DossierKind.SUSPEND, DossierKind.RESUME})


def _default_form(kind: str, category_code: str, person: Person | None = None) -> str:
    if kind == DossierKind.GRANT:
        return declarations.form_for_category(category_code)
    if kind == DossierKind.FUNERAL:
        # Mẫu số 02 for a person paid only the social pension in the month of the death (procedure 1.014028).
        died = person.death_date if person is not None else None
        return "H02" if person is not None and died and social_pension_recipient(person, died) else "04"
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


def open_duplicate(person: Person, kind: str) -> Dossier | None:
    return Dossier.objects.filter(person=person, kind=kind, state__in=ACTIVE_STATES).first()


def create_dossier(
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
    if (duplicate := open_duplicate(person, kind)) is not None:
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
        return create_dossier(
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
