"""The guarded spreadsheet reader: crafted files are refused with a Vietnamese message before or while
parsing, never taking the process down; ordinary files read exactly as calamine reads them."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from ansinh.core import spreadsheets
from ansinh.core.spreadsheets import NotSpreadsheetError, SpreadsheetError, check_xlsx, sheet_rows
from ansinh.core.xlsx import Style, open_sheet
from tests.crafted_xlsx import SHEET_START, deflate_bomb_xlsx, far_corner_xlsx, minimal_xlsx


def read(data: bytes) -> list[list[object]]:
    return list(sheet_rows(io.BytesIO(data)))


def calamine(data: bytes) -> list[list[object]]:
    return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows())


def test_an_ordinary_workbook_reads_exactly_as_calamine_reads_it():
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Ngày sinh", "Số", "Tiền", "Có"])
    for index in range(5000):
        workbook.active.append([f"Nguyễn Văn {index}", datetime(1950, 1, 1 + index % 28), index, 1.5 * index, True])
    workbook.active.append(["Ngày", date(2024, 8, 5)])
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = read(buffer.getvalue())

    assert rows == calamine(buffer.getvalue())
    assert len(rows) == 5002 and rows[1][0] == "Nguyễn Văn 0" and rows[1][1] == date(1950, 1, 1)


def test_our_own_streaming_writer_reads_back():
    buffer = io.BytesIO()
    with open_sheet(buffer, title="Danh sách", widths=(6, 30), freeze="A2") as sheet:
        sheet.row(["Mã dòng", "Họ và tên"], Style.HEADER)
        sheet.row([1, "Nguyễn Văn An", date(2024, 8, 5)], Style.CELL)

    assert read(buffer.getvalue()) == calamine(buffer.getvalue())


@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_a_cell_in_the_far_corner_is_refused_before_parsing(dimension):
    with pytest.raises(
        SpreadsheetError, match=r"^Tệp Excel không đọc được: bảng tính (khai báo|dùng đến) dòng 1\.048\.576"
    ):
        read(far_corner_xlsx(dimension=dimension))


def test_a_column_past_the_cap_is_refused_even_without_positions():
    cells = "<c><v>1</v></c>" * 101  # positions implied by order: the 101st cell is column CW
    with pytest.raises(SpreadsheetError, match=r"cột CW \(cột thứ 101\), quá giới hạn 100 cột"):
        read(minimal_xlsx(f"{SHEET_START}<sheetData><row>{cells}</row></sheetData></worksheet>"))


def test_a_deflate_bomb_is_refused_by_its_compression_ratio():
    bomb = deflate_bomb_xlsx()

    assert len(bomb) < 200_000
    with pytest.raises(SpreadsheetError, match="được nén bất thường"):
        read(bomb)


def test_a_bomb_under_the_ratio_is_refused_by_the_size_cap(settings):
    settings.SPREADSHEET_MAX_RATIO = 10_000
    settings.SPREADSHEET_MAX_UNCOMPRESSED = 8 * 1024 * 1024

    with pytest.raises(SpreadsheetError, match=r"nội dung giải nén quá lớn \(hơn 8 MB\)"):
        read(deflate_bomb_xlsx())


def test_too_many_cells_between_a1_and_the_last_cell_are_refused(settings):
    settings.SPREADSHEET_MAX_CELLS = 1000
    sheet = f'{SHEET_START}<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="50"><c r="Z50"><v>1</v></c></row></sheetData></worksheet>'

    with pytest.raises(SpreadsheetError, match=r"vùng dữ liệu 50 dòng × 26 cột quá giới hạn 1\.000 ô"):
        read(minimal_xlsx(sheet))


@pytest.mark.parametrize(
    "data",
    [b"nope", b"PK\x03\x04broken", minimal_xlsx("<worksheet>")[:200]],
    ids=["text", "broken zip", "truncated"],
)
def test_a_file_that_is_not_an_xlsx_is_refused(data):
    with pytest.raises(NotSpreadsheetError, match=r"không phải tệp Excel \.xlsx"):
        read(data)


def test_a_zip_without_a_workbook_is_not_an_xlsx(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")

    with pytest.raises(NotSpreadsheetError, match=r"không phải tệp Excel \.xlsx"):
        check_xlsx(path)


def test_a_child_killed_by_the_memory_limit_gives_the_message(settings):
    """The guard's caps lifted: the parse itself asks for 100 million cells (A1 to CV1000000), and the
    child's address-space limit stops it; the test process lives on and gets the Vietnamese message."""
    settings.SPREADSHEET_MAX_ROWS = 2_000_000
    settings.SPREADSHEET_MAX_CELLS = 10**12
    settings.SPREADSHEET_MEMORY_LIMIT = 256 * 1024 * 1024
    sheet = (
        f'{SHEET_START}<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1000000"><c r="CV1000000"><v>1</v></c></row></sheetData></worksheet>'
    )

    with pytest.raises(SpreadsheetError, match=r"^Tệp Excel không đọc được: đọc tệp cần quá nhiều bộ nhớ"):
        read(minimal_xlsx(sheet))


def test_the_far_corner_past_the_guard_is_stopped_by_the_child(settings):
    settings.SPREADSHEET_MAX_ROWS = 2_000_000
    settings.SPREADSHEET_MAX_COLUMNS = 20_000
    settings.SPREADSHEET_MAX_CELLS = 10**12

    with pytest.raises(SpreadsheetError, match=r"^Tệp Excel không đọc được: đọc tệp cần quá nhiều bộ nhớ"):
        read(far_corner_xlsx(dimension=True))


def test_a_reader_stopped_early_leaves_no_child_behind(monkeypatch):
    started = []
    popen = spreadsheets.subprocess.Popen

    def recording(*args, **kwargs):
        started.append(popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(spreadsheets.subprocess, "Popen", recording)
    workbook = Workbook()
    for index in range(20_000):
        workbook.active.append([index, "x" * 50])
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = sheet_rows(buffer)
    assert next(rows) == [0, "x" * 50]
    rows.close()

    assert len(started) == 1 and started[0].returncode is not None


def test_a_sheet_named_through_the_relationships_is_checked_wherever_it_lives():
    corner = far_corner_xlsx(dimension=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(corner)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                target.writestr("xl/data/hidden.xml", data)
            elif entry.filename == "xl/_rels/workbook.xml.rels":
                target.writestr(entry.filename, data.replace(b"worksheets/sheet1.xml", b"/xl/data/../data/hidden.xml"))
            else:
                target.writestr(entry, data)

    with pytest.raises(SpreadsheetError, match=r"dòng 1\.048\.576"):
        read(buffer.getvalue())


def test_cells_without_positions_continue_from_the_last_positioned_one(settings):
    """A row whose cell CV1 (column 100) ends the scan's first megabyte and whose next cell, in the
    second, has no position: that cell is column 101, as the parser counts it."""
    settings.SPREADSHEET_MAX_RATIO = 10_000
    head = f'{SHEET_START}<sheetData><row r="1"><c r="CV1"><v>1</v></c>'
    sheet = head + " " * (spreadsheets.CHUNK + 10 - len(head)) + "<c><v>2</v></c></row></sheetData></worksheet>"

    with pytest.raises(SpreadsheetError, match=r"cột CW \(cột thứ 101\)"):
        read(minimal_xlsx(sheet))
