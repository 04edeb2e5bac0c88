"""Pages of the assessment of a person (Mẫu 02 / 03), the scoring preview and the council's conclusion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest
from ansinh.core.forms import add_action_errors
from ansinh.disability import assessments, forms, scoring, selectors
from ansinh.disability.models import AssessmentStatus, ConclusionPosting, Invitation
from ansinh.disability.pages import can_manage, form_page, local_today, posted, require_manage
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.registry.history import events_shown


def _invitation(request: ActorRequest, pk: int) -> Invitation:
    visible = Invitation.objects.filter(session__in=disability_policy.sessions(request.user))
    return get_object_or_404(visible.select_related("session", "session__council", "request", "request__person"), pk=pk)


def _form_code(invitation: Invitation) -> str:
    assessment = invitation.session.assessments.filter(request=invitation.request).first()
    if assessment is not None:
        return assessment.form
    day = timezone.localtime(invitation.session.scheduled_at).date()
    return scoring.form_for_age(invitation.request.person.age_on(day))


def _assessment_initial(invitation: Invitation) -> dict[str, Any]:
    assessment = invitation.session.assessments.filter(request=invitation.request).first()
    if assessment is None:
        return {}
    initial: dict[str, Any] = {
        "type_items": assessment.type_items,
        "decisive_conditions": assessment.decisive_conditions,
        "observations": assessment.observations,
    }
    for code, value in assessment.activity_scores.items():
        initial[f"activity_{code}"] = str(value)
    return initial


def _suggestion(form: forms.AssessmentFormInput, day: Any) -> tuple[scoring.Suggestion | None, str]:
    try:
        suggestion = scoring.suggest(
            form.form_code,
            form.types(),
            form.cleaned_data.get("decisive_conditions", []),
            form.activity_scores(),
            selectors.thresholds_on(day),
        )
    except scoring.ScoringError as error:
        return None, error.message
    return suggestion, ""


@login_required
def assessment_edit(request: ActorRequest, pk: int) -> HttpResponse:
    """The form on screen for one invited person; the suggested level is shown live (htmx)."""
    invitation = _invitation(request, pk)
    require_manage(request, invitation.session)
    code = _form_code(invitation)
    form = forms.AssessmentFormInput(posted(request), initial=_assessment_initial(invitation), form_code=code)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessments.assessment_record(
                actor=request.user,
                session=invitation.session,
                request=invitation.request,
                type_items=form.cleaned_data["type_items"],
                decisive_conditions=form.cleaned_data["decisive_conditions"],
                activity_scores=form.activity_scores(),
                observations=form.cleaned_data["observations"],
                form=code,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Đã lưu phiếu xác định mức độ khuyết tật."))
            return redirect("disability:assessment_detail", pk=assessment.pk)
    context = {
        "invitation": invitation,
        "person": invitation.request.person,
        "form": form,
        "form_code": code,
        "groups": _type_groups(form, code),
        "decisive": list(form["decisive_conditions"]),
        "activities": form.activity_fields(),
    }
    return TemplateResponse(request, "disability/assessment_form.html", context, status=400 if form.errors else 200)


def _type_groups(form: forms.AssessmentFormInput, code: str) -> list[tuple[str, list[Any]]]:
    """Part III grouped by type: (type label, checkbox subwidgets)."""
    from ansinh.registry.models import DisabilityType

    labels = dict(DisabilityType.choices)
    widgets = {option.data["value"]: option for option in form["type_items"]}
    return [
        (str(labels[kind]), [widgets[item] for item, _label in rows]) for kind, rows in scoring.type_items(code).items()
    ]


@login_required
@require_POST
def assessment_preview(request: ActorRequest, pk: int) -> HttpResponse:
    """The level the answers suggest (htmx fragment); writes nothing."""
    invitation = _invitation(request, pk)
    require_manage(request, invitation.session)
    form = forms.AssessmentFormInput(request.POST, form_code=_form_code(invitation))
    suggestion, error = (None, "")
    if form.is_valid():
        day = timezone.localtime(invitation.session.scheduled_at).date()
        suggestion, error = _suggestion(form, day)
    else:
        error = _("Câu trả lời không hợp lệ.")
    context = {"suggestion": suggestion, "error": error}
    return TemplateResponse(request, "disability/_suggestion.html", context)


def assessment_or_404(request: ActorRequest, pk: int) -> Any:
    return get_object_or_404(disability_policy.assessments(request.user).select_related("session", "commune"), pk=pk)


@login_required
def assessment_detail(request: ActorRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    posting = ConclusionPosting.objects.filter(assessment=assessment).first()
    invitation = Invitation.objects.filter(session=assessment.session, request=assessment.request).first()
    context = {
        "assessment": assessment,
        "item": assessment.request,
        "person": assessment.request.person,
        "invitation": invitation,
        "activities": [(code, label, assessment.activity_scores.get(code, "")) for code, label in scoring.ACTIVITIES],
        "type_items": _ticked_items(assessment),
        "decisive": [
            (code, scoring.decisive_signs(assessment.form)[code][1])
            for code in assessment.decisive_conditions
            if code in scoring.decisive_signs(assessment.form)
        ],
        "posting": posting,
        "complaints": posting.complaints.all() if posting else [],
        "can_manage": can_manage(request, assessment),
        "can_sign": disability_policy.can(request.user, DisabilityAction.SIGN, assessment),
        "concluded": assessment.status == AssessmentStatus.CONCLUDED,
        "history": events_shown(request.user, events_for_object(assessment)[:30]),
    }
    return TemplateResponse(request, "disability/assessment_detail.html", context)


def _ticked_items(assessment: Any) -> list[tuple[str, str]]:
    ticked = set(assessment.type_items)
    return [
        (code, label) for rows in scoring.type_items(assessment.form).values() for code, label in rows if code in ticked
    ]


@login_required
def assessment_conclude(request: ActorRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    require_manage(request, assessment)
    initial = {
        "outcome": assessment.suggested_outcome,
        "level": assessment.suggested_level,
        "types": assessment.types,
    }
    suggested = str(assessment.get_suggested_outcome_display())
    if assessment.suggested_level:
        suggested = _("%(outcome)s, mức độ %(level)s") % {
            "outcome": suggested,
            "level": str(assessment.get_suggested_level_display()).lower(),
        }
    return form_page(
        request,
        form=forms.ConclusionForm(posted(request), initial=initial),
        title=_("Kết luận của Hội đồng – %(name)s") % {"name": assessment.request.person.full_name},
        write=lambda data: assessments.assessment_conclude(
            actor=request.user,
            assessment=assessment,
            chair_casting_vote=data.pop("chair_casting_vote"),
            concluded_on=local_today(),
            **data,
        ),
        done=_("Đã ghi kết luận của Hội đồng. Niêm yết kết luận trong 5 ngày làm việc."),
        success=lambda _a: reverse("disability:assessment_detail", args=[assessment.pk]),
        back=reverse("disability:assessment_detail", args=[assessment.pk]),
        intro=_("Đề xuất theo phiếu: %(suggested)s. Kết luận khác đề xuất phải ghi rõ lý do.")
        % {"suggested": suggested},
        button=_("Ghi kết luận"),
    )
