"""Long tables printed straight to PDF, for the documents of hundreds of rows that must print at once.

WeasyPrint (`core.printing`) lays every table cell out through Pango and the CSS cascade: about 7 ms
of CPU per row of nine cells, 4–6 s for a commune's signature sheet of 600 lines (docs/benchmarks.md),
and no stylesheet change brings it near a second. A long list has a fixed shape, so this module lays it
out itself: an opening (the letterhead and title of NĐ 30/2020/NĐ-CP Appendix I, first page only), a
bordered grid whose column titles repeat at the top of every page, rows that never split across pages,
a closing kept together (totals in words, signatures), a running header on the following pages and a
running footer "Trang i/n" on every page. Text is set in Liberation Serif (`core.pdf_fonts`), wrapped
at word boundaries to the column widths, never cut; a word longer than its column breaks between
letters. Every face carries a ToUnicode map, so the text reads back (tests/readback.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pydyf

from ansinh.core.pdf_fonts import Face, face, printable

MM = 72 / 25.4
Align = Literal["left", "center", "right"]
Style = Literal["regular", "bold", "italic"]
FONT_NAMES: dict[str, str] = {"regular": "F1", "bold": "F2", "italic": "F3"}
LINE_WIDTH = 0.75  # 1 CSS px, as the HTML documents' borders


@dataclass(frozen=True)
class Text:
    """A paragraph wrapped to the width of its box; "\n" starts a new line."""

    text: str
    style: Style = "regular"
    size: float = 13
    align: Align = "left"
    underline: bool = False
    space_before: float = 0  # points
    space_after: float = 0


@dataclass(frozen=True)
class Columns:
    """Stacks of paragraphs side by side (the letterhead, the signatures), widths as fractions of the line."""

    parts: tuple[tuple[float, tuple[Text, ...]], ...]
    space_before: float = 0
    min_height: float = 0  # points, below space_before (room to sign)


Block = Text | Columns


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    align: Align = "left"


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1
    bold: bool = False
    align: Align | None = None  # the column's when None


@dataclass(frozen=True)
class TableDocument:
    title: str  # the PDF's metadata title
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[Cell]]
    total_rows: tuple[Sequence[Cell], ...] = ()  # under the last row, kept with it and the closing
    opening: tuple[Block, ...] = ()
    closing: tuple[Block, ...] = ()
    running_header: str = ""  # top of every page but the first
    running_footer: str = ""  # bottom of every page, before "Trang i/n"
    page_size: tuple[float, float] = (297, 210)  # mm, A4 landscape
    margins: tuple[float, float, float, float] = (12, 10, 12, 15)  # mm: top, right, bottom, left
    table_size: float = 11
    line_height: float = 1.35
    row_min_height: float = 0  # points, padding included
    padding: tuple[float, float] = (2, 4)  # points: vertical, horizontal


@dataclass
class _Page:
    """The page's drawing operators (the cells' borders); its text is kept apart as `_Placed` lines."""

    rules: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _CellBox:
    """A cell as laid out: its left edge and width, how its lines sit, and the lines."""

    x: float
    width: float
    style: Style
    align: Align
    lines: list[str]


@dataclass(frozen=True)
class _Placed:
    """One laid-out line of text: face, size, left x, baseline y (from the page's top)."""

    style: Style
    size: float
    x: float
    baseline: float
    text: str
    underline: bool = False


def wrap(text: str, typeface: Face, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` points: at spaces, else between letters."""
    lines: list[str] = []
    for paragraph in printable(text).split("\n"):
        lines.extend(_wrap_paragraph(paragraph.strip(), typeface, size, width))
    return lines or [""]


def _wrap_paragraph(paragraph: str, typeface: Face, size: float, width: float) -> list[str]:
    if typeface.width(paragraph, size) <= width:
        return [paragraph]
    lines: list[str] = []
    current = ""
    for word in paragraph.split():
        candidate = f"{current} {word}" if current else word
        if typeface.width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while typeface.width(current, size) > width and len(current) > 1:
            cut = _longest_prefix(current, typeface, size, width)
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines


def _longest_prefix(word: str, typeface: Face, size: float, width: float) -> int:
    cut = 1
    while cut < len(word) and typeface.width(word[: cut + 1], size) <= width:
        cut += 1
    return cut


class _Layout:
    """Places the blocks and rows on pages, top-down, in points."""

    def __init__(self, document: TableDocument) -> None:
        self.document = document
        width, height = document.page_size
        top, right, bottom, left = document.margins
        self.page_width, self.page_height = width * MM, height * MM
        self.left, self.top = left * MM, top * MM
        self.right, self.bottom = self.page_width - right * MM, self.page_height - bottom * MM
        self.column_x: list[float] = [self.left]
        for column in document.columns:
            self.column_x.append(self.column_x[-1] + column.width * MM)
        self.pages: list[_Page] = []
        self.placed: list[list[_Placed]] = []
        self.current: list[_Placed] = []
        self.y = self.top
        self.lead = document.table_size * document.line_height

    # --- pages ---------------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.current = []
        self.placed.append(self.current)
        self.y = self.top

    def fits(self, height: float) -> bool:
        return self.y + height <= self.bottom + 0.01

    def place(self, item: _Placed) -> None:
        self.current.append(item)

    def box(self, x: float, y: float, width: float, height: float) -> None:
        self.pages[-1].rules.append(f"{x:.2f} {self.page_height - y - height:.2f} {width:.2f} {height:.2f} re")

    # --- blocks --------------------------------------------------------------------------------

    def text_lines(self, text: Text, x: float, width: float, top: float) -> float:
        """Place a paragraph in [x, x + width] from `top`; return its height (spaces included)."""
        typeface = face(text.style)
        lead = text.size * self.document.line_height
        y = top + text.space_before
        for line in wrap(text.text, typeface, text.size, width) if text.text else []:
            self.place(
                _Placed(
                    text.style,
                    text.size,
                    _aligned(x, width, typeface, text.size, line, text.align),
                    _baseline(y, lead, typeface, text.size),
                    line,
                    text.underline,
                )
            )
            y += lead
        return y + text.space_after - top

    def block_height(self, block: Block) -> float:
        return self._measure(lambda: self._draw_block(block, self.top))

    def _measure(self, draw: Callable[[], float]) -> float:
        """Height of what `draw` places, placing nothing."""
        saved_pages, saved_current = self.pages, self.current
        self.pages, self.current = [_Page()], []
        try:
            return draw()
        finally:
            self.pages, self.current = saved_pages, saved_current

    def _draw_block(self, block: Block, top: float) -> float:
        width = self.right - self.left
        if isinstance(block, Text):
            return self.text_lines(block, self.left, width, top)
        tallest, x = 0.0, self.left
        for fraction, texts in block.parts:
            y = top + block.space_before
            for text in texts:
                y += self.text_lines(text, x, width * fraction, y)
            tallest = max(tallest, y - top - block.space_before)
            x += width * fraction
        return block.space_before + max(tallest, block.min_height)

    def block(self, block: Block) -> None:
        self.y += self._draw_block(block, self.y)

    def blocks_together(self, blocks: Sequence[Block]) -> None:
        """The closing: on this page if all of it fits, else together on a new page."""
        if not self.fits(sum(self.block_height(block) for block in blocks)):
            self.new_page()
        for block in blocks:
            self.block(block)

    # --- the table -----------------------------------------------------------------------------

    def cells_of(self, row: Sequence[Cell], *, heading: bool = False) -> list[_CellBox]:
        """Each cell laid out in its columns (a spanning cell over all of them)."""
        boxes, index = [], 0
        for cell in row:
            x, end = self.column_x[index], self.column_x[index + cell.span]
            style: Style = "bold" if cell.bold or heading else "regular"
            align: Align = "center" if heading else (cell.align or self.document.columns[index].align)
            inner = end - x - 2 * self.document.padding[1]
            lines = wrap(cell.text, face(style), self.document.table_size, inner) if cell.text else []
            boxes.append(_CellBox(x, end - x, style, align, lines))
            index += cell.span
        return boxes

    def row_height(self, boxes: list[_CellBox]) -> float:
        tallest = max((len(box.lines) for box in boxes), default=0)
        return max(tallest * self.lead + 2 * self.document.padding[0], self.document.row_min_height)

    def draw_row(self, boxes: list[_CellBox], height: float) -> None:
        size, horizontal = self.document.table_size, self.document.padding[1]
        for box in boxes:
            self.box(box.x, self.y, box.width, height)
            typeface = face(box.style)
            y = self.y + (height - len(box.lines) * self.lead) / 2
            for line in box.lines:
                left = _aligned(box.x + horizontal, box.width - 2 * horizontal, typeface, size, line, box.align)
                self.place(_Placed(box.style, size, left, _baseline(y, self.lead, typeface, size), line))
                y += self.lead
        self.pages[-1].rules.append(f"{LINE_WIDTH:.2f} w S")
        self.y += height

    def table(self) -> None:
        """The grid: column titles on every page; the last row goes with the totals and the closing,
        so that the signatures never stand on a page of their own."""
        heading = self.cells_of([Cell(column.title) for column in self.document.columns], heading=True)
        heading_height = self.row_height(heading)
        self.draw_row(heading, heading_height)
        totals = [self.cells_of(row) for row in self.document.total_rows]
        tail = sum(self.row_height(boxes) for boxes in totals) + self.closing_height()
        rows = iter(self.document.rows)
        following = next(rows, None)
        while following is not None:
            boxes = self.cells_of(following)
            following = next(rows, None)
            height = self.row_height(boxes)
            last_goes_on = following is None and self.top + heading_height + height + tail <= self.bottom
            if not self.fits(height) or (last_goes_on and not self.fits(height + tail)):
                self.new_page()
                self.draw_row(heading, heading_height)
            self.draw_row(boxes, height)
        for boxes in totals:
            if not self.fits(self.row_height(boxes)):
                self.new_page()
                self.draw_row(heading, heading_height)
            self.draw_row(boxes, self.row_height(boxes))

    def closing_height(self) -> float:
        return sum(self.block_height(block) for block in self.document.closing)

    def running_texts(self) -> None:
        """The running header (pages 2…n, first in the page's text) and footer (every page, last), once
        the number of pages is known."""
        document, count = self.document, len(self.pages)
        width = self.right - self.left
        for number, placed in enumerate(self.placed, start=1):
            self.current = []
            if number > 1 and document.running_header:
                header = Text(document.running_header, style="italic", size=10, align="center")
                self.text_lines(header, self.left, width, self.top - 10 * document.line_height - 2 * MM)
            placed[:0] = self.current
            self.current = placed
            footer = f"{document.running_footer} — Trang {number}/{count}".lstrip(" —")
            self.text_lines(
                Text(footer, style="italic", size=10, align="right"), self.left, width, self.bottom + 2 * MM
            )

    def run(self) -> None:
        self.new_page()
        for block in self.document.opening:
            self.block(block)
        self.table()
        if self.document.closing:
            self.blocks_together(self.document.closing)
        self.running_texts()


def _aligned(x: float, width: float, typeface: Face, size: float, line: str, align: Align) -> float:
    if align == "left":
        return x
    free = width - typeface.width(line, size)
    return x + (free if align == "right" else free / 2)


def _baseline(top: float, lead: float, typeface: Face, size: float) -> float:
    """Baseline of a line box of height `lead` starting at `top` (the half-leading of CSS)."""
    return top + (lead - (typeface.ascent + typeface.descent) * size) / 2 + typeface.ascent * size


# --- writing the PDF ---------------------------------------------------------------------------


def _content(layout: _Layout, page: _Page, placed: list[_Placed]) -> bytes:
    height = layout.page_height
    parts = ["0 g 0 G", *page.rules, "BT"]
    current: tuple[str, float] | None = None
    for item in placed:
        if not item.text:
            continue
        if current != (item.style, item.size):
            current = (item.style, item.size)
            parts.append(f"/{FONT_NAMES[item.style]} {item.size:g} Tf")
        parts.append(f"1 0 0 1 {item.x:.2f} {height - item.baseline:.2f} Tm <{face(item.style).encoded(item.text)}> Tj")
    parts.append("ET")
    for item in placed:
        if item.underline:
            typeface = face(item.style)
            y = height - item.baseline - 0.15 * item.size
            right = item.x + typeface.width(item.text, item.size)
            parts.append(f"{0.05 * item.size:.2f} w {item.x:.2f} {y:.2f} m {right:.2f} {y:.2f} l S")
    return zlib.compress("\n".join(parts).encode("ascii"))


def _stream(data: bytes, extra: dict[str, object] | None = None) -> pydyf.Stream:
    """A stream already compressed with Flate."""
    return pydyf.Stream([data], {**(extra or {}), "Filter": "/FlateDecode"})


def _to_unicode(typeface: Face) -> bytes:
    pairs: dict[int, str] = {}
    for character, glyph in typeface.glyphs.items():
        pairs.setdefault(glyph, character)
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    entries = sorted(pairs.items())
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{glyph:04x}> <{character.encode('utf-16-be').hex()}>" for glyph, character in chunk)
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return zlib.compress("\n".join(lines).encode("ascii"))


def _add_font(pdf: pydyf.PDF, typeface: Face) -> pydyf.Dictionary:
    program = _stream(zlib.compress(typeface.program), {"Length1": len(typeface.program)})
    pdf.add_object(program)
    flags = 2 | 32 | (64 if typeface.italic_angle else 0)  # serif, non-symbolic, italic
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": pydyf.name(typeface.base_name),
            "Flags": flags,
            "FontBBox": pydyf.Array(typeface.bounding_box),
            "ItalicAngle": typeface.italic_angle,
            "Ascent": round(typeface.ascent * 1000),
            "Descent": -round(typeface.descent * 1000),
            "CapHeight": round(typeface.cap_height * 1000),
            "StemV": 80,
            "FontFile2": program.reference,
        }
    )
    pdf.add_object(descriptor)
    widths = pydyf.Array()
    for glyph, advance in sorted(typeface.widths.items()):
        widths.extend([glyph, pydyf.Array([advance])])
    descendant = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": pydyf.name(typeface.base_name),
            "CIDSystemInfo": pydyf.Dictionary(
                {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
            ),
            "FontDescriptor": descriptor.reference,
            "W": widths,
            "CIDToGIDMap": "/Identity",
        }
    )
    pdf.add_object(descendant)
    to_unicode = _stream(_to_unicode(typeface))
    pdf.add_object(to_unicode)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": pydyf.name(typeface.base_name),
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([descendant.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    pdf.add_object(font)
    return font


def _styles_used(placed: Iterator[_Placed]) -> list[str]:
    used = {item.style for item in placed if item.text}
    return [style for style in FONT_NAMES if style in used]


def write(document: TableDocument) -> bytes:
    """The document as PDF bytes."""
    layout = _Layout(document)
    layout.run()
    pdf = pydyf.PDF()
    pdf.info["Title"] = pydyf.String(document.title)
    pdf.info["Producer"] = pydyf.String("ansinh")
    styles = _styles_used(item for placed in layout.placed for item in placed)
    fonts = pydyf.Dictionary({FONT_NAMES[style]: _add_font(pdf, face(style)).reference for style in styles})
    resources = pydyf.Dictionary({"Font": fonts})
    pdf.add_object(resources)
    media_box = pydyf.Array([0, 0, round(layout.page_width, 2), round(layout.page_height, 2)])
    for page, placed in zip(layout.pages, layout.placed, strict=True):
        content = _stream(_content(layout, page, placed))
        pdf.add_object(content)
        pdf.add_page(
            pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "MediaBox": media_box,
                    "Contents": content.reference,
                    "Resources": resources.reference,
                }
            )
        )
    output = _Output()
    pdf.write(output, version=b"1.7", compress=True)
    return output.value()


class _Output:
    """A byte sink for pydyf (it writes line by line)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def value(self) -> bytes:
        return b"".join(self.parts)
