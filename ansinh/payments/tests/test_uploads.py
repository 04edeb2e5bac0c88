"""Reading back the list the post office filled in: every row checked, one clear Vietnamese message
per row and column, nothing accepted when anything is wrong."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult
from ansinh.payments.documents import LIST_HEADERS, ListHeading, SheetLine, commune_list_xlsx
from ansinh.payments.uploads import ExpectedLine, UploadFileError, check_results_file

AUGUST = YearMonth(2024, 8)
TODAY = date(2024, 9, 2)
HEADING = ListHeading(
    month=AUGUST, commune_name="Thị trấn Đồi Ngô", district_name="huyện Lục Nam", province_name="tỉnh Bắc Giang"
)
NAMES = {11: "Nguyễn Văn An", 12: "Trần Thị Bình", 13: "Lê Văn Cường"}
COLUMN = {header: index + 1 for index, header in enumerate(LIST_HEADERS)}
FIRST_DATA_ROW = 6  # four heading rows, the header row, then the lines


def _line(line_id: int) -> SheetLine:
    return SheetLine(
        line_id=line_id,
        full_name=NAMES[line_id],
        birth="1940",
        village="Thôn Chùa",
        category="5.5a",
        kind_label="Trợ cấp hằng tháng",
        coefficient=Decimal("1.5"),
        rate=500_000,
        months=1,
        regular=750_000,
        arrears=0,
        recovery=0,
        total=750_000,
    )


def _expected(**recorded: bool | LineResult) -> dict[int, ExpectedLine]:
    """`recorded`: line id → True (a result recorded: paid to the beneficiary on 05/08) or that result."""

    def result(line_id: int) -> LineResult | None:
        given = recorded.get(str(line_id))
        if given is True:
            return LineResult(line_id, date(2024, 8, 5), NAMES[line_id], "beneficiary")
        return given or None

    return {line_id: ExpectedLine(name, result(line_id)) for line_id, name in NAMES.items()}


def _filled(changes: dict[tuple[int, str], object] | None = None, delete_rows: tuple[int, ...] = ()) -> BytesIO:
    """The downloaded list with every line paid to the beneficiary, then `changes` (line id, header)."""
    workbook = load_workbook(BytesIO(commune_list_xlsx(HEADING, [_line(line_id) for line_id in NAMES])))
    sheet = workbook.worksheets[0]
    for offset, (line_id, name) in enumerate(NAMES.items()):
        row = FIRST_DATA_ROW + offset
        assert sheet.cell(row, COLUMN["Mã dòng (không sửa)"]).value == line_id
        sheet.cell(row, COLUMN["Ngày chi trả"]).value = datetime(2024, 8, 5)
        sheet.cell(row, COLUMN["Người nhận tiền"]).value = name
        sheet.cell(row, COLUMN["Nhận với tư cách"]).value = "Đối tượng"
    for (line_id, header), value in (changes or {}).items():
        sheet.cell(FIRST_DATA_ROW + list(NAMES).index(line_id), COLUMN[header]).value = value
    for line_id in delete_rows:
        sheet.delete_rows(FIRST_DATA_ROW + list(NAMES).index(line_id))
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _check(stream: BytesIO, **recorded: bool | LineResult):
    return check_results_file(stream, expected=_expected(**recorded), month=AUGUST, today=TODAY)


def _messages(check) -> list[str]:
    return [str(problem) for problem in check.problems]


def test_a_fully_filled_list_is_accepted():
    check = _check(_filled({(13, "Ngày chi trả"): None, (13, "Người nhận tiền"): None, (13, "Nhận với tư cách"): None,
                            (13, "Lý do không chi trả"): "Đi vắng"}))  # fmt: skip
    assert check.accepted, _messages(check)
    assert check.results == [
        LineResult(11, date(2024, 8, 5), "Nguyễn Văn An", "beneficiary", ""),
        LineResult(12, date(2024, 8, 5), "Trần Thị Bình", "beneficiary", ""),
        LineResult(13, None, "", "", "Đi vắng"),
    ]


def test_dates_written_as_text_and_capacities_in_other_words_are_understood():
    check = _check(_filled({(11, "Ngày chi trả"): "06/08/2024", (11, "Nhận với tư cách"): "người được ủy quyền",
                            (12, "Nhận với tư cách"): "giam ho", (12, "Người nhận tiền"): "Trần Văn Giám"}))  # fmt: skip
    assert check.accepted, _messages(check)
    assert check.results[0] == LineResult(11, date(2024, 8, 6), "Nguyễn Văn An", "authorised", "")
    assert check.results[1].paid_to_kind == "guardian"


def test_every_bad_row_is_reported_with_its_row_and_column():
    check = _check(
        _filled(
            {
                (11, "Ngày chi trả"): "31/02/2024",
                (12, "Nhận với tư cách"): "hàng xóm",
                (13, "Lý do không chi trả"): "Đi vắng",
            }
        )
    )
    assert not check.accepted
    assert check.results == [] or all(result.line_id not in (11, 12, 13) for result in check.results)
    assert _messages(check) == [
        "Dòng 6, cột Ngày chi trả: “31/02/2024” không phải ngày (dd/mm/yyyy).",
        "Dòng 7, cột Nhận với tư cách: “hàng xóm” không hợp lệ: ghi Đối tượng, Người được ủy quyền, Người giám hộ hoặc Người khác.",
        "Dòng 8, cột Lý do không chi trả: đã ghi ngày chi trả hoặc người nhận thì không ghi lý do không chi trả.",
    ]


def test_dates_out_of_the_period_and_missing_names_are_refused():
    check = _check(_filled({(11, "Ngày chi trả"): datetime(2024, 9, 30), (12, "Ngày chi trả"): datetime(2024, 6, 30),
                            (13, "Người nhận tiền"): None}))  # fmt: skip
    assert _messages(check) == [
        "Dòng 6, cột Ngày chi trả: ngày 30/09/2024 ở tương lai.",
        "Dòng 7, cột Ngày chi trả: ngày 30/06/2024 trước kỳ chi trả tháng 08/2024.",
        "Dòng 8, cột Người nhận tiền: thiếu họ tên người nhận tiền.",
    ]


def test_ids_that_are_unknown_repeated_or_moved_to_another_name_are_refused():
    check = _check(_filled({(11, "Mã dòng (không sửa)"): 99, (12, "Mã dòng (không sửa)"): 13}))
    assert _messages(check) == [
        "Dòng 6, cột Mã dòng (không sửa): mã dòng 99 không thuộc danh sách chi trả này.",
        "Dòng 7, cột Họ và tên: không khớp với dòng mã 13 (Lê Văn Cường); tệp có thể đã bị sắp xếp lại.",
        "Dòng 8, cột Mã dòng (không sửa): mã dòng 13 đã có ở dòng 7.",
        "Tệp, cột Mã dòng (không sửa): thiếu dòng mã 11 (Nguyễn Văn An): chưa có kết quả chi trả.",
        "Tệp, cột Mã dòng (không sửa): thiếu dòng mã 12 (Trần Thị Bình): chưa có kết quả chi trả.",
    ]


def test_a_row_without_any_result_is_refused():
    check = _check(_filled({(12, "Ngày chi trả"): None, (12, "Người nhận tiền"): None, (12, "Nhận với tư cách"): None}))
    assert _messages(check) == [
        "Dòng 7, cột Ngày chi trả: chưa ghi kết quả: điền ngày chi trả và người nhận, hoặc lý do không chi trả."
    ]


def test_a_missing_line_is_fine_only_when_its_result_is_already_recorded():
    assert not _check(_filled(delete_rows=(12,))).accepted
    check = _check(_filled(delete_rows=(12,)), **{"12": True})
    assert check.accepted
    assert [result.line_id for result in check.results] == [11, 13]


def test_a_file_that_is_not_the_list_is_refused_as_a_whole():
    with pytest.raises(UploadFileError, match="Không đọc được tệp"):
        _check(BytesIO(b"not a spreadsheet"))
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Số tiền"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(UploadFileError, match="Không tìm thấy dòng tiêu đề"):
        _check(buffer)


def test_a_row_that_changes_a_recorded_result_needs_a_reason():
    """Issue 12: the same file uploaded again changes nothing; a changed row without a reason in
    "Lý do sửa kết quả" refuses the file and names the row; with a reason it is a correction."""
    stranger = {(12, "Người nhận tiền"): "Lý Văn Lạ", (12, "Nhận với tư cách"): "Người khác"}
    same = _check(_filled(), **{"11": True, "12": True, "13": True})
    assert same.accepted
    assert [result.reason for result in same.results] == ["", "", ""]
    refused = _check(_filled(stranger), **{"12": True})
    assert _messages(refused) == [
        "Dòng 7, cột Lý do sửa kết quả: dòng mã 12 (Trần Thị Bình) đã ghi kết quả (đã chi 05/08/2024 cho "
        "Trần Thị Bình); muốn sửa, ghi lý do vào cột “Lý do sửa kết quả”."
    ]
    corrected = _check(_filled({**stranger, (12, "Lý do sửa kết quả"): "Ghi nhầm người nhận"}), **{"12": True})
    assert corrected.accepted
    assert corrected.results[1] == LineResult(12, date(2024, 8, 5), "Lý Văn Lạ", "other", "", "Ghi nhầm người nhận")
