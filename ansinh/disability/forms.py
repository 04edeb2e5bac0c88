"""Forms of the disability pages. They only parse input; the rules live in the actions (`councils`,
`requests`, `sessions`, …) and `scoring`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.disability import scoring
from ansinh.disability.models import (
    AssessmentForm,
    CouncilRole,
    EscalationReason,
    Outcome,
    RequestKind,
)
from ansinh.registry.models import DisabilityLevel, DisabilityType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TYPE_CHOICES = DisabilityType.choices
LEVEL_CHOICES = [("", "—"), *DisabilityLevel.choices]
SCORE_CHOICES = [
    ("", "—"),
    ("0", _("0 – Thực hiện được")),
    ("1", _("1 – Cần trợ giúp")),
    ("2", _("2 – Không thực hiện được")),
    (scoring.CANNOT_DETERMINE, _("Không xác định được")),
]


def date_field(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(format="%d/%m/%Y"))


def datetime_field(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=_("dd/mm/yyyy hh:mm, ví dụ 12/03/2024 08:00"),
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M"),
    )


class CouncilForm(CheckedForm):
    term_start = date_field(_("Nhiệm kỳ từ ngày"))
    term_end = date_field(_("Nhiệm kỳ đến ngày"), required=False)
    decision_number = forms.CharField(label=_("Số quyết định thành lập, kiện toàn"), max_length=60, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)


class MemberForm(CheckedForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò trong Hội đồng"), choices=CouncilRole.choices)
    position = forms.CharField(label=_("Chức vụ, cơ quan"), max_length=200, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    joined_on = date_field(_("Tham gia từ ngày"))


class MemberLeaveForm(CheckedForm):
    left_on = date_field(_("Thôi tham gia từ ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=255)


class TrainingForm(CheckedForm):
    trained_on = date_field(_("Ngày tập huấn"))
    material = forms.CharField(label=_("Nội dung, tài liệu"), max_length=255)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=200, required=False)


class DutiesForm(CheckedForm):
    duties = forms.CharField(
        label=_("Nhiệm vụ được phân công"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một nhiệm vụ"),
    )
    notice_number = forms.CharField(label=_("Số thông báo"), max_length=60, required=False)
    notified_on = date_field(_("Ngày thông báo"))


class RequestForm(CheckedForm):
    citizen_id = forms.CharField(
        label=_("Số CCCD của người được xác định"),
        max_length=20,
        help_text=_("Người phải có trong sổ đối tượng của xã"),
    )
    kind = forms.ChoiceField(label=_("Nội dung đề nghị"), choices=RequestKind.choices, widget=forms.RadioSelect)
    received_on = date_field(_("Ngày nhận đơn"))
    representative_name = forms.CharField(label=_("Người đại diện hợp pháp (nếu có)"), max_length=150, required=False)
    representative_relation = forms.CharField(label=_("Quan hệ"), max_length=60, required=False)
    representative_phone = forms.CharField(label=_("Điện thoại người đại diện"), max_length=20, required=False)
    declared_types = forms.MultipleChoiceField(
        label=_("Dạng khuyết tật tự khai"), choices=TYPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    studies = forms.BooleanField(label=_("Đang đi học"), required=False)
    school_name = forms.CharField(label=_("Cơ sở giáo dục"), max_length=200, required=False)
    reason = forms.CharField(label=_("Lý do (cấp lại, cấp đổi, xác định lại)"), max_length=255, required=False)


class RequestCloseForm(CheckedForm):
    status = forms.ChoiceField(
        label=_("Kết thúc đơn"),
        choices=[("refused", _("Từ chối, trả lại đơn")), ("withdrawn", _("Người đề nghị rút đơn"))],
    )
    reason = forms.CharField(label=_("Lý do"), max_length=255)


class ConsultationForm(CheckedForm):
    school_name = forms.CharField(label=_("Cơ sở giáo dục"), max_length=200)
    sent_on = date_field(_("Ngày gửi văn bản"))


class ConsultationReplyForm(CheckedForm):
    reply_on = date_field(_("Ngày nhận trả lời"))
    difficulties = forms.CharField(
        label=_("Khó khăn trong học tập, sinh hoạt, giao tiếp"), widget=forms.Textarea(attrs={"rows": 3})
    )
    recommended_types = forms.MultipleChoiceField(
        label=_("Kiến nghị dạng khuyết tật"), choices=TYPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    recommended_level = forms.ChoiceField(label=_("Kiến nghị mức độ"), choices=LEVEL_CHOICES, required=False)


class SessionForm(CheckedForm):
    scheduled_at = datetime_field(_("Thời gian họp"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class InvitationForm(CheckedForm):
    request = forms.TypedChoiceField(label=_("Người được mời (đơn đang chờ)"), coerce=int, choices=[])
    meet_at = datetime_field(_("Thời gian"))
    at_home = forms.BooleanField(label=_("Xác định tại nơi cư trú (người không thể đến)"), required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, help_text=_("Để trống: địa điểm họp"), required=False)
    sent_on = date_field(_("Ngày gửi giấy mời"))

    def set_requests(self, choices: list[tuple[int, str]]) -> None:
        self.fields["request"].choices = choices  # type: ignore[attr-defined]


class SessionCloseForm(CheckedForm):
    closed_at = datetime_field(_("Giờ kết thúc"))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SessionCancelForm(CheckedForm):
    reason = forms.CharField(label=_("Lý do hủy, hoãn"), max_length=255)


class AssessmentFormInput(CheckedForm):
    """Mẫu 02 / Mẫu 03 on screen: types and their signs, decisive signs, the ten activities."""

    form = forms.ChoiceField(label=_("Mẫu phiếu"), choices=AssessmentForm.choices, widget=forms.HiddenInput)
    type_items = forms.MultipleChoiceField(label=_("Dấu hiệu theo dạng khuyết tật"), required=False, choices=[])
    decisive_conditions = forms.MultipleChoiceField(label=_("Dấu hiệu tự xác định mức độ"), required=False, choices=[])
    observations = forms.CharField(
        label=_("Quan sát, phỏng vấn"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, form_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form_code = form_code
        self.fields["form"].initial = form_code
        self.fields["type_items"].choices = [  # type: ignore[attr-defined]
            (code, label) for rows in scoring.type_items(form_code).values() for code, label in rows
        ]
        self.fields["decisive_conditions"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, (_level, label) in scoring.decisive_signs(form_code).items()
        ]
        if form_code == scoring.FORM_SIX_AND_OVER:
            for code, label in scoring.ACTIVITIES:
                self.fields[f"activity_{code}"] = forms.ChoiceField(
                    label=f"{code}. {label}", choices=SCORE_CHOICES, required=False
                )

    def activity_scores(self) -> dict[str, object]:
        """{"1": 0, …, "10": "x"} from the answered activities (unanswered ones left out)."""
        scores: dict[str, object] = {}
        if self.form_code != scoring.FORM_SIX_AND_OVER:
            return scores
        for code, _label in scoring.ACTIVITIES:
            value = self.cleaned_data.get(f"activity_{code}", "")
            if value == scoring.CANNOT_DETERMINE:
                scores[code] = value
            elif value != "":
                scores[code] = int(value)
        return scores

    def types(self) -> list[str]:
        return scoring.types_of_items(self.form_code, self.cleaned_data.get("type_items", []))

    def activity_fields(self) -> list[forms.BoundField]:
        return [self[f"activity_{code}"] for code, _label in scoring.ACTIVITIES if f"activity_{code}" in self.fields]


class ConclusionForm(CheckedForm):
    outcome = forms.ChoiceField(label=_("Kết luận"), choices=Outcome.choices, widget=forms.RadioSelect)
    types = forms.MultipleChoiceField(
        label=_("Dạng khuyết tật kết luận"), choices=TYPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    level = forms.ChoiceField(label=_("Mức độ khuyết tật kết luận"), choices=LEVEL_CHOICES, required=False)
    differs_reason = forms.CharField(
        label=_("Lý do kết luận khác phiếu"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Bắt buộc khi kết luận khác với đề xuất theo phiếu"),
    )
    member_opinions = forms.CharField(
        label=_("Ý kiến của các thành viên dự họp"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    votes_for = forms.IntegerField(label=_("Số ý kiến đồng ý"), min_value=0)
    votes_against = forms.IntegerField(label=_("Số ý kiến không đồng ý"), min_value=0, initial=0)
    chair_casting_vote = forms.ChoiceField(
        label=_("Ý kiến của Chủ tịch Hội đồng khi ngang phiếu"),
        choices=[("", "—"), ("for", _("Đồng ý")), ("against", _("Không đồng ý"))],
        required=False,
        help_text=_("Chỉ ghi khi số ý kiến đồng ý và không đồng ý bằng nhau: ý kiến của Chủ tịch là quyết định."),
    )

    def clean_chair_casting_vote(self) -> bool | None:
        """The side the chair took on a tie: True for, False against, None when there was no tie."""
        return {"for": True, "against": False}.get(self.cleaned_data.get("chair_casting_vote") or "")


class PostingForm(CheckedForm):
    posted_on = date_field(_("Ngày niêm yết"))
    place = forms.CharField(label=_("Nơi niêm yết"), max_length=255, initial=_("Trụ sở UBND xã"))


class ComplaintForm(CheckedForm):
    received_on = date_field(_("Ngày nhận"))
    complainant = forms.CharField(label=_("Người khiếu nại, kiến nghị"), max_length=150)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintAnswerForm(CheckedForm):
    answered_on = date_field(_("Ngày trả lời"))
    upheld = forms.BooleanField(label=_("Chấp nhận khiếu nại, xem xét lại kết luận"), required=False)
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 2}))


class ClosePostingForm(CheckedForm):
    closed_on = date_field(_("Ngày kết thúc niêm yết"))


class IssueForm(CheckedForm):
    issued_on = date_field(_("Ngày cấp"))
    signer_name = forms.CharField(label=_("Người ký (Chủ tịch UBND xã)"), max_length=150)


class RevokeForm(CheckedForm):
    revoked_on = date_field(_("Ngày thu hồi"))
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=255)


class EscalationForm(CheckedForm):
    reason = forms.ChoiceField(label=_("Lý do chuyển"), choices=EscalationReason.choices)
    sent_on = date_field(_("Ngày chuyển"))
    council_name = forms.CharField(
        label=_("Hội đồng Giám định y khoa"), max_length=200, initial=_("Hội đồng Giám định y khoa tỉnh")
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EscalationOutcomeForm(CheckedForm):
    outcome = forms.ChoiceField(label=_("Kết luận giám định"), choices=Outcome.choices)
    types = forms.MultipleChoiceField(
        label=_("Dạng khuyết tật"), choices=TYPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    level = forms.ChoiceField(label=_("Mức độ khuyết tật"), choices=LEVEL_CHOICES, required=False)
    outcome_on = date_field(_("Ngày có kết luận"))
    reference = forms.CharField(label=_("Số biên bản giám định"), max_length=60, required=False)


class ReportPeriodForm(CheckedForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2019, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Kỳ báo cáo"), coerce=int, choices=[(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))]
    )
