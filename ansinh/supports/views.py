"""Pages of one-off, education and emergency supports (thin: a selector or an action each)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.pagination import CappedPaginator
from ansinh.supports import actions, documents, education, selectors, uploads
from ansinh.supports.forms import (
    AnswerForm,
    EnrolmentFilterForm,
    EnrolmentForm,
    InstalmentFilterForm,
    InstalmentsPayForm,
    LeaveForm,
    OneOffFilterForm,
    RecoverForm,
    RoundForm,
    RoundLineForm,
    StudentUploadForm,
)
from ansinh.supports.models import EmergencyRound, RoundStatus
from ansinh.supports.policies import (
    EducationAction,
    OneOffAction,
    RoundAction,
    education_policy,
    one_off_policy,
    round_policy,
)
from ansinh.territory.models import AdministrativeUnit


def _one_offs_page(request: ActorRequest, recover_form: RecoverForm | None = None, failed: int = 0) -> HttpResponse:
    actor = request.user
    require(one_off_policy.can_read(actor))
    filters = OneOffFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    page = CappedPaginator(selectors.one_offs(actor, kind=kind), 50).get_page(request.GET.get("trang"))
    context = {
        "filters": filters,
        "page": page,
        "rows": selectors.one_off_rows(list(page.object_list)),
        "can_recover": one_off_policy.can(actor, OneOffAction.RECOVER),
        "recover_form": recover_form or RecoverForm(),
        "failed": failed,
    }
    return TemplateResponse(request, "supports/one_offs.html", context, status=400 if failed else 200)


@login_required
def one_offs(request: ActorRequest) -> HttpResponse:
    """Funeral and cremation supports decided, with their payment and any recovery."""
    return _one_offs_page(request)


@login_required
@require_POST
def one_off_recover(request: ActorRequest, pk: int) -> HttpResponse:
    support = get_object_or_404(one_off_policy.visible(request.user), pk=pk)
    require(one_off_policy.can(request.user, OneOffAction.RECOVER, support))
    form = RecoverForm(request.POST)
    if form.is_valid():
        try:
            recovery = actions.one_off_recover(actor=request.user, support=support, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã lập khoản thu hồi.")
            return redirect("payments:recovery_detail", pk=recovery.pk)
    return _one_offs_page(request, form, failed=support.pk)


# --- Education supports: the vocational centre's desk, the commune's answers, the labour office's decision ---


def _education_page(request: ActorRequest, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    actor = request.user
    require(education_policy.can_read(actor))
    filters = EnrolmentFilterForm(request.GET or None)
    year = filters.cleaned_data.get("nam_hoc") if filters.is_valid() else None
    state = filters.cleaned_data.get("tinh_trang", "") if filters.is_valid() else ""
    page = CappedPaginator(selectors.enrolments(actor, school_year=year, status=state), 100).get_page(
        request.GET.get("trang")
    )
    forms = forms or {}
    context = {
        "filters": filters,
        "page": page,
        "can_list": education_policy.can(actor, EducationAction.LIST),
        "can_answer": education_policy.can(actor, EducationAction.ANSWER),
        "can_decide": education_policy.can(actor, EducationAction.DECIDE),
        "can_leave": education_policy.can(actor, EducationAction.LEAVE),
        "can_pay_list": education_policy.can(actor, EducationAction.PAY_LIST),
        "enrolment_form": forms.get("enrolment_form") or EnrolmentForm(),
        "upload_form": forms.get("upload_form") or StudentUploadForm(),
        "answer_form": forms.get("answer_form"),
        "decide_errors": forms.get("decide_errors"),
        "failed": forms.get("failed"),
        "upload_columns": [printed for printed, _variants in uploads.COLUMNS.values()],
    }
    return TemplateResponse(request, "supports/education.html", context, status=status)


@login_required
def education_desk(request: ActorRequest) -> HttpResponse:
    """Learners listed for education supports, as each office's role needs them."""
    return _education_page(request)


@login_required
@require_POST
def enrolment_add(request: ActorRequest) -> HttpResponse:
    require(education_policy.can(request.user, EducationAction.LIST))
    form = EnrolmentForm(request.POST)
    if form.is_valid():
        try:
            actions.enrolments_list(actor=request.user, rows=[actions.EnrolmentInput(**form.cleaned_data)])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Đã thêm vào danh sách; xã nơi cư trú sẽ xác nhận.")
            return redirect("supports:education")
    return _education_page(request, {"enrolment_form": form}, status=400)


@login_required
@require_POST
def enrolment_upload(request: ActorRequest) -> HttpResponse:
    require(education_policy.can(request.user, EducationAction.LIST))
    form = StudentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        sheet = uploads.read_students(form.cleaned_data["file"])
        try:
            if sheet.problems:
                raise ValidationError({"file": sheet.problems})
            created = actions.enrolments_list(actor=request.user, rows=sheet.rows)
        except ValidationError as error:
            for messages_of in getattr(error, "message_dict", {"file": error.messages}).values():
                for message in messages_of:
                    form.add_error("file", message)
        else:
            messages.success(request, f"Đã gửi danh sách {len(created)} học sinh, sinh viên tới các xã để xác nhận.")
            return redirect("supports:education")
    return _education_page(request, {"upload_form": form}, status=400)


@login_required
@require_POST
def enrolment_answer(request: ActorRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(education_policy.visible(request.user), pk=pk)
    require(education_policy.can(request.user, EducationAction.ANSWER, enrolment))
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.enrolment_answer(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã ghi kết quả xác nhận của {enrolment.person.full_name}.")
            return redirect("supports:education")
    return _education_page(request, {"answer_form": form, "failed": enrolment.pk}, status=400)


@login_required
@require_POST
def education_decide(request: ActorRequest) -> HttpResponse:
    require(education_policy.can(request.user, EducationAction.DECIDE))
    ids = [int(value) for value in request.POST.getlist("enrolment") if value.isdigit()]
    chosen = list(education_policy.visible(request.user).filter(pk__in=ids))
    try:
        decision = actions.education_decide(actor=request.user, enrolments=chosen)
    except ValidationError as error:
        return _education_page(request, {"decide_errors": error.messages}, status=400)
    messages.success(request, f"Đã ký quyết định {decision.number} cho {decision.lines.count()} người học.")
    return redirect("supports:education")


@login_required
@require_POST
def enrolment_leave(request: ActorRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(education_policy.visible(request.user), pk=pk)
    require(education_policy.can(request.user, EducationAction.LEAVE, enrolment))
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            actions.enrolment_leave(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã ghi {enrolment.person.full_name} thôi học; các kỳ chi sau được dừng.")
            return redirect("supports:education")
    return _education_page(request, {"answer_form": form, "failed": enrolment.pk}, status=400)


@login_required
def instalment_list(request: ActorRequest) -> HttpResponse:
    """The education payment list of one instalment (the labour office pays it, not the post office)."""
    actor = request.user
    require(education_policy.can_read(actor))
    today = timezone.localdate()
    default_year = today.year if today.month >= 8 else today.year - 1
    initial = {"nam_hoc": default_year, "lan": 1 if today.month >= 8 else 2}
    filters = InstalmentFilterForm(request.GET or initial)
    year, number = (
        (filters.cleaned_data["nam_hoc"], filters.cleaned_data["lan"])
        if filters.is_valid()
        else (
            default_year,
            initial["lan"],
        )
    )
    rows = selectors.instalments(actor, school_year=year, number=number)
    context = {
        "filters": filters,
        "year": year,
        "number": number,
        "months": education.payment_months(year, number),
        "page": CappedPaginator(rows, 100).get_page(request.GET.get("trang")),
        "totals": selectors.instalment_totals(rows),
        "can_pay_list": education_policy.can(actor, EducationAction.PAY_LIST),
    }
    return TemplateResponse(request, "supports/instalments.html", context)


@login_required
@require_POST
def instalments_make(request: ActorRequest) -> HttpResponse:
    require(education_policy.can(request.user, EducationAction.PAY_LIST))
    filters = InstalmentFilterForm(request.POST)
    if not filters.is_valid():
        messages.error(request, "Hãy chọn năm học và lần chi.")
        return redirect("supports:instalments")
    year, number = filters.cleaned_data["nam_hoc"], filters.cleaned_data["lan"]
    try:
        count = actions.instalments_list(actor=request.user, school_year=year, number=number)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã lập {count} dòng chi mới." if count else "Không có dòng chi mới.")
    return redirect(f"{reverse('supports:instalments')}?nam_hoc={year}&lan={number}")


@login_required
@require_POST
def instalments_pay(request: ActorRequest) -> HttpResponse:
    """The chosen learners received their instalment on the day given (all or none)."""
    require(education_policy.can(request.user, EducationAction.PAY_LIST))
    filters = InstalmentFilterForm(request.POST)
    back = reverse("supports:instalments")
    if filters.is_valid():
        back += f"?nam_hoc={filters.cleaned_data['nam_hoc']}&lan={filters.cleaned_data['lan']}"
    form = InstalmentsPayForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        paid = actions.instalments_pay(
            actor=request.user,
            instalment_ids=[int(pk) for pk in request.POST.getlist("ky") if pk.isdigit()],
            paid_on=form.cleaned_data["paid_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã ghi nhận {paid} người đã nhận tiền.")
    return redirect(back)


# --- Emergency rounds -----------------------------------------------------------------------------------------


def _rounds_page(request: ActorRequest, form: RoundForm | None = None, status: int = 200) -> HttpResponse:
    actor = request.user
    require(round_policy.can_read(actor))
    rounds = round_policy.visible(actor).select_related("commune", "decision").order_by("-occurred_on", "-pk")
    context = {
        "page": CappedPaginator(rounds, 50).get_page(request.GET.get("trang")),
        "can_open": round_policy.can(actor, RoundAction.OPEN),
        "form": form or RoundForm(),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "supports/rounds.html", context, status=status)


@login_required
def rounds(request: ActorRequest) -> HttpResponse:
    """The emergency rounds of the communes the actor covers; a commune officer opens one."""
    return _rounds_page(request)


@login_required
@require_POST
def round_open(request: ActorRequest) -> HttpResponse:
    require(round_policy.can(request.user, RoundAction.OPEN))
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            created = actions.round_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã mở đợt hỗ trợ “{created.name}”.")
            return redirect("supports:round_detail", pk=created.pk)
    return _rounds_page(request, form, status=400)


def _visible_round(request: ActorRequest, pk: int) -> EmergencyRound:
    return get_object_or_404(round_policy.visible(request.user).select_related("commune", "decision"), pk=pk)


def _villages(round_: EmergencyRound) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(parent_id=round_.commune_id, level="village").order_by("name")


def _round_page(
    request: ActorRequest, round_: EmergencyRound, form: RoundLineForm | None = None, status: int = 200
) -> HttpResponse:
    actor = request.user
    lines = documents.round_lines(round_)
    can_open = round_policy.can(actor, RoundAction.OPEN, round_)
    estimates, problem = selectors.round_estimates(round_, lines)
    context = {
        "round": round_,
        "lines": lines,
        "totals": selectors.estimated_totals(estimates),
        "estimates": estimates,
        "estimate_problem": problem,
        "can_edit": can_open and round_.status == RoundStatus.OPEN,
        "can_decide": round_policy.can(actor, RoundAction.DECIDE, round_) and round_.status == RoundStatus.SUBMITTED,
        "form": form or RoundLineForm(villages=_villages(round_)),
        "late": round_.decision_due is not None
        and round_.status == RoundStatus.SUBMITTED
        and timezone.localdate() > round_.decision_due,
    }
    return TemplateResponse(request, "supports/round_detail.html", context, status=status)


@login_required
def round_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _round_page(request, _visible_round(request, pk))


@login_required
@require_POST
def round_line_add(request: ActorRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    require(round_policy.can(request.user, RoundAction.OPEN, round_))
    form = RoundLineForm(request.POST, villages=_villages(round_))
    if form.is_valid():
        try:
            actions.round_line_add(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã thêm {form.cleaned_data['household_head']}.")
            return redirect("supports:round_detail", pk=round_.pk)
    return _round_page(request, round_, form, status=400)


def _round_step(request: ActorRequest, pk: int, action: RoundAction, done: str) -> HttpResponse:
    round_ = _visible_round(request, pk)
    require(round_policy.can(request.user, action, round_))
    step = actions.round_decide if action == RoundAction.DECIDE else actions.round_submit
    try:
        step(actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("supports:round_detail", pk=round_.pk)


@login_required
@require_POST
def round_submit(request: ActorRequest, pk: int) -> HttpResponse:
    return _round_step(request, pk, RoundAction.OPEN, "Đã trình Chủ tịch UBND xã danh sách các thôn.")


@login_required
@require_POST
def round_decide(request: ActorRequest, pk: int) -> HttpResponse:
    return _round_step(request, pk, RoundAction.DECIDE, "Đã ký quyết định hỗ trợ khẩn cấp.")


PDF = ("application/pdf", "pdf")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ROUND_FILES = {
    "5a": (documents.form_5a_pdf, "mau-5a", PDF),
    "5b": (documents.form_5b_pdf, "mau-5b", PDF),
    "cap-phat": (documents.distribution_pdf, "danh-sach-cap-phat", PDF),
    "tong-hop": (documents.totals_pdf, "tong-hop", PDF),
    "tong-hop-xlsx": (documents.totals_xlsx, "tong-hop", XLSX),
}


@login_required
def round_document(request: ActorRequest, pk: int, what: str) -> HttpResponse:
    """Forms 5a and 5b, the distribution sheet with signatures, the round's totals (PDF or XLSX)."""
    round_ = _visible_round(request, pk)
    if what not in ROUND_FILES:
        raise Http404
    make, stem, (content_type, extension) = ROUND_FILES[what]
    return file_response(make(round_), content_type, f"{documents.file_stem(round_, stem)}.{extension}")
