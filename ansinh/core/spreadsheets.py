"""The one way to read an uploaded spreadsheet: a guard on the zip, then the parse in a child process.

Every spreadsheet read (the register import, the poverty import, the post office's results upload, and any
later upload) calls `sheet_rows`. A crafted XLSX can make a reader allocate without bound: one cell at
XFD1048576 asks calamine for a grid of 17 billion cells (about 550 GB, then SIGABRT), and a sheet padded with
blank space ("deflate bomb") takes memory in proportion to its decompressed size, a thousand times the file.
So reading is done in two steps:

1. **The guard** (`check_xlsx`, in this process, bounded memory) opens the file with the standard zipfile
   module and refuses, before any parsing: a file that is not an XLSX (no `[Content_Types].xml` or no
   workbook part; .xls, .xlsb and .ods are refused, since the forms ask for .xlsx); too many zip entries;
   an entry or a total whose declared uncompressed size passes the cap; an entry compressed more than
   `SPREADSHEET_MAX_RATIO` times; a sheet whose declared `<dimension ref>` passes the caps. It then streams
   each worksheet part through zlib, at most the size cap, scanning the row and cell tags for the last row
   and column actually used (positions written as `r="…"` or implied by order), and refuses a sheet past
   `SPREADSHEET_MAX_ROWS` rows, `SPREADSHEET_MAX_COLUMNS` columns or `SPREADSHEET_MAX_CELLS` cells (the
   area from A1 to the last used cell, which is what the parser allocates).
2. **The parse** runs in a child process (`python -m ansinh.core.sheet_worker`) that limits its own address
   space (`SPREADSHEET_MEMORY_LIMIT`, RLIMIT_AS) and CPU time (`SPREADSHEET_CPU_SECONDS`, RLIMIT_CPU)
   before importing calamine. It sends the rows back in pickled chunks as it reads them; the parent
   unpickles them with an unpickler that accepts only the date and time classes. A child that dies (killed
   by a signal, out of memory, out of CPU time, or any error) raises `SpreadsheetError`: a caller gets a
   Vietnamese message, never a dead worker or a backtrace.

Callers turn `SpreadsheetError` into their own file error (`ImportFileError`, `UploadFileError`); the
message starts "Tệp Excel không đọc được: …". `NotSpreadsheetError` (not an XLSX at all) lets each caller keep
the message its form has always given.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import posixpath
import re
import signal
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings

PREFIX = "Tệp Excel không đọc được: "
PROJECT_ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024

DEFAULTS: dict[str, int] = {
    "SPREADSHEET_MAX_FILE_SIZE": 50 * MB,  # the file itself (uploads are capped at 20 MB before)
    "SPREADSHEET_MAX_ENTRIES": 1000,
    "SPREADSHEET_MAX_UNCOMPRESSED": 400 * MB,  # one entry, and all entries together
    "SPREADSHEET_MAX_RATIO": 100,  # Excel's own sheets compress 5–20 times; blank padding 1,000 times
    "SPREADSHEET_RATIO_FROM": 1 * MB,  # the ratio is checked for entries larger than this
    "SPREADSHEET_MAX_ROWS": 200_000,
    "SPREADSHEET_MAX_COLUMNS": 100,
    "SPREADSHEET_MAX_CELLS": 5_000_000,
    "SPREADSHEET_MEMORY_LIMIT": 2048 * MB,  # the child's address space
    "SPREADSHEET_CPU_SECONDS": 120,
}
CHUNK = 1 * MB
PASSED_KEPT = 16
_PASSED: dict[tuple[str, tuple[int, ...]], None] = {}  # files that passed the guard, oldest first
MAX_TAG = 64 * 1024  # a row or cell start tag longer than this is not a spreadsheet's
DIMENSION_SCAN = 64 * 1024
# A row or cell start tag, with or without a namespace prefix ("<x:c ..."), and its attributes.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s>/])([^<>]*)>")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_R = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Za-z]{0,3})(\d{0,9})["\']')
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*\bref\s*=\s*["\']([^"\']*)["\']')
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_SHEET_REL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*?>",
)
_ATTR = re.compile(rb'(\w+)\s*=\s*["\']([^"\']*)["\']')


class SpreadsheetError(ValueError):
    """The spreadsheet cannot be read safely; the message is Vietnamese and says why."""


class NotSpreadsheetError(SpreadsheetError):
    """The file is not an XLSX at all (another format, or damaged)."""


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def _refuse(reason: str) -> SpreadsheetError:
    return SpreadsheetError(PREFIX + reason)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class SheetExtent:
    rows: int = 0
    columns: int = 0
    column: int = 0  # the column of the last cell seen, for a cell without a position
    prefix: bytes = b""  # the namespace prefix of the sheet's tags ("x:"), usually none


# ---------------------------------------------------------------------------------------------- the guard


def check_xlsx(path: Path) -> None:
    """Refuse a file that is not an XLSX or whose sheets would take too much to parse (see the module)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NotSpreadsheetError(PREFIX + "đây không phải tệp Excel .xlsx (Excel 2007 trở lên).") from error
    with archive:
        entries = archive.infolist()
        _check_entries(entries)
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or not any(name.lower() == "xl/workbook.xml" for name in names):
            raise NotSpreadsheetError(PREFIX + "đây không phải tệp Excel .xlsx (Excel 2007 trở lên).")
        targets = _sheet_targets(archive, names)
        for entry in entries:
            if _is_sheet(entry.filename, targets):
                _check_sheet(archive, entry)


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > limit("SPREADSHEET_MAX_ENTRIES"):
        raise _refuse(f"tệp có {_number(len(entries))} thành phần, quá nhiều cho một bảng tính.")
    cap, ratio, ratio_from = (
        limit("SPREADSHEET_MAX_UNCOMPRESSED"),
        limit("SPREADSHEET_MAX_RATIO"),
        limit("SPREADSHEET_RATIO_FROM"),
    )
    too_big = PREFIX + f"nội dung giải nén quá lớn (hơn {_number(cap // MB)} MB)."
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > cap or total > cap:
            raise SpreadsheetError(too_big)
        if entry.file_size > ratio_from and entry.file_size > ratio * max(entry.compress_size, 1):
            raise _refuse(
                f"phần {entry.filename} được nén bất thường (hơn {_number(ratio)} lần): "
                "tệp có thể được tạo để làm treo hệ thống."
            )


def _sheet_targets(archive: zipfile.ZipFile, names: set[str]) -> set[str]:
    """The worksheet parts the workbook's relationships name (a sheet may live outside xl/worksheets/)."""
    rels = "xl/_rels/workbook.xml.rels"
    if rels not in names:
        return set()
    with archive.open(rels) as stream:
        data = stream.read(DIMENSION_SCAN * 16)
    targets: set[str] = set()
    for tag in _SHEET_REL.findall(data):
        attributes = {key.decode(): value.decode("utf-8", "replace") for key, value in _ATTR.findall(tag)}
        if attributes.get("Type", "").endswith("/worksheet"):
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets.add(posixpath.normpath(path).lower())
    return targets


def _is_sheet(name: str, targets: set[str]) -> bool:
    lowered = name.lower()
    return lowered in targets or (lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"))


def _check_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Stream the sheet's XML (never more than the size cap) and check its declared and used extent."""
    cap = limit("SPREADSHEET_MAX_UNCOMPRESSED")
    extent, read = SheetExtent(), 0
    carry, head = b"", b""
    declared_checked = False
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > cap:
                    raise _refuse(f"nội dung giải nén quá lớn (hơn {_number(cap // MB)} MB).")
                data = carry + chunk
                if not declared_checked:
                    head += chunk[: max(0, DIMENSION_SCAN - len(head))]
                    if len(head) >= DIMENSION_SCAN or b"sheetData" in head:
                        extent.prefix = _prefix(head)
                        _check_dimension(head)
                        declared_checked = True
                end = data.rfind(b"<")
                if end == -1 or data.find(b">", end) != -1:
                    end = len(data)
                _scan(data[:end], extent)
                carry = data[end:]
                if len(carry) > MAX_TAG:
                    raise _refuse("nội dung bảng tính không đúng định dạng.")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise NotSpreadsheetError(PREFIX + "tệp bị hỏng (không giải nén được).") from error
    if not declared_checked:
        _check_dimension(head)
        extent.prefix = _prefix(head)
    _scan(carry, extent)


def _prefix(head: bytes) -> bytes:
    match = _ROOT.search(head)
    return match.group(1) if match and match.group(1) else b""


def _check_dimension(head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    last = match.group(1).decode("ascii", "replace").split(":")[-1]
    cell = _CELL_REF.match(last)
    if cell is None:
        return  # calamine ignores a dimension it cannot parse; the scan below still bounds the sheet
    _check_extent(int(cell.group(2)), column_number(cell.group(1)), declared=True)


def _scan(data: bytes, extent: SheetExtent) -> None:
    """Find the last row and column the tags of `data` use, and check the caps.

    Excel, LibreOffice, openpyxl and our own writer start every row and cell tag with its position
    (`<row r="7"`, `<c r="B7"`): when every tag of the chunk does, the extent is the largest position,
    found at C speed. Otherwise (positions missing, written another way, or another tag starting with
    `<c`) the chunk is followed tag by tag, a tag without a position taking the next row or column as
    the parser does."""
    prefix = extent.prefix
    tags = data.count(b"<row") + data.count(b"<c") + data.count(b":row") + data.count(b":c")
    positioned = data.count(b"<" + prefix + b'c r="') + data.count(b"<" + prefix + b'row r="')
    if positioned != tags:
        _scan_in_order(data, extent)
    elif tags:
        quoted = re.escape(prefix)
        rows = re.findall(rb"<" + quoted + rb'row r="(\d{1,9})"', data)
        cells = re.findall(rb"<" + quoted + rb'c r="([A-Za-z]{1,3})(\d{1,9})"', data)
        if len(rows) + len(cells) != tags:
            _scan_in_order(data, extent)
        else:
            numbers = {row for _, row in cells}
            numbers.update(rows)
            extent.rows = max(extent.rows, max(map(int, numbers), default=0))
            letters = {letter for letter, _ in cells}
            extent.columns = max(extent.columns, max(map(column_number, map(bytes.decode, letters)), default=0))
            last_row = data.rfind(b"<" + prefix + b'row r="')
            ends_in_cell = bool(cells) and data.rfind(b"<" + prefix + b'c r="') > last_row
            extent.column = column_number(cells[-1][0].decode()) if ends_in_cell else 0
    _check_extent(extent.rows, extent.columns, declared=False)


def _scan_in_order(data: bytes, extent: SheetExtent) -> None:
    rows_cap, columns_cap = limit_rows(), limit_columns()
    for match in _TAG.finditer(data):
        position = _R.search(match.group(2))
        if match.group(1) == b"row":
            extent.rows = int(position.group(2)) if position and position.group(2) else extent.rows + 1
            extent.column = 0
        else:
            if position and position.group(1):
                extent.column = column_number(position.group(1).decode())
                if position.group(2):
                    extent.rows = max(extent.rows, int(position.group(2)))
            else:
                extent.column += 1
            extent.columns = max(extent.columns, extent.column)
        if extent.rows > rows_cap or extent.columns > columns_cap:
            _check_extent(extent.rows, extent.columns, declared=False)


def limit_rows() -> int:
    return limit("SPREADSHEET_MAX_ROWS")


def limit_columns() -> int:
    return limit("SPREADSHEET_MAX_COLUMNS")


def _check_extent(rows: int, columns: int, *, declared: bool) -> None:
    said = "khai báo" if declared else "dùng đến"
    if rows > limit_rows():
        raise _refuse(f"bảng tính {said} dòng {_number(rows)}, quá giới hạn {_number(limit_rows())} dòng.")
    if columns > limit_columns():
        raise _refuse(
            f"bảng tính {said} cột {_letters(columns)} (cột thứ {_number(columns)}), "
            f"quá giới hạn {_number(limit_columns())} cột."
        )
    if rows * columns > limit("SPREADSHEET_MAX_CELLS"):
        raise _refuse(
            f"vùng dữ liệu {_number(rows)} dòng × {_number(columns)} cột quá giới hạn "
            f"{_number(limit('SPREADSHEET_MAX_CELLS'))} ô."
        )


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# ------------------------------------------------------------------------------------- the parse (child)


class _RowsUnpickler(pickle.Unpickler):
    """Rows are lists of str, int, float, bool, None and the datetime types; nothing else is built."""

    ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


def sheet_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    """The rows of the first sheet, as calamine gives them (lists of cell values, None for blanks),
    read in a child process after the guard. Raises SpreadsheetError at the first step that fails:
    the guard before any row, a dying child at the row where it died."""
    path, digest = _spool(stream)
    try:
        _check_once(path, digest)
        yield from _child_rows(path)
    finally:
        path.unlink(missing_ok=True)


def _spool(stream: IO[bytes]) -> tuple[Path, str]:
    """Copy the upload to a temporary file (the guard needs random access, the child a path); return it
    with the SHA-256 of its content."""
    cap = limit("SPREADSHEET_MAX_FILE_SIZE")
    handle, name = tempfile.mkstemp(prefix="ansinh-sheet-", suffix=".xlsx")
    path = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as target:
            with contextlib.suppress(AttributeError, OSError, io.UnsupportedOperation):
                stream.seek(0)
            while (chunk := stream.read(CHUNK)) and size <= cap:
                size += len(chunk)
                digest.update(chunk)
                target.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if size > cap:
        path.unlink(missing_ok=True)
        raise _refuse(f"tệp lớn hơn {_number(cap // MB)} MB.")
    return path, digest.hexdigest()


def _check_once(path: Path, digest: str) -> None:
    """The guard, skipped for content that passed it under the same limits a moment ago (the import
    task reads its file twice: to count the rows, then to check them)."""
    key = (digest, tuple(limit(name) for name in DEFAULTS))
    if key in _PASSED:
        return
    check_xlsx(path)
    _PASSED[key] = None
    while len(_PASSED) > PASSED_KEPT:
        del _PASSED[next(iter(_PASSED))]


def _child_rows(path: Path) -> Iterator[list[Any]]:
    command = [
        sys.executable,
        "-m",
        "ansinh.core.sheet_worker",
        str(path),
        str(limit("SPREADSHEET_MEMORY_LIMIT")),
        str(limit("SPREADSHEET_CPU_SECONDS")),
    ]
    environment = {
        **os.environ,
        "RUST_BACKTRACE": "0",
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    # stderr goes to a file, not a pipe: a long message cannot block the child
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, arguments we built
            command, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL, env=environment
        )
        try:
            finished = yield from _received(process)
            code = _stop(process, wait=True)
            if not finished or code != 0:
                errors.seek(0)
                raise _child_error(_failure_kind(code, errors.read(4096)))
        finally:
            _stop(process, wait=False)


def _received(process: subprocess.Popen[bytes]) -> Generator[list[Any], None, bool]:
    """The rows the child sends; True once it says it is done, False when it stops without saying so
    (it died). Its own refusal of the file raises."""
    assert process.stdout is not None
    while True:
        try:
            kind, payload = _RowsUnpickler(process.stdout).load()
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return False
        if kind == "rows":
            yield from payload
        elif kind == "end":
            return True
        else:
            _stop(process, wait=True)
            raise _child_error(payload)


def _stop(process: subprocess.Popen[bytes], *, wait: bool) -> int:
    """Wait for a child that has said all it had to say (it exits by itself); kill one whose rows are
    no longer wanted (the caller stopped early, or failed)."""
    if process.poll() is None:
        if wait:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        else:
            process.kill()
        process.wait()
    if process.stdout is not None and not process.stdout.closed:
        process.stdout.close()
    return process.returncode


def _failure_kind(code: int, error: bytes) -> str:
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time"
    if code == -signal.SIGABRT or b"memory" in error.lower():
        return "memory"
    return "failed"


def _child_error(kind: str) -> SpreadsheetError:
    if kind == "format":
        return NotSpreadsheetError(PREFIX + "tệp bị hỏng hoặc không đúng định dạng .xlsx.")
    if kind == "time":
        return _refuse("đọc tệp quá thời gian cho phép; hãy kiểm tra lại tệp rồi tải lên lại.")
    if kind == "memory":
        return _refuse("đọc tệp cần quá nhiều bộ nhớ; hãy xoá các ô thừa ở xa vùng dữ liệu rồi tải lên lại.")
    return _refuse("trình đọc bảng tính dừng bất thường; hãy kiểm tra lại tệp rồi tải lên lại.")
