"""Pages of disability certificates (Mẫu 06): issuing, the list, one certificate, its 5.6 dossier and
revoking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from ansinh.audit.selectors import events_for_object
from ansinh.core.access import ActorRequest, require
from ansinh.disability import allowance_dossiers, certificates, forms, selectors
from ansinh.disability.models import Certificate, CertificateStatus
from ansinh.disability.pages import can_manage, form_page, local_today, posted, require_manage, require_sign
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.disability.request_views import request_or_404
from ansinh.registry.history import events_shown
from ansinh.registry.policies import PersonAction, person_policy


@login_required
def certificate_issue(request: ActorRequest, pk: int) -> HttpResponse:
    """The commune chairman issues the certificate of a request (after posting, after the Medical
    Assessment Council, or directly for an exchange or re-issue)."""
    item = request_or_404(request, pk)
    require_sign(request, item)
    initial = {"issued_on": local_today(), "signer_name": getattr(request.user, "full_name", "")}
    return form_page(
        request,
        form=forms.IssueForm(posted(request), initial=initial),
        title=_("Cấp giấy xác nhận khuyết tật – %(name)s") % {"name": item.person.full_name},
        write=lambda data: certificates.certificate_issue(actor=request.user, request=item, **data),
        done=_("Đã cấp giấy xác nhận khuyết tật. Bấm “In giấy (PDF)” để in."),
        success=lambda certificate: reverse("disability:certificate_detail", args=[certificate.pk]),
        back=reverse("disability:request_detail", args=[item.pk]),
        button=_("Cấp giấy"),
    )


@login_required
def certificate_list(request: ActorRequest) -> HttpResponse:
    require(disability_policy.can_read(request.user))
    certificates = disability_policy.certificates(request.user).select_related("commune")
    status = request.GET.get("trang_thai", "")
    if status in CertificateStatus.values:
        certificates = certificates.filter(status=status)
    context = {"certificates": certificates[:300], "status": status, "statuses": CertificateStatus.choices}
    return TemplateResponse(request, "disability/certificate_list.html", context)


def _certificate(request: ActorRequest, pk: int) -> Certificate:
    return get_object_or_404(disability_policy.certificates(request.user).select_related("commune"), pk=pk)


@login_required
def certificate_detail(request: ActorRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    context = {
        "certificate": certificate,
        "person": certificate.person,
        "types": [selectors.TYPE_LABELS.get(code, code) for code in certificate.types],
        "can_sign": disability_policy.can(request.user, DisabilityAction.SIGN, certificate),
        "can_manage": can_manage(request, certificate),
        "can_open_dossier": bool(certificate.dossier_kind)
        and certificate.dossier_id is None
        and can_manage(request, certificate)
        and person_policy.can(request.user, PersonAction.CHANGE, certificate.person),
        "history": events_shown(request.user, events_for_object(certificate)[:30]),
    }
    return TemplateResponse(request, "disability/certificate_detail.html", context)


@login_required
@require_POST
def certificate_dossier(request: ActorRequest, pk: int) -> HttpResponse:
    """The commune officer opens the 5.6 allowance dossier (grant, adjustment or stop) that a
    certificate signed by the chairman calls for."""
    certificate = _certificate(request, pk)
    require_manage(request, certificate)
    try:
        dossier = allowance_dossiers.certificate_dossier_open(actor=request.user, certificate=certificate)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("disability:certificate_detail", pk=certificate.pk)
    messages.success(request, _("Đã lập hồ sơ trợ cấp xã hội diện 5.6."))
    return redirect("cases:dossier_detail", pk=dossier.pk)


@login_required
def certificate_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    require_sign(request, certificate)
    return form_page(
        request,
        form=forms.RevokeForm(posted(request), initial={"revoked_on": local_today()}),
        title=_("Thu hồi giấy xác nhận số %(number)s") % {"number": certificate.number},
        write=lambda data: certificates.certificate_revoke(actor=request.user, certificate=certificate, **data),
        done=_("Đã thu hồi giấy xác nhận."),
        success=lambda _c: reverse("disability:certificate_detail", args=[certificate.pk]),
        back=reverse("disability:certificate_detail", args=[certificate.pk]),
        button=pgettext("thu hồi giấy xác nhận", "Thu hồi"),
    )
