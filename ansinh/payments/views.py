"""The monthly payment pages: the month dashboard, one commune's list, its documents, the post
office's results (on screen or by upload), the district summary and reconciliation.

Views are thin: they fetch through the payments policy, call one action or selector, render.
Authorisations, recoveries, the post office's report and rate changes: authorisation_views.py,
recovery_views.py, post_office_report_views.py and rate_change_views.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.cases.review import review_for
from ansinh.core.access import NOT_ALLOWED, Actor, ActorRequest, OfficeKind, archive_refusal, require
from ansinh.core.downloads import file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.months import YearMonth, month_asked
from ansinh.core.pagination import CappedPaginator
from ansinh.payments import actions, documents, selectors
from ansinh.payments.forms import GenerateForm, LineResultForm, ResultsUploadForm, month_of
from ansinh.payments.models import LineKind, PayrollLine, PayrollMonth, PayrollStatus
from ansinh.payments.payroll import report_deadline, send_deadline
from ansinh.payments.policies import PayrollAction, payroll_policy
from ansinh.payments.uploads import UploadCheck, UploadFileError, check_results_file, expected_lines
from ansinh.rules.formatting import amount_in_words_sentence, format_money
from ansinh.territory.models import AdministrativeUnit, UnitLevel

LINE_FILTERS: dict[str, tuple[str, dict[str, Any]]] = {
    "chua-nhan": ("Chưa nhận, chuyển kỳ sau", {"paid_on__isnull": True, "not_paid_reason__gt": ""}),
    "chua-co-ket-qua": ("Chưa có kết quả", {"paid_on__isnull": True, "not_paid_reason": ""}),
    "chi-sai": ("Chi sai người nhận", {"violation": True}),
    "chi-sai-da-go": ("Chi sai đã gỡ", {"violation_cleared__gt": ""}),
    "truy-linh": ("Truy lĩnh", {"arrears_amount__gt": 0}),
    "thu-hoi": ("Khấu trừ thu hồi", {"recovery_amount__gt": 0}),
    "chuyen-ky": ("Tháng trước chuyển sang", {"kind": LineKind.CARRIED}),
}


# Lines of the people new on the list or whose amount changed since last month (selectors.month_changes).
CHANGE_FILTERS: dict[str, tuple[str, Callable[[selectors.MonthChanges], Iterable[int]]]] = {
    "moi": ("Mới so với tháng trước", lambda changes: changes.new_ids),
    "doi-muc": ("Đổi mức so với tháng trước", lambda changes: changes.previous_amounts.keys()),
}


def payroll_month(payroll: PayrollMonth) -> YearMonth:
    return YearMonth.of(payroll.month)


def month_param(request: ActorRequest) -> YearMonth:
    return month_asked(request.GET.get("thang", ""), timezone.localdate())


def district_of(actor: Actor) -> AdministrativeUnit | None:
    unit = AdministrativeUnit.objects.filter(pk=actor.scope_unit_id or 0).select_related("parent").first()
    if unit is not None and unit.level in (UnitLevel.COMMUNE, UnitLevel.VILLAGE):
        unit = unit.parent if unit.level == UnitLevel.COMMUNE else (unit.parent.parent if unit.parent else None)
    return unit if unit is not None and unit.level == UnitLevel.DISTRICT else None


def _month_url(month: YearMonth) -> str:
    return f"{reverse('payments:month')}?thang={month}"


# --- the month -----------------------------------------------------------------------------------


@login_required
def month_dashboard(request: ActorRequest) -> HttpResponse:
    """Every commune's list of the month: status, totals, the 'send before the 25th' and 'report
    before the 20th' deadlines, paid/unpaid, violations."""
    require(payroll_policy.can_read_lists(request.user))
    actor, month = request.user, month_param(request)
    totals = {row.commune_id: row for row in selectors.month_totals(actor=actor, month=month)}
    rows = [
        (deadline, totals.get(deadline.payroll.commune_id))
        for deadline in selectors.deadlines(actor=actor, month=month)
    ]
    can_generate = payroll_policy.can_generate(actor, month)
    context = {
        "month": month,
        "previous": month.add(-1),
        "next": month.add(1),
        "rows": rows,
        "district": selectors.district_totals(list(totals.values())),
        "send_deadline": send_deadline(month),
        "report_deadline": report_deadline(month),
        "violations": selectors.violations(actor=actor, month=month, with_cleared=True)[:50],
        "late_reports": selectors.late_reports(actor=actor)[:50],
        "generate_form": GenerateForm(initial={"month": month.display()}, actor=actor) if can_generate else None,
        "is_post_office": actor.office_kind == OfficeKind.POST_OFFICE,
    }
    return TemplateResponse(request, "payments/month.html", context)


@login_required
@require_POST
def payroll_generate(request: ActorRequest) -> HttpResponse:
    require(payroll_policy.can_generate_some_month(request.user))
    form = GenerateForm(request.POST, actor=request.user)
    if form.is_valid() and not payroll_policy.can_generate(request.user, month_of(form)):
        form.add_error("month", archive_refusal(request.user, month_of(form).first_day) or NOT_ALLOWED)
    if form.is_valid():
        month = month_of(form)
        try:
            result = actions.payroll_generate(actor=request.user, month=month, commune=form.cleaned_data["commune"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                f"Đã lập {result.communes} danh sách tháng {month.display()}: {result.lines} dòng, "
                f"tổng {format_money(result.total)}.",
            )
            if result.frozen:
                messages.info(request, f"{len(result.frozen)} danh sách đã duyệt được giữ nguyên.")
            return redirect(_month_url(month))
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))
    return redirect(reverse("payments:month"))


# --- one list ------------------------------------------------------------------------------------


def _visible_payroll(request: ActorRequest, pk: int) -> PayrollMonth:
    return get_object_or_404(payroll_policy.visible(request.user).select_related("commune", "commune__parent"), pk=pk)


def _detail_page(
    request: ActorRequest,
    payroll: PayrollMonth,
    *,
    upload_form: ResultsUploadForm | None = None,
    check: UploadCheck | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    lines = selectors.payroll_lines(actor=actor, payroll=payroll).select_related("person__village")
    changes = selectors.month_changes(payroll) if payroll_policy.can_review_changes(actor, payroll) else None
    chosen = request.GET.get("loc", "")
    if chosen in LINE_FILTERS:
        lines = lines.filter(**LINE_FILTERS[chosen][1])
    elif chosen in CHANGE_FILTERS and changes is not None:
        lines = lines.filter(kind=LineKind.REGULAR, person_id__in=CHANGE_FILTERS[chosen][1](changes))
    page = CappedPaginator(lines, 100).get_page(request.GET.get("trang"))
    _mark_changes(page, changes)
    _mark_review(page, payroll, actor, changes is not None)
    month = YearMonth.of(payroll.month)
    totals = next(
        (row for row in selectors.month_totals(actor=actor, month=month) if row.commune_id == payroll.commune_id), None
    )
    can_record = payroll_policy.can(actor, PayrollAction.RECORD_RESULTS, payroll)
    can_approve = payroll.status == PayrollStatus.DRAFT and payroll_policy.can(actor, PayrollAction.APPROVE, payroll)
    context = {
        "payroll": payroll,
        "month": month,
        "page": page,
        "filters": [(key, label) for key, (label, _q) in LINE_FILTERS.items()]
        + ([(key, label) for key, (label, _ids) in CHANGE_FILTERS.items()] if changes and changes.previous else []),
        "changes": changes,
        "chosen": chosen,
        "totals": totals,
        "total_words": amount_in_words_sentence(payroll.total),
        "can_approve": can_approve,
        "approve_differences": selectors.review_differences(payroll) if can_approve else [],
        "can_send": payroll.status == PayrollStatus.APPROVED and payroll_policy.can(actor, PayrollAction.SEND, payroll),
        "can_record": can_record,
        "upload_form": upload_form or (ResultsUploadForm() if can_record else None),
        "check": check,
        "result_kinds": LineResultForm.base_fields["paid_to_kind"].choices,  # type: ignore[attr-defined]
        "send_late": payroll.status == PayrollStatus.DRAFT and timezone.localdate() > payroll.send_deadline,
    }
    return TemplateResponse(request, "payments/payroll_detail.html", context, status=status)


def _mark_changes(lines: Iterable[PayrollLine], changes: selectors.MonthChanges | None) -> None:
    """Flag the regular lines of people new since last month, and give last month's amount where it changed."""
    compared = changes is not None and changes.previous is not None
    new_ids = changes.new_ids if changes and compared else set()
    before = changes.previous_amounts if changes and compared else {}
    for line in lines:
        regular = line.kind == LineKind.REGULAR
        line.is_new = regular and line.person_id in new_ids  # type: ignore[attr-defined]
        line.previous_amount = before.get(line.person_id) if regular else None  # type: ignore[attr-defined]


def _mark_review(lines: Iterable[PayrollLine], payroll: PayrollMonth, actor: Actor, allowed: bool) -> None:
    """Flag the regular lines whose amount differs from what the law gives in the month (the periodic review,
    cases/review.py), with the reason; for the register's readers only, as the month's changes."""
    differences = (
        review_for(actor=actor, month=YearMonth.of(payroll.month), communes=[payroll.commune_id]) if allowed else None
    )
    found = differences.by_entitlement() if differences else {}
    for line in lines:
        item = found.get(line.entitlement_id) if line.kind == LineKind.REGULAR and line.entitlement_id else None
        line.review = item if item is not None and item.lawful_amount != line.regular_amount else None  # type: ignore[attr-defined]


@login_required
def payroll_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_payroll(request, pk))


def _back(payroll: PayrollMonth) -> HttpResponse:
    return redirect("payments:payroll_detail", pk=payroll.pk)


def _error_messages(request: ActorRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def payroll_approve(request: ActorRequest, pk: int) -> HttpResponse:
    payroll = _visible_payroll(request, pk)
    try:
        approved = actions.payroll_approve(
            actor=request.user, payroll=payroll, acknowledgement=request.POST.get("ly_do_chap_nhan", "")
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, f"Đã duyệt danh sách {approved.commune.full_name} tháng {approved.month:%m/%Y}.")
    return _back(payroll)


@login_required
@require_POST
def payroll_send(request: ActorRequest, pk: int) -> HttpResponse:
    payroll = _visible_payroll(request, pk)
    try:
        sent = actions.payroll_send(actor=request.user, payroll=payroll)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, f"Đã gửi danh sách tháng {sent.month:%m/%Y} cho bưu điện.")
    return _back(payroll)


# --- documents -----------------------------------------------------------------------------------


def _file_stem(payroll: PayrollMonth) -> str:
    return f"chi-tra-{payroll.commune.code}-{payroll.month:%Y-%m}"


@login_required
def payroll_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    payroll = _visible_payroll(request, pk)
    lines = selectors.payroll_lines(actor=request.user, payroll=payroll)
    content = documents.commune_list_xlsx(documents.list_heading(payroll), documents.sheet_lines(lines))
    actions.document_taken(actor=request.user, document="danh-sach.xlsx", month=payroll_month(payroll), payroll=payroll)
    return file_response(content, documents.XLSX, f"{_file_stem(payroll)}.xlsx")


@login_required
def payroll_signature_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    payroll = _visible_payroll(request, pk)
    lines = list(documents.sheet_lines(selectors.payroll_lines(actor=request.user, payroll=payroll)))
    content = documents.signature_sheet_pdf(documents.list_heading(payroll), lines)
    actions.document_taken(actor=request.user, document="ky-nhan.pdf", month=payroll_month(payroll), payroll=payroll)
    return file_response(content, documents.PDF, f"ky-nhan-{_file_stem(payroll)}.pdf")


@login_required
def district_summary(request: ActorRequest) -> HttpResponse:
    """Totals by commune and for the district, as XLSX (default) or PDF."""
    require(payroll_policy.can_read_lists(request.user))
    month = month_param(request)
    summary = documents.district_summary(actor=request.user, month=month, district=district_of(request.user))
    pdf = request.GET.get("dinh_dang") == "pdf"
    actions.document_taken(actor=request.user, document="tong-hop." + ("pdf" if pdf else "xlsx"), month=month)
    if pdf:
        return file_response(documents.district_summary_pdf(summary), documents.PDF, f"tong-hop-chi-tra-{month}.pdf")
    return file_response(documents.district_summary_xlsx(summary), documents.XLSX, f"tong-hop-chi-tra-{month}.xlsx")


@login_required
def reconciliation(request: ActorRequest) -> HttpResponse:
    """Paid, unpaid and carried over per commune for a month, with the district total."""
    require(payroll_policy.can_read_lists(request.user))
    month = month_param(request)
    rows = selectors.month_totals(actor=request.user, month=month)
    context = {
        "month": month,
        "previous": month.add(-1),
        "next": month.add(1),
        "rows": rows,
        "district": selectors.district_totals(rows),
        "is_post_office": request.user.office_kind == OfficeKind.POST_OFFICE,
    }
    return TemplateResponse(request, "payments/reconciliation.html", context)


# --- the post office's results -------------------------------------------------------------------


def _recordable(request: ActorRequest, pk: int) -> PayrollMonth:
    payroll = _visible_payroll(request, pk)
    require(payroll_policy.can(request.user, PayrollAction.RECORD_RESULTS, payroll))
    return payroll


@login_required
@require_POST
def payroll_result(request: ActorRequest, pk: int) -> HttpResponse:
    """One line's result, recorded on screen."""
    payroll = _recordable(request, pk)
    form = LineResultForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(problem) for problem in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return _back(payroll)
    data: dict[str, Any] = form.cleaned_data
    result = actions.LineResult(
        line_id=data["line"],
        paid_on=data["paid_on"],
        paid_to_name=data["paid_to_name"],
        paid_to_kind=data["paid_to_kind"],
        not_paid_reason=data["not_paid_reason"],
        reason=data["reason"],
    )
    try:
        outcome = actions.payment_results_apply(actor=request.user, payroll=payroll, results=[result])
    except ValidationError as error:
        _error_messages(request, error)
    else:
        _outcome_message(request, outcome)
    return redirect(f"{reverse('payments:payroll_detail', args=[payroll.pk])}?{request.GET.urlencode()}")


@login_required
def line_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One line's result and every version of it: who recorded or corrected what, when and why, and a
    violation once raised even if a correction cleared it."""
    actor = request.user
    line = get_object_or_404(
        payroll_policy.visible_lines(actor).select_related("person", "payroll", "payroll__commune"), pk=pk
    )
    recoveries = (
        payroll_policy.visible_recoveries(actor).filter(line=line)
        if payroll_policy.can_read_recoveries(actor)
        else PayrollLine.objects.none()
    )
    context = {
        "line": line,
        "payroll": line.payroll,
        "month": YearMonth.of(line.month),
        "versions": selectors.line_history(line),
        "recoveries": recoveries,
    }
    return TemplateResponse(request, "payments/line_detail.html", context)


@login_required
@require_POST
def payroll_upload(request: ActorRequest, pk: int) -> HttpResponse:
    """The filled list uploaded back: every row checked, then all results recorded or none."""
    payroll = _recordable(request, pk)
    form = ResultsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, payroll, upload_form=form, status=400)
    lines = selectors.payroll_lines(actor=request.user, payroll=payroll)
    try:
        check = check_results_file(
            form.cleaned_data["file"],
            expected=expected_lines(lines),
            month=YearMonth.of(payroll.month),
            today=timezone.localdate(),
        )
    except UploadFileError as error:
        form.add_error("file", str(error))
        return _detail_page(request, payroll, upload_form=form, status=400)
    if not check.accepted:
        return _detail_page(request, payroll, upload_form=form, check=check, status=400)
    try:
        outcome = actions.payment_results_apply(actor=request.user, payroll=payroll, results=check.results)
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail_page(request, payroll, upload_form=form, status=400)
    _outcome_message(request, outcome, source=form.cleaned_data["file"].name)
    return _back(payroll)


def _outcome_message(request: ActorRequest, outcome: actions.ResultsOutcome, source: str = "") -> None:
    """ "Đã ghi nhận" when nothing changed (the same result posted again), else what was recorded."""
    if not outcome.changed:
        messages.info(request, "Kết quả này đã được ghi nhận trước đó: không có gì thay đổi.")
        return
    parts = []
    if outcome.recorded:
        parts.append(f"ghi kết quả chi trả của {outcome.recorded} dòng")
    if outcome.corrected:
        parts.append(f"sửa kết quả của {outcome.corrected} dòng")
    text = "Đã " + ", ".join(parts) + (f" từ tệp {source}" if source else "")
    if outcome.unchanged:
        text += f" ({outcome.unchanged} dòng giữ nguyên kết quả đã ghi)"
    text += "."
    messages.success(request, text)
    if outcome.violations:
        messages.warning(request, f"Có {outcome.violations} dòng chi sai người nhận: xem các dòng tô đỏ.")
