from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.workdays.actions import calendar_day_save
from ansinh.workdays.calendar import WorkCalendar, add_working_days, working_days_between
from ansinh.workdays.selectors import work_calendar
from tests.permissions import LOGIN, Endpoint, check_endpoint

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

PLAIN = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2024, 3, 4), 2, date(2024, 3, 6)),  # Monday + 2 → Wednesday
        (date(2024, 3, 8), 2, date(2024, 3, 12)),  # Friday + 2 → Tuesday (weekend skipped)
        (date(2024, 3, 9), 1, date(2024, 3, 11)),  # received on Saturday
        (date(2024, 3, 4), 0, date(2024, 3, 4)),
        (date(2024, 3, 1), 10, date(2024, 3, 15)),
    ],
)
def test_working_days_skip_weekends(start, days, due):
    assert add_working_days(PLAIN, start, days) == due


@pytest.mark.django_db
def test_tet_2024_and_the_make_up_saturday_are_in_the_seeded_calendar():
    calendar = work_calendar()

    # Commune proposal received Wed 7/2/2024 with 3 WD: Tết closes 8–14/2 (Thu, Fri, Mon–Wed).
    assert add_working_days(calendar, date(2024, 2, 7), 3) == date(2024, 2, 19)
    # Sat 4/5/2024 was worked in exchange for Mon 29/4.
    assert calendar.is_working_day(date(2024, 5, 4))
    assert add_working_days(calendar, date(2024, 4, 26), 2) == date(2024, 5, 3)
    assert add_working_days(calendar, date(2024, 5, 3), 1) == date(2024, 5, 4)
    assert working_days_between(calendar, date(2025, 1, 24), date(2025, 2, 3)) == 1  # Tết 2025: only Mon 3/2


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="không được âm"):
        add_working_days(PLAIN, date(2024, 1, 1), -1)


@pytest.mark.django_db
def test_the_labour_office_head_edits_the_calendar_with_audit(actors):
    calendar_day_save(
        actor=actors.labour_head, day=date(2026, 11, 24), kind="day_off", name="Ngày Văn hóa Việt Nam", source=""
    )

    assert not work_calendar().is_working_day(date(2026, 11, 24))
    assert AuditEvent.objects.filter(action="workdays.calendar_day_save").count() == 1
    with pytest.raises(ValidationError, match="thứ Bảy hoặc Chủ nhật"):
        calendar_day_save(actor=actors.labour_head, day=date(2026, 11, 28), kind="day_off", name="x", source="")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        calendar_day_save(actor=actors.labour_officer, day=date(2026, 11, 25), kind="day_off", name="x", source="")


@pytest.mark.django_db
def test_calendar_permission_matrix(actors):
    everyone = {name: 200 for name in actors.named() if name != "anonymous"}
    check_endpoint(
        Endpoint("calendar", reverse("workdays:calendar_year", args=[2024])),
        actors.named(),
        {"anonymous": LOGIN, **everyone},
    )
    editors = {"labour_head": 302, "admin": 302}
    expected = {"anonymous": LOGIN, **{name: editors.get(name, 403) for name in everyone}}
    refused = {name: status for name, status in expected.items() if status != 302}
    post = Endpoint(
        "calendar_save",
        reverse("workdays:calendar_year", args=[2026]),
        "POST",
        {"day": "25/11/2026", "kind": "day_off", "name": "Nghỉ", "source": ""},
    )
    check_endpoint(post, {name: actors.named()[name] for name in refused}, refused)
    check_endpoint(post, {"labour_head": actors.labour_head}, {"labour_head": 302})
