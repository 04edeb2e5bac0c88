from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.selectors import deployment_settings
from ansinh.core.access import Actor
from ansinh.core.forms import CheckedForm
from ansinh.outreach.models import ROUTABLE_OFFICES, ActivityKind, Campaign, Channel, FeedbackKind, Topic
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_ids

RATINGS = [("", _("Không đánh giá"))] + [(str(n), str(n)) for n in range(1, 6)]


def communes_in_force(day: date, actor: Actor | None = None) -> Any:
    """The communes in force on `day`: in the actor's area, else in the deployment's home unit."""
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).active_on(day)
    scope = actor.scope_unit_id if actor is not None else None
    if scope is None:
        settings = deployment_settings()
        scope = settings.home_unit_id if settings is not None else None
    if scope is not None:
        communes = communes.filter(pk__in=covered_unit_ids(scope))
    return communes.order_by("name")


class FeedbackForm(CheckedForm):
    kind = forms.ChoiceField(label=_("Bạn muốn phản ánh về"), choices=FeedbackKind.choices, widget=forms.RadioSelect)
    commune = forms.ModelChoiceField(
        label=_("Xã, thị trấn nơi bạn ở"), queryset=AdministrativeUnit.objects.none(), empty_label=_("— Chọn xã —")
    )
    text = forms.CharField(label=_("Nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    rating = forms.TypedChoiceField(
        label=_("Mức hài lòng với dịch vụ chi trả (1 là rất không hài lòng, 5 là rất hài lòng)"),
        choices=RATINGS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    sender_name = forms.CharField(label=_("Họ và tên (không bắt buộc)"), max_length=100, required=False)
    sender_phone = forms.RegexField(
        label=_("Số điện thoại để được gọi lại (không bắt buộc)"),
        regex=r"^0\d{9,10}$",
        max_length=15,
        required=False,
        error_messages={"invalid": _("Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0.")},
    )

    def __init__(self, *args: Any, day: date, actor: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communes_in_force(day, actor)


class AnswerForm(CheckedForm):
    answer = forms.CharField(label=_("Trả lời"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class RouteForm(CheckedForm):
    office_kind = forms.ChoiceField(
        label=_("Chuyển cho cơ quan"), choices=[(kind.value, kind.label) for kind in ROUTABLE_OFFICES]
    )
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class StatusLookupForm(CheckedForm):
    ma = forms.CharField(label=_("Mã tra cứu"), max_length=12)


class CampaignForm(CheckedForm):
    title = forms.CharField(label=_("Tên chiến dịch"), max_length=200)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Topic.choices)
    channels = forms.MultipleChoiceField(label=_("Kênh"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple)
    audience = forms.CharField(label=_("Đối tượng tiếp nhận"), max_length=300)
    starts_on = forms.DateField(label=_("Từ ngày"))
    ends_on = forms.DateField(label=_("Đến ngày"))
    material = forms.CharField(
        label=_("Nội dung, tài liệu tuyên truyền"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActivityForm(CheckedForm):
    commune = forms.ModelChoiceField(label=_("Xã"), queryset=AdministrativeUnit.objects.none())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ActivityKind.choices)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Topic.choices)
    campaign = forms.ModelChoiceField(
        label=_("Thuộc chiến dịch"), queryset=Campaign.objects.none(), required=False, empty_label=_("— Không —")
    )
    held_on = forms.DateField(label=_("Ngày"))
    times = forms.IntegerField(label=_("Số lần phát, số bản tin, số buổi"), min_value=1, initial=1)
    people = forms.IntegerField(label=_("Số người dự (nếu là họp)"), min_value=0, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, day: date, actor: Actor, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        campaign = self.fields["campaign"]
        assert isinstance(commune, forms.ModelChoiceField) and isinstance(campaign, forms.ModelChoiceField)
        commune.queryset = communes_in_force(day, actor)
        campaign.queryset = campaigns
