"""Printable documents: HTML templates rendered to PDF by WeasyPrint.

Official documents extend `templates/print/official.html`, the layout of NĐ 30/2020/NĐ-CP
Appendix I (issuing body and number on the left, national motto and place/date on the right,
title, body, recipients and signature). Fonts: Liberation Serif (Times New Roman metrics,
Debian `fonts-liberation2`), so Vietnamese diacritics render and text can be read back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on use: loading WeasyPrint costs ~0.5 s

    html = render_to_string(template_name, context)
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
