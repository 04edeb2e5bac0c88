from __future__ import annotations

from datetime import date

from ansinh.workdays.calendar import WorkCalendar
from ansinh.workdays.models import CalendarDay, DayKind


def work_calendar(start: date | None = None, end: date | None = None) -> WorkCalendar:
    """The calendar of days off and weekend days worked (optionally limited to a period)."""
    days = CalendarDay.objects.all()
    if start is not None:
        days = days.filter(day__gte=start)
    if end is not None:
        days = days.filter(day__lte=end)
    off: set[date] = set()
    worked: set[date] = set()
    for day, kind in days.values_list("day", "kind"):
        (off if kind == DayKind.DAY_OFF else worked).add(day)
    return WorkCalendar(days_off=frozenset(off), working_weekend_days=frozenset(worked))
