"""Printed documents of an emergency round: forms 5a (each village) and 5b (the commune by village), the
distribution sheet with a signature column, and the round's totals (XLSX and PDF) for the 10b report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from itertools import groupby
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ansinh.core.printing import render_pdf
from ansinh.supports.emergency import NeedKind
from ansinh.supports.models import EmergencyLine, EmergencyRound


@dataclass(frozen=True)
class KindTotal:
    label: str
    lines: int
    people: int
    rice_kg: int
    amount: int


@dataclass(frozen=True)
class VillageList:
    village: str
    lines: list[EmergencyLine]
    households: int
    people: int


@dataclass
class RoundTotals:
    by_kind: list[KindTotal] = field(default_factory=list)
    households: int = 0
    people: int = 0
    rice_kg: int = 0
    amount: int = 0


def round_lines(round_: EmergencyRound) -> list[EmergencyLine]:
    return list(round_.lines.select_related("village").order_by("village__name", "pk"))


def village_lists(lines: list[EmergencyLine], kind: str = NeedKind.RICE) -> list[VillageList]:
    """Form 5a: the hungry households of each village, with their number of people."""
    chosen = [line for line in lines if line.kind == kind]
    result = []
    for village, group in groupby(chosen, key=lambda line: line.village.name):
        members = list(group)
        result.append(VillageList(village, members, len(members), sum(line.people for line in members)))
    return result


def round_totals(lines: list[EmergencyLine]) -> RoundTotals:
    """Per need: lines, people (rice households' members; one per other line), rice and money; then the total."""
    totals = RoundTotals()
    for kind in NeedKind:
        members = [line for line in lines if line.kind == kind]
        if not members:
            continue
        row = KindTotal(
            str(kind.label),
            len(members),
            sum(line.people for line in members),
            sum(line.rice_kg for line in members),
            sum(line.amount for line in members),
        )
        totals.by_kind.append(row)
        totals.people += row.people
        totals.rice_kg += row.rice_kg
        totals.amount += row.amount
    totals.households = len({(line.village_id, line.household_head) for line in lines})
    return totals


def _context(round_: EmergencyRound, title: str, **extra: Any) -> dict[str, Any]:
    commune = round_.commune
    district = commune.parent.name if commune.parent_id and commune.parent else ""
    return {
        "title": title,
        "round": round_,
        "issuer_parent": f"UBND {district}".upper() if district else "",
        "issuer": f"Ủy ban nhân dân {commune.name}".upper(),
        "place": commune.name,
        "signed_on": round_.decision.issued_on if round_.decision_id and round_.decision else timezone.localdate(),
        "number": round_.decision.number if round_.decision_id and round_.decision else "",
        **extra,
    }


def form_5a_pdf(round_: EmergencyRound) -> bytes:
    lists = village_lists(round_lines(round_))
    return render_pdf("supports/print/form_5a.html", _context(round_, "Mẫu số 5a", villages=lists))


def form_5b_pdf(round_: EmergencyRound) -> bytes:
    lists = village_lists(round_lines(round_))
    context = _context(
        round_,
        "Mẫu số 5b",
        villages=lists,
        households=sum(item.households for item in lists),
        people=sum(item.people for item in lists),
    )
    return render_pdf("supports/print/form_5b.html", context)


def distribution_pdf(round_: EmergencyRound) -> bytes:
    lines = round_lines(round_)
    context = _context(round_, "Danh sách cấp phát hỗ trợ", lines=lines, totals=round_totals(lines))
    return render_pdf("supports/print/distribution.html", context)


def totals_pdf(round_: EmergencyRound) -> bytes:
    context = _context(round_, "Tổng hợp đợt hỗ trợ khẩn cấp", totals=round_totals(round_lines(round_)))
    return render_pdf("supports/print/totals.html", context)


TOTALS_HEADERS = ("Nội dung hỗ trợ", "Số dòng", "Số người", "Gạo (kg)", "Số tiền (đồng)")


def totals_xlsx(round_: EmergencyRound) -> bytes:
    totals = round_totals(round_lines(round_))
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append([f"Tổng hợp đợt hỗ trợ khẩn cấp: {round_.name} – {round_.commune.name}"])
    sheet.append([f"Ngày xảy ra: {round_.occurred_on:%d/%m/%Y}; {round_.get_status_display()}"])
    sheet.append(list(TOTALS_HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in totals.by_kind:
        sheet.append([row.label, row.lines, row.people, row.rice_kg, row.amount])
    sheet.append(["Tổng cộng", sum(r.lines for r in totals.by_kind), totals.people, totals.rice_kg, totals.amount])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (40, 10, 10, 12, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4, min_col=5, max_col=5):
        row[0].number_format = "#,##0"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_stem(round_: EmergencyRound, what: str, today: date | None = None) -> str:
    day = today or timezone.localdate()
    return f"{what}-dot-{round_.pk}-{day:%Y%m%d}"
