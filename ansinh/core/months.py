"""A calendar month as a small value type: allowances are paid, started and stopped by month."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True, slots=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"tháng không hợp lệ: {self.month}")
        if not 1900 <= self.year <= 9999:
            raise ValueError(f"năm không hợp lệ: {self.year}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Parse "YYYY-MM"; raise ValueError with a Vietnamese message otherwise."""
        match = _MONTH_PATTERN.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"tháng phải có dạng YYYY-MM, nhận được {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def add(self, months: int) -> YearMonth:
        index = self.year * 12 + (self.month - 1) + months
        return YearMonth(index // 12, index % 12 + 1)

    def months_until(self, other: YearMonth) -> int:
        """Number of months from self to other (negative if other is earlier)."""
        return (other.year - self.year) * 12 + (other.month - self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def display(self) -> str:
        """As printed on Vietnamese forms: 07/2024."""
        return f"{self.month:02d}/{self.year:04d}"


def month_asked(text: str, today: date) -> YearMonth:
    """The month a page's `?thang=YYYY-MM` asks for; today's month when it is missing or not a month."""
    try:
        return YearMonth.parse(text)
    except ValueError:
        return YearMonth.of(today)
