from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ansinh.accounts.models import DecisionFlow
from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import stored_file_response
from ansinh.core.forms import add_action_errors
from ansinh.core.ratelimit import rate_limited
from ansinh.core.uploads import CheckedUpload
from ansinh.rules import actions, selectors
from ansinh.rules.assessing import assess_input
from ansinh.rules.calculator import Assessment
from ansinh.rules.documents import WHERE_TO_FILE_COMMUNE, WHERE_TO_FILE_DISTRICT, documents_to_bring
from ansinh.rules.facts import BOOLEAN_FIELDS, facts_id
from ansinh.rules.forms import DocumentForm, ParameterForm, PublicCheckForm, error_field
from ansinh.rules.models import LegalDocument, Parameter
from ansinh.rules.parameters import parameter_kind
from ansinh.rules.policies import rules_policy
from ansinh.rules.preview import HeldSource, preview_change
from ansinh.rules.rulebook import RuleBookLoader, categories_from_db
from ansinh.territory.selectors import covered_unit_id_list

# --- Parameters ----------------------------------------------------------------------------------


@login_required
def parameter_list(request: ActorRequest) -> HttpResponse:
    require(rules_policy.can_view(request.user))
    context = {"groups": selectors.parameters_by_key(), "can_edit": rules_policy.can_edit(request.user)}
    return TemplateResponse(request, "rules/parameter_list.html", context)


@login_required
def parameter_detail(request: ActorRequest, pk: int) -> HttpResponse:
    require(rules_policy.can_view(request.user))
    parameter = get_object_or_404(Parameter.objects.select_related("source"), pk=pk)
    context = {
        "parameter": parameter,
        "kind": parameter_kind(parameter.key),
        "can_edit": rules_policy.can_edit(request.user),
        "history": events_for_object(parameter)[:50],
    }
    return TemplateResponse(request, "rules/parameter_detail.html", context)


def _change(form: ParameterForm) -> actions.ParameterChange:
    data = form.cleaned_data
    return actions.ParameterChange(
        key=data["key"],
        value=data["value"],
        valid_from=data["valid_from"],
        valid_to=data["valid_to"],
        source=data["source"],
        clause=data["clause"],
        confidence=data["confidence"],
        note=data["note"],
    )


def _held(request: ActorRequest) -> HeldSource | None:
    """Who is paid, within the communes the user covers (everywhere for a national account)."""
    unit = request.user.scope_unit_id
    return selectors.held_in_area(None if unit is None else list(covered_unit_id_list(unit)))


def _parameter_form_page(request: ActorRequest, form: ParameterForm, parameter: Parameter | None) -> HttpResponse:
    """Validate; with "Xem trước" show who is affected from which month, with "Lưu" save."""
    preview = None
    status = 200
    unit = ""
    if request.method == "POST" and form.is_valid():
        change = _change(form)
        unit = kind.unit if (kind := parameter_kind(change.key)) else ""
        close_previous = bool(form.cleaned_data.get("close_previous"))
        reason = form.cleaned_data["reason"]
        try:
            if "save" in request.POST:
                if parameter is None:
                    saved = actions.parameter_create(
                        actor=request.user, change=change, close_previous=close_previous, reason=reason
                    )
                else:
                    saved = actions.parameter_update(
                        actor=request.user, parameter=parameter, change=change, reason=reason
                    )
                messages.success(request, "Đã lưu giá trị tham số.")
                return redirect("rules:parameter_detail", pk=saved.pk)
            before, after, _closed = actions.planned_periods(change, replacing=parameter, close_previous=close_previous)
            preview = preview_change(
                change.key, before, after, categories_from_db(), held=_held(request), today=timezone.localdate()
            )
        except ValidationError as error:
            add_action_errors(form, error)
    if request.method == "POST" and not form.is_valid():
        status = 400
    context = {
        "form": form,
        "parameter": parameter,
        "preview": preview,
        "previewed": preview is not None,
        "unit": unit,
        "history": events_for_object(parameter)[:50] if parameter else [],
    }
    return TemplateResponse(request, "rules/parameter_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def parameter_create(request: ActorRequest) -> HttpResponse:
    require(rules_policy.can_edit(request.user))
    initial = {"key": request.GET.get("key", "")}
    form = ParameterForm(request.POST or None, initial=initial)
    return _parameter_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def parameter_edit(request: ActorRequest, pk: int) -> HttpResponse:
    require(rules_policy.can_edit(request.user))
    parameter = get_object_or_404(Parameter.objects.select_related("source"), pk=pk)
    initial = {
        name: getattr(parameter, name)
        for name in ["key", "value", "valid_from", "valid_to", "source", "clause", "confidence", "note"]
    }
    form = ParameterForm(request.POST or None, initial=initial, editing=True)
    return _parameter_form_page(request, form, parameter)


# --- Categories and documents ----------------------------------------------------------------------


@login_required
def category_list(request: ActorRequest) -> HttpResponse:
    require(rules_policy.can_view(request.user))
    return TemplateResponse(
        request, "rules/category_list.html", {"categories": selectors.categories_with_coefficients()}
    )


@login_required
def document_list(request: ActorRequest) -> HttpResponse:
    require(rules_policy.can_view(request.user))
    context = {"documents": selectors.documents(), "can_edit": rules_policy.can_edit(request.user)}
    return TemplateResponse(request, "rules/document_list.html", context)


@login_required
def document_detail(request: ActorRequest, pk: int) -> HttpResponse:
    require(rules_policy.can_view(request.user))
    document = get_object_or_404(LegalDocument, pk=pk)
    context = {
        "document": document,
        "parameters": document.parameters.order_by("key", "valid_from"),
        "categories": document.categories.order_by("order"),
        "coefficient_rules": document.coefficient_rules.select_related("category").order_by("category__order", "order"),
        "can_edit": rules_policy.can_edit(request.user),
        "history": events_for_object(document)[:50],
    }
    return TemplateResponse(request, "rules/document_detail.html", context)


@login_required
def document_file(request: ActorRequest, pk: int) -> HttpResponse:
    require(rules_policy.can_view(request.user))
    document = get_object_or_404(LegalDocument, pk=pk)
    if not document.file:
        raise Http404
    return stored_file_response(document.file, document.file.name)


def _document_fields(form: DocumentForm) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name not in ("file", "reason")}


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: ActorRequest) -> HttpResponse:
    require(rules_policy.can_edit(request.user))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.document_create(
                actor=request.user, file=form.cleaned_data.get("file") or None, **_document_fields(form)
            )
        except ValidationError as error:
            add_action_errors(cast(forms.Form, form), error)
        else:
            messages.success(request, f"Đã thêm văn bản {document.short_name}.")
            return redirect("rules:document_detail", pk=document.pk)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "rules/document_form.html", {"form": form, "document": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: ActorRequest, pk: int) -> HttpResponse:
    require(rules_policy.can_edit(request.user))
    document = get_object_or_404(LegalDocument, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            uploaded = form.cleaned_data.get("file")
            actions.document_update(
                actor=request.user,
                document=document,
                reason=form.cleaned_data["reason"],
                file=uploaded if isinstance(uploaded, CheckedUpload) else None,
                **_document_fields(form),
            )
        except ValidationError as error:
            add_action_errors(cast(forms.Form, form), error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("rules:document_detail", pk=document.pk)
    # A ModelForm's is_valid() writes the cleaned values onto the instance; show the stored ones.
    document.refresh_from_db()
    context = {"form": form, "document": document, "history": events_for_object(document)[:50]}
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "rules/document_form.html", context, status=status)


# --- The public eligibility checker (no login) ------------------------------------------------------


def _where_to_file() -> str:
    if selectors.decision_flow_on(timezone.localdate()) == DecisionFlow.COMMUNE:  # dated data (issue 15)
        return WHERE_TO_FILE_COMMUNE
    return WHERE_TO_FILE_DISTRICT


def _result(output: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    codes = [line.code for line in assessment.lines] or list(assessment.qualifying)
    return {
        **output,
        "age": assessment.age,
        "explanation": list(assessment.explanation),
        "documents": documents_to_bring(codes),
        "where_to_file": _where_to_file() if codes else "",
    }


@require_http_methods(["GET", "POST"])
@rate_limited("public_check")
def public_check(request: HttpRequest) -> HttpResponse:
    """ "Kiểm tra quyền lợi trợ giúp xã hội": plain questions, the amount, why, what to bring, where to file."""
    form = PublicCheckForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            output, assessment = assess_input(form.facts_input(), RuleBookLoader())
            if assessment is None:
                field, _sep, message = output["error"].partition(": ")
                form.add_error(error_field(field), message)
            else:
                result = _result(output, assessment)
        status = 200 if result else 400
    return TemplateResponse(request, "rules/public_check.html", {"form": form, "result": result}, status=status)


def _query_input(request: HttpRequest) -> dict[str, Any]:
    """The contract's input from query parameters; `children` and `cares_for` as JSON text."""
    data: dict[str, Any] = {"id": request.GET.get("id", "")}
    for name in ("month", "birth_date", "province", "household", "disability"):
        if name in request.GET:
            data[name] = request.GET[name] or None
    for name in BOOLEAN_FIELDS:
        if name in request.GET:
            value = request.GET[name].strip().lower()
            data[name] = {"true": True, "1": True, "false": False, "0": False, "": False}.get(value, value)
    for name in ("children", "cares_for"):
        if request.GET.get(name):
            try:
                data[name] = json.loads(request.GET[name])
            except ValueError:
                data[name] = request.GET[name]
    return data


@csrf_exempt  # a read-only computation with no session state: callers need no CSRF token
@require_http_methods(["GET", "POST"])
@rate_limited("public_check_api", json=True)
def public_check_api(request: HttpRequest) -> JsonResponse:
    """The checker as JSON: the same output as `manage.py assess`, with the explanation, the
    documents to bring and where to file. GET takes query parameters, POST a JSON object."""
    if request.method == "POST":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"id": None, "error": "input: không phải JSON hợp lệ"}, status=400)
    else:
        data = _query_input(request)
    if isinstance(data, dict):
        data.setdefault("id", "kiem-tra")
        if data["id"] == "":
            data["id"] = "kiem-tra"
    output, assessment = assess_input(data, RuleBookLoader())
    if assessment is None:
        return JsonResponse({"id": facts_id(data), "error": output["error"]}, status=400)
    return JsonResponse(_result(output, assessment), json_dumps_params={"ensure_ascii": False})
