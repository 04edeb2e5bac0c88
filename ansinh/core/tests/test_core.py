from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.audit.models import AuditEvent
from ansinh.core.bulk import insert_all
from ansinh.core.months import YearMonth
from ansinh.core.pagination import COUNT_CAP, CappedPaginator
from ansinh.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Nguyễn Văn Á", "nguyen van a"), ("  ĐẶNG   Thị  Hường ", "dang thi huong"), ("Lục Nam", "luc nam")],
)
def test_fold_strips_vietnamese_diacritics(text, folded):
    assert fold(text) == folded


@given(st.integers(min_value=1950 * 12, max_value=2050 * 12), st.integers(min_value=-600, max_value=600))
def test_year_month_arithmetic_round_trips(index, months):
    month = YearMonth(index // 12, index % 12 + 1)
    assert month.add(months).add(-months) == month
    assert month.months_until(month.add(months)) == months


def test_year_month_parsing_and_days():
    assert YearMonth.parse("2024-02").last_day == date(2024, 2, 29)
    assert YearMonth.parse("2024-07").display() == "07/2024"
    with pytest.raises(ValueError, match="YYYY-MM"):
        YearMonth.parse("07/2024")


@pytest.mark.django_db
def test_insert_all_sets_primary_keys_and_defaults():
    events = [AuditEvent(action="test.bulk", after={"n": index}, actor_name="hệ thống") for index in range(3)]

    insert_all(events)

    stored = AuditEvent.objects.filter(action="test.bulk").order_by("pk")
    assert [event.pk for event in events] == [event.pk for event in stored]
    assert [event.after for event in stored] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert all(event.occurred_at is not None for event in stored)


@pytest.mark.django_db
def test_capped_pagination_stops_counting(lucnam):
    from ansinh.territory.models import AdministrativeUnit

    paginator = CappedPaginator(AdministrativeUnit.objects.order_by("pk"), 10)
    assert paginator.count == AdministrativeUnit.objects.count() <= COUNT_CAP
    assert not paginator.count_is_capped


@pytest.mark.parametrize(
    ("name", "inline", "header"),
    [
        ("to-khai-7.pdf", True, 'inline; filename="to-khai-7.pdf"'),
        ("quyet-dinh-15-QĐ-UBND.docx", False, "attachment; filename*=utf-8''quyet-dinh-15-Q%C4%90-UBND.docx"),
    ],
)
def test_downloads_keep_their_vietnamese_names(name, inline, header):
    from ansinh.core.downloads import file_response

    response = file_response(b"x", "application/pdf", name, inline=inline)
    assert response["Content-Disposition"] == header
