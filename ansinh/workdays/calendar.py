"""Working-day arithmetic (ngày làm việc): Monday to Friday, minus the days off, plus the
weekend days worked in exchange (domain.md §11; Labour Code 2019 Arts 111–112).

Pure functions over a `WorkCalendar` value; `selectors.work_calendar()` builds it from the
administrators' table, so deadlines follow whatever the Government announced that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    days_off: frozenset[date] = frozenset()
    working_weekend_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.days_off:
            return False
        return day.weekday() < 5 or day in self.working_weekend_days


def add_working_days(calendar: WorkCalendar, start: date, days: int) -> date:
    """The date `days` working days after `start` (the day of receipt does not count), so a
    dossier received on Friday with a 2-working-day limit is due on Tuesday."""
    if days < 0:
        raise ValueError("số ngày làm việc không được âm")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def working_days_between(calendar: WorkCalendar, start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        count += calendar.is_working_day(current)
    return count
