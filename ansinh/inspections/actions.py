"""Writes of inspections (issue 20). Keyword-only, one transaction, one audit event each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.accounts.models import Office
from ansinh.audit.events import record_event
from ansinh.core.access import Actor, OfficeKind, require
from ansinh.core.uploads import SCAN, checked_upload
from ansinh.inspections.models import (
    AnswerResult,
    ChecklistAnswer,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    Recommendation,
    RecommendationStatus,
    RiskFactor,
)
from ansinh.inspections.policies import inspection_policy, planning_office_kind
from ansinh.inspections.risk import ranking
from ansinh.inspections.selectors import plannable_communes
from ansinh.territory.models import AdministrativeUnit


@dataclass(frozen=True)
class Choice:
    commune_id: int
    reason: str
    starts_on: date | None
    ends_on: date | None
    team: str


def plan_create(
    *,
    actor: Actor,
    title: str,
    period_from: date,
    period_to: date,
    as_of: date,
    choices: list[Choice],
) -> InspectionPlan:
    """A plan: the communes chosen from the ranking as of `as_of`, each with why, its dates and team.
    The ranking (every factor's value, weight and contribution) is stored on each inspection."""
    require(inspection_policy.is_planner(actor))
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors.setdefault("title", []).append("Hãy đặt tên kế hoạch.")
    if period_to < period_from:
        errors.setdefault("period_to", []).append("Ngày kết thúc phải sau ngày bắt đầu.")
    if not inspection_policy.can_plan_on(actor, period_from):
        errors.setdefault("period_from", []).append(
            "Kế hoạch bắt đầu từ 01/07/2025 do Sở (cơ quan quản lý cấp tỉnh) lập."
            if planning_office_kind(period_from) == OfficeKind.PROVINCE
            else "Kế hoạch bắt đầu trước 01/07/2025 do Phòng LĐ-TB&XH huyện lập."
        )
    communes = {c.pk: c for c in plannable_communes(actor, as_of)}
    if not choices:
        errors.setdefault("__all__", []).append("Hãy chọn ít nhất một xã để kiểm tra.")
    for choice in choices:
        commune = communes.get(choice.commune_id)
        prefix = commune.name if commune else f"Xã #{choice.commune_id}"
        if commune is None:
            errors.setdefault("__all__", []).append(f"{prefix}: không thuộc địa bàn của bạn.")
            continue
        if not choice.reason.strip():
            errors.setdefault("__all__", []).append(f"{prefix}: hãy ghi lý do chọn xã này.")
        if choice.starts_on is None or choice.ends_on is None:
            errors.setdefault("__all__", []).append(f"{prefix}: hãy ghi ngày kiểm tra.")
        elif not (period_from <= choice.starts_on <= choice.ends_on <= period_to):
            errors.setdefault("__all__", []).append(f"{prefix}: ngày kiểm tra phải nằm trong thời gian của kế hoạch.")
        if not choice.team.strip():
            errors.setdefault("__all__", []).append(f"{prefix}: hãy ghi thành phần đoàn kiểm tra.")
    if errors:
        raise ValidationError(errors)
    ranked = {row.commune_id: row for row in ranking(list(communes.values()), as_of)}
    office = Office.objects.get(pk=getattr(actor, "office_id", 0))
    territory_id = actor.scope_unit_id
    assert territory_id is not None  # a planner has a territory (policy)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            title=title.strip(),
            office=office,
            territory_id=territory_id,
            period_from=period_from,
            period_to=period_to,
            as_of=as_of,
            created_by_id=actor.pk,
        )
        for choice in choices:
            row = ranked[choice.commune_id]
            assert choice.starts_on is not None and choice.ends_on is not None
            Inspection.objects.create(
                kind=InspectionKind.EXTERNAL,
                plan=plan,
                commune_id=choice.commune_id,
                reason=choice.reason.strip(),
                rank=row.rank,
                score=row.score,
                factors=row.as_json(),
                starts_on=choice.starts_on,
                ends_on=choice.ends_on,
                team=choice.team.strip(),
                created_by_id=actor.pk,
            )
        record_event(
            actor=actor,
            action="inspections.plan_create",
            obj=plan,
            after={
                "communes": [
                    {"commune": c.commune_id, "rank": ranked[c.commune_id].rank, "reason": c.reason} for c in choices
                ],
                "as_of": as_of.isoformat(),
            },
            territory_id=actor.scope_unit_id,
        )
    return plan


def self_inspection_start(*, actor: Actor, commune: AdministrativeUnit, year: int, half: int) -> Inspection:
    """The commune's self-inspection of one half-year (same checklist as the office's)."""
    require(inspection_policy.is_commune_keeper(actor, commune.pk))
    if half not in (1, 2):
        raise ValidationError({"half": "Chọn 6 tháng đầu năm hoặc 6 tháng cuối năm."})
    if Inspection.objects.filter(kind=InspectionKind.SELF, commune=commune, year=year, half=half).exists():
        raise ValidationError({"half": f"Xã đã tự kiểm tra 6 tháng {half}/{year}."})
    starts_on = date(year, 1 if half == 1 else 7, 1)
    ends_on = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    try:
        with transaction.atomic():
            inspection = Inspection.objects.create(
                kind=InspectionKind.SELF,
                commune=commune,
                year=year,
                half=half,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by_id=actor.pk,
            )
            record_event(
                actor=actor,
                action="inspections.self_start",
                obj=inspection,
                after={"year": year, "half": half},
                territory_id=commune.pk,
            )
    except IntegrityError as error:  # a concurrent double submit
        raise ValidationError({"half": f"Xã đã tự kiểm tra 6 tháng {half}/{year}."}) from error
    return inspection


def checklist_save(*, actor: Actor, inspection: Inspection, answers: dict[int, tuple[str, str]]) -> int:
    """Record the result of the items answered (replacing earlier answers); returns how many changed."""
    require(inspection_policy.can_conduct(actor, inspection))
    known = set(ChecklistItem.objects.values_list("pk", flat=True))
    for item_id, (result, note) in answers.items():
        if item_id not in known or result not in AnswerResult.values:
            raise ValidationError({"__all__": f"Kết quả không hợp lệ ở mục #{item_id}."})
        if len(note) > 500:
            raise ValidationError({"__all__": f"Quá dài: tối đa 500 ký tự (đang có {len(note)})."})
    with transaction.atomic():
        existing = {a.item_id: a for a in inspection.answers.select_for_update()}
        changed = 0
        for item_id, (result, note) in answers.items():
            answer = existing.get(item_id)
            if answer is None:
                ChecklistAnswer.objects.create(inspection=inspection, item_id=item_id, result=result, note=note.strip())
                changed += 1
            elif (answer.result, answer.note) != (result, note.strip()):
                answer.result, answer.note = result, note.strip()
                answer.save(update_fields=["result", "note"])
                changed += 1
        if changed:
            record_event(
                actor=actor,
                action="inspections.checklist_save",
                obj=inspection,
                after={"changed": changed},
                territory_id=inspection.commune_id,
            )
    return changed


def finding_add(
    *,
    actor: Actor,
    inspection: Inspection,
    text: str,
    item: ChecklistItem | None = None,
    evidence: File[Any] | None = None,
) -> Finding:
    require(inspection_policy.can_conduct(actor, inspection))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Hãy ghi nội dung phát hiện."})
    checked = checked_upload(evidence, SCAN, field="evidence") if evidence else None
    with transaction.atomic():
        finding = Finding(inspection=inspection, item=item, text=text, created_by_id=actor.pk)
        if checked is not None:
            finding.evidence.save(checked.name, checked, save=False)
        finding.save()
        record_event(
            actor=actor,
            action="inspections.finding_add",
            obj=finding,
            after={"inspection": inspection.pk, "evidence": bool(checked)},
            territory_id=inspection.commune_id,
        )
    return finding


def recommendation_add(*, actor: Actor, finding: Finding, text: str, owner: str, due_on: date | None) -> Recommendation:
    require(inspection_policy.can_conduct(actor, finding.inspection))
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Hãy ghi nội dung kiến nghị."
    if not (owner or "").strip():
        errors["owner"] = "Hãy ghi người, bộ phận thực hiện."
    if due_on is None:
        errors["due_on"] = "Hãy ghi hạn khắc phục."
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            finding=finding,
            commune_id=finding.inspection.commune_id,
            text=text.strip(),
            owner=owner.strip(),
            due_on=due_on,
        )
        record_event(
            actor=actor,
            action="inspections.recommendation_add",
            obj=recommendation,
            after={"owner": recommendation.owner, "due_on": due_on.isoformat()},
            territory_id=recommendation.commune_id,
        )
    return recommendation


def recommendation_close(*, actor: Actor, recommendation: Recommendation, note: str) -> Recommendation:
    require(inspection_policy.can_close(actor, recommendation))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Hãy ghi kết quả khắc phục."})
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        require(inspection_policy.can_close(actor, locked))
        locked.status, locked.closing_note = RecommendationStatus.CLOSED, note
        locked.closed_at, locked.closed_by_id = timezone.now(), actor.pk
        locked.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
        record_event(
            actor=actor,
            action="inspections.recommendation_close",
            obj=locked,
            before={"status": RecommendationStatus.OPEN},
            after={"status": RecommendationStatus.CLOSED},
            reason=note,
            territory_id=locked.commune_id,
        )
    return locked


def inspection_finish(*, actor: Actor, inspection: Inspection, done_on: date | None = None) -> Inspection:
    require(inspection_policy.can_conduct(actor, inspection))
    done_on = done_on or timezone.localdate()
    if done_on < inspection.starts_on:
        raise ValidationError({"done_on": "Ngày kết thúc không thể trước ngày bắt đầu kiểm tra."})
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        require(inspection_policy.can_conduct(actor, locked))
        locked.status, locked.done_on = InspectionStatus.DONE, done_on
        locked.save(update_fields=["status", "done_on"])
        record_event(
            actor=actor,
            action="inspections.finish",
            obj=locked,
            after={"done_on": done_on.isoformat()},
            territory_id=locked.commune_id,
        )
    return locked


def risk_weight_change(
    *, actor: Actor, factor: RiskFactor, weight: Decimal | None, cap: int | None, reason: str
) -> RiskFactor:
    """The supervising office in charge today changes a factor's weight or cap, with a reason (a project choice,
    not law). Past plans keep the weights they were built with (each inspection stores its factors)."""
    require(inspection_policy.can_plan_on(actor, timezone.localdate()))
    reason = " ".join(reason.split())
    errors: dict[str, str] = {}
    if weight is None:
        errors["weight"] = "Nhập trọng số (từ 0 đến 100)."
    elif not Decimal(0) <= weight <= Decimal(100):
        errors["weight"] = "Trọng số phải từ 0 đến 100."
    if cap is not None and cap < 1:
        errors["cap"] = "Giá trị tối đa phải từ 1 trở lên (để trống nếu không giới hạn)."
    if not reason:
        errors["reason"] = "Nêu lý do thay đổi trọng số."
    elif len(reason) > 500:
        errors["reason"] = f"Quá dài: tối đa 500 ký tự (đang có {len(reason)})."
    if not errors and (factor.weight, factor.cap) == (weight, cap):
        errors["weight"] = "Chưa có gì thay đổi."
    if errors:
        raise ValidationError(errors)
    assert weight is not None
    with transaction.atomic():
        locked = RiskFactor.objects.select_for_update().get(pk=factor.pk)
        before = {"weight": str(locked.weight), "cap": locked.cap}
        locked.weight, locked.cap = weight, cap
        locked.save(update_fields=["weight", "cap"])
        record_event(
            actor=actor,
            action="inspections.risk_weight_change",
            obj=locked,
            before=before,
            after={"weight": str(weight), "cap": cap},
            reason=reason,
            territory_id=actor.scope_unit_id,
        )
    return locked
