"""Reading the list the BHXH office fills in with card numbers and uploads back.

The file is read through `core.spreadsheets.sheet_rows` only. Every row is checked and every problem
names the Excel row and the column in Vietnamese; one problem refuses the whole file (the action
then records all the cards or none). A row is matched to an increase line of the list by the
citizen ID, or by the line id for a person without one. Unknown IDs, a person twice, a bad card
number and a bad date are errors. A row with no card at all is left for later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from ansinh.core.spreadsheets import NotSpreadsheetError, SpreadsheetError, sheet_rows
from ansinh.insurance.actions import CARD_NUMBER, CardRow
from ansinh.insurance.documents import LINE_ID_HEADER
from ansinh.insurance.models import BhytList, Direction
from ansinh.registry.imports import header_key

HEADER_SCAN_ROWS = 15
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "line_id": (LINE_ID_HEADER, ("ma dong",)),
    "citizen_id": ("Số CCCD/ĐDCN", ("so cccd", "cccd", "so dinh danh", "so cccd ddcn")),
    "number": ("Mã thẻ BHYT đã cấp", ("ma the bhyt", "ma the", "so the bhyt")),
    "valid_from": ("Thẻ có giá trị từ ngày", ("gia tri tu ngay", "tu ngay")),
    "valid_to": ("Thẻ có giá trị đến ngày", ("gia tri den ngay", "den ngay")),
}
REQUIRED = ("citizen_id", "number", "valid_from")
LOOKUP = {
    variant: name for name, (printed, variants) in COLUMNS.items() for variant in (header_key(printed), *variants)
}


class CardFileError(ValueError):
    """The file as a whole cannot be read (Vietnamese message)."""


@dataclass
class CardCheck:
    rows: list[CardRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems and bool(self.rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _rows(stream: IO[bytes]) -> Any:
    try:
        yield from sheet_rows(stream)
    except NotSpreadsheetError as error:
        raise CardFileError("Không đọc được tệp: hãy tải lên tệp Excel .xlsx.") from error
    except SpreadsheetError as error:
        raise CardFileError(str(error)) from error


def check_cards_file(stream: IO[bytes], *, bhyt_list: BhytList) -> CardCheck:
    rows = _rows(stream)
    columns: dict[int, str] = {}
    header_row = 0
    for number, values in enumerate(rows, start=1):
        found: dict[int, str] = {}
        for index, value in enumerate(values):
            name = LOOKUP.get(header_key(value))
            if name and name not in found.values():
                found[index] = name
        if all(name in found.values() for name in REQUIRED):
            columns, header_row = found, number
            break
        if number >= HEADER_SCAN_ROWS:
            break
    if not columns:
        needed = ", ".join(COLUMNS[name][0] for name in REQUIRED)
        raise CardFileError(f"Không tìm thấy dòng tiêu đề: tệp phải có các cột {needed}.")
    increases = list(bhyt_list.lines.filter(direction=Direction.INCREASE))
    by_citizen = {line.citizen_id: line for line in increases if line.citizen_id}
    by_id = {line.pk: line for line in increases}
    check = CardCheck()
    seen: dict[int, int] = {}
    for number, values in enumerate(rows, start=header_row + 1):
        cell = {name: (values[index] if index < len(values) else None) for index, name in columns.items()}
        card_number = _text(cell.get("number")).upper()
        if not card_number and not _text(cell.get("valid_from")) and not _text(cell.get("valid_to")):
            continue  # no card yet (or a heading, a total)
        problems: list[str] = []

        def error(column: str, message: str, row: int = number, found: list[str] = problems) -> None:
            found.append(f"Dòng {row}, cột {COLUMNS[column][0]}: {message}")

        citizen = _text(cell.get("citizen_id"))
        line_id = _text(cell.get("line_id"))
        line = by_citizen.get(citizen) if citizen else (by_id.get(int(line_id)) if line_id.isdigit() else None)
        if line is None:
            if citizen:
                error("citizen_id", f"số {citizen} không có trong danh sách tăng tháng {bhyt_list.month:%m/%Y}.")
            else:
                error("citizen_id", "thiếu số CCCD (hoặc mã dòng) để biết thẻ của ai.")
        elif line.pk in seen:
            error("citizen_id", f"người này đã có ở dòng {seen[line.pk]}: mỗi người chỉ một dòng.")
        else:
            seen[line.pk] = number
        if not CARD_NUMBER.match(card_number):
            error("number", f"“{card_number}” không phải mã thẻ BHYT (2 chữ cái in hoa và 13 chữ số).")
        valid_from = valid_to = None
        try:
            valid_from = _date(cell.get("valid_from"))
        except ValueError:
            error("valid_from", f"“{_text(cell.get('valid_from'))}” không phải ngày (dd/mm/yyyy).")
        if _text(cell.get("valid_to")):
            try:
                valid_to = _date(cell.get("valid_to"))
            except ValueError:
                error("valid_to", f"“{_text(cell.get('valid_to'))}” không phải ngày (dd/mm/yyyy).")
        if valid_from and valid_to and valid_to < valid_from:
            error("valid_to", "ngày hết giá trị trước ngày có giá trị.")
        if problems:
            check.problems.extend(problems)
        elif line is not None and valid_from is not None:
            check.rows.append(CardRow(line.pk, card_number, valid_from, valid_to))
    if not check.rows and not check.problems:
        check.problems.append("Tệp không có dòng nào ghi mã thẻ.")
    return check
