"""Printed documents and exports of disability determination: the records are turned into the
plain inputs of `documents` here, and served as PDF, DOCX or XLSX to whoever may read them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ansinh.accounts.selectors import office_name_on, office_over
from ansinh.core.access import ActorRequest, OfficeKind, require
from ansinh.core.downloads import file_response
from ansinh.disability import documents, selectors
from ansinh.disability.forms import ReportPeriodForm
from ansinh.disability.models import (
    Assessment,
    AssessmentStatus,
    Certificate,
    Council,
    CouncilMember,
    CouncilRole,
    Invitation,
    Outcome,
    Request,
    RequestKind,
    SchoolConsultation,
    Session,
)
from ansinh.disability.policies import disability_policy
from ansinh.registry.models import DisabilityLevel, Person
from ansinh.rules.formatting import format_money
from ansinh.territory.models import AdministrativeUnit, UnitLevel

# --- from records to document inputs ---------------------------------------------------------------


def issuer_of(commune: AdministrativeUnit) -> documents.Issuer:
    district = commune.parent
    province = district.parent if district is not None else None
    return documents.Issuer(
        commune=commune.full_name,
        district=district.full_name if district is not None else "",
        province=province.full_name if province is not None else "",
        place=commune.name,
    )


def _seat(council: Council | None, role: str, day: date) -> str:
    if council is None:
        return ""
    member = selectors.sitting_members(council, day).filter(role=role).first()
    return member.full_name if member is not None else ""


def _address(person: Person) -> str:
    parts = [person.address] if person.address else []
    if person.village is not None:
        parts.append(person.village.full_name)
    parts.append(person.commune.full_name)
    district = person.commune.parent
    if district is not None:
        parts.append(district.full_name)
        if district.parent is not None:
            parts.append(district.parent.full_name)
    return ", ".join(parts)


def _types_text(codes: list[str]) -> str:
    labels = [str(selectors.TYPE_LABELS.get(code, code)).lower() for code in codes]
    return "Khuyết tật " + ", ".join(labels) if labels else ""


def _level_text(level: str) -> str:
    return f"Khuyết tật {str(selectors.LEVEL_LABELS[level]).lower()}" if level else ""


def certificate_doc(certificate: Certificate) -> documents.CertificateDoc:
    person = certificate.person
    note = ""
    if certificate.request is not None and certificate.request.kind in (RequestKind.EXCHANGE, RequestKind.REISSUE):
        note = str(selectors.KIND_LABELS[certificate.request.kind])
    return documents.CertificateDoc(
        issuer=issuer_of(certificate.commune),
        number=certificate.number,
        issued_on=certificate.issued_on,
        full_name=person.full_name,
        birth_date=person.birth_display,
        sex=person.get_sex_display(),
        address=_address(person),
        disability_type=_types_text(certificate.types),
        level=_level_text(certificate.level),
        chair_name=certificate.signer_name,
        note=note,
    )


def _conclusion_text(assessment: Assessment) -> str:
    if assessment.outcome == Outcome.DISABLED:
        level = str(selectors.LEVEL_LABELS[assessment.concluded_level]).lower()
        return f"{_types_text(assessment.concluded_types)}; mức độ khuyết tật {level}"
    if assessment.outcome == Outcome.NOT_DISABLED:
        return "Không khuyết tật"
    if assessment.outcome == Outcome.NO_CONCLUSION:
        return "Không đưa ra được kết luận về dạng khuyết tật, mức độ khuyết tật"
    return "Chưa kết luận"


def _score_text(assessment: Assessment) -> str:
    if assessment.decisive_conditions:
        return "Có dấu hiệu tự xác định mức độ: " + ", ".join(assessment.decisive_conditions) + "."
    if assessment.total is not None:
        return f"Tổng số điểm: {assessment.total}."
    return assessment.get_suggested_outcome_display() + "."


def minutes_case(assessment: Assessment) -> documents.MinutesCase:
    person = assessment.request.person
    votes = assessment.votes_for or 0
    outcome = assessment.outcome
    return documents.MinutesCase(
        person_name=person.full_name,
        sex=person.get_sex_display(),
        birth_date=person.birth_display,
        address=_address(person),
        form_name=assessment.get_form_display(),
        score_text=_score_text(assessment),
        opinions=assessment.member_opinions,
        votes_type=votes if outcome == Outcome.DISABLED else 0,
        type_text=_types_text(assessment.concluded_types) if outcome == Outcome.DISABLED else "",
        votes_level=votes if outcome == Outcome.DISABLED else 0,
        level_text=_level_text(assessment.concluded_level),
        votes_none=votes if outcome == Outcome.NOT_DISABLED else 0,
        votes_undetermined=votes if outcome == Outcome.NO_CONCLUSION else 0,
        conclusion=outcome,
        conclusion_text=_conclusion_text(assessment),
    )


def minutes_doc(session: Session, assessments: list[Assessment]) -> documents.MinutesDoc:
    attendances = list(session.attendances.select_related("member").order_by("member__role", "pk"))
    present = [attendance.member for attendance in attendances if attendance.present]
    day = timezone.localtime(session.scheduled_at).date()
    chair = next((member.full_name for member in present if member.role == CouncilRole.CHAIR), "")
    secretary = next((member.full_name for member in present if member.role == CouncilRole.SECRETARY), "")
    return documents.MinutesDoc(
        issuer=issuer_of(session.commune),
        starts_at=timezone.localtime(session.opened_at or session.scheduled_at),
        ends_at=timezone.localtime(session.closed_at) if session.closed_at else None,
        place=session.place,
        members=[documents.MinutesMember(member.full_name, _minutes_role(member)) for member in present],
        present=len(present),
        total=len(attendances) or selectors.sitting_members(session.council, day).count(),
        cases=[minutes_case(assessment) for assessment in assessments],
        secretary_name=secretary or _seat(session.council, CouncilRole.SECRETARY, day),
        chair_name=chair or _seat(session.council, CouncilRole.CHAIR, day),
    )


def _minutes_role(member: CouncilMember) -> str:
    if member.role == CouncilRole.CHAIR:
        return f"{member.position or 'Chủ tịch UBND xã'}, Chủ tịch Hội đồng, chủ trì"
    if member.role == CouncilRole.SECRETARY:
        return f"{member.position or 'Công chức Lao động - Thương binh và Xã hội'}, thư ký"
    return f"{member.position or member.get_role_display()}, thành viên"


# --- download helpers ------------------------------------------------------------------------------


def _safe(number: str) -> str:
    return number.replace("/", "-")


# --- council ---------------------------------------------------------------------------------------


@login_required
def member_notice_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    """The notice of a member's assigned duties."""
    visible = CouncilMember.objects.filter(council__in=disability_policy.councils(request.user))
    member = get_object_or_404(visible.select_related("council", "council__commune"), pk=pk)
    council = member.council
    day = member.duties_notified_on or timezone.localdate()
    term = (
        f"{council.term_start:%d/%m/%Y} – {council.term_end:%d/%m/%Y}"
        if council.term_end
        else (f"từ {council.term_start:%d/%m/%Y}")
    )
    doc = documents.DutyNoticeDoc(
        issuer=issuer_of(council.commune),
        number=member.duties_notice_number,
        signed_on=day,
        member_name=member.full_name,
        position=member.position,
        role=member.get_role_display(),
        duties=[line.strip("-• ").strip() for line in member.duties.splitlines() if line.strip()] or ["…"],
        term=term,
        chair_name=_seat(council, CouncilRole.CHAIR, day),
    )
    return file_response(
        documents.duty_notice_pdf(doc), documents.PDF, f"thong-bao-nhiem-vu-{member.pk}.pdf", inline=True
    )


# --- requests --------------------------------------------------------------------------------------


@login_required
def consultation_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    """Mẫu 04: the written consultation of the school."""
    visible = SchoolConsultation.objects.filter(request__in=disability_policy.requests(request.user))
    consultation = get_object_or_404(visible.select_related("request", "request__person", "request__commune"), pk=pk)
    item = consultation.request
    person = item.person
    council = selectors.open_council(item.commune_id)
    doc = documents.SchoolConsultationDoc(
        issuer=issuer_of(item.commune),
        number="",
        signed_on=consultation.sent_on,
        school=consultation.school_name,
        person_name=person.full_name,
        birth_date=person.birth_display,
        sex=person.get_sex_display(),
        address=_address(person),
        class_name="",
        reply_by=item.due_on,
        chair_name=_seat(council, CouncilRole.CHAIR, consultation.sent_on),
    )
    return file_response(
        documents.school_consultation_pdf(doc), documents.PDF, f"mau-04-{consultation.pk}.pdf", inline=True
    )


# --- sessions --------------------------------------------------------------------------------------


@login_required
def invitation_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    visible = Invitation.objects.filter(session__in=disability_policy.sessions(request.user))
    invitation = get_object_or_404(
        visible.select_related("session", "session__commune", "session__council", "request", "request__person"),
        pk=pk,
    )
    session = invitation.session
    item: Request = invitation.request
    doc = documents.InvitationDoc(
        issuer=issuer_of(session.commune),
        number="",
        signed_on=invitation.sent_on,
        person_name=item.person.full_name,
        address=_address(item.person),
        starts_at=timezone.localtime(invitation.meet_at),
        place=invitation.place,
        at_home=invitation.at_home,
        representative=item.representative_name,
        chair_name=_seat(session.council, CouncilRole.CHAIR, invitation.sent_on),
    )
    return file_response(documents.invitation_pdf(doc), documents.PDF, f"giay-moi-{invitation.pk}.pdf", inline=True)


def _minutes_response(doc: documents.MinutesDoc, fmt: str, name: str) -> HttpResponse:
    if fmt == "docx":
        return file_response(documents.minutes_docx(doc), documents.DOCX, f"{name}.docx")
    if fmt == "pdf":
        return file_response(documents.minutes_pdf(doc), documents.PDF, f"{name}.pdf", inline=True)
    raise Http404


@login_required
def session_minutes(request: ActorRequest, pk: int, fmt: str) -> HttpResponse:
    """Mẫu 05 for every person the session concluded on."""
    session = get_object_or_404(disability_policy.sessions(request.user).select_related("commune", "council"), pk=pk)
    assessments = list(
        session.assessments.filter(status=AssessmentStatus.CONCLUDED).select_related("request__person__commune")
    )
    return _minutes_response(minutes_doc(session, assessments), fmt, f"bien-ban-phien-hop-{session.pk}")


@login_required
def assessment_minutes(request: ActorRequest, pk: int, fmt: str) -> HttpResponse:
    """Mẫu 05 for one person."""
    assessment = get_object_or_404(
        disability_policy.assessments(request.user).select_related("session", "session__commune", "session__council"),
        pk=pk,
    )
    return _minutes_response(minutes_doc(assessment.session, [assessment]), fmt, f"bien-ban-{assessment.pk}")


# --- certificate -----------------------------------------------------------------------------------


@login_required
def certificate_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    """Mẫu 06 on a 66 × 98 mm card."""
    certificate = get_object_or_404(
        disability_policy.certificates(request.user).select_related(
            "commune__parent__parent", "person__commune__parent__parent", "person__village", "request"
        ),
        pk=pk,
    )
    content = documents.certificate_pdf(certificate_doc(certificate))
    return file_response(content, documents.PDF, f"giay-xac-nhan-{_safe(certificate.number)}.pdf", inline=True)


# --- costs and reports -----------------------------------------------------------------------------


def _period(request: ActorRequest) -> tuple[ReportPeriodForm, int, int]:
    today = timezone.localdate()
    default_half = 1 if today.month <= 6 else 2
    form = ReportPeriodForm(request.GET or None, initial={"year": today.year, "half": default_half})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["half"]
    return form, today.year, default_half


def _period_text(year: int, half: int) -> str:
    return f"6 tháng đầu năm {year}" if half == 1 else f"6 tháng cuối năm {year}"


def _period_label(year: int, half: int) -> str:
    """The half year in the reader's language (the printed documents say it in Vietnamese)."""
    if half == 1:
        return gettext("6 tháng đầu năm %(year)s") % {"year": year}
    return gettext("6 tháng cuối năm %(year)s") % {"year": year}


def cost_rows(costs: list[selectors.SessionCost], label: Callable[[str], str] = str) -> list[documents.SessionCost]:
    """The allowances of each session; `label` translates the line names for the page (the
    spreadsheet keeps them in Vietnamese)."""
    rows = []
    for cost in costs:
        rates = cost.rates
        session = cost.session
        rows.append(
            documents.SessionCost(
                f"{session.commune.name} – {timezone.localtime(session.scheduled_at):%d/%m/%Y}",
                [
                    documents.CostLine(label(gettext_noop("Chủ tịch Hội đồng")), cost.chair_present, rates["chair"]),
                    documents.CostLine(label(gettext_noop("Thành viên dự họp")), cost.members_present, rates["member"]),
                    documents.CostLine(
                        label(gettext_noop("Nước uống (người tham dự)")), cost.participants, rates["water"]
                    ),
                ],
            )
        )
    return rows


@login_required
def costs(request: ActorRequest) -> HttpResponse:
    """Meeting allowances per session in a half year, with the total (XLSX on request)."""
    require(disability_policy.can_read(request.user))
    form, year, half = _period(request)
    start, end = selectors.half_year_period(year, half)
    session_costs = selectors.session_costs(request.user, start, end)
    if request.GET.get("dinh_dang") == "xlsx":
        title = f"Chi phí họp Hội đồng xác định mức độ khuyết tật {_period_text(year, half)}"
        sheet = documents.costs_xlsx(title, cost_rows(session_costs))
        return file_response(sheet, documents.XLSX, f"chi-phi-hop-{year}-{half}.xlsx")
    rows = cost_rows(session_costs, label=gettext)
    total = documents.costs_total(rows)
    context = {
        "form": form,
        "rows": rows,
        "total": format_money(total),
        "total_value": total,
        "period": _period_label(year, half),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "disability/costs.html", context)


def report_row(figures: selectors.DeterminationFigures) -> documents.ReportRow:
    kinds = figures.requests_by_kind
    levels = figures.concluded_by_level
    values = {
        "requests": sum(kinds.values()),
        "first": kinds.get(RequestKind.FIRST, 0),
        "redetermine": kinds.get(RequestKind.REDETERMINE, 0),
        "exchange": kinds.get(RequestKind.EXCHANGE, 0),
        "reissue": kinds.get(RequestKind.REISSUE, 0),
        "on_time": figures.requests_on_time,
        "late": figures.requests_late,
        "open": figures.requests_open,
        "sessions": figures.sessions_held,
        "assessed": figures.assessed,
        "especially_severe": levels.get(DisabilityLevel.ESPECIALLY_SEVERE, 0),
        "severe": levels.get(DisabilityLevel.SEVERE, 0),
        "mild": levels.get(DisabilityLevel.MILD, 0),
        "not_disabled": figures.not_disabled,
        "no_conclusion": figures.no_conclusion,
        "complaints": figures.complaints,
        "escalated": figures.escalated,
        "certificates": figures.certificates_issued,
        "revoked": figures.certificates_revoked,
        "valid": sum(figures.valid_by_level.values()),
        "trained": figures.members_trained,
        "cost": figures.meeting_cost,
    }
    return documents.ReportRow(figures.commune_name, values)


def _scope_unit(request: ActorRequest) -> AdministrativeUnit | None:
    if request.user.scope_unit_id is None:
        return None
    return AdministrativeUnit.objects.filter(pk=request.user.scope_unit_id).select_related("parent").first()


def _province_department(district: AdministrativeUnit | None, day: date) -> str:
    """The provincial department over the district's province, by its name on the document's date."""
    office = office_over(OfficeKind.PROVINCE, district.parent_id if district is not None else None)
    return office_name_on(office, day) if office is not None else str(OfficeKind.PROVINCE.label)


def report_doc(request: ActorRequest, year: int, half: int) -> documents.ReportDoc:
    """Mẫu 07 for a commune actor, Mẫu 08 (one row per commune) for the district."""
    unit = _scope_unit(request)
    today = timezone.localdate()
    if unit is not None and unit.level == UnitLevel.COMMUNE:
        figures = selectors.commune_report(request.user, unit.pk, year, half)
        return documents.ReportDoc(
            form="07",
            issuer_parent=unit.parent.full_name if unit.parent else "",
            issuer=f"UBND {unit.full_name}",
            place=unit.name,
            signed_on=today,
            period=_period_text(year, half),
            rows=[report_row(figures)],
            recipients=["Phòng Lao động - Thương binh và Xã hội", "Lưu: VT"],
            signer_title="CHỦ TỊCH",
            signer_name="",
        )
    report = selectors.district_report(request.user, year, half)
    return documents.ReportDoc(
        form="08",
        issuer_parent=f"UBND {unit.full_name}" if unit is not None else "",
        issuer="Phòng Lao động - Thương binh và Xã hội",
        place=unit.name if unit is not None else "",
        signed_on=today,
        period=_period_text(year, half),
        rows=[report_row(row) for row in report.rows],
        recipients=[_province_department(unit, today), "Lưu: VT"],
        signer_title="TRƯỞNG PHÒNG",
        signer_name="",
    )


@login_required
def reports(request: ActorRequest) -> HttpResponse:
    """The half-yearly report of disability determination (Mẫu 07 commune, Mẫu 08 district)."""
    require(disability_policy.can_read(request.user))
    form, year, half = _period(request)
    doc = report_doc(request, year, half)
    fmt = request.GET.get("dinh_dang", "")
    if fmt == "xlsx":
        return file_response(documents.report_xlsx(doc), documents.XLSX, f"mau-{doc.form}-{year}-{half}.xlsx")
    if fmt == "pdf":
        return file_response(documents.report_pdf(doc), documents.PDF, f"mau-{doc.form}-{year}-{half}.pdf", inline=True)
    totals = doc.totals()
    context: dict[str, Any] = {
        "form": form,
        "doc": doc,
        "columns": documents.REPORT_COLUMNS,
        "rows": [(row.label, [row.value(column.key) for column in documents.REPORT_COLUMNS]) for row in doc.rows],
        "totals": [totals[column.key] for column in documents.REPORT_COLUMNS],
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "disability/reports.html", context)
