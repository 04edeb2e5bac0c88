"""Generated documents sent to the browser: shown (a PDF to print) or downloaded (XLSX, DOCX).

A name such as "quyet-dinh-15-QĐ-UBND.docx" is not Latin-1: written as a plain header Django
MIME-encodes the whole header, which browsers do not read, and the file loses its name. RFC 6266's
`filename*` (Django's `content_disposition_header`) keeps it."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_response(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:  # always, as the name is given
        response["Content-Disposition"] = disposition
    return response
