"""What payments moves when a territorial change is applied (territory.changes): authorisations
still valid and open recoveries follow the person to the new commune. Lists are never moved: the
old commune's lists stay as they were (its last list is the month before the change) and the new
commune's first list is the change month, where what was not collected in the last old month is
carried (payroll.insert_carried follows `Entitlement.carried_from`)."""

from __future__ import annotations

from django.db.models import Max, Q

from ansinh.payments.models import Authorisation, PayrollMonth, Recovery, RecoveryStatus
from ansinh.territory.changes import Change, ChangeReport


def move_payments(change: Change, report: ChangeReport) -> None:
    first_months: dict[str, str] = report.sections.setdefault("first_payment_month", {})
    last_months: dict[str, str] = report.sections.setdefault("last_old_list", {})
    for old, new in change.pairs():
        valid = Authorisation.objects.filter(commune_id=old, revoked_on__isnull=True).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=change.day)
        )
        report.add((old, new), "authorisations", valid.update(commune_id=new))
        open_recoveries = Recovery.objects.filter(commune_id=old, status=RecoveryStatus.OPEN)
        report.add((old, new), "recoveries", open_recoveries.update(commune_id=new))
        first_months[change.units[new].full_name] = f"{change.month:%Y-%m}"
        last = PayrollMonth.objects.filter(commune_id=old).aggregate(last=Max("month"))["last"]
        last_months[change.units[old].full_name] = f"{last:%Y-%m}" if last else ""
