"""Text read back from the printed files (PDF through pypdf, DOCX through python-docx), with every run
of whitespace collapsed to one space: where a line wraps depends on the font version and on the length
of the dates and names printed, and must not change what a test finds."""

from __future__ import annotations

import io
from collections.abc import Iterable

import docx
import pypdf
from docx.table import Table


def collapsed(text: str) -> str:
    """One space between words, none at either end."""
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    """Every page's text, pages and lines joined by one space."""
    return " ".join(pdf_pages(content))


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, collapsed (what a page carries: its headings, its rows, its footer)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [collapsed(page.extract_text()) for page in reader.pages]


def docx_document(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def docx_text(content: bytes) -> str:
    """The paragraphs, then every table cell, joined by one space."""
    document = docx_document(content)
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return collapsed(" ".join(parts))


def docx_paragraphs(content: bytes) -> list[str]:
    """Each paragraph's text, collapsed."""
    return [collapsed(paragraph.text) for paragraph in docx_document(content).paragraphs]


def table_rows(table: Table) -> list[list[str]]:
    """Each row of a DOCX table as its cells' collapsed texts."""
    return [cells_text(row.cells) for row in table.rows]


def cells_text(cells: Iterable) -> list[str]:
    return [collapsed(cell.text) for cell in cells]
