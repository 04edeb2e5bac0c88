"""The streaming XLSX writer, read back by openpyxl (what tests and users' tools read) and by calamine
(what reads the post office's uploads)."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from ansinh.core.xlsx import Style, column_letter, open_sheet, sheet_title


def _write(rows, **options):
    buffer = BytesIO()
    options = {"title": "Danh sách", "widths": (6, 30, 12), **options}
    with open_sheet(buffer, **options) as sheet:
        for values, styles in rows:
            sheet.row(values, styles)
    return buffer.getvalue()


def test_values_of_every_kind_read_back_equal():
    values = [7, "Nguyễn Thị Hường", Decimal("1.5"), 2.25, True, date(2024, 8, 6), datetime(2024, 8, 6, 12, 0)]
    content = _write([(values, Style.PLAIN)])
    sheet = load_workbook(BytesIO(content)).active
    assert [cell.value for cell in sheet[1]][:5] == [7, "Nguyễn Thị Hường", 1.5, 2.25, True]
    assert sheet["F1"].value.date() == date(2024, 8, 6)
    assert sheet["F1"].number_format == "dd/mm/yyyy" and not sheet["F1"].border.left.style
    assert sheet["G1"].value == datetime(2024, 8, 6, 12, 0)


def test_text_is_escaped_and_control_characters_dropped():
    text = 'Thôn <3> & "Đồi Ngô"\x07\x1f'
    content = _write([([text, "  lề  "], Style.CELL)])
    sheet = load_workbook(BytesIO(content)).active
    assert sheet["A1"].value == 'Thôn <3> & "Đồi Ngô"'
    assert sheet["B1"].value == "  lề  "


def test_empty_cells_stay_empty_keep_their_border_and_rows_keep_their_numbers():
    content = _write([(["a", None, "c"], Style.PLAIN), ((), Style.PLAIN), ([None, 5], Style.CELL)])
    sheet = load_workbook(BytesIO(content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows(max_col=3)] == [
        ["a", None, "c"],
        [None, None, None],
        [None, 5, None],
    ]
    assert sheet["A3"].border.left.style == "thin" and not sheet["B1"].border.left.style


def test_styles_reach_the_cells():
    rows = [
        (["Tiêu đề"], Style.BOLD),
        (["ghi chú"], Style.ITALIC),
        (["STT", "Họ và tên"], Style.HEADER),
        ([1, 1_250_000, date(2024, 8, 6)], (Style.CELL, Style.MONEY, Style.DATE)),
        (["Tổng cộng", 1_250_000], (Style.TOTAL, Style.TOTAL_MONEY)),
    ]
    sheet = load_workbook(BytesIO(_write(rows))).active
    assert sheet["A1"].font.b and not sheet["A1"].border.left.style
    assert sheet["A2"].font.i and not sheet["A2"].font.b
    assert sheet["B3"].font.b and sheet["B3"].alignment.wrap_text and sheet["B3"].alignment.horizontal == "center"
    assert sheet["A4"].border.left.style == "thin" and not sheet["A4"].font.b
    assert sheet["B4"].number_format == "#,##0" and sheet["C4"].number_format == "dd/mm/yyyy"
    assert sheet["C4"].border.left.style == "thin"
    assert sheet["B5"].number_format == "#,##0" and sheet["B5"].font.b and sheet["B5"].border.bottom.style == "thin"
    assert sheet["A4"].font.name == "Times New Roman"


def test_sheet_layout_freeze_widths_and_print_titles():
    rows = [([f"r{number}"], Style.PLAIN) for number in range(6)]
    buffer = BytesIO()
    with open_sheet(buffer, title="Thị trấn Đồi Ngô", widths=(6, 30), freeze="D6", repeat_rows=(5, 5)) as sheet:
        for values, styles in rows:
            sheet.row(values, styles)
        sheet.row(["STT"], Style.HEADER, height=48)
    sheet = load_workbook(BytesIO(buffer.getvalue())).active
    assert sheet.row_dimensions[7].height == 48
    assert sheet.title == "Thị trấn Đồi Ngô"
    assert sheet.freeze_panes == "D6"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape"


def test_rows_wider_than_the_declared_widths_and_many_rows():
    rows = [(list(range(30)), Style.CELL) for _ in range(1200)]  # more than one buffer flush
    content = _write(rows)
    data = CalamineWorkbook.from_filelike(BytesIO(content)).get_sheet_by_index(0).to_python()
    assert len(data) == 1200 and data[-1][29] == 29
    assert load_workbook(BytesIO(content), read_only=True).active["AD1200"].value == 29


@pytest.mark.parametrize(("text", "title"), [("Xã Cẩm Lý / Lục Nam", "Xã Cẩm Lý   Lục Nam"), ("", "Sheet1")])
def test_sheet_titles_follow_excels_rules(text, title):
    assert sheet_title(text) == title
    assert len(sheet_title("x" * 40)) == 31


def test_an_unsupported_value_is_refused_in_vietnamese():
    with pytest.raises(TypeError, match="Không ghi được giá trị kiểu"):
        _write([([object()], Style.PLAIN)])


def test_a_bad_frozen_cell_is_refused():
    with pytest.raises(ValueError, match="Ô cố định không hợp lệ"):
        _write([], freeze="6D")


@given(st.integers(min_value=0, max_value=16383))
def test_column_letters_match_openpyxl(index):
    from openpyxl.utils import get_column_letter

    assert column_letter(index) == get_column_letter(index + 1)
