from io import BytesIO

import pytest
from openpyxl import Workbook

from ansinh.registry.imports import COLUMNS

HEADERS = [printed for printed, _ in COLUMNS.values()]


@pytest.fixture(autouse=True)
def _categories(monkeypatch):
    codes = {"5.1", "5.2", "5.3", "5.4", "5.5a", "5.5b", "5.5c", "5.5d", "5.6", "5.7", "5.8"}
    monkeypatch.setattr("ansinh.cases.imports.category_codes", lambda: codes)


def workbook_bytes(rows, headers=None, title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    sheet.append(headers or HEADERS[:12])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
