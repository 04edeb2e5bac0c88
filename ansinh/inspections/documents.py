"""The inspection report (biên bản kiểm tra) as PDF (WeasyPrint, `core.printing`) and DOCX (python-docx):
the commune, why it was chosen with its risk factors, the team and dates, each checklist topic with its
legal basis and results, the findings and the recommendations with owners and deadlines."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document as new_docx

from ansinh.accounts.selectors import office_name_on
from ansinh.core.printing import render_pdf
from ansinh.inspections.models import ChecklistAnswer, ChecklistItem, ChecklistTopic, Finding, Inspection
from ansinh.inspections.selectors import checklist


@dataclass(frozen=True)
class TopicResult:
    topic: ChecklistTopic
    rows: list[tuple[ChecklistItem, ChecklistAnswer | None]]


def report_context(inspection: Inspection) -> dict[str, Any]:
    answers = {a.item_id: a for a in inspection.answers.all()}
    topics = [TopicResult(topic, [(item, answers.get(item.pk)) for item in items]) for topic, items in checklist()]
    findings: list[Finding] = list(inspection.findings.prefetch_related("recommendations").select_related("item"))
    signed_on = inspection.done_on or inspection.ends_on
    # the office's name on the report's own date (a dated name, domain.md §2)
    issuer = office_name_on(inspection.plan.office, signed_on) if inspection.plan else f"UBND {inspection.commune.name}"
    return {
        "inspection": inspection,
        "topics": topics,
        "findings": findings,
        "title": str(inspection),
        "issuer": issuer,
        "issuer_parent": "",
        "place": inspection.commune.name,
        "signed_on": signed_on,
    }


def report_pdf(inspection: Inspection) -> bytes:
    return render_pdf("inspections/print/report.html", report_context(inspection))


def report_docx(inspection: Inspection) -> bytes:
    context = report_context(inspection)
    document = new_docx()
    document.add_heading("BIÊN BẢN KIỂM TRA", level=1)
    document.add_paragraph(str(inspection))
    document.add_paragraph(
        f"Thời gian: từ {inspection.starts_on:%d/%m/%Y} đến {inspection.ends_on:%d/%m/%Y}"
        + (f"; kết thúc ngày {inspection.done_on:%d/%m/%Y}" if inspection.done_on else "")
    )
    if inspection.team:
        document.add_paragraph(f"Đoàn kiểm tra: {inspection.team}")
    if inspection.reason:
        document.add_paragraph(f"Lý do chọn xã: {inspection.reason}")
    if inspection.factors:
        document.add_heading("Các yếu tố rủi ro khi xếp hạng", level=2)
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, ("Yếu tố", "Giá trị", "Trọng số", "Điểm"), strict=True):
            cell.text = text
        for factor in inspection.factors:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(factor["label"]), str(factor["value"])
            cells[2].text, cells[3].text = str(factor["weight"]), str(factor["contribution"])
        document.add_paragraph(f"Điểm rủi ro: {inspection.score} · thứ hạng {inspection.rank}")
    for topic_result in context["topics"]:
        document.add_heading(f"{topic_result.topic.title} ({topic_result.topic.legal_basis})", level=2)
        for item, answer in topic_result.rows:
            result = answer.get_result_display() if answer else "Chưa kiểm tra"
            note = f" – {answer.note}" if answer and answer.note else ""
            document.add_paragraph(f"{item.text}: {result}{note}", style="List Bullet")
    document.add_heading("Phát hiện và kiến nghị", level=2)
    for finding in context["findings"]:
        document.add_paragraph(finding.text, style="List Number")
        for recommendation in finding.recommendations.all():
            document.add_paragraph(
                f"Kiến nghị: {recommendation.text} – thực hiện: {recommendation.owner}; "
                f"hạn {recommendation.due_on:%d/%m/%Y}; {recommendation.get_status_display()}"
            )
    if not context["findings"]:
        document.add_paragraph("Không có phát hiện.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
