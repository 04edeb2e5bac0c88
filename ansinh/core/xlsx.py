"""A streaming XLSX writer for long lists: one sheet, a fixed set of cell styles, rows written as they come.

The payment list of a large commune or district runs to 100,000 lines (issue 7: < 15 s, < 200 MB).
openpyxl's write-only mode builds an object per cell and serialises it through its XML layer, about
12 µs a cell: 26 s for such a list. This writer formats each row straight into SpreadsheetML
(ECMA-376 Part 1, §18: the worksheet, styles and workbook parts, strings written inline) and deflates
it into the zip as it goes, so time is a few microseconds a cell and memory does not grow with the
list. Tests read the files back with openpyxl and calamine (the reader of the post office's uploads).

Only what the documents need: one worksheet; column widths; frozen panes; header rows repeated on
every printed page; landscape A4 fitted to the page width; the styles of `Style`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import IO, Any

FONT = "Times New Roman"  # NĐ 30/2020/NĐ-CP Appendix I: the font of administrative documents
FONT_SIZE = 12
FLUSH_ROWS = 500
SHEET_TITLE_MAX = 31
_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 does not allow (a pasted control character would make the file unreadable),
# and the three that must be escaped in element text.
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = date(1899, 12, 30)


class Style(IntEnum):
    """The cell formats of the styles part, in its order (the value is the cellXfs index)."""

    PLAIN = 0
    CELL = 1  # thin border
    MONEY = 2  # thin border, #,##0
    DATE = 3  # thin border, dd/mm/yyyy
    HEADER = 4  # bold, centred, wrapped, thin border
    TOTAL = 5  # bold, thin border
    TOTAL_MONEY = 6  # bold, thin border, #,##0
    BOLD = 7
    ITALIC = 8
    PLAIN_DATE = 9  # dd/mm/yyyy, no border


# A date written with a style that has no date format would show as a bare serial number.
_BORDERED = {Style.CELL, Style.MONEY, Style.DATE, Style.HEADER, Style.TOTAL, Style.TOTAL_MONEY}
_DATE_STYLE = {
    f' s="{style.value}"' if style else "": f' s="{(Style.DATE if style in _BORDERED else Style.PLAIN_DATE).value}"'
    for style in Style
}


_THIN = '<{0} style="thin"><color auto="1"/></{0}>'
_STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="3">'
    f'<font><sz val="{FONT_SIZE}"/><name val="{FONT}"/><family val="1"/></font>'
    f'<font><b/><sz val="{FONT_SIZE}"/><name val="{FONT}"/><family val="1"/></font>'
    f'<font><i/><sz val="{FONT_SIZE}"/><name val="{FONT}"/><family val="1"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f"<border>{''.join(_THIN.format(side) for side in ('left', 'right', 'top', 'bottom'))}<diagonal/></border>"
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>'
    '<xf numFmtId="3" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def escape_text(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return escape_text(text).replace('"', "&quot;")


def sheet_title(text: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\ ."""
    return _FORBIDDEN_IN_TITLE.sub(" ", text).strip()[:SHEET_TITLE_MAX] or "Sheet1"


def _cell(ref: str, value: Any, style: str) -> str:
    kind = type(value)
    if kind is str:
        return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{escape_text(value)}</t></is></c>'
    if kind is int:
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if kind is bool:
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if kind is Decimal:
        return f'<c r="{ref}"{style}><v>{value:f}</v></c>'
    if kind is float:
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    if kind is datetime:
        serial = (value - datetime(1899, 12, 30, tzinfo=value.tzinfo)).total_seconds() / 86400
        return f'<c r="{ref}"{_DATE_STYLE[style]}><v>{serial!r}</v></c>'
    if kind is date:
        return f'<c r="{ref}"{_DATE_STYLE[style]}><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    raise TypeError(f"Không ghi được giá trị kiểu {kind.__name__} vào ô {ref}.")


class SheetWriter:
    """Rows go out in order; `None` leaves a cell empty. Use through `open_sheet`."""

    def __init__(self, stream: IO[bytes], width: int) -> None:
        self._stream = stream
        self._letters = [column_letter(index) for index in range(width)]
        self._style_attrs = [f' s="{style.value}"' if style else "" for style in Style]
        self._buffer: list[str] = []
        self.rows = 0

    def row(
        self, values: Sequence[Any], styles: Sequence[Style] | Style = Style.PLAIN, *, height: float | None = None
    ) -> None:
        """One row; `styles` is one style for every cell or one per column; `height` in points
        (a wrapped header needs it: spreadsheet programs do not grow a row to fit when they open a file)."""
        self.rows += 1
        number = self.rows
        letters, attrs = self._letters, self._style_attrs
        if isinstance(styles, Style):
            styles = (styles,) * len(values)
        if len(values) > len(letters):
            letters.extend(column_letter(index) for index in range(len(letters), len(values)))
        # An empty cell is written only when it has a style (the border of a table's blank cell).
        cells = [
            _cell(f"{letters[index]}{number}", value, attrs[styles[index]])
            if value is not None
            else (f'<c r="{letters[index]}{number}"{attrs[styles[index]]}/>' if styles[index] else "")
            for index, value in enumerate(values)
        ]
        size = f' ht="{height}" customHeight="1"' if height else ""
        self._buffer.append(f'<row r="{number}"{size}>{"".join(cells)}</row>')
        if len(self._buffer) >= FLUSH_ROWS:
            self.flush()

    def blank(self) -> None:
        self.row(())

    def flush(self) -> None:
        if self._buffer:
            self._stream.write("".join(self._buffer).encode())
            self._buffer.clear()


def _worksheet_head(widths: Sequence[float], freeze: str | None) -> str:
    pane = ""
    if freeze:
        match = re.fullmatch(r"([A-Z]+)(\d+)", freeze)
        if match is None:
            raise ValueError(f"Ô cố định không hợp lệ: {freeze}")
        columns = sum((ord(char) - 64) * 26**power for power, char in enumerate(reversed(match[1]))) - 1
        rows = int(match[2]) - 1
        split = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
        pane = (
            f'<pane{split} topLeftCell="{freeze}" activePane="bottomRight" state="frozen"/>'
            f'<selection pane="bottomRight" activeCell="{freeze}" sqref="{freeze}"/>'
        )
    cols = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15.75"/>' + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>"
    )


_WORKSHEET_TAIL = (
    "</sheetData>"
    '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    "</worksheet>"
)


def _workbook_xml(title: str, repeat_rows: tuple[int, int] | None) -> str:
    names = ""
    if repeat_rows:
        first, last = repeat_rows
        reference = "'" + title.replace("'", "''") + f"'!${first}:${last}"
        names = (
            '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
            f"{_attribute(reference)}</definedName></definedNames>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{_attribute(title)}" sheetId="1" r:id="rId1"/></sheets>{names}'
        "</workbook>"
    )


@contextmanager
def open_sheet(
    target: str | IO[bytes] | Any,
    *,
    title: str,
    widths: Sequence[float] = (),
    freeze: str | None = None,
    repeat_rows: tuple[int, int] | None = None,
) -> Iterator[SheetWriter]:
    """Write a one-sheet workbook to `target` (a path or a binary file), rows streamed.

    `freeze` is the top-left cell of the scrolling area ("D6" keeps rows 1–5 and columns A–C);
    `repeat_rows` (first, last) are printed at the top of every page."""
    title = sheet_title(title)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", _ROOT_RELS_XML)
        archive.writestr("xl/workbook.xml", _workbook_xml(title, repeat_rows))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS_XML)
        archive.writestr("xl/styles.xml", _STYLES_XML)
        with archive.open("xl/worksheets/sheet1.xml", "w") as stream:
            stream.write(_worksheet_head(widths, freeze).encode())
            writer = SheetWriter(stream, len(widths))
            yield writer
            writer.flush()
            stream.write(_WORKSHEET_TAIL.encode())
