"""The public posting of the commune's grant dossiers (NĐ 20/2021 Art 8(1)(b)): opened from its real
start for 2 working days (a dated parameter), then closed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases.models import Dossier, DossierStep, Posting, PostingEntry
from ansinh.cases.policies import dossier_policy, posting_policy
from ansinh.cases.steps import NOTHING_CHANGED, due_date, may_make, record_step
from ansinh.cases.workflow import COMMUNE_PROPOSAL, PUBLIC_POSTING, flow_named, transition_named
from ansinh.core.access import NOT_ALLOWED, Actor, require


def received_on(dossier: Dossier) -> date:
    """The day the commune received the dossier (its last "Tiếp nhận" step; its opening if none)."""
    received = (
        DossierStep.objects.filter(dossier=dossier, transition="submit")
        .order_by("-made_at")
        .values_list("made_at", flat=True)
    ).first()
    return timezone.localdate(received or dossier.created_at)


def _check_posting_start(dossiers: list[Dossier], start: date, today: date, reason: str) -> None:
    """A posting starts today, or on an earlier day given with the reason (the list was put up
    before it was entered), never before the receipt of any of its dossiers."""
    if start > today:
        raise ValidationError({"starts_on": "Ngày bắt đầu niêm yết không được ở tương lai."})
    if start == today:
        return
    if not reason.strip():
        raise ValidationError(
            {"start_reason": "Ngày bắt đầu niêm yết đã qua: hãy ghi lý do (ví dụ đã dán danh sách từ ngày đó)."}
        )
    for dossier in dossiers:
        received = received_on(dossier)
        if start < received:
            raise ValidationError(
                {
                    "starts_on": f"Hồ sơ số {dossier.pk} tiếp nhận ngày {received:%d/%m/%Y}: "
                    f"không niêm yết từ ngày {start:%d/%m/%Y} được. {NOTHING_CHANGED}"
                }
            )


def posting_open(
    *, actor: Actor, dossiers: list[Dossier], starts_on: date | None = None, title: str = "", start_reason: str = ""
) -> Posting:
    """List the commune's reviewed grant dossiers for public posting (NĐ 20/2021 Art 8(1)(b)):
    the posting runs 2 working days from its real start; the dossiers move to "posted". A start in
    the past needs its reason and cannot precede the receipt of a dossier."""
    require(dossier_policy.can_post(actor))
    if not dossiers:
        raise ValidationError({"dossiers": "Hãy chọn hồ sơ cần niêm yết."})
    communes = {dossier.commune_id for dossier in dossiers}
    if len(communes) != 1:
        raise ValidationError({"dossiers": "Mỗi danh sách niêm yết chỉ gồm hồ sơ của một xã."})
    commune_id = communes.pop()
    require(posting_policy.can_create_in(actor, commune_id))
    today = timezone.localdate()
    start = starts_on or today
    _check_posting_start(dossiers, start, today, start_reason)
    ends_on = due_date(PUBLIC_POSTING, start)
    if ends_on is None:
        raise ValidationError("Chưa có tham số thời gian niêm yết.")
    with transaction.atomic():
        locked = list(Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in dossiers]).order_by("pk"))
        for dossier in locked:
            transition = transition_named(flow_named(dossier.flow), "post", dossier.state)
            if transition is None or dossier.state != transition.source:
                raise ValidationError(
                    {
                        "dossiers": f"Hồ sơ số {dossier.pk} đang ở bước “{dossier.get_state_display()}”: "
                        f"không niêm yết được. {NOTHING_CHANGED}"
                    }
                )
            if not may_make(actor, dossier, transition):
                raise PermissionDenied(NOT_ALLOWED)
        number = Posting.objects.filter(commune_id=commune_id, starts_on__year=start.year).count() + 1
        posting = Posting.objects.create(
            commune_id=commune_id,
            number=number,
            title=title.strip() or f"Danh sách đối tượng đề nghị hưởng trợ giúp xã hội (đợt {number}/{start.year})",
            starts_on=start,
            ends_on=ends_on,
            created_by_id=actor.pk,
        )
        proposal_due = due_date(COMMUNE_PROPOSAL, ends_on)
        for dossier in locked:
            PostingEntry.objects.create(posting=posting, dossier=dossier)
            transition = transition_named(flow_named(dossier.flow), "post", dossier.state)
            assert transition is not None
            record_step(actor, dossier, transition, start_reason.strip(), proposal_due, {"posting": posting.pk})
        record_event(
            actor=actor,
            action="cases.posting_open",
            obj=posting,
            after={
                "starts_on": start.isoformat(),
                "ends_on": ends_on.isoformat(),
                "dossiers": [d.pk for d in locked],
                **({"start_reason": start_reason.strip()} if start_reason.strip() else {}),
            },
            territory_id=commune_id,
        )
    return posting


def posting_close(*, actor: Actor, posting: Posting) -> Posting:
    """Record the end of the posting (from its last day on)."""
    require(posting_policy.can_close(actor, posting))
    today = timezone.localdate()
    with transaction.atomic():
        locked = Posting.objects.select_for_update().get(pk=posting.pk)
        if locked.closed_at is not None:
            raise ValidationError(f"Đã ghi nhận kết thúc niêm yết. {NOTHING_CHANGED}")
        if today < locked.ends_on:
            raise ValidationError(f"Niêm yết đủ 2 ngày làm việc, đến hết ngày {locked.ends_on:%d/%m/%Y}.")
        locked.closed_at, locked.closed_by_id = timezone.now(), actor.pk
        locked.save(update_fields=["closed_at", "closed_by"])
        record_event(actor=actor, action="cases.posting_close", obj=locked, territory_id=locked.commune_id)
    return locked
