"""Pages of the posting of a conclusion and of the complaints against it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ansinh.core.access import ActorRequest
from ansinh.disability import complaints, forms, postings
from ansinh.disability.assessment_views import assessment_or_404
from ansinh.disability.models import Complaint, ConclusionPosting
from ansinh.disability.pages import form_page, local_today, posted, require_manage, require_sign
from ansinh.disability.policies import disability_policy


@login_required
def posting_create(request: ActorRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    require_manage(request, assessment)
    initial = {"posted_on": local_today(), "place": f"Trụ sở UBND {assessment.commune.name}"}
    return form_page(
        request,
        form=forms.PostingForm(posted(request), initial=initial),
        title=_("Niêm yết kết luận"),
        write=lambda data: postings.conclusion_post(actor=request.user, assessment=assessment, **data),
        done=_("Đã niêm yết kết luận."),
        success=lambda _p: reverse("disability:assessment_detail", args=[assessment.pk]),
        back=reverse("disability:assessment_detail", args=[assessment.pk]),
        button=pgettext("niêm yết kết luận", "Niêm yết"),
    )


def _posting(request: ActorRequest, pk: int) -> ConclusionPosting:
    return get_object_or_404(disability_policy.postings(request.user).select_related("assessment"), pk=pk)


@login_required
def complaint_create(request: ActorRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    require_manage(request, posting)
    return form_page(
        request,
        form=forms.ComplaintForm(posted(request), initial={"received_on": local_today()}),
        title=_("Ghi nhận khiếu nại, kiến nghị"),
        write=lambda data: complaints.complaint_receive(actor=request.user, posting=posting, **data),
        done=_("Đã ghi nhận khiếu nại; hạn trả lời 5 ngày làm việc."),
        success=lambda _c: reverse("disability:assessment_detail", args=[posting.assessment_id]),
        back=reverse("disability:assessment_detail", args=[posting.assessment_id]),
        button=_("Ghi nhận"),
    )


@login_required
def complaint_answer(request: ActorRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(
        Complaint.objects.filter(posting__in=disability_policy.postings(request.user)).select_related("posting"), pk=pk
    )
    require_manage(request, complaint.posting)
    return form_page(
        request,
        form=forms.ComplaintAnswerForm(posted(request), initial={"answered_on": local_today()}),
        title=_("Trả lời khiếu nại của %(complainant)s") % {"complainant": complaint.complainant},
        write=lambda data: complaints.complaint_answer(actor=request.user, complaint=complaint, **data),
        done=_("Đã ghi nhận trả lời khiếu nại."),
        success=lambda _c: reverse("disability:assessment_detail", args=[complaint.posting.assessment_id]),
        back=reverse("disability:assessment_detail", args=[complaint.posting.assessment_id]),
        button=_("Ghi nhận"),
    )


@login_required
def posting_close(request: ActorRequest, pk: int) -> HttpResponse:
    """End the posting of a "not disabled" conclusion (the chair closes the request)."""
    posting = _posting(request, pk)
    require_sign(request, posting)
    return form_page(
        request,
        form=forms.ClosePostingForm(posted(request), initial={"closed_on": local_today()}),
        title=_("Kết thúc niêm yết kết luận không khuyết tật"),
        write=lambda data: postings.conclusion_close_not_disabled(actor=request.user, posting=posting, **data),
        done=_("Đã kết thúc niêm yết; đơn đã đóng."),
        success=lambda _r: reverse("disability:assessment_detail", args=[posting.assessment_id]),
        back=reverse("disability:assessment_detail", args=[posting.assessment_id]),
        button=_("Kết thúc"),
    )
