"""A person's facts for one month, as the calculator reads them, and their parsing from the
JSON of `manage.py assess` (contracts.md §2). Pure: no database, no Django."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ansinh.core.months import YearMonth

# No rules of this system are in force before NĐ 20/2021/NĐ-CP took effect (1 July 2021).
FIRST_MONTH = YearMonth(2021, 7)
DEFAULT_PROVINCE = "24"

_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROVINCE_PATTERN = re.compile(r"^\d{2}$")


@lru_cache(maxsize=512)
def month_end(month: YearMonth) -> date:
    """The month's last day: the day ages are taken and rules are read (domain.md §5)."""
    return month.last_day


class Household(StrEnum):
    POOR = "poor"
    NEAR_POOR = "near_poor"
    NONE = "none"


class Disability(StrEnum):
    ESPECIALLY_SEVERE = "especially_severe"
    SEVERE = "severe"
    MILD = "mild"


class CareKind(StrEnum):
    HOUSEHOLD_MEMBER = "household_member"
    TAKEN_IN = "taken_in"


CARED_CATEGORIES = ("5.1", "5.5d", "5.6")


@dataclass(frozen=True, slots=True)
class Child:
    birth_date: date
    studying: bool = False


@dataclass(frozen=True, slots=True)
class CaredPerson:
    kind: CareKind
    category: str
    birth_date: date
    disability: Disability | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """The input fields of contracts.md §2, typed."""

    id: str
    month: YearMonth
    birth_date: date
    province: str = DEFAULT_PROVINCE
    household: Household = Household.NONE
    difficult_area: bool = False
    without_support: bool = False
    studying: bool = False
    hiv: bool = False
    stable_income: bool = False
    no_supporter: bool = False
    pension: bool = False
    taken_in: bool = False
    single_parent: bool = False
    children: tuple[Child, ...] = ()
    disability: Disability | None = None
    pregnant: bool = False
    cares_for: tuple[CaredPerson, ...] = ()


class FactsError(ValueError):
    """A bad input line: `field` is the input field's name (e.g. `children[1].birth_date`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


BOOLEAN_FIELDS = (
    "difficult_area",
    "without_support",
    "studying",
    "hiv",
    "stable_income",
    "no_supporter",
    "pension",
    "taken_in",
    "single_parent",
    "pregnant",
)


def _date(value: Any, field: str, last_day: date) -> date:
    if value is None:
        raise FactsError(field, "bắt buộc, dạng YYYY-MM-DD")
    if not isinstance(value, str) or not _DATE_PATTERN.match(value):
        raise FactsError(field, f"phải là ngày dạng YYYY-MM-DD, nhận được {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FactsError(field, f"không có ngày {value!r}") from None
    if day > last_day:
        raise FactsError(field, f"ngày sinh {day:%d/%m/%Y} sau tháng được xét")
    return day


def _boolean(data: dict[str, Any], field: str, prefix: str = "") -> bool:
    value = data.get(field)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FactsError(prefix + field, f"phải là true hoặc false, nhận được {value!r}")
    return value


def _choice(value: Any, field: str, choices: type[StrEnum], *, nullable: bool) -> Any:
    if value is None and nullable:
        return None
    member = choices._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        shown = ", ".join(f'"{item.value}"' for item in choices) + (" hoặc null" if nullable else "")
        raise FactsError(field, f"phải là một trong {shown}, nhận được {value!r}")
    return member


def _objects(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    value = data.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FactsError(field, "phải là một danh sách")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise FactsError(f"{field}[{index}]", "phải là một đối tượng JSON")
    return value


def parse_month(value: Any) -> YearMonth:
    if value is None:
        raise FactsError("month", "bắt buộc, dạng YYYY-MM")
    try:
        month = YearMonth.parse(value)
    except ValueError as error:
        raise FactsError("month", str(error)) from None
    if month < FIRST_MONTH:
        raise FactsError("month", f"trước {FIRST_MONTH.display()} chưa có quy định nào của hệ thống có hiệu lực")
    return month


def facts_id(data: Any) -> Any:
    """The id to echo back, even on a bad line (None when there is none)."""
    return data.get("id") if isinstance(data, dict) else None


def parse_facts(data: Any) -> Facts:
    """Check one input object and build its Facts; raise FactsError naming the first bad field."""
    if not isinstance(data, dict):
        raise FactsError("input", "mỗi dòng phải là một đối tượng JSON")
    person_id = data.get("id")
    if not isinstance(person_id, str) or not person_id:
        raise FactsError("id", "bắt buộc, là một chuỗi")
    month = parse_month(data.get("month"))
    last_day = month_end(month)
    birth_date = _date(data.get("birth_date"), "birth_date", last_day)
    province = data.get("province")
    if province is None:
        province = DEFAULT_PROVINCE
    elif not isinstance(province, str) or not _PROVINCE_PATTERN.match(province):
        raise FactsError("province", f'phải là mã tỉnh gồm 2 chữ số, ví dụ "24", nhận được {province!r}')
    household = data.get("household")
    flags = {field: _boolean(data, field) for field in BOOLEAN_FIELDS}
    children = tuple(
        Child(
            birth_date=_date(item.get("birth_date"), f"children[{index}].birth_date", last_day),
            studying=_boolean(item, "studying", f"children[{index}]."),
        )
        for index, item in enumerate(_objects(data, "children"))
    )
    cares_for = tuple(
        _cared_person(item, f"cares_for[{index}].", last_day) for index, item in enumerate(_objects(data, "cares_for"))
    )
    return Facts(
        id=person_id,
        month=month,
        birth_date=birth_date,
        province=province,
        household=Household.NONE if household is None else _choice(household, "household", Household, nullable=False),
        disability=_choice(data.get("disability"), "disability", Disability, nullable=True),
        children=children,
        cares_for=cares_for,
        **flags,
    )


def _cared_person(item: dict[str, Any], prefix: str, last_day: date) -> CaredPerson:
    category = item.get("category")
    if category not in CARED_CATEGORIES:
        shown = ", ".join(f'"{code}"' for code in CARED_CATEGORIES)
        raise FactsError(prefix + "category", f"phải là một trong {shown}, nhận được {category!r}")
    return CaredPerson(
        kind=_choice(item.get("kind"), prefix + "kind", CareKind, nullable=False),
        category=category,
        birth_date=_date(item.get("birth_date"), prefix + "birth_date", last_day),
        disability=_choice(item.get("disability"), prefix + "disability", Disability, nullable=True),
    )


def age_on(birth_date: date, day: date) -> int:
    """Age in completed years on `day`. A birthday that does not exist that year (29 February)
    falls on the last day of its month, so it is reached within the same month."""
    anniversary_day = birth_date.day
    if anniversary_day > 28:
        anniversary_day = min(anniversary_day, calendar.monthrange(day.year, birth_date.month)[1])
    before_anniversary = (day.month, day.day) < (birth_date.month, anniversary_day)
    return day.year - birth_date.year - before_anniversary


def age_in_months_on(birth_date: date, day: date) -> int:
    """Age in completed months on `day` (a monthly anniversary past the month's end falls on its last day)."""
    anniversary_day = birth_date.day
    if anniversary_day > 28:
        anniversary_day = min(anniversary_day, calendar.monthrange(day.year, day.month)[1])
    return (day.year - birth_date.year) * 12 + day.month - birth_date.month - (day.day < anniversary_day)
