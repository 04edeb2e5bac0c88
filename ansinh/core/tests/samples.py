"""Small real files for upload tests: each one is what its name says, read back by a real reader."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

# A one-page PDF (catalog, pages, page, cross-reference table, trailer): readable by pypdf in strict mode.
# Each cross-reference entry is 20 bytes: 10 + 1 + 5 + 1 + 1 and a two-byte end of line.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
    b"xref\n0 4\n"
    b"0000000000 65535 f\r\n"
    b"0000000009 00000 n\r\n"
    b"0000000058 00000 n\r\n"
    b"0000000115 00000 n\r\n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)

HTML = b"<!DOCTYPE html><html><body><script>fetch('/quan-tri/nguoi-dung/them/')</script>scan</body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
SCRIPT = b"<script>alert(document.cookie)</script>"


def png(size: tuple[int, int] = (8, 6), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(size: tuple[int, int] = (8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def docx(text: str = "Nghị định 20/2021/NĐ-CP") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docm() -> bytes:
    """A macro-enabled Word file: the DOCX with the macro content type and a VBA project."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            target.writestr(entry, data)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "giay.pdf") -> SimpleUploadedFile:
    return upload(name, PDF, "application/pdf")
