"""Offices when a territorial change is applied (territory.changes): accounts are never moved
automatically (who works where is the administrator's decision), they are listed on the report:
the offices of the predecessor communes, with their active accounts, to be closed or re-attached,
and those of the successors, to be given accounts."""

from __future__ import annotations

from django.db.models import Count, Q

from ansinh.accounts.models import Office
from ansinh.territory.changes import Change, ChangeReport


def list_offices(change: Change, report: ChangeReport) -> None:
    olds = list(change.successor_of)
    news = sorted(set(change.successor_of.values()))
    rows = (
        Office.objects.filter(territory_id__in=olds + news)
        .annotate(accounts=Count("members", filter=Q(members__is_active=True)))
        .order_by("territory_id", "code")
    )
    report.sections["offices"] = [
        {
            "code": office.code,
            "name": office.name,
            "unit": change.units[office.territory_id].full_name,
            "active_accounts": office.accounts,
            "to_do": "đóng hoặc chuyển tài khoản" if office.territory_id in olds else "cấp tài khoản",
        }
        for office in rows
    ]
