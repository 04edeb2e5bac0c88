"""Long tables written straight to PDF: Vietnamese reads back letter for letter, text wraps inside its
column and is never cut, a row never splits across pages, the closing never stands alone."""

from __future__ import annotations

import unicodedata

from ansinh.core import table_pdf
from ansinh.core.pdf_fonts import face
from ansinh.core.table_pdf import Cell, Column, Columns, TableDocument, Text
from tests.readback import collapsed, pdf_pages, pdf_text

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
COLUMNS = (Column("STT", 15, "right"), Column("Họ và tên", 40), Column("Ghi chú", 60), Column("Số tiền", 30, "right"))


def _every_vietnamese_letter() -> str:
    letters = [unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in ("", *TONES)]
    lower = "".join(letters) + "đ"
    return f"{lower} {lower.upper()}"


def _document(rows, **fields) -> TableDocument:
    return TableDocument(title="Thử", columns=COLUMNS, rows=rows, **fields)


def test_every_vietnamese_letter_reads_back():
    letters = _every_vietnamese_letter()
    assert len(letters) == 2 * (len(VOWELS) * 6 + 1) + 1
    for style in ("regular", "bold", "italic"):
        assert all(character in face(style).glyphs for character in letters if character != " ")
    content = table_pdf.write(
        _document([[Cell("1"), Cell(letters), Cell(""), Cell("")]], opening=(Text(letters, style="italic"),))
    )
    text = pdf_text(content)
    assert text.count(letters) >= 1
    assert "".join(letters.split()) in text.replace(" ", "")


def test_letters_typed_with_combining_accents_print_composed():
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert pdf_text(table_pdf.write(_document([[Cell("1"), Cell(typed), Cell(""), Cell("")]]))).count(
        "Nguyễn Thị Hường"
    )


def test_long_text_wraps_inside_its_column_and_nothing_is_cut():
    note = "Người nhận thay theo giấy ủy quyền số 12/GUQ ngày 05/08/2024 của Ủy ban nhân dân xã Đồi Ngô " * 3
    word = "Khôngcókhoảngtrắngnàotrongchuỗidàinày"
    content = table_pdf.write(_document([[Cell("1"), Cell(word), Cell(note), Cell("1.250.000 đ")]]))
    text = pdf_text(content)
    assert collapsed(note) in text
    assert word in text.replace(" ", "")
    regular, width = face("regular"), COLUMNS[2].width * table_pdf.MM - 8
    lines = table_pdf.wrap(note, regular, 11, width)
    assert len(lines) > 3
    assert all(regular.width(line, 11) <= width for line in lines)
    assert " ".join(lines) == collapsed(note)
    pieces = table_pdf.wrap(word, regular, 11, COLUMNS[1].width * table_pdf.MM - 8)
    assert len(pieces) > 1 and "".join(pieces) == word


def test_rows_never_split_and_the_column_titles_head_every_page():
    rows = [
        [Cell(f"{n}"), Cell(f"Người số {n}"), Cell("dòng một\ndòng hai\ndòng ba"), Cell(f"{n}.000 đ")]
        for n in range(1, 121)
    ]
    pages = pdf_pages(table_pdf.write(_document(rows, running_header="Danh sách thử", running_footer="Thử")))
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert text.startswith("Danh sách thử") or number == 1
        assert "STT Họ và tên Ghi chú Số tiền" in text
        assert f"Thử — Trang {number}/{len(pages)}" in text
    for n in range(1, 121):
        holding = [text for text in pages if f"{n} Người số {n} dòng một dòng hai dòng ba {n}.000 đ" in text]
        assert len(holding) == 1, n


def test_the_closing_goes_to_the_next_page_with_the_last_row():
    signatures = Columns(
        ((0.5, (Text("NGƯỜI LẬP BIỂU", style="bold"),)), (0.5, (Text("THỦ TRƯỞNG", style="bold"),))), min_height=80
    )
    closing = (Text("Số tiền bằng chữ: Một triệu đồng.", style="italic"), signatures)
    for size in range(10, 40):
        rows = [[Cell(f"{n}"), Cell(f"Người số {n}"), Cell(""), Cell("1.000 đ")] for n in range(1, size + 1)]
        total = ([Cell(f"Tổng cộng: {size} người", span=3, bold=True), Cell("x đ", bold=True)],)
        pages = pdf_pages(table_pdf.write(_document(rows, total_rows=total, closing=closing)))
        last = pages[-1]
        assert f"{size} Người số {size}" in last, size
        assert f"Tổng cộng: {size} người" in last and "NGƯỜI LẬP BIỂU" in last and "Một triệu đồng" in last


def test_an_empty_table_prints_its_titles_and_its_closing():
    pages = pdf_pages(table_pdf.write(_document([], closing=(Text("Không có dòng nào."),))))
    assert len(pages) == 1
    assert "STT Họ và tên Ghi chú Số tiền" in pages[0] and "Không có dòng nào." in pages[0]
