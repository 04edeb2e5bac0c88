"""The amounts a decision pays: a category's monthly amount (the standard rate, or the social pension's
dated amount, times the coefficient), and the one-off funeral (NĐ 20/2021 Art 11(2)) and cremation
(NQ 17/2019/NQ-HĐND Bắc Giang) support at the rates in force on the day of death."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ansinh.cases import one_off, selectors
from ansinh.cases.models import Dossier, DossierKind
from ansinh.core.months import YearMonth
from ansinh.registry.models import Person
from ansinh.rules import pension
from ansinh.rules.formatting import format_coefficient, format_money, round_dong
from ansinh.rules.parameters import FUNERAL_MULTIPLE
from ansinh.rules.selectors import parameter_on


def _declared_date(dossier: Dossier, key: str) -> date | None:
    value = (dossier.declaration or {}).get(key)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def social_pension_recipient(person: Person, died: date) -> bool:
    """Paid the social pension, and no monthly allowance of NĐ 20/2021, in the month of the death."""
    codes = set(
        selectors.payable_entitlements(YearMonth.of(died)).filter(person=person).values_list("category_code", flat=True)
    )
    return bool(codes) and all(pension.is_social_pension(code) for code in codes)


def funeral_amount(dossier: Dossier) -> tuple[int, list[str]]:
    """NĐ 20/2021 Art 11(2): at least 20 × the standard rate (the multiple is a dated parameter),
    at the rate in force on the day of death."""
    person = dossier.person
    died = person.death_date or _declared_date(dossier, "death_date") or timezone.localdate()
    # A social-pension recipient (Mẫu số 02, procedure 1.014028): the pension's own dated multiple
    # (`social_pension.funeral_multiple`, 20 × the standard rate, unconfirmed; domain.md §5).
    pensioner = social_pension_recipient(person, died)
    multiple = parameter_on(pension.FUNERAL_MULTIPLE_KEY if pensioner else FUNERAL_MULTIPLE, died)
    if multiple is None:
        raise ValidationError("Chưa có tham số hỗ trợ mai táng (lần mức chuẩn) cho ngày này.")
    rate = selectors.standard_rate(YearMonth.of(died), person.province_code)
    if rate.value == 0:
        raise ValidationError(rate.explanation)
    amount = round_dong(Decimal(rate.value) * multiple.value)
    return amount, [
        f"Người chết ngày {died:%d/%m/%Y}. {rate.explanation}",
        f"Hỗ trợ chi phí mai táng: {format_coefficient(multiple.value)} × {format_money(rate.value)} = "
        f"{format_money(amount)} ({multiple.basis if pensioner else 'NĐ 20/2021/NĐ-CP, Điều 11'}).",
    ]


def cremation_amount(dossier: Dossier) -> tuple[int, list[str]]:
    """NQ 17/2019/NQ-HĐND Bắc Giang: the amount per case in force on the day of death for the deceased's
    province (a dated parameter, unconfirmed: the explanation says "chưa xác nhận")."""
    person = dossier.person
    died = person.death_date or _declared_date(dossier, "death_date") or timezone.localdate()
    parameter = one_off.cremation_parameter(person.province_code, died)
    if parameter is None:
        raise ValidationError("Chưa có mức hỗ trợ hỏa táng của tỉnh cho ngày này.")
    amount = int(parameter.value)
    unconfirmed = " — mức chưa xác nhận" if parameter.confidence != "confirmed" else ""
    return amount, [
        f"Người chết ngày {died:%d/%m/%Y}.",
        f"Hỗ trợ chi phí hỏa táng: {format_money(amount)} ({parameter.source.short_name}){unconfirmed}.",
    ]


ONE_OFF_AMOUNTS = {DossierKind.FUNERAL: funeral_amount, DossierKind.CREMATION: cremation_amount}


def monthly_amount(category_code: str, coefficient: Decimal | None, month: date, province: str) -> int:
    if coefficient is None:
        return 0
    if pension.is_social_pension(category_code):  # a dated amount, not the standard rate (rules/pension.py)
        rate = selectors.social_pension(YearMonth.of(month), province)
    else:
        rate = selectors.standard_rate(YearMonth.of(month), province)
    return round_dong(Decimal(rate.value) * coefficient)
