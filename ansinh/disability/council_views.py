"""Pages of the commune's disability determination council: its terms, members, training and duties."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.disability import councils, forms
from ansinh.disability.models import Council, CouncilMember
from ansinh.disability.pages import actor_commune, can_manage, form_page, local_today, posted, require_manage
from ansinh.disability.policies import disability_policy
from ansinh.registry.history import events_shown


@login_required
def council_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    councils = (
        disability_policy.councils(request.user).select_related("commune").order_by("commune__name", "-term_start")
    )
    context = {"councils": councils, "can_manage": disability_policy.can_manage_any(request.user)}
    return TemplateResponse(request, "disability/council_list.html", context)


@login_required
def council_create(request: ActorRequest) -> HttpResponse:
    commune = actor_commune(request)
    form = forms.CouncilForm(posted(request), initial={"term_start": local_today()})
    return form_page(
        request,
        form=form,
        title=_("Thành lập, kiện toàn Hội đồng – %(commune)s") % {"commune": commune.name},
        write=lambda data: councils.council_create(actor=request.user, commune=commune, **data),
        done=_("Đã ghi nhận Hội đồng xác định mức độ khuyết tật."),
        success=lambda council: reverse("disability:council_detail", args=[council.pk]),
        back=reverse("disability:council_list"),
        intro=_("Nhiệm kỳ của Hội đồng theo nhiệm kỳ của UBND xã; Hội đồng nhiệm kỳ trước kết thúc ngày hôm trước."),
        button=_("Lưu"),
    )


def _council(request: ActorRequest, pk: int) -> Council:
    return get_object_or_404(disability_policy.councils(request.user).select_related("commune"), pk=pk)


@login_required
def council_detail(request: ActorRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    members = council.members.prefetch_related("trainings").select_related("replaces")
    context = {
        "council": council,
        "sitting": [member for member in members if member.left_on is None],
        "former": [member for member in members if member.left_on is not None],
        "can_manage": can_manage(request, council),
        "member_form": forms.MemberForm(initial={"joined_on": local_today()}),
        "history": events_shown(request.user, events_for_object(council)[:50]),
    }
    return TemplateResponse(request, "disability/council_detail.html", context)


@login_required
def member_add(request: ActorRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require_manage(request, council)
    form = forms.MemberForm(posted(request), initial={"joined_on": local_today()})
    sitting = council.members.filter(left_on__isnull=True)
    form.fields["replaces"] = django_forms.ModelChoiceField(
        queryset=sitting, required=False, label=_("Thay cho thành viên (nếu thay người)")
    )
    return form_page(
        request,
        form=form,
        title=_("Thêm thành viên Hội đồng"),
        write=lambda data: councils.member_add(actor=request.user, council=council, **data),
        done=_("Đã thêm thành viên."),
        success=lambda _member: reverse("disability:council_detail", args=[council.pk]),
        back=reverse("disability:council_detail", args=[council.pk]),
        button=_("Thêm"),
    )


def _member(request: ActorRequest, pk: int) -> CouncilMember:
    visible = CouncilMember.objects.filter(council__in=disability_policy.councils(request.user))
    return get_object_or_404(visible.select_related("council", "council__commune"), pk=pk)


@login_required
def member_leave(request: ActorRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    require_manage(request, member.council)
    return form_page(
        request,
        form=forms.MemberLeaveForm(posted(request), initial={"left_on": local_today()}),
        title=_("Thôi tham gia Hội đồng – %(name)s") % {"name": member.full_name},
        write=lambda data: councils.member_leave(actor=request.user, member=member, **data),
        done=_("Đã ghi nhận %(name)s thôi tham gia Hội đồng.") % {"name": member.full_name},
        success=lambda _m: reverse("disability:council_detail", args=[member.council_id]),
        back=reverse("disability:council_detail", args=[member.council_id]),
        button=_("Ghi nhận"),
    )


@login_required
def member_training(request: ActorRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    require_manage(request, member.council)
    return form_page(
        request,
        form=forms.TrainingForm(posted(request), initial={"trained_on": local_today()}),
        title=_("Tập huấn – %(name)s") % {"name": member.full_name},
        write=lambda data: councils.training_record(actor=request.user, member=member, **data),
        done=_("Đã ghi nhận tập huấn."),
        success=lambda _t: reverse("disability:council_detail", args=[member.council_id]),
        back=reverse("disability:council_detail", args=[member.council_id]),
        button=_("Ghi nhận"),
    )


@login_required
def member_duties(request: ActorRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    require_manage(request, member.council)
    initial = {
        "duties": member.duties,
        "notice_number": member.duties_notice_number,
        "notified_on": member.duties_notified_on or local_today(),
    }
    return form_page(
        request,
        form=forms.DutiesForm(posted(request), initial=initial),
        title=_("Phân công nhiệm vụ – %(name)s") % {"name": member.full_name},
        write=lambda data: councils.member_duties_set(actor=request.user, member=member, **data),
        done=_("Đã lưu phân công nhiệm vụ. Có thể in thông báo."),
        success=lambda _m: reverse("disability:council_detail", args=[member.council_id]),
        back=reverse("disability:council_detail", args=[member.council_id]),
        button=_("Lưu"),
    )
