from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import CheckedForm
from ansinh.workdays.models import DayKind


class CalendarDayForm(CheckedForm):
    day = forms.DateField(label=_("Ngày"))
    kind = forms.ChoiceField(label=_("Loại"), choices=DayKind.choices)
    name = forms.CharField(label=_("Tên"), max_length=150, help_text=_("Ví dụ: Tết Nguyên đán, nghỉ bù Quốc khánh"))
    source = forms.CharField(label=_("Căn cứ"), max_length=255, required=False, help_text=_("Thông báo số …"))
