"""Reading a commune's beneficiary list from Excel and checking every row (nothing is written here).

The template's Vietnamese headers are matched without accents, case or punctuation, in any
order, among extra columns; dates may be dd/mm/yyyy, Excel dates or a year alone; IDs may be
text or numbers; coefficients "1,5", "1.5" or numbers, checked against the dated coefficients of
the category (NĐ 20/2021 Art 6 and 20). Each problem names its row (counted from the first data row as 1), its
column and what is wrong, in Vietnamese. cases/imports.py writes the accepted rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from ansinh.core.months import YearMonth
from ansinh.core.spreadsheets import NotSpreadsheetError, SpreadsheetError, sheet_rows
from ansinh.core.text import fold
from ansinh.registry.ethnicities import ETHNICITIES
from ansinh.registry.forms import parse_birth
from ansinh.registry.models import DisabilityLevel, Person, PovertyStatus, Sex
from ansinh.registry.validation import PersonInput, check_person, text_errors
from ansinh.rules.calculator import CategoryKind, CoefficientBand
from ansinh.rules.dated import DatedCategory, in_force
from ansinh.rules.facts import age_on
from ansinh.rules.formatting import format_coefficient

# Canonical column → the header printed in the template, then accepted variants (folded).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("ho ten", "ho va ten doi tuong", "ten doi tuong")),
    "birth": ("Ngày sinh", ("ngay thang nam sinh", "nam sinh", "ngay sinh nam sinh")),
    "sex": ("Giới tính", ("nam nu", "gioi")),
    "citizen_id": ("Số CCCD", ("cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh", "so cmnd cccd")),
    "commune_code": ("Xã/Thị trấn (mã)", ("ma xa", "ma xa thi tran", "xa thi tran", "xa")),
    "village": ("Thôn", ("thon xom", "thon to dan pho", "thon ban", "to dan pho")),
    "category": ("Mã đối tượng", ("ma dt", "doi tuong", "dien doi tuong", "ma doi tuong btxh")),
    "disability_level": ("Mức độ khuyết tật", ("muc do kt", "muc do")),
    "poverty": ("Hộ nghèo/cận nghèo", ("ho ngheo", "ho ngheo can ngheo", "ngheo can ngheo")),
    "decision_number": ("Số quyết định", ("so qd", "so quyet dinh huong")),
    "decision_date": ("Ngày quyết định", ("ngay qd", "ngay ky quyet dinh")),
    "start_month": ("Hưởng từ tháng", ("thang huong", "huong tu", "thoi diem huong")),
    "coefficient": ("Hệ số", ("he so", "he so tro cap", "he so huong", "he so tro cap xa hoi", "he so ho tro")),
    "ethnicity": ("Dân tộc", ()),
    "old_id_number": ("Số CMND", ("cmnd", "so cmnd cu")),
    "phone": ("Điện thoại", ("so dien thoai", "sdt")),
    "address": ("Địa chỉ", ("dia chi chi tiet", "noi o")),
}
REQUIRED = ("full_name", "birth", "sex")
HEADER_SCAN_ROWS = 15
MONTH_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
COEFFICIENT_TEXT = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$")
RULES_START = YearMonth(2021, 7)  # NĐ 20/2021/NĐ-CP in force from 01/7/2021


def header_key(text: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


HEADER_LOOKUP: dict[str, str] = {
    variant: name for name, (printed, variants) in COLUMNS.items() for variant in (header_key(printed), *variants)
}


def label(column: str) -> str:
    return COLUMNS[column][0]


@dataclass
class Problem:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class CheckedRow:
    number: int
    raw: dict[str, Any]
    person: PersonInput | None = None
    commune_code: str = ""
    village_name: str = ""
    ethnicity: str = ""
    phone: str = ""
    address: str = ""
    category: str = ""
    disability_level: str = ""
    poverty: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    start_month: YearMonth | None = None
    coefficient: Decimal | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(Problem(self.number, label(column), message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(Problem(self.number, label(column), message))


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not an XLSX, no header row); Vietnamese message."""


def read_rows(stream: IO[bytes]) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """Find the header row and yield (row number, {column: value}) for each non-empty data row.

    The file goes through the guarded reader (`core.spreadsheets`: calamine in a child process with a
    memory limit, after checks on the zip); a file it refuses, here or while rows are read, raises
    ImportFileError with its Vietnamese message."""
    rows = _file_errors(stream)
    for scanned, values in enumerate(rows, start=1):
        columns = _columns_of(values)
        if all(name in columns.values() for name in REQUIRED):
            return list(columns.values()), _data_rows(columns, rows, header_row=scanned)
        if scanned >= HEADER_SCAN_ROWS:
            break
    missing = ", ".join(label(name) for name in REQUIRED)
    raise ImportFileError(f"Không tìm thấy dòng tiêu đề: tệp phải có ít nhất các cột {missing}.")


def _file_errors(stream: IO[bytes]) -> Iterator[list[Any]]:
    try:
        yield from sheet_rows(stream)
    except NotSpreadsheetError as error:
        raise ImportFileError("Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu.") from error
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from error


def _columns_of(values: Iterable[Any]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, value in enumerate(values):
        name = HEADER_LOOKUP.get(header_key(value))
        if name and name not in columns.values():
            columns[index] = name
    return columns


def _data_rows(
    columns: dict[int, str], rows: Iterator[list[Any]], *, header_row: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each non-empty row after the header with its number as Excel shows it (contracts.md §3): the
    reader gives every row from the sheet's first, blank ones included, so counting them all is exact."""
    for number, values in enumerate(rows, start=header_row + 1):
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        yield number, {name: values[index] if index < len(values) else None for index, name in columns.items()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_month(value: Any, what: str = "Tháng") -> YearMonth:
    """A month as mm/yyyy, yyyy-mm or an Excel date; `what` names the column in the error."""
    if isinstance(value, datetime | date):
        return YearMonth(value.year, value.month)
    text = _text(value)
    numbers = None
    if match := MONTH_TEXT.match(text):
        numbers = int(match.group(2)), int(match.group(1))
    elif match := ISO_MONTH.match(text):
        numbers = int(match.group(1)), int(match.group(2))
    if numbers is None or not 1 <= numbers[1] <= 12:
        raise ValueError(f"{what} “{text}” không hợp lệ: ghi tháng dạng mm/yyyy.")
    return YearMonth(*numbers)


def parse_date(value: Any, what: str = "Ngày") -> date:
    """A day as dd/mm/yyyy or an Excel date; `what` names the column in the error (a decision date
    is not a birth date, whose parser this shares)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    try:
        day, _ = parse_birth(text)
    except ValueError:
        raise ValueError(f"{what} “{text}” không hợp lệ: ghi ngày dạng dd/mm/yyyy.") from None
    if day is None:
        raise ValueError(f"{what} “{text}” thiếu ngày, tháng: ghi ngày dạng dd/mm/yyyy.")
    return day


def parse_coefficient(value: Any) -> Decimal:
    """A coefficient as written on the decision: "1,5" (Vietnamese), "1.5", or an Excel number."""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")  # 1.4999999999 from a formula reads 1.5
    else:
        text = _text(value)
    match = COEFFICIENT_TEXT.match(text)
    if isinstance(value, bool) or match is None:
        raise ValueError(f"“{_text(value)}” không phải hệ số: ghi số như 1,5 hoặc 2,0.")
    number = Decimal(f"{match.group(1)}.{match.group(2) or 0}")
    if number <= 0:
        raise ValueError("Hệ số phải lớn hơn 0.")
    return number


SEX_WORDS = {"nam": Sex.MALE, "nu": Sex.FEMALE}
LEVEL_WORDS = {
    "dac biet nang": DisabilityLevel.ESPECIALLY_SEVERE,
    "nang": DisabilityLevel.SEVERE,
    "nhe": DisabilityLevel.MILD,
}
POVERTY_WORDS = {
    "ho ngheo": PovertyStatus.POOR,
    "ngheo": PovertyStatus.POOR,
    "ho can ngheo": PovertyStatus.NEAR_POOR,
    "can ngheo": PovertyStatus.NEAR_POOR,
}
ETHNICITY_BY_NAME = {fold(name): code for code, name in ETHNICITIES}


def check_row(
    number: int,
    raw: dict[str, Any],
    *,
    today: date,
    categories: set[str],
    coefficients: Mapping[str, DatedCategory],
) -> CheckedRow:
    """Check one row on its own (file-wide and register-wide duplicates are checked after).
    `coefficients` are the dated coefficients of each category (rules.rulebook.categories_from_db)."""
    row = CheckedRow(number=number, raw=raw)
    birth_date, birth_year = None, None
    birth_value = raw.get("birth")
    if isinstance(birth_value, datetime | date):
        birth_date = birth_value.date() if isinstance(birth_value, datetime) else birth_value
    elif _text(birth_value):
        try:
            birth_date, birth_year = parse_birth(_text(birth_value))
        except ValueError as error:
            row.error("birth", str(error))
    sex = SEX_WORDS.get(header_key(raw.get("sex")), "")
    if not sex:
        row.error("sex", f"Giới tính “{_text(raw.get('sex'))}” phải là Nam hoặc Nữ.")
    person = PersonInput(
        full_name=_text(raw.get("full_name")),
        sex=sex,
        birth_date=birth_date,
        birth_year=birth_year,
        citizen_id=raw.get("citizen_id") or "",  # normalised (numbers keep their zeros) by check_person
        old_id_number=raw.get("old_id_number") or "",
    )
    checked = check_person(person, today)
    column_of = {"full_name": "full_name", "sex": "sex", "birth_date": "birth", "citizen_id": "citizen_id"}
    for key, message in checked.errors.items():
        if key == "sex" and sex == "":
            continue  # already reported with the value read
        if key == "birth_date" and any(problem.field == label("birth") for problem in row.errors):
            continue
        row.error(column_of.get(key, "old_id_number"), message)
    person.citizen_id, person.old_id_number = checked.citizen_id or "", checked.old_id_number
    row.person = person

    row.commune_code = _commune_code(raw.get("commune_code"))
    row.village_name = _text(raw.get("village"))
    row.phone, row.address = _text(raw.get("phone")), _text(raw.get("address"))
    for column, problem in text_errors({"phone": row.phone, "address": row.address}, Person).items():
        row.error(column, problem)
    ethnicity = _text(raw.get("ethnicity"))
    row.ethnicity = ETHNICITY_BY_NAME.get(fold(ethnicity), "") if ethnicity else "01"
    if ethnicity and not row.ethnicity:
        row.error("ethnicity", f"“{ethnicity}” không phải tên một dân tộc trong danh mục 54 dân tộc.")
    _check_benefit(row, raw, categories)
    _check_coefficient(row, raw, coefficients)
    return row


def _commune_code(value: Any) -> str:
    text = _text(value)
    return text.zfill(5) if text.isdigit() else text


def _check_benefit(row: CheckedRow, raw: dict[str, Any], categories: set[str]) -> None:
    poverty = header_key(raw.get("poverty"))
    if poverty and poverty not in ("khong", "0"):
        row.poverty = POVERTY_WORDS.get(poverty, "")
        if not row.poverty:
            row.error("poverty", f"“{_text(raw.get('poverty'))}” phải là Hộ nghèo, Cận nghèo hoặc để trống.")
    level = header_key(raw.get("disability_level"))
    if level:
        row.disability_level = LEVEL_WORDS.get(level, "")
        if not row.disability_level:
            row.error("disability_level", "Mức độ khuyết tật phải là Đặc biệt nặng, Nặng hoặc Nhẹ.")
    row.category = _text(raw.get("category")).replace(",", ".")
    if not row.category:
        return
    if row.category not in categories:
        row.error("category", f"Mã đối tượng “{row.category}” không có trong danh mục (ví dụ 5.1, 5.5a, 5.6).")
    if row.category == "5.6" and not row.disability_level:
        row.error("disability_level", "Đối tượng 5.6 phải ghi mức độ khuyết tật.")
    row.decision_number = _text(raw.get("decision_number"))
    if not row.decision_number:
        row.error("decision_number", "Đối tượng đang hưởng phải có số quyết định.")
    for column, parser, attribute in (
        ("decision_date", parse_date, "decision_date"),
        ("start_month", parse_month, "start_month"),
    ):
        value = raw.get(column)
        if value in (None, ""):
            row.error(column, f"Thiếu {label(column).lower()}.")
            continue
        try:
            setattr(row, attribute, parser(value, label(column)))
        except ValueError as error:
            row.error(column, str(error))
    if row.start_month is not None and row.start_month < YearMonth(2021, 7):
        row.warn("start_month", "Hưởng từ trước 07/2021: sẽ ghi nhận là đang hưởng theo NĐ 20/2021 từ 07/2021.")


def _check_coefficient(row: CheckedRow, raw: dict[str, Any], coefficients: Mapping[str, DatedCategory]) -> None:
    """The coefficient a paper decision states must be one that NĐ 20/2021 Art 6 (allowances) or
    Art 20 (care support) gives the category in the start month (07/2021 for earlier months),
    read from the dated coefficients. Left empty, it is filled in only when the row's own facts
    (age on the month's last day, disability level) leave a single coefficient; otherwise the
    officer must copy it from the decision. Files without the column import as before, without
    one (`note_missing_coefficient_column`)."""
    if "coefficient" not in raw:
        return
    given = None
    if _text(raw["coefficient"]):
        try:
            given = parse_coefficient(raw["coefficient"])
        except ValueError as error:
            row.error("coefficient", str(error))
            return
    if not row.category:
        if given is not None:
            row.error("coefficient", "Có hệ số nhưng không có mã đối tượng: ghi mã đối tượng hoặc để trống hệ số.")
        return
    dated = coefficients.get(row.category)
    if dated is None or row.start_month is None:
        return  # an unknown category or a missing start month is already an error of the row
    month = max(row.start_month, RULES_START)
    bands = bands_in_force(dated, month)
    where = f"diện {row.category} tháng {month.display()}"
    if not bands:
        row.error("coefficient", f"Không có hệ số nào theo quy định cho {where}: kiểm tra mã đối tượng, tháng hưởng.")
        return
    fitting = _fitting_bands(row, dated.category.kind, bands, month)
    if given is None:
        _fill_coefficient(row, bands, fitting, where)
    else:
        _check_given(row, given, bands, fitting, where)


def _check_given(
    row: CheckedRow,
    given: Decimal,
    bands: Sequence[CoefficientBand],
    fitting: list[CoefficientBand] | None,
    where: str,
) -> None:
    """Not a coefficient of the category: an error. One of the category's, but not the one the
    row's age and disability level give: kept as the decision states it, with a note."""
    if not any(_allows(band, given) for band in bands):
        row.error(
            "coefficient",
            f"Hệ số {format_coefficient(given)} không đúng quy định cho {where}; "
            f"hệ số được phép: {allowed_text(bands)} ({_basis(bands)}).",
        )
        return
    row.coefficient = given
    if fitting and given not in {band.coefficient for band in fitting}:
        facts = "ngày sinh và mức độ khuyết tật" if any(band.disability for band in fitting) else "ngày sinh"
        row.warn(
            "coefficient",
            f"Theo {facts}, {where} có hệ số {allowed_text(fitting)} "
            f"({_labels(fitting)}; {_basis(fitting)}), quyết định ghi {format_coefficient(given)}: "
            "kiểm tra lại quyết định.",
        )


def bands_in_force(dated: DatedCategory, month: YearMonth) -> tuple[CoefficientBand, ...]:
    """The category's coefficients in force on the month's last day (docs/rules.md convention)."""
    day = month.last_day
    if not in_force(dated.valid_from, dated.valid_to, day):
        return ()
    return tuple(item.band for item in dated.bands if in_force(item.valid_from, item.valid_to, day))


def _fitting_bands(
    row: CheckedRow, kind: str, bands: Sequence[CoefficientBand], month: YearMonth
) -> list[CoefficientBand] | None:
    """The coefficients the row's own facts leave, or None when the row cannot tell: 5.4 counts
    the children (Art 6(1)(d)), care support depends on the person cared for or the children
    (Art 20), and an unknown birth date leaves the age open."""
    if len({band.coefficient for band in bands}) == 1 and not any(band.per_unit for band in bands):
        return list(bands)
    if kind != CategoryKind.ALLOWANCE or any(band.per_unit or band.min_units is not None for band in bands):
        return None
    ages = _ages(row.person, month)
    if not ages:
        return None
    return [band for band in bands if any(band.matches(age=age, disability=row.disability_level) for age in ages)]


def _ages(person: PersonInput | None, month: YearMonth) -> set[int]:
    """Age in completed years on the month's last day (domain.md §5); both possible ages when
    only the year of birth is known."""
    day = month.last_day
    if person is None:
        return set()
    if person.birth_date is not None:
        return {age_on(person.birth_date, day)}
    if person.birth_year:
        return {day.year - person.birth_year - 1, day.year - person.birth_year}
    return set()


def _fill_coefficient(
    row: CheckedRow, bands: Sequence[CoefficientBand], fitting: list[CoefficientBand] | None, where: str
) -> None:
    values = {band.coefficient for band in fitting or ()}
    if len(values) == 1:
        assert fitting is not None
        row.coefficient = values.pop()
        row.warn(
            "coefficient",
            f"Không ghi hệ số: ghi hệ số {format_coefficient(row.coefficient)} theo quy định "
            f"({_labels(fitting)}; {_basis(fitting)}); sửa tệp nếu quyết định ghi khác.",
        )
        return
    candidates = fitting if fitting else bands
    row.error(
        "coefficient",
        f"Thiếu hệ số: {where} có thể có hệ số {allowed_text(candidates)} ({_basis(candidates)}); "
        "ghi hệ số theo quyết định.",
    )


def _allows(band: CoefficientBand, value: Decimal) -> bool:
    """A per-unit coefficient (5.4: 1,0 for each child) allows its whole multiples."""
    if not band.per_unit or band.coefficient <= 0:
        return value == band.coefficient
    units = value / band.coefficient
    least = max(1, band.min_units or 1)
    return units == units.to_integral_value() and units >= least and (band.max_units is None or units <= band.max_units)


def allowed_text(bands: Iterable[CoefficientBand]) -> str:
    """ "1,5; 2,0; 2,5", or "1,0 cho mỗi suất (1,0; 2,0; 3,0…)" for a per-unit coefficient."""
    parts: list[str] = []
    for band in sorted(bands, key=lambda band: (band.per_unit, band.coefficient)):
        if band.per_unit:
            multiples = "; ".join(format_coefficient(band.coefficient * count) for count in (1, 2, 3))
            text = f"{format_coefficient(band.coefficient)} cho mỗi suất ({multiples}…)"
        else:
            text = format_coefficient(band.coefficient)
        if text not in parts:
            parts.append(text)
    return "; ".join(parts)


def _labels(bands: Iterable[CoefficientBand]) -> str:
    return " hoặc ".join(dict.fromkeys(band.label for band in bands))


def _basis(bands: Iterable[CoefficientBand]) -> str:
    return "; ".join(dict.fromkeys(band.basis for band in bands))


def note_missing_coefficient_column(rows: list[CheckedRow]) -> None:
    """A file without the "Hệ số" column (lists made before it existed) still imports, its
    entitlements without a coefficient, which keeps them off the payment lists until a decision
    states one. Said once, on the first row with a category, not on every row of a large list."""
    receiving = [row for row in rows if row.category]
    if receiving:
        receiving[0].warn(
            "coefficient",
            f"Tệp không có cột Hệ số: {len(receiving)} dòng có mã đối tượng được ghi không có hệ số nên chưa vào "
            "danh sách chi trả cho đến khi có hệ số; nên thêm cột Hệ số theo quyết định rồi tải lên lại.",
        )


def check_file_duplicates(rows: list[CheckedRow]) -> None:
    """The same CCCD twice is an error; the same name and birth year twice is a warning."""
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.person is None:
            continue
        if row.person.citizen_id:
            first = seen_ids.setdefault(row.person.citizen_id, row.number)
            if first != row.number:
                row.error("citizen_id", f"Số CCCD trùng với dòng {first} trong tệp.")
        year = row.person.birth_date.year if row.person.birth_date else row.person.birth_year
        key = (fold(row.person.full_name), year or 0)
        first = seen_names.setdefault(key, row.number)
        if first != row.number:
            row.warn("full_name", f"Cùng họ tên và năm sinh với dòng {first}: kiểm tra có phải một người không.")
