"""Demo data of the reports (issue 19): last month's report of Xã Lục Nam (a commune of 01/07/2025,
reporting straight to the province), prepared, with its narrative, and sent, so that the province's
account has a report to read. Idempotent: nothing is done when that report exists."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.core.months import YearMonth
from ansinh.reports.actions import report_prepare, report_send, report_write
from ansinh.reports.models import MonthlyReport
from ansinh.territory.models import AdministrativeUnit, UnitLevel

NARRATIVE = (
    "Trong tháng, xã đã chi trả trợ cấp đầy đủ qua bưu điện; các trường hợp chưa nhận được chuyển sang "
    "tháng sau. Kiến nghị Sở hướng dẫn việc chuyển hồ sơ của thị trấn Đồi Ngô cũ sang xã Lục Nam."
)


def seed_reports_demo(*, today: date | None = None) -> dict[str, int]:
    month = YearMonth.of(today or timezone.localdate()).add(-1)
    officer = User.objects.filter(username="xa.lucnam").first()
    commune = (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code="07444", valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if officer is None or commune is None or not commune.is_active_on(month.first_day):
        return {"monthly_reports": 0}
    if MonthlyReport.objects.filter(unit=commune, month=month.first_day).exists():
        return {"monthly_reports": 0}
    report = report_prepare(actor=officer, unit=commune, month=month)
    report = report_write(actor=officer, report=report, narrative=NARRATIVE)
    report_send(actor=officer, report=report)
    return {"monthly_reports": 1}
