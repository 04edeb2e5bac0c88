"""Demo feedback for TT Đồi Ngô (issue 20): a question and a payment complaint sent from the public
pages, one heard in person at the commune and answered. Written through the outreach actions.

Idempotent: nothing is done when any feedback other than the post office's exists. Call after
`seed_demo()`'s users and territory."""

from __future__ import annotations

from ansinh.accounts.models import User
from ansinh.outreach.actions import feedback_answer, feedback_record, feedback_send
from ansinh.outreach.models import Feedback, FeedbackChannel, FeedbackKind
from ansinh.territory.models import AdministrativeUnit, UnitLevel

DOI_NGO = "07444"


def seed_outreach_demo() -> dict[str, int]:
    if Feedback.objects.exclude(channel=FeedbackChannel.POST_OFFICE).exists():
        return {"feedback_created": 0}
    commune = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=DOI_NGO).order_by("valid_from").first()
    officer = User.objects.filter(username="xa.doingo").first()
    if commune is None or officer is None:
        return {"feedback_created": 0}
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
    return {"feedback_created": 3}
