import io

import pytest
from django.core.management import call_command

from ansinh.reports.models import MonthlyReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_demo_has_a_monthly_report_sent_to_the_province():
    call_command("seed_demo", "--size", "0", stdout=io.StringIO())
    report = MonthlyReport.objects.get()
    assert report.status == ReportStatus.SENT and report.unit.name == "Lục Nam" and report.narrative
    assert report.figures["total"]["beneficiaries"]  # the demo's beneficiaries of old TT Đồi Ngô count here
    call_command("seed_demo", "--size", "0", stdout=io.StringIO())
    assert MonthlyReport.objects.count() == 1
