"""Files sent to the browser: generated documents shown (a PDF to print) or downloaded (XLSX, DOCX),
and files users uploaded, always downloaded (`stored_file_response`).

A name such as "quyet-dinh-15-QĐ-UBND.docx" is not Latin-1: written as a plain header Django
MIME-encodes the whole header, which browsers do not read, and the file loses its name. RFC 6266's
`filename*` (Django's `content_disposition_header`) keeps it."""

from __future__ import annotations

from typing import Any

from django.core.files.base import File
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from ansinh.core.uploads import UNKNOWN_CONTENT_TYPE, FileType, stored_type


def file_response(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:  # always, as the name is given
        response["Content-Disposition"] = disposition
    return response


def stored_file_response(stored: File[Any], filename: str) -> HttpResponse:
    """A file a user uploaded, sent back as a download and never shown from our origin.

    The content type comes from the stored bytes (`ansinh.core.uploads.stored_type`), not from the
    name or what the browser said at upload: a file stored before the upload policy (an HTML page
    named "scan.jpg") goes out as application/octet-stream. Always an attachment, with nosniff and a
    policy that lets nothing in the file run even if a browser opened it in place."""
    with stored.open("rb") as stream:
        content = stream.read()
    file_type = stored_type(content)
    content_type = file_type.content_type if file_type else UNKNOWN_CONTENT_TYPE
    response = file_response(content, content_type, download_name(filename, file_type))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def download_name(filename: str, file_type: FileType | None) -> str:
    """The name with the extension of the type found in the bytes (an unknown type keeps its name)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1] or "tep"
    if file_type is None:
        return base
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem}.{file_type.extension}"
