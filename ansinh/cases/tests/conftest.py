from io import BytesIO

from openpyxl import Workbook

from ansinh.registry.imports import COLUMNS

HEADERS = [printed for printed, _ in COLUMNS.values()]


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
