"""Demo data of issue 20 for Xã Lục Nam (TT Đồi Ngô before 01/07/2025), written through the outreach and
inspections actions: a question
and a payment complaint sent from the public pages, one heard in person at the commune and answered; a
culture-centre campaign and a broadcast relayed; the commune's self-inspection of this half-year with one
open recommendation.

Idempotent: nothing is done when any feedback other than the post office's exists. Call after
`seed_demo()`'s users and territory."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.inspections.actions import checklist_save, finding_add, recommendation_add, self_inspection_start
from ansinh.inspections.models import ChecklistItem
from ansinh.outreach.actions import activity_record, campaign_create, feedback_answer, feedback_record, feedback_send
from ansinh.outreach.models import ActivityKind, Channel, Feedback, FeedbackChannel, FeedbackKind, Topic
from ansinh.territory.models import AdministrativeUnit, UnitLevel

DOI_NGO = "07444"


def seed_outreach_demo() -> dict[str, int]:
    if Feedback.objects.exclude(channel=FeedbackChannel.POST_OFFICE).exists():
        return {"feedback_created": 0, "campaigns_created": 0, "self_inspections_created": 0}
    commune = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=DOI_NGO, valid_to__isnull=True).first()
    officer = User.objects.filter(username="xa.lucnam").first()
    if commune is None or officer is None:
        return {"feedback_created": 0, "campaigns_created": 0, "self_inspections_created": 0}
    feedback_send(
        commune=commune,
        kind=FeedbackKind.QUESTION,
        text="Bố tôi 78 tuổi, sống một mình, hộ cận nghèo. Có được hưởng trợ cấp không?",
        sender_phone="0912345678",
    )
    feedback_send(
        commune=commune,
        kind=FeedbackKind.PAYMENT_SERVICE,
        text="Điểm chi trả mở muộn, người già phải chờ lâu ngoài trời.",
        rating=2,
    )
    heard = feedback_record(
        actor=officer,
        commune=commune,
        kind=FeedbackKind.QUESTION,
        text="Bà Lý hỏi khi nào được nhận thẻ BHYT mới.",
        sender_name="Nguyễn Thị Lý",
    )
    feedback_answer(actor=officer, item=heard, answer="Thẻ BHYT đã về, mời bà nhận tại bộ phận một cửa.")
    created = {"feedback_created": 3, "campaigns_created": 0, "self_inspections_created": 0}
    culture = User.objects.filter(username="vanhoa.canbo").first()
    if culture is not None:
        today = timezone.localdate()
        campaign = campaign_create(
            actor=culture,
            title="Tuyên truyền trợ cấp xã hội cho người cao tuổi",
            topic=Topic.ELDERLY,
            channels=[Channel.RADIO, Channel.MEETING],
            audience="Người cao tuổi và gia đình",
            starts_on=today.replace(day=1),
            ends_on=today.replace(day=1) + timedelta(days=60),
            material="Bài phát thanh 5 phút: ai được hưởng, mức tiền, giấy tờ cần mang, nộp ở đâu.",
        )
        activity_record(
            actor=officer,
            commune=commune,
            kind=ActivityKind.BROADCAST,
            topic=Topic.ELDERLY,
            held_on=today.replace(day=1),
            times=4,
            campaign=campaign,
        )
        created["campaigns_created"] = 1
    created["self_inspections_created"] = _self_inspection(officer, commune)
    return created


def _self_inspection(officer: User, commune: AdministrativeUnit) -> int:
    """The commune's self-inspection of this half-year: one issue, one finding, one open recommendation."""
    today = timezone.localdate()
    inspection = self_inspection_start(
        actor=officer, commune=commune, year=today.year, half=1 if today.month <= 6 else 2
    )
    item = ChecklistItem.objects.filter(topic__code="niem_yet").order_by("order").first()
    if item is not None:
        checklist_save(
            actor=officer, inspection=inspection, answers={item.pk: ("issue", "Một đợt niêm yết thiếu ngày")}
        )
    finding = finding_add(
        actor=officer, inspection=inspection, item=item, text="Đợt niêm yết tháng trước chỉ dán 1 ngày."
    )
    recommendation_add(
        actor=officer,
        finding=finding,
        text="Niêm yết lại đủ 2 ngày làm việc trước khi gửi tờ trình.",
        owner="Công chức LĐ-TB&XH xã",
        due_on=today + timedelta(days=30),
    )
    return 1
