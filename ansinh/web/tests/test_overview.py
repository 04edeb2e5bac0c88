"""The area overview: counts by category and commune, money by month, overdue dossiers, recoveries and
councils, each over the reader's own area, HIV categories masked for those who may not read them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.models import Dossier
from ansinh.cases.tests.factories import elderly_poor, open_grant
from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import beneficiary, run_month
from ansinh.web.overview import bars

pytestmark = pytest.mark.django_db


def page_for(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("web:overview"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def area(today_is, actors, lucnam):
    today_is(date(2025, 5, 15))  # TT Đồi Ngô and Cẩm Lý have lists until 06/2025 (communes in force only)
    this_month = YearMonth.of(timezone.localdate())
    start = this_month.add(-1)
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Một", category="5.6", coefficient="2.0", start=start)
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Hai", category="5.6", coefficient="2.0", start=start)
    beneficiary(lucnam.doi_ngo, "Lò Thị Ba", category="5.3", coefficient="2.5", start=start)
    beneficiary(lucnam.cam_ly, "Trần Văn Bốn", category="5.5a", coefficient="1.5", start=start)
    beneficiary(lucnam.cam_ly, "Trần Văn Năm", category="5.5a", coefficient="1.5", start=start, end=this_month)
    run_month(actors, start, commune=lucnam.doi_ngo, pay=False)
    beneficiary(lucnam.doi_ngo, "Nguyễn Thị Sáu", category="5.6", coefficient="2.0", start=this_month)
    run_month(actors, this_month, commune=lucnam.doi_ngo, pay=False)
    late = open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Chậm"))
    Dossier.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    return this_month


def test_the_labour_office_sees_its_district(actors, area):
    html = page_for(actors.labour_officer)
    assert f"Tháng {area.display()}: 5 người đang hưởng" in html  # the ended entitlement is not counted
    assert ">5.6 · Người khuyết tật nặng" in html and ">5.3 · " in html and ">5.5a · " in html
    assert ">Đồi Ngô</a></th>" in html and ">Cẩm Lý</a></th>" in html
    assert 'data-testid="money"' in html and "Tháng này tăng" in html
    assert 'data-testid="overdue"' in html and ">Đồi Ngô</a></th>" in html.split('data-testid="overdue"')[1]
    assert "Không có khoản thu hồi nào đang mở." in html


def test_readers_without_the_right_see_hiv_categories_masked(actors, area):
    html = page_for(actors.district_chair)
    assert ">Bảo mật</th>" in html and ">5.3" not in html and "HIV" not in html


def test_a_commune_sees_only_itself(actors, area):
    html = page_for(actors.own_commune_officer)
    assert f"Tháng {area.display()}: 4 người đang hưởng" in html
    assert ">Cẩm Lý</a></th>" not in html


def test_the_council_sees_counts_but_not_money_or_dossiers(actors, area):
    html = page_for(actors.own_council_officer)
    assert 'data-testid="by-category"' in html
    assert 'data-testid="money"' not in html and 'data-testid="overdue"' not in html


def test_bars_are_scaled_to_the_longest():
    assert [(bar.share, bar.display) for bar in bars([("a", 6021), ("b", 3010), ("c", 0)])] == [
        (100, "6.021"),
        (50, "3.010"),
        (0, "0"),
    ]


def _bars_of(html: str, testid: str) -> dict[str, int]:
    import re

    table = html.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    rows = re.findall(
        r'<th scope="row" class="fw-normal">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>.*?'
        r'<td class="text-end text-nowrap">(?:<a href="[^"]*">)?([\d.]+)',
        table,
        re.S,
    )
    return {label: int(value.replace(".", "")) for label, value in rows}


def test_the_province_reads_its_communes_figures_equal_to_the_commune_sums(actors, area):
    """Issue 19 item 4: read only, HIV masked, each commune's figure equal to the commune's own overview,
    the total equal to their sum; the figures link to the payment lists, never to the register."""
    html = page_for(actors.province_viewer)
    communes = _bars_of(html, "by-commune")
    assert communes == {"Đồi Ngô": 4, "Cẩm Lý": 1}
    assert f"Tháng {area.display()}: {sum(communes.values())} người đang hưởng" in html
    assert communes["Đồi Ngô"] == 4  # as TT Đồi Ngô's officer counts itself (test_a_commune_sees_only_itself)
    assert ">Bảo mật</th>" in html and ">5.3" not in html and "HIV" not in html
    assert 'data-testid="read-only-note"' in html and "/so-doi-tuong/" not in html.split("<main")[-1]
    assert reverse("payments:payroll_detail", args=[_list_of(lucnam_doi_ngo(actors), area)]) in html


def lucnam_doi_ngo(actors):
    return actors.own_commune_officer.office.territory


def _list_of(commune, month):
    from ansinh.payments.models import PayrollMonth

    return PayrollMonth.objects.get(commune=commune, month=month.first_day).pk


def test_after_the_reform_the_province_sees_the_communes_in_force(today_is, actors, lucnam):
    """12/2026: a record still kept under TT Đồi Ngô counts under Xã Lục Nam (the unit in force), with the
    people of Xã Lục Nam; 06/2025 shows TT Đồi Ngô. The department over Bắc Ninh reads both months."""
    from ansinh.accounts.models import Office
    from ansinh.core.access import OfficeKind, Role
    from tests.fixtures import make_user

    today_is(date(2026, 12, 7))
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Cũ", category="5.6", coefficient="2.0", start=YearMonth(2025, 6))
    beneficiary(lucnam["07444@2025"], "Trần Thị Mới", category="5.6", coefficient="2.0", start=YearMonth(2025, 7))
    office = Office.objects.get(kind=OfficeKind.PROVINCE, territory=lucnam["24@2025"])
    officer = make_user("so.bacninh", office.code, Role.OFFICER)
    client = Client()
    client.force_login(officer)
    december = client.get(reverse("web:overview") + "?thang=2026-12").content.decode()
    assert _bars_of(december, "by-commune") == {"Lục Nam": 2}
    june = client.get(reverse("web:overview") + "?thang=2025-06").content.decode()
    assert _bars_of(june, "by-commune") == {"Đồi Ngô": 1}


def test_a_past_month_says_which_figures_are_todays(actors, area):
    """Overdue dossiers and open recoveries are what to chase today, whichever month is shown; the councils
    that did not meet are those of the month shown. The headings say so."""
    client = Client()
    client.force_login(actors.labour_officer)
    html = client.get(reverse("web:overview") + "?thang=2025-02").content.decode()
    today = "(đến hôm nay, 15/05/2025)"
    assert today in html.split('data-testid="overdue-heading"')[1].split("</h3>")[0]
    assert today in html.split('data-testid="recoveries-heading"')[1].split("</h3>")[0]
    assert "chưa họp trong tháng 02/2025" in html


@pytest.mark.parametrize("asked", ["1900-01", "1900-03", "2099-01", "2025-13", "abc"])
def test_a_month_out_of_range_shows_this_month(actors, area, asked):
    """A crafted ?thang= (before the records, in the future, not a month) shows this month, never an error."""
    client = Client()
    client.force_login(actors.labour_officer)
    response = client.get(reverse("web:overview") + f"?thang={asked}")
    assert response.status_code == 200
    assert f"Tháng {area.display()}:" in response.content.decode()
