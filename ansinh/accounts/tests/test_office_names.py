"""The provincial department after the 2025 reform: an office whose name is data (domain.md §2). A name is
dated, has a source and an "unconfirmed" flag; the administrator records a new one with a date, a source and
a reason (audited); documents carry the name of their own date."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.accounts.actions import office_rename
from ansinh.accounts.models import Office, OfficeName
from ansinh.accounts.selectors import office_name_on
from ansinh.audit.models import AuditEvent
from ansinh.core.access import OfficeKind
from ansinh.reports.models import MonthlyReport
from ansinh.reports.policies import report_policy

pytestmark = pytest.mark.django_db

NEW_NAME = "Sở Nội vụ tỉnh Bắc Ninh"


def department(lucnam) -> Office:
    return Office.objects.get(kind=OfficeKind.PROVINCE, territory=lucnam["24@2025"])


def test_the_reference_offices_hold_the_department_over_the_merged_province_with_an_unconfirmed_name(lucnam):
    office = department(lucnam)
    assert office.code == "so-24-2025" and office.is_active
    (name,) = office.names.all()
    assert (name.name, name.valid_from, name.unconfirmed) == ("Sở Y tế tỉnh Bắc Ninh", date(2025, 7, 1), True)
    assert "domain.md §2" in name.source
    old = Office.objects.get(code="so-ldtbxh-24")
    assert old.territory == lucnam["24"] and old.name == "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang"


def test_a_rename_is_dated_sourced_audited_and_keeps_the_history(today_is, actors, lucnam):
    today_is(date(2026, 12, 7))
    office = department(lucnam)
    row = office_rename(
        actor=actors.admin,
        office=office,
        name=NEW_NAME,
        valid_from=date(2026, 3, 1),
        source="Quyết định 12/QĐ-UBND ngày 20/02/2026 của UBND tỉnh Bắc Ninh",
        reason="Tỉnh giao bảo trợ xã hội cho Sở Nội vụ",
    )
    office.refresh_from_db()
    assert office.name == NEW_NAME and not row.unconfirmed
    assert office_name_on(office, date(2025, 8, 15)) == "Sở Y tế tỉnh Bắc Ninh"
    assert office_name_on(office, date(2026, 2, 28)) == "Sở Y tế tỉnh Bắc Ninh"
    assert office_name_on(office, date(2026, 3, 1)) == NEW_NAME
    assert office.names.count() == 2
    event = AuditEvent.objects.get(action="accounts.office_rename")
    assert event.reason == "Tỉnh giao bảo trợ xã hội cho Sở Nội vụ"
    assert event.before == {"name": "Sở Y tế tỉnh Bắc Ninh"}
    assert event.after["name"] == NEW_NAME and event.after["valid_from"] == "2026-03-01"


def test_the_first_rename_of_an_office_keeps_its_earlier_name(today_is, actors, lucnam):
    today_is(date(2026, 12, 7))
    office = Office.objects.get(code="ldtbxh-218")
    office_rename(
        actor=actors.admin,
        office=office,
        name="Phòng Văn hóa - Xã hội huyện Lục Nam",
        valid_from=date(2025, 3, 1),
        source="Nghị định 45/2025/NĐ-CP (ví dụ thử)",
        reason="Hợp nhất phòng",
    )
    assert office_name_on(office, date(2024, 6, 1)) == "Phòng Lao động - Thương binh và Xã hội huyện Lục Nam"
    assert office_name_on(office, date(2025, 6, 1)) == "Phòng Văn hóa - Xã hội huyện Lục Nam"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"source": ""}, "source"),
        ({"name": ""}, "name"),
        ({"valid_from": date(2027, 1, 1)}, "valid_from"),
        ({"valid_from": date(2025, 7, 1)}, "valid_from"),  # the date of the name already recorded
        ({"valid_from": date(2025, 6, 30)}, "valid_from"),  # before the merged province exists
    ],
)
def test_a_rename_without_a_reason_or_with_a_bad_date_is_refused_and_changes_nothing(
    today_is, actors, lucnam, changes, field
):
    today_is(date(2026, 12, 7))
    office = department(lucnam)
    values = {"name": NEW_NAME, "valid_from": date(2026, 3, 1), "source": "QĐ 12/QĐ-UBND", "reason": "Đổi tên"}
    values.update(changes)
    with pytest.raises(ValidationError, match=field) as raised:
        office_rename(actor=actors.admin, office=office, **values)
    assert field in raised.value.message_dict
    office.refresh_from_db()
    assert office.name == "Sở Y tế tỉnh Bắc Ninh" and office.names.count() == 1
    assert not AuditEvent.objects.filter(action="accounts.office_rename").exists()


def test_the_edit_form_does_not_overwrite_a_dated_name(actors, lucnam):
    from ansinh.accounts.actions import office_save

    with pytest.raises(ValidationError, match="Đổi tên từ một ngày"):
        office_save(actor=actors.admin, office=department(lucnam), values={"name": "Tên khác"})


def test_the_administrator_renames_on_the_office_page_and_a_missing_reason_is_shown(today_is, actors, lucnam):
    today_is(date(2026, 12, 7))
    office = department(lucnam)
    client = Client()
    client.force_login(actors.admin)
    url = reverse("accounts:office_rename", args=[office.pk])
    form = {"ten-name": NEW_NAME, "ten-valid_from": "01/03/2026", "ten-source": "QĐ 12/QĐ-UBND"}
    refused = client.post(url, {**form, "ten-reason": ""})
    assert refused.status_code == 400 and "Lý do đổi tên" in refused.content.decode()
    assert OfficeName.objects.filter(office=office).count() == 1
    done = client.post(url, {**form, "ten-reason": "Tỉnh giao nhiệm vụ"}, follow=True)
    html = done.content.decode()
    assert done.status_code == 200 and 'data-testid="office-names"' in html
    assert "01/03/2026" in html and "chưa xác nhận" in html and NEW_NAME in html


def _report(unit, month: date, sent: datetime) -> MonthlyReport:
    return MonthlyReport(unit=unit, month=month, due_on=month, sent_at=sent)


def test_a_report_names_its_recipient_as_on_its_own_date(today_is, actors, lucnam):
    """A document of 06/2025 names the department of Bắc Giang; one of 2026 the department of Bắc Ninh,
    by the name in force on the document's date."""
    today_is(date(2026, 12, 7))
    office_rename(
        actor=actors.admin,
        office=department(lucnam),
        name=NEW_NAME,
        valid_from=date(2026, 3, 1),
        source="QĐ 12/QĐ-UBND",
        reason="Tỉnh giao nhiệm vụ",
    )
    aware = timezone.make_aware
    june_2025 = _report(lucnam.district, date(2025, 6, 1), aware(datetime(2025, 7, 3, 9)))
    february = _report(lucnam["07444@2025"], date(2026, 1, 1), aware(datetime(2026, 2, 3, 9)))
    june_2026 = _report(lucnam["07444@2025"], date(2026, 5, 1), aware(datetime(2026, 6, 3, 9)))
    assert report_policy.recipient_name(june_2025) == "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang"
    assert report_policy.recipient_name(february) == "Sở Y tế tỉnh Bắc Ninh"
    assert report_policy.recipient_name(june_2026) == NEW_NAME
