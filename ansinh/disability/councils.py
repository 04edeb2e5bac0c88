"""The commune's disability determination council (Luật NKT 51/2010 Art 16; TT 01/2019/TT-BLĐTBXH Arts 2-3):
its term, its members and their seats, replacements, training and duties."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability.action_checks import not_future, require_manage, required_text
from ansinh.disability.models import Council, CouncilMember, CouncilRole, MemberTraining
from ansinh.territory.models import AdministrativeUnit, UnitLevel


def council_create(
    *,
    actor: Actor,
    commune: AdministrativeUnit,
    term_start: date,
    term_end: date | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
) -> Council:
    """Set up (or renew for a new term) a commune's council; the open council of the previous term
    ends the day before, with its sitting members."""
    require_manage(actor, commune.pk)
    if commune.level != UnitLevel.COMMUNE:
        raise ValidationError({"commune": "Hội đồng được thành lập ở xã, thị trấn."})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."})
    with transaction.atomic():
        previous = Council.objects.select_for_update().filter(commune=commune, term_end__isnull=True).first()
        if previous is not None:
            if term_start <= previous.term_start:
                raise ValidationError(
                    {"term_start": f"Nhiệm kỳ mới phải bắt đầu sau ngày {previous.term_start:%d/%m/%Y}."}
                )
            day_before = term_start - timedelta(days=1)
            previous.term_end = day_before
            previous.save(update_fields=["term_end"])
            previous.members.filter(left_on__isnull=True).update(left_on=day_before, left_reason="Hết nhiệm kỳ")
        council = Council.objects.create(
            commune=commune,
            term_start=term_start,
            term_end=term_end,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            created_by_id=actor.pk,
        )
        record_event(
            actor=actor,
            action="disability.council_create",
            obj=council,
            after=snapshot(council, ["term_start", "term_end", "decision_number", "decision_date"]),
            territory_id=commune.pk,
        )
    return council


SINGLE_SEATS = frozenset({CouncilRole.CHAIR, CouncilRole.SECRETARY})


def member_add(
    *,
    actor: Actor,
    council: Council,
    full_name: str,
    role: str,
    joined_on: date,
    position: str = "",
    phone: str = "",
    replaces: CouncilMember | None = None,
) -> CouncilMember:
    """Add a member; when `replaces` is given that member leaves the day before (a change of
    membership keeps its history)."""
    require_manage(actor, council.commune_id)
    name = required_text(full_name, "full_name", "Hãy nhập họ và tên thành viên.")
    if role not in CouncilRole.values:
        raise ValidationError({"role": "Vai trò không hợp lệ."})
    if replaces is not None and replaces.council_id != council.pk:
        raise ValidationError({"replaces": "Thành viên được thay không thuộc Hội đồng này."})
    with transaction.atomic():
        locked = Council.objects.select_for_update().get(pk=council.pk)
        if locked.term_end is not None:
            raise ValidationError({"council": "Hội đồng đã hết nhiệm kỳ."})
        if joined_on < locked.term_start:
            raise ValidationError({"joined_on": f"Phải từ ngày {locked.term_start:%d/%m/%Y} (đầu nhiệm kỳ)."})
        if replaces is not None:
            replaced = CouncilMember.objects.select_for_update().get(pk=replaces.pk)
            if replaced.left_on is not None:
                raise ValidationError({"replaces": f"{replaced.full_name} đã thôi tham gia Hội đồng."})
            if joined_on <= replaced.joined_on:
                raise ValidationError({"joined_on": f"Phải sau ngày {replaced.joined_on:%d/%m/%Y}."})
            replaced.left_on = joined_on - timedelta(days=1)
            replaced.left_reason = f"Thay bằng {name}"
            replaced.save(update_fields=["left_on", "left_reason"])
        if role in SINGLE_SEATS and locked.members.filter(role=role, left_on__isnull=True).exists():
            raise ValidationError(
                {"role": f"Hội đồng đã có {CouncilRole(role).label.lower()}: hãy chọn người được thay."}
            )
        member = CouncilMember.objects.create(
            council=locked,
            full_name=name,
            role=role,
            position=position.strip(),
            phone=phone.strip(),
            joined_on=joined_on,
            replaces=replaces,
        )
        record_event(
            actor=actor,
            action="disability.member_add",
            obj=member,
            after={
                **snapshot(member, ["full_name", "role", "joined_on"]),
                "replaces": replaces.pk if replaces else None,
            },
            territory_id=council.commune_id,
        )
    return member


def member_leave(*, actor: Actor, member: CouncilMember, left_on: date, reason: str) -> CouncilMember:
    require_manage(actor, member.council.commune_id)
    why = required_text(reason, "reason", "Hãy ghi lý do thôi tham gia.")
    with transaction.atomic():
        locked = CouncilMember.objects.select_for_update().get(pk=member.pk)
        if locked.left_on is not None:
            raise ValidationError({"left_on": f"{locked.full_name} đã thôi tham gia từ {locked.left_on:%d/%m/%Y}."})
        if left_on < locked.joined_on:
            raise ValidationError({"left_on": f"Phải từ ngày {locked.joined_on:%d/%m/%Y}."})
        locked.left_on, locked.left_reason = left_on, why
        locked.save(update_fields=["left_on", "left_reason"])
        record_event(
            actor=actor,
            action="disability.member_leave",
            obj=locked,
            after={"left_on": left_on.isoformat()},
            reason=why,
            territory_id=member.council.commune_id,
        )
    return locked


def member_duties_set(
    *, actor: Actor, member: CouncilMember, duties: str, notice_number: str, notified_on: date
) -> CouncilMember:
    """The notice of the duties assigned to a member (who does what in the council)."""
    require_manage(actor, member.council.commune_id)
    text = required_text(duties, "duties", "Hãy ghi nhiệm vụ được phân công.")
    not_future(notified_on, "notified_on")
    with transaction.atomic():
        locked = CouncilMember.objects.select_for_update().get(pk=member.pk)
        before = snapshot(locked, ["duties", "duties_notice_number", "duties_notified_on"])
        locked.duties, locked.duties_notice_number, locked.duties_notified_on = text, notice_number.strip(), notified_on
        locked.save(update_fields=["duties", "duties_notice_number", "duties_notified_on"])
        record_event(
            actor=actor,
            action="disability.member_duties_set",
            obj=locked,
            before=before,
            after=snapshot(locked, ["duties", "duties_notice_number", "duties_notified_on"]),
            territory_id=member.council.commune_id,
        )
    return locked


def training_record(
    *, actor: Actor, member: CouncilMember, trained_on: date, material: str, organiser: str = "", note: str = ""
) -> MemberTraining:
    require_manage(actor, member.council.commune_id)
    content = required_text(material, "material", "Hãy ghi nội dung, tài liệu tập huấn.")
    not_future(trained_on, "trained_on")
    with transaction.atomic():
        training = MemberTraining.objects.create(
            member=member, trained_on=trained_on, material=content, organiser=organiser.strip(), note=note.strip()
        )
        record_event(
            actor=actor,
            action="disability.training_record",
            obj=member,
            after={"trained_on": trained_on.isoformat(), "material": content},
            territory_id=member.council.commune_id,
        )
    return training
