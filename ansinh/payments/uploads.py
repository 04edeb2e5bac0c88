"""Reading the payment list the post office fills in and uploads back (domain.md §8).

Every row is checked and every problem names the Excel row, the column and what is wrong, in
Vietnamese. Nothing is written here: the validated results go to the payments action that records
them all or none.

A row is matched to its line by the "Mã dòng" column the list was printed with (and its name must
still match, so that a sorted or shifted sheet is caught). Each row gives either a payment (date,
who collected, in which capacity) or a reason for not paying, never both.

A row that repeats the result already recorded for its line changes nothing (the list downloaded
after recording carries the results, so the same file can be uploaded again). A row that changes a
recorded result is a correction: it needs the reason in the "Lý do sửa kết quả" column (optional
otherwise), or the file is refused with the row named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from ansinh.core.months import YearMonth
from ansinh.core.spreadsheets import NotSpreadsheetError, SpreadsheetError, sheet_rows
from ansinh.core.text import fold
from ansinh.payments.actions import LineResult
from ansinh.payments.documents import CORRECTION_HEADER, LINE_ID_HEADER, NAME_HEADER
from ansinh.payments.models import PayeeKind
from ansinh.registry.imports import header_key

HEADER_SCAN_ROWS = 15

# column → (printed header, accepted folded variants)
RESULT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "line_id": (LINE_ID_HEADER, ("ma dong",)),
    "full_name": (NAME_HEADER, ("ho ten",)),
    "paid_on": ("Ngày chi trả", ("ngay nhan", "ngay chi")),
    "paid_to_name": ("Người nhận tiền", ("nguoi nhan", "ho ten nguoi nhan")),
    "paid_to_kind": ("Nhận với tư cách", ("tu cach", "tu cach nguoi nhan", "quan he")),
    "not_paid_reason": ("Lý do không chi trả", ("ly do chua chi tra", "ly do", "khong chi tra")),
    "correction_reason": (CORRECTION_HEADER, ("ly do sua", "ly do dieu chinh", "ly do sua doi")),
}
REQUIRED = ("line_id", "paid_on", "paid_to_name", "paid_to_kind", "not_paid_reason")

# "Nhận với tư cách": the capacities the law allows (domain.md §8) and "someone else" (recorded,
# then flagged as a violation by the action), in the words people write.
PAYEE_KINDS: dict[str, str] = {
    "doi tuong": PayeeKind.BENEFICIARY.value,
    "ban than": PayeeKind.BENEFICIARY.value,
    "chinh chu": PayeeKind.BENEFICIARY.value,
    "nguoi huong": PayeeKind.BENEFICIARY.value,
    "nguoi duoc uy quyen": PayeeKind.AUTHORISED.value,
    "uy quyen": PayeeKind.AUTHORISED.value,
    "nguoi nhan thay": PayeeKind.AUTHORISED.value,
    "nguoi giam ho": PayeeKind.GUARDIAN.value,
    "giam ho": PayeeKind.GUARDIAN.value,
    "nguoi dai dien": PayeeKind.GUARDIAN.value,
    "nguoi nhan ghi trong quyet dinh": PayeeKind.NAMED.value,
    "nguoi khac": PayeeKind.OTHER.value,
    "khac": PayeeKind.OTHER.value,
}
PAYEE_KIND_LABELS = "Đối tượng, Người được ủy quyền, Người giám hộ hoặc Người khác"

HEADER_LOOKUP = {
    variant: name
    for name, (printed, variants) in RESULT_COLUMNS.items()
    for variant in (header_key(printed), *variants)
}


class UploadFileError(ValueError):
    """The file as a whole cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class ExpectedLine:
    """What the list holds for a line: its name, and the result already recorded (None: none yet)."""

    full_name: str
    recorded: LineResult | None = None

    @property
    def has_result(self) -> bool:
        return self.recorded is not None


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}" if self.row else "Tệp"
        return f"{where}, cột {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class UploadCheck:
    results: list[LineResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems and bool(self.results)


def label(column: str) -> str:
    return RESULT_COLUMNS[column][0]


def check_results_file(
    stream: IO[bytes], *, expected: Mapping[int, ExpectedLine], month: YearMonth, today: date
) -> UploadCheck:
    """Read the uploaded list and check every row against the lines of this commune and month."""
    _columns, rows = _read(stream)
    check = UploadCheck()
    seen: dict[int, int] = {}
    for number, values in rows:
        result = _check_row(number, values, expected, seen, month, today, check.problems)
        if result is not None:
            check.results.append(result)
    for line_id, line in expected.items():
        if line_id not in seen and not line.has_result:
            check.problems.append(
                Problem(None, label("line_id"), f"thiếu dòng mã {line_id} ({line.full_name}): chưa có kết quả chi trả.")
            )
    if not check.results and not check.problems:
        check.problems.append(Problem(None, "", "tệp không có dòng kết quả nào."))
    return check


def _read(stream: IO[bytes]) -> tuple[dict[int, str], Iterator[tuple[int, dict[str, Any]]]]:
    """Find the header row, then stream the data rows from the guarded reader (`core.spreadsheets`:
    checks on the zip, then calamine in a child process with a memory limit; the row cap is its
    SPREADSHEET_MAX_ROWS). A file it refuses, here or while rows are read, raises UploadFileError."""
    rows = _file_errors(stream)
    for number, values in enumerate(rows, start=1):
        columns = _columns_of(values)
        if all(name in columns.values() for name in REQUIRED):
            return columns, _data_rows(columns, rows, number)
        if number >= HEADER_SCAN_ROWS:
            break
    missing = ", ".join(label(name) for name in REQUIRED)
    raise UploadFileError(f"Không tìm thấy dòng tiêu đề: tệp phải có các cột {missing}.")


def _file_errors(stream: IO[bytes]) -> Iterator[list[Any]]:
    try:
        yield from sheet_rows(stream)
    except NotSpreadsheetError as error:
        raise UploadFileError("Không đọc được tệp: hãy tải lên tệp Excel .xlsx đã tải về từ hệ thống.") from error
    except SpreadsheetError as error:
        raise UploadFileError(str(error)) from error


def _columns_of(values: Iterable[Any]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, value in enumerate(values):
        name = HEADER_LOOKUP.get(header_key(value))
        if name and name not in columns.values():
            columns[index] = name
    return columns


def _data_rows(
    columns: dict[int, str], rows: Iterator[list[Any]], header_row: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, values) of each row with a line id or a result; totals and signatures
    have neither and are skipped."""
    id_index = next(index for index, name in columns.items() if name == "line_id")
    for number, values in enumerate(rows, start=header_row + 1):
        picked = {name: values[index] if index < len(values) else None for index, name in columns.items()}
        has_id = id_index < len(values) and _text(values[id_index]) != ""
        if has_id or any(_text(value) for name, value in picked.items() if name != "full_name"):
            yield number, picked


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _check_row(
    number: int,
    values: dict[str, Any],
    expected: Mapping[int, ExpectedLine],
    seen: dict[int, int],
    month: YearMonth,
    today: date,
    problems: list[Problem],
) -> LineResult | None:
    before = len(problems)

    def error(column: str, message: str) -> None:
        problems.append(Problem(number, label(column), message))

    line_id = _line_id(values.get("line_id"))
    if line_id is None:
        error("line_id", "thiếu hoặc sai mã dòng; không sửa cột này trong tệp tải về.")
        return None
    line = expected.get(line_id)
    if line is None:
        error("line_id", f"mã dòng {line_id} không thuộc danh sách chi trả này.")
        return None
    if line_id in seen:
        error("line_id", f"mã dòng {line_id} đã có ở dòng {seen[line_id]}.")
        return None
    seen[line_id] = number
    name = _text(values.get("full_name"))
    if name and fold(name) != fold(line.full_name):
        error("full_name", f"không khớp với dòng mã {line_id} ({line.full_name}); tệp có thể đã bị sắp xếp lại.")
    paid_on = _date(values.get("paid_on"), error)
    paid_to_name = _text(values.get("paid_to_name"))
    kind_text = _text(values.get("paid_to_kind"))
    reason = _text(values.get("not_paid_reason"))
    paid = paid_on is not None or bool(paid_to_name) or bool(kind_text)
    if paid and reason:
        error("not_paid_reason", "đã ghi ngày chi trả hoặc người nhận thì không ghi lý do không chi trả.")
    elif not paid and not reason and len(problems) == before:
        error("paid_on", "chưa ghi kết quả: điền ngày chi trả và người nhận, hoặc lý do không chi trả.")
    kind = ""
    if paid:
        kind = _payee_kind(kind_text, error)
        if paid_on is None and len(problems) == before:
            error("paid_on", "thiếu ngày chi trả (dd/mm/yyyy).")
        if not paid_to_name:
            error("paid_to_name", "thiếu họ tên người nhận tiền.")
        if paid_on is not None:
            _check_paid_on(paid_on, month, today, error)
    if len(problems) > before:
        return None
    correction = _text(values.get("correction_reason"))
    result = LineResult(line_id, paid_on, paid_to_name, kind, "" if paid else reason, correction)
    if _corrects_without_reason(line, result):
        error(
            "correction_reason",
            f"dòng mã {line_id} ({line.full_name}) đã ghi kết quả ({_describe(line.recorded)}); "
            f"muốn sửa, ghi lý do vào cột “{CORRECTION_HEADER}”.",
        )
        return None
    return result


def _corrects_without_reason(line: ExpectedLine, result: LineResult) -> bool:
    return line.recorded is not None and result.normalised() != line.recorded.normalised() and not result.reason.strip()


def _describe(recorded: LineResult | None) -> str:
    if recorded is None:
        return "chưa có kết quả"
    if recorded.paid_on is not None:
        return f"đã chi {recorded.paid_on:%d/%m/%Y} cho {recorded.paid_to_name}"
    return f"chưa nhận: {recorded.not_paid_reason}"


def expected_lines(lines: Iterable[Any]) -> dict[int, ExpectedLine]:
    """What the check needs of each line of the list (PayrollLine rows with their person)."""
    return {line.pk: ExpectedLine(line.person.full_name, _recorded(line)) for line in lines}


def _recorded(line: Any) -> LineResult | None:
    if not line.has_result:
        return None
    return LineResult(line.pk, line.paid_on, line.paid_to_name, line.paid_to_kind, line.not_paid_reason)


def _line_id(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() else None


def _date(value: Any, error: Any) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    error("paid_on", f"“{text}” không phải ngày (dd/mm/yyyy).")
    return None


def _payee_kind(text: str, error: Any) -> str:
    if not text:
        error("paid_to_kind", f"thiếu tư cách người nhận: {PAYEE_KIND_LABELS}.")
        return ""
    kind = PAYEE_KINDS.get(header_key(text))
    if kind is None:
        error("paid_to_kind", f"“{text}” không hợp lệ: ghi {PAYEE_KIND_LABELS}.")
        return ""
    return kind


def _check_paid_on(paid_on: date, month: YearMonth, today: date, error: Any) -> None:
    """Never in the future, nor before the month the list was sent (the month before the month paid,
    as payments.actions checks)."""
    if paid_on > today:
        error("paid_on", f"ngày {paid_on:%d/%m/%Y} ở tương lai.")
    elif paid_on < month.add(-1).first_day:
        error("paid_on", f"ngày {paid_on:%d/%m/%Y} trước kỳ chi trả tháng {month.display()}.")
