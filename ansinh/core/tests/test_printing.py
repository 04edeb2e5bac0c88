"""The official layout renders Vietnamese to a PDF whose text reads back."""

from datetime import date

from ansinh.core.printing import render_pdf
from tests.readback import pdf_text


def test_official_layout_reads_back(tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "print").mkdir(parents=True)
    (template_dir / "print" / "sample.html").write_text(
        '{% extends "print/official.html" %}{% block body %}<p>Ông Nguyễn Văn Được hưởng trợ cấp.</p>{% endblock %}',
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]
    pdf = render_pdf(
        "print/sample.html",
        {
            "issuer_parent": "UBND huyện Lục Nam",
            "issuer": "Phòng Lao động - Thương binh và Xã hội",
            "number": "12/QĐ-UBND",
            "place": "Lục Nam",
            "signed_on": date(2024, 3, 5),
            "title": "Quyết định",
        },
    )
    text = pdf_text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 12/QĐ-UBND" in text
    assert "ngày 05 tháng 03 năm 2024" in text
    assert "Nguyễn Văn Được" in text
