"""The BHYT pages: the month's lists per commune, one list with its lines and files, the BHXH desk
(receive, record cards on screen or by upload, return lines, process), the premium totals.
Views are thin: they fetch through the insurance policy, call one action or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ansinh.core.access import ActorRequest, OfficeKind, require
from ansinh.core.downloads import file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.months import YearMonth, month_asked
from ansinh.insurance import actions, documents, selectors
from ansinh.insurance.forms import (
    CardForm,
    CardsUploadForm,
    OtherSchemeChangeForm,
    OtherSchemeForm,
    PrepareForm,
    ReturnForm,
)
from ansinh.insurance.models import BhytLine, BhytList, Direction, LineStatus, ListStatus, OtherScheme
from ansinh.insurance.policies import insurance_policy
from ansinh.insurance.uploads import CardCheck, CardFileError, check_cards_file
from ansinh.registry.policies import person_policy
from ansinh.territory.models import AdministrativeUnit, UnitLevel


def _month(request: ActorRequest) -> YearMonth:
    return month_asked(request.GET.get("thang", ""), timezone.localdate())


def _errors(request: ActorRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request: ActorRequest, form: PrepareForm | CardForm | ReturnForm | OtherSchemeForm) -> None:
    for field, problems in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(problem) for problem in problems)
        messages.error(request, f"{label}: {text}" if label else text)


@login_required
def month(request: ActorRequest) -> HttpResponse:
    require(insurance_policy.can_read_lists(request.user))
    chosen = _month(request)
    context = {
        "month": chosen,
        "previous": chosen.add(-1),
        "next": chosen.add(1),
        "rows": selectors.month_rows(actor=request.user, month=chosen),
        "is_bhxh": request.user.office_kind == OfficeKind.SOCIAL_INSURANCE,
        "can_read_premiums": insurance_policy.can_read_premiums(request.user),
    }
    return TemplateResponse(request, "insurance/month.html", context)


@login_required
@require_POST
def prepare(request: ActorRequest) -> HttpResponse:
    form = PrepareForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("insurance:month")
    commune = get_object_or_404(AdministrativeUnit, pk=form.cleaned_data["commune"], level=UnitLevel.COMMUNE)
    chosen = YearMonth.parse(form.cleaned_data["month"])
    try:
        prepared = actions.list_prepare(actor=request.user, commune=commune, month=chosen)
    except ValidationError as error:
        _errors(request, error)
        return redirect(f"{reverse('insurance:month')}?thang={chosen}")
    messages.success(request, f"Đã lập danh sách tăng, giảm thẻ BHYT tháng {chosen.display()}.")
    return redirect("insurance:list_detail", pk=prepared.pk)


def _visible(request: ActorRequest, pk: int) -> BhytList:
    return get_object_or_404(insurance_policy.visible(request.user).select_related("commune", "sent_by"), pk=pk)


def _line(request: ActorRequest, pk: int) -> BhytLine:
    return get_object_or_404(insurance_policy.visible_lines(request.user).select_related("bhyt_list"), pk=pk)


def _detail(
    request: ActorRequest,
    bhyt_list: BhytList,
    *,
    upload_form: CardsUploadForm | None = None,
    check: CardCheck | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    can_process = insurance_policy.can_process(actor, bhyt_list)
    lines = list(bhyt_list.lines.order_by("direction", "full_name", "id"))
    context = {
        "bhyt_list": bhyt_list,
        "increases": [line for line in lines if line.direction == Direction.INCREASE],
        "decreases": [line for line in lines if line.direction == Direction.DECREASE],
        "can_prepare": not bhyt_list.is_sent and insurance_policy.can_prepare(actor, bhyt_list.commune_id),
        "can_send": not bhyt_list.is_sent and insurance_policy.can_send(actor, bhyt_list),
        "can_receive": can_process and bhyt_list.status == ListStatus.SENT,
        "can_record": can_process and bhyt_list.status != ListStatus.PROCESSED,
        "can_handle": insurance_policy.can_prepare(actor, bhyt_list.commune_id),
        "upload_form": upload_form or (CardsUploadForm() if can_process else None),
        "check": check,
        "overdue": not bhyt_list.is_sent and timezone.localdate() > bhyt_list.send_deadline,
        "rejected": LineStatus.REJECTED,
    }
    return TemplateResponse(request, "insurance/list_detail.html", context, status=status)


@login_required
def list_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@login_required
@require_POST
def list_send(request: ActorRequest, pk: int) -> HttpResponse:
    bhyt_list = _visible(request, pk)
    try:
        sent = actions.list_send(actor=request.user, bhyt_list=bhyt_list)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Đã gửi danh sách tháng {sent.month:%m/%Y} cho BHXH và Phòng LĐ-TB&XH.")
        if sent.sent_late:
            messages.warning(request, f"Danh sách gửi sau hạn {sent.send_deadline:%d/%m/%Y}.")
    return redirect("insurance:list_detail", pk=pk)


@login_required
@require_POST
def list_receive(request: ActorRequest, pk: int) -> HttpResponse:
    actions.list_receive(actor=request.user, bhyt_list=_visible(request, pk))
    messages.success(request, "Đã xác nhận nhận danh sách.")
    return redirect("insurance:list_detail", pk=pk)


@login_required
@require_POST
def list_process(request: ActorRequest, pk: int) -> HttpResponse:
    try:
        actions.list_process(actor=request.user, bhyt_list=_visible(request, pk))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Đã xử lý xong danh sách.")
    return redirect("insurance:list_detail", pk=pk)


@login_required
def list_xlsx(request: ActorRequest, pk: int) -> HttpResponse:
    bhyt_list = _visible(request, pk)
    content = documents.list_xlsx(bhyt_list)
    actions.document_taken(actor=request.user, bhyt_list=bhyt_list, document="danh-sach.xlsx")
    return file_response(content, documents.XLSX, f"bhyt-{bhyt_list.commune.code}-{bhyt_list.month:%Y-%m}.xlsx")


@login_required
def list_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    bhyt_list = _visible(request, pk)
    district = bhyt_list.commune.parent
    content = documents.list_pdf(bhyt_list, district_name=district.name if district else "", today=timezone.localdate())
    actions.document_taken(actor=request.user, bhyt_list=bhyt_list, document="danh-sach.pdf")
    return file_response(content, documents.PDF, f"bhyt-{bhyt_list.commune.code}-{bhyt_list.month:%Y-%m}.pdf")


@login_required
@require_POST
def cards_upload(request: ActorRequest, pk: int) -> HttpResponse:
    bhyt_list = _visible(request, pk)
    require(insurance_policy.can_process(request.user, bhyt_list))
    form = CardsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, bhyt_list, upload_form=form, status=400)
    try:
        check = check_cards_file(form.cleaned_data["file"], bhyt_list=bhyt_list)
    except CardFileError as error:
        form.add_error("file", str(error))
        return _detail(request, bhyt_list, upload_form=form, status=400)
    if not check.accepted:
        return _detail(request, bhyt_list, upload_form=form, check=check, status=400)
    try:
        count = actions.cards_apply(actor=request.user, bhyt_list=bhyt_list, rows=check.rows)
    except ValidationError as error:
        form.add_error("file", " ".join(error.messages))
        return _detail(request, bhyt_list, upload_form=form, status=400)
    messages.success(request, f"Đã ghi {count} thẻ BHYT từ tệp {form.cleaned_data['file'].name}.")
    return redirect("insurance:list_detail", pk=pk)


@login_required
@require_POST
def line_card(request: ActorRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    require(insurance_policy.can_process(request.user, line.bhyt_list))
    form = CardForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("insurance:list_detail", pk=line.bhyt_list_id)
    data = form.cleaned_data
    try:
        actions.card_record(
            actor=request.user,
            line=line,
            number=data["number"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Đã ghi thẻ BHYT của {line.full_name}.")
    return redirect("insurance:list_detail", pk=line.bhyt_list_id)


@login_required
@require_POST
def line_return(request: ActorRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    require(insurance_policy.can_process(request.user, line.bhyt_list))
    form = ReturnForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("insurance:list_detail", pk=line.bhyt_list_id)
    try:
        actions.line_return(actor=request.user, line=line, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Đã trả lại dòng của {line.full_name} cho xã.")
    return redirect("insurance:list_detail", pk=line.bhyt_list_id)


@login_required
@require_POST
def line_handled(request: ActorRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    require(insurance_policy.can_handle_returned(request.user, line))
    try:
        actions.line_handled(actor=request.user, line=line)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Đã xử lý dòng bị trả lại của {line.full_name}.")
    return redirect("insurance:list_detail", pk=line.bhyt_list_id)


@login_required
def returned(request: ActorRequest) -> HttpResponse:
    """The commune's to-do: lines BHXH returned, not yet dealt with."""
    require(insurance_policy.can_read_lists(request.user))
    lines = (
        insurance_policy.visible_lines(request.user)
        .filter(status=LineStatus.REJECTED, handled_at__isnull=True)
        .select_related("bhyt_list", "bhyt_list__commune")
        .order_by("bhyt_list__month", "full_name")
    )
    return TemplateResponse(request, "insurance/returned.html", {"lines": lines})


@login_required
def premiums(request: ActorRequest) -> HttpResponse:
    """Monthly and quarterly premium totals per commune (settlement with the finance office)."""
    require(insurance_policy.can_read_premiums(request.user))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
        quarter = int(request.GET.get("quy", (today.month - 1) // 3 + 1))
    except ValueError:
        year, quarter = today.year, (today.month - 1) // 3 + 1
    if not (2019 <= year <= 2100 and 1 <= quarter <= 4):
        year, quarter = today.year, (today.month - 1) // 3 + 1
    table = selectors.premium_table(actor=request.user, year=year, quarter=quarter)
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    context = {"table": table, "previous": previous, "following": following}
    return TemplateResponse(request, "insurance/premiums.html", context)


@login_required
@require_POST
def other_scheme_record(request: ActorRequest, person_pk: int) -> HttpResponse:
    """Another BHYT scheme covers the person: off the State list from the day given."""
    person = get_object_or_404(person_policy.visible(request.user), pk=person_pk)
    require(insurance_policy.can_prepare(request.user, person.commune_id))
    form = OtherSchemeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.other_scheme_record(
                actor=request.user,
                person=person,
                scheme=data["scheme"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "Đã ghi nhận thẻ BHYT theo đối tượng khác.")
    else:
        _form_errors(request, form)
    return redirect("registry:person_detail", pk=person.pk)


@login_required
def other_scheme_change(request: ActorRequest, pk: int) -> HttpResponse:
    """End (a last day) or correct another BHYT scheme recorded on the person, with a reason (audited)."""
    record = get_object_or_404(
        OtherScheme.objects.select_related("person"), pk=pk, person__in=person_policy.visible(request.user)
    )
    require(insurance_policy.can_prepare(request.user, record.person.commune_id))
    if request.method == "POST":
        form = OtherSchemeChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.other_scheme_change(
                    actor=request.user,
                    record=record,
                    scheme=data["scheme"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Đã lưu thẻ BHYT theo đối tượng khác.")
                return redirect("registry:person_detail", pk=record.person_id)
    else:
        form = OtherSchemeChangeForm(
            initial={"scheme": record.scheme, "valid_from": record.valid_from, "valid_to": record.valid_to}
        )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "record": record, "person": record.person}
    return TemplateResponse(request, "insurance/other_scheme_change.html", context, status=status)
