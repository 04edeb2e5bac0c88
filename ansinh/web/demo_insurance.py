"""Demo BHYT lists for Xã Lục Nam (TT Đồi Ngô before 01/07/2025) (issue 17): the list of the latest month
before last month with new beneficiaries (the commune's first month, 07/2025, at the earliest) prepared and
sent by the commune officer, received by the BHXH officer, with cards recorded for half of its new
beneficiaries; last month's list sent, not yet received. Written through the insurance actions, as the demo users.

Idempotent: nothing is done when the first list has already been sent.
Call after `seed_payments_demo()`: `seed_insurance_demo()`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.core.months import YearMonth
from ansinh.insurance.actions import card_record, list_prepare, list_receive, list_send
from ansinh.insurance.coverage import changes
from ansinh.insurance.models import BhytList, Direction
from ansinh.territory.models import AdministrativeUnit, UnitLevel

USERNAMES = {"commune": "xa.lucnam", "bhxh": "bhxh.canbo"}
DOI_NGO = "07444"


def _commune() -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=DOI_NGO, valid_to__isnull=True).first()


def _month_with_increases(commune: AdministrativeUnit, last_month: YearMonth) -> YearMonth:
    month = last_month.add(-1)
    first_month = YearMonth.of(commune.valid_from)
    while month > first_month and not any(c.direction == "increase" for c in changes(month, [commune.pk])):
        month = month.add(-1)
    return month


def seed_insurance_demo(*, today: date | None = None) -> dict[str, int]:
    found = {user.username: user for user in User.objects.filter(username__in=USERNAMES.values())}
    commune = _commune()
    if len(found) != len(USERNAMES) or commune is None:
        return {"bhyt_lists": 0}
    officer, bhxh = found[USERNAMES["commune"]], found[USERNAMES["bhxh"]]
    last_month = YearMonth.of(today or timezone.localdate()).add(-1)
    first = _month_with_increases(commune, last_month)
    if BhytList.objects.filter(commune=commune, month=first.first_day).exclude(status="draft").exists():
        return {"bhyt_lists": 0}
    started = list_send(actor=officer, bhyt_list=list_prepare(actor=officer, commune=commune, month=first))
    started = list_receive(actor=bhxh, bhyt_list=started)
    increases = list(started.lines.filter(direction=Direction.INCREASE).order_by("full_name"))
    cards = 0
    for index, line in enumerate(increases[: len(increases) // 2], start=1):
        card_record(
            actor=bhxh,
            line=line,
            number=f"BT224242{first.year % 100:02d}{index:05d}",
            valid_from=first.first_day,
            valid_to=first.add(12).first_day - timedelta(days=1),
        )
        cards += 1
    list_send(actor=officer, bhyt_list=list_prepare(actor=officer, commune=commune, month=last_month))
    return {"bhyt_lists": 2, "bhyt_cards": cards}
