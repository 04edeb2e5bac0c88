"""Dossier screens: the to-do list, the dossier list and file, the declaration form, attachments,
workflow steps, complaints, and the one-step death and move reports. Thin: fetch through the
policies, call one action, render."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.audit.selectors import events_for_object
from ansinh.cases import (
    appraisal,
    checklists,
    complaints,
    declarations,
    dossiers,
    intake,
    one_off,
    reports,
    selectors,
    transitions,
    workflow,
)
from ansinh.cases.desk import desk_for
from ansinh.cases.documents import declaration_document, declaration_pdf, printed_value
from ansinh.cases.forms import (
    AttachmentForm,
    ComplaintForm,
    DeathReportForm,
    DeclarationForm,
    DossierOpenForm,
    MoveReportForm,
    declaration_initial,
)
from ansinh.cases.models import Complaint, Dossier, DossierAttachment, DossierKind
from ansinh.cases.policies import DossierAction, dossier_policy, posting_policy
from ansinh.cases.workflow import ACTIVE_STATES, DossierState
from ansinh.core.access import Actor, ActorRequest, require
from ansinh.core.downloads import file_response, stored_file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.months import YearMonth
from ansinh.core.pagination import CappedPaginator
from ansinh.registry.history import EventShown, events_shown
from ansinh.registry.models import Person
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.rules.calculator import HIV_CATEGORIES
from ansinh.rules.formatting import amount_in_words_sentence, format_money
from ansinh.territory.policies import unit_policy

PDF = "application/pdf"


@login_required
def todo(request: ActorRequest) -> HttpResponse:
    require(dossier_policy.can_read(request.user))
    today = timezone.localdate()
    context = {
        "desk": desk_for(actor=request.user, today=today),
        "today": today,
        "can_post": dossier_policy.can_post(request.user),
    }
    return TemplateResponse(request, "cases/todo.html", context)


@login_required
def dossier_list(request: ActorRequest) -> HttpResponse:
    require(dossier_policy.can_read(request.user))
    today = timezone.localdate()
    dossiers = dossier_policy.visible(request.user).select_related("person", "commune")
    state = request.GET.get("trang_thai", "")
    if state in DossierState.values:
        dossiers = dossiers.filter(state=state)
    overdue_only = request.GET.get("qua_han") == "1"
    if overdue_only:
        dossiers = dossiers.filter(state__in=ACTIVE_STATES, due_on__lt=today)  # as the overview counts them
    commune = request.GET.get("xa", "")
    if commune.isdigit():  # the overview's overdue dossiers of one commune
        dossiers = dossiers.filter(commune_id=int(commune))
    page = CappedPaginator(dossiers.order_by("due_on", "pk"), 50).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "today": today,
        "states": DossierState.choices,
        "state": state,
        "overdue_only": overdue_only,
        "commune": commune if commune.isdigit() else "",
    }
    return TemplateResponse(request, "cases/dossier_list.html", context)


@login_required
def dossier_create(request: ActorRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(person_policy.visible(request.user), pk=person_pk)
    require(person_policy.can(request.user, PersonAction.CHANGE, person))
    communes = unit_policy.visible_communes(request.user).exclude(pk=person.commune_id)
    today = timezone.localdate()
    restricted = person_policy.can_read_restricted(request.user)
    categories = intake.category_choices(restricted=restricted, day=today)
    suggestion = intake.suggest(person, YearMonth.of(today))
    suggested = suggestion.category if suggestion.category in dict(categories) else ""
    form = DossierOpenForm(
        request.POST or None,
        initial={"kind": request.GET.get("loai", "grant"), "category_code": suggested},
        communes=communes,
        entitlements=selectors.open_entitlements(person),
        category_label=lambda code: person_policy.category_shown(request.user, code),
        categories=categories,
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossiers.dossier_open(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lập hồ sơ. Hãy khai tờ khai và đính kèm giấy tờ."))
            return redirect("cases:dossier_detail", pk=dossier.pk)
    context = {"form": form, "person": person, "suggestion": _suggestion_shown(request.user, suggestion.as_dict())}
    return TemplateResponse(request, "cases/dossier_form.html", context)


def _suggestion_shown(actor: Actor, suggestion: dict[str, Any]) -> dict[str, Any]:
    """The calculator's suggestion as `actor` may read it: 5.3 and 5.8 (they tell HIV) masked, with
    their names, for readers without the right to restricted facts; the reasons likewise."""
    shown = dict(suggestion)
    if shown.get("category") in HIV_CATEGORIES and not person_policy.can_read_restricted(actor):
        shown.update(category=person_policy.category_shown(actor, shown["category"]), name="")
    for key in ("declared", "missing"):
        shown[key] = person_policy.sentences_shown(actor, shown.get(key) or [])
    if isinstance(shown.get("amount"), int):
        shown["amount_display"] = format_money(shown["amount"])
    return shown


def _review_basis_shown(actor: Actor, basis: dict[str, Any]) -> dict[str, Any]:
    """The periodic review's ground and evidence of a dossier opened from it (HIV text masked)."""
    if not basis:
        return {}
    return {**basis, "explanation": person_policy.text_shown(actor, str(basis.get("explanation", "")))}


def _visible_dossier(request: ActorRequest, pk: int) -> Dossier:
    dossiers = dossier_policy.visible(request.user).select_related("person__commune", "commune", "decision")
    return get_object_or_404(dossiers, pk=pk)


def _changeable_dossier(request: ActorRequest, pk: int) -> Dossier:
    dossier = _visible_dossier(request, pk)
    require(dossier_policy.can(request.user, DossierAction.CHANGE, dossier))
    return dossier


def _hides_hiv(actor: Actor, dossier: Dossier) -> bool:
    """A 5.3 or 5.8 dossier, or one on the HIV declaration form (1b), tells that the person lives
    with HIV (NĐ 20/2021 Điều 5 khoản 3, 8): readers who may not read restricted facts see it masked."""
    form = declarations.form_for(dossier.form_code)
    codes = {dossier.category_code, *(form.categories if form else ())}
    return bool(codes & HIV_CATEGORIES) and not person_policy.can_read_restricted(actor)


def _declaration_rows(actor: Actor, dossier: Dossier) -> list[tuple[str, str]]:
    """The declared answers; sensitive ones (HIV, Art 8(1)(b)) only for restricted readers."""
    values = dossier.declaration or {}
    restricted = person_policy.can_read_restricted(actor)
    return [
        (spec.label, person_policy.text_shown(actor, printed_value(values.get(spec.key))))
        for spec in declarations.fields_for(dossier.form_code)
        if values.get(spec.key) not in (None, "", []) and (restricted or not spec.sensitive)
    ]


def _calculation_shown(actor: Actor, calculation: dict[str, Any]) -> dict[str, Any]:
    """The calculator's sentences as `actor` may read them (a grant for 5.4 may also find 5.8)."""
    shown = dict(calculation)
    if shown.get("suggestion"):
        shown["suggestion"] = _suggestion_shown(actor, shown["suggestion"])
    for key in ("explanation", "warnings", "declared", "missing"):
        if shown.get(key):
            shown[key] = person_policy.sentences_shown(actor, shown[key])
    for key in ("error", "effective_explanation"):
        if shown.get(key):
            shown[key] = person_policy.text_shown(actor, str(shown[key]))
    return shown


def _history(actor: Actor, dossier: Dossier, hides_hiv: bool) -> list[EventShown]:
    """The dossier's events as `actor` may read them; of an HIV dossier, to a reader without the
    right, only who, when and which step (its values may tell the status)."""
    events = events_shown(actor, events_for_object(dossier)[:50])
    if not hides_hiv:
        return events
    return [replace(event, object_repr="", changes=()) for event in events]


def _calculation(dossier: Dossier) -> dict[str, Any]:
    """The appraisal's saved result, or (before it) what the calculator says now, with the
    amount in figures and words."""
    calculation = selectors.dossier_calculation(dossier)
    preview = calculation is None and dossier.kind == DossierKind.GRANT
    if preview:
        calculation = appraisal.calculate(dossier)
    result = dict(calculation or {})
    amount = result.get("amount")
    if isinstance(amount, int):
        result["amount_display"] = format_money(amount)
        result["words"] = amount_in_words_sentence(amount)
    result["is_preview"] = preview
    return result


def _death_supports(dossier: Dossier) -> list[one_off.Applies]:
    """On a funeral or cremation dossier: which of the two supports the death gives, and why (cases/one_off.py);
    cremation as if the body was cremated, so that the officer sees whether the province pays it."""
    if dossier.kind not in (DossierKind.FUNERAL, DossierKind.CREMATION):
        return []
    person = dossier.person
    died = person.death_date or timezone.localdate()
    return one_off.supports_due(person.pk, person.province_code, died, cremated=True)


def _attach_choices(dossier: Dossier) -> list[tuple[str, str]]:
    items = [item for item in checklists.checklist_for(dossier) if item.code != checklists.DECLARATION]
    return [(item.code, item.label) for item in items] + [("other", "Giấy tờ khác")]


def _may_download(actor: Actor, attachment: DossierAttachment) -> bool:
    """The HIV certificate (NĐ 20/2021 Art 7(1)) only for readers of restricted facts."""
    return attachment.document_code != checklists.HIV_CERTIFICATE.code or person_policy.can_read_restricted(actor)


def _checklist(actor: Actor, dossier: Dossier) -> list[dict[str, Any]]:
    attachments = list(dossier.attachments.all())
    declared = checklists.declaration_complete(dossier)
    rows = []
    for item in checklists.checklist_for(dossier):
        files = [attachment for attachment in attachments if attachment.document_code == item.code]
        present = declared if item.code == checklists.DECLARATION else bool(files)
        rows.append(
            {
                "label": person_policy.text_shown(actor, item.label),
                "required": item.required,
                "files": [attachment for attachment in files if _may_download(actor, attachment)],
                "present": present,
            }
        )
    others = [attachment for attachment in attachments if attachment.document_code == "other"]
    if others:
        rows.append({"label": "Giấy tờ khác", "required": False, "files": others, "present": True})
    return rows


def _steps_shown(actor: Actor, dossier: Dossier) -> dict[str, Any]:
    """The next step and who holds it, the steps this actor may make that move the dossier on,
    and the side steps (cancel, return, refuse) offered apart."""
    transitions = selectors.transitions_for(actor=actor, dossier=dossier)
    upcoming = workflow.next_step(workflow.flow_named(dossier.flow), dossier.state)
    return {
        "next_step": upcoming,
        "next_holder": workflow.holder_of(upcoming) if upcoming else "",
        "can_post": dossier_policy.can_post(actor),
        "transitions": [t for t in transitions if t.name not in workflow.SIDE_STEPS],
        "side_transitions": [t for t in transitions if t.name in workflow.SIDE_STEPS],
    }


def _detail_page(
    request: ActorRequest, dossier: Dossier, extra: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    actor = request.user
    can_change = dossier_policy.can(actor, DossierAction.CHANGE, dossier)
    editable = dossier.state in (DossierState.DRAFT, DossierState.REVIEWING)
    may_complain = dossier.state == DossierState.POSTED and posting_policy.can_record_complaint(actor, dossier)
    hides_hiv = _hides_hiv(actor, dossier)
    context: dict[str, Any] = {
        "dossier": dossier,
        "today": timezone.localdate(),
        "can_change": can_change and editable,
        "can_answer": posting_policy.can_record_complaint(actor, dossier),
        "can_print": bool(dossier.form_code) and not hides_hiv,
        "form_title": person_policy.text_shown(actor, dossier.get_form_code_display()),
        "calculation": _calculation_shown(actor, _calculation(dossier)),
        "review_basis": _review_basis_shown(actor, dossier.review_basis or {}),
        "death_supports": _death_supports(dossier),
        "checklist": _checklist(actor, dossier),
        "missing": [person_policy.text_shown(actor, item.label) for item in checklists.missing_documents(dossier)],
        "attach_form": AttachmentForm(choices=_attach_choices(dossier)) if can_change and editable else None,
        **_steps_shown(actor, dossier),
        "complaints": dossier.complaints.all(),
        "complaint_form": ComplaintForm(initial={"received_on": timezone.localdate()}) if may_complain else None,
        "declaration_fields": _declaration_rows(actor, dossier),
        "steps": dossier.steps.select_related("actor"),
        "history": _history(actor, dossier, hides_hiv),
        **(extra or {}),
    }
    return TemplateResponse(request, "cases/dossier_detail.html", context, status=status)


@login_required
def dossier_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_dossier(request, pk))


@login_required
def dossier_declaration(request: ActorRequest, pk: int) -> HttpResponse:
    dossier = _changeable_dossier(request, pk)
    spec = declarations.form_for(dossier.form_code)
    if spec is None:
        messages.error(request, _("Hồ sơ này không dùng tờ khai."))
        return redirect("cases:dossier_detail", pk=dossier.pk)
    form = DeclarationForm(
        request.POST or None,
        fields=spec.fields,
        title=f"Mẫu số {spec.code}: {spec.title}",
        subtitle=spec.applies_to,
        initial=declaration_initial(dossier.declaration or {}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossiers.dossier_declare(actor=request.user, dossier=dossier, declaration=form.declaration())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu tờ khai."))
            return redirect("cases:dossier_detail", pk=dossier.pk)
    return TemplateResponse(request, "cases/declaration_form.html", {"form": form, "dossier": dossier})


@login_required
def dossier_declaration_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    dossier = _visible_dossier(request, pk)
    require(not _hides_hiv(request.user, dossier))  # the printed form names HIV and its sensitive answers
    spec = declarations.form_for(dossier.form_code)
    if spec is None:
        messages.error(request, _("Hồ sơ này không dùng tờ khai."))
        return redirect("cases:dossier_detail", pk=dossier.pk)
    content = declaration_pdf(declaration_document(dossier, spec))
    return file_response(content, PDF, f"to-khai-{dossier.pk}.pdf", inline=True)


@login_required
@require_POST
def dossier_attach(request: ActorRequest, pk: int) -> HttpResponse:
    dossier = _changeable_dossier(request, pk)
    form = AttachmentForm(request.POST, request.FILES, choices=_attach_choices(dossier))
    if form.is_valid():
        try:
            dossiers.dossier_attach(
                actor=request.user,
                dossier=dossier,
                document_code=form.cleaned_data["document_code"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã đính kèm giấy tờ."))
            return redirect("cases:dossier_detail", pk=dossier.pk)
    return _detail_page(request, dossier, {"attach_form": form}, status=400)


@login_required
def attachment_download(request: ActorRequest, pk: int) -> HttpResponseBase:
    visible = dossier_policy.visible(request.user)
    attachment = get_object_or_404(DossierAttachment.objects.filter(dossier__in=visible), pk=pk)
    require(_may_download(request.user, attachment))
    return stored_file_response(attachment.file, attachment.file_name)


@login_required
@require_POST
def attachment_remove(request: ActorRequest, pk: int) -> HttpResponse:
    """Take a wrongly filed paper off a dossier still at the commune (the audit log keeps its name)."""
    visible = dossier_policy.visible(request.user)
    attachment = get_object_or_404(
        DossierAttachment.objects.filter(dossier__in=visible).select_related("dossier"), pk=pk
    )
    dossier = attachment.dossier
    try:
        dossiers.attachment_remove(actor=request.user, attachment=attachment, reason=request.POST.get("ly_do", ""))
    except ValidationError as error:
        return _detail_page(request, dossier, {"attachment_error": " ".join(error.messages)}, status=400)
    messages.success(request, _("Đã gỡ tệp %(name)s khỏi hồ sơ.") % {"name": attachment.file_name})
    return redirect("cases:dossier_detail", pk=dossier.pk)


@login_required
@require_POST
def dossier_transition(request: ActorRequest, pk: int) -> HttpResponse:
    dossier = _visible_dossier(request, pk)
    name = request.POST.get("buoc", "")
    try:
        moved = transitions.dossier_transition(
            actor=request.user, dossier=dossier, name=name, reason=request.POST.get("ly_do", "")
        )
    except ValidationError as error:
        return _detail_page(request, dossier, {"transition_error": " ".join(error.messages)}, status=400)
    messages.success(request, f"Hồ sơ chuyển sang bước “{moved.get_state_display()}”.")
    return redirect("cases:dossier_detail", pk=dossier.pk)


@login_required
@require_POST
def complaint_add(request: ActorRequest, pk: int) -> HttpResponse:
    dossier = _visible_dossier(request, pk)
    require(posting_policy.can_record_complaint(request.user, dossier))
    form = ComplaintForm(request.POST)
    if form.is_valid():
        try:
            complaints.complaint_record(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận khiếu nại, thắc mắc."))
            return redirect("cases:dossier_detail", pk=dossier.pk)
    return _detail_page(request, dossier, {"complaint_form": form}, status=400)


@login_required
@require_POST
def complaint_resolve(request: ActorRequest, pk: int) -> HttpResponse:
    visible = Complaint.objects.filter(dossier__in=dossier_policy.visible(request.user))
    complaint = get_object_or_404(visible.select_related("dossier"), pk=pk)
    try:
        complaints.complaint_resolve(
            actor=request.user, complaint=complaint, resolution=request.POST.get("resolution", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi kết quả giải quyết."))
    return redirect("cases:dossier_detail", pk=complaint.dossier_id)


# --- One-step reports: death and move ----------------------------------------------------------


def _reportable_person(request: ActorRequest, pk: int) -> Person:
    person = get_object_or_404(person_policy.visible(request.user).select_related("commune"), pk=pk)
    require(person_policy.can(request.user, PersonAction.CHANGE, person))
    return person


@login_required
def report_death(request: ActorRequest, pk: int) -> HttpResponse:
    person = _reportable_person(request, pk)
    form = DeathReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_death(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã ghi nhận {person.full_name} đã chết; trợ cấp dừng từ tháng sau.")
            return redirect("registry:person_detail", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "title": _("Báo tử"),
        "explanation": _(
            "Ghi ngay khi nghe tin (trưởng thôn, tư pháp xã, bưu điện): hệ thống lập hồ sơ thôi hưởng "
            "từ tháng sau tháng chết và tính khoản thu hồi nếu đã chi."
        ),
        "button_css": "btn-danger",
    }
    return TemplateResponse(request, "cases/report_form.html", context)


@login_required
def report_move(request: ActorRequest, pk: int) -> HttpResponse:
    person = _reportable_person(request, pk)
    communes = unit_policy.visible_communes(request.user).exclude(pk=person.commune_id)
    form = MoveReportForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_move(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Đã ghi nhận {person.full_name} chuyển đi và lập hồ sơ chuyển nơi hưởng.")
            return redirect("registry:person_detail", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "title": _("Báo chuyển đi"),
        "explanation": _(
            "Trong huyện: chi trả tiếp tục ở xã mới. Ra ngoài huyện: dừng chi trả từ tháng sau, nơi mới chi trả tiếp."
        ),
    }
    return TemplateResponse(request, "cases/report_form.html", context)
