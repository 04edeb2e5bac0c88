from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor, require
from ansinh.workdays.models import CalendarDay, DayKind
from ansinh.workdays.policies import calendar_policy

FIELDS = ["day", "kind", "name", "source"]


def calendar_day_save(*, actor: Actor, day: date, kind: str, name: str, source: str) -> CalendarDay:
    """Add a day off or a weekend day worked, or change the one recorded for that date."""
    require(calendar_policy.can_edit(actor))
    if kind == DayKind.DAY_OFF and day.weekday() >= 5:
        raise ValidationError({"day": "Ngày này đã là thứ Bảy hoặc Chủ nhật; nghỉ bù ghi vào ngày làm việc kế tiếp."})
    if kind == DayKind.WORKING_SATURDAY and day.weekday() < 5:
        raise ValidationError({"day": "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."})
    if not name.strip():
        raise ValidationError({"name": "Hãy ghi tên ngày nghỉ hoặc lý do làm bù."})
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().filter(day=day).first()
        before = snapshot(existing, FIELDS) if existing else None
        target = existing or CalendarDay(day=day)
        target.kind, target.name, target.source = kind, name.strip(), source.strip()
        target.save()
        record_event(
            actor=actor, action="workdays.calendar_day_save", obj=target, before=before, after=snapshot(target, FIELDS)
        )
    return target


def calendar_day_delete(*, actor: Actor, calendar_day: CalendarDay, reason: str) -> None:
    require(calendar_policy.can_edit(actor))
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do xóa."})
    with transaction.atomic():
        record_event(
            actor=actor,
            action="workdays.calendar_day_delete",
            obj=calendar_day,
            before=snapshot(calendar_day, FIELDS),
            reason=reason.strip(),
        )
        calendar_day.delete()
