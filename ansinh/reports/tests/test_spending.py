"""Spending by support type and commune: the month's payment lines, grouped by the commune in force
that month (a line kept under an abolished commune counts under its successor)."""

from __future__ import annotations

from datetime import date

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine, PayrollMonth
from ansinh.payments.tests.conftest import beneficiary, funeral
from ansinh.reports.spending import in_force, spending

JUNE, JULY = YearMonth(2025, 6), YearMonth(2025, 7)


def test_by_type_and_commune(lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JUNE)
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6", coefficient="2.0", start=JUNE)
    beneficiary(lucnam.cam_ly, "Lê Văn Cường", coefficient="2.0", start=JUNE)
    funeral(an, JUNE, amount=10_000_000)
    payroll_generate(actor=None, month=JUNE)
    found = spending(JUNE, lucnam.district.pk)
    assert found.types == ["5.5a", "5.6", "funeral"]
    by_name = {row.commune.full_name: row.amounts for row in found.rows}
    assert by_name == {
        "Thị trấn Đồi Ngô": {"5.5a": 750_000, "5.6": 1_000_000, "funeral": 10_000_000},
        "Xã Cẩm Lý": {"5.5a": 1_000_000},
    }
    assert found.totals == {"5.5a": 1_750_000, "5.6": 1_000_000, "funeral": 10_000_000}
    assert found.total == 12_750_000 and found.paid == 0
    assert {row.commune.full_name: row.people for row in found.rows} == {"Thị trấn Đồi Ngô": 2, "Xã Cẩm Lý": 1}
    assert found.people == 3


def test_lines_of_an_abolished_commune_count_under_its_successor(lucnam):
    """Lines kept under old TT Đồi Ngô in July 2025 (lists made before the register was moved, or
    brought from an earlier system; `payroll generate` itself lists only communes in force) count
    under the new Xã Lục Nam, the unit in force in July."""
    new_lucnam = lucnam["07444@2025"]
    assert in_force({lucnam.doi_ngo.pk}, date(2025, 7, 1)) == {lucnam.doi_ngo.pk: new_lucnam.pk}
    assert in_force({lucnam.doi_ngo.pk}, date(2025, 6, 1)) == {lucnam.doi_ngo.pk: lucnam.doi_ngo.pk}
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JUNE)
    payroll_generate(actor=None, month=JUNE)
    PayrollLine.objects.filter(commune=lucnam.doi_ngo).update(month=JULY.first_day)
    PayrollMonth.objects.filter(commune=lucnam.doi_ngo).update(month=JULY.first_day)
    province = lucnam["24@2025"]
    found = spending(JULY, province.pk)
    assert [(row.commune.full_name, row.total) for row in found.rows] == [(new_lucnam.full_name, 750_000)]


def test_bhyt_premiums_equal_the_insurance_premium_table(actors, lucnam):
    """The finance office's page shows the same premiums as the insurance office's quarter table."""
    from ansinh.insurance.selectors import premium_table
    from ansinh.reports.spending import premiums

    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JUNE)
    beneficiary(lucnam.doi_ngo, "Trần Thị Bình", category="5.6", coefficient="2.0", start=JUNE)
    beneficiary(lucnam.cam_ly, "Lê Văn Cường", coefficient="2.0", start=JUNE)
    found = premiums(JUNE, lucnam.district.pk)
    table = premium_table(actor=actors.labour_officer, year=2025, quarter=2)
    expected = {row.commune.full_name: (row.months[2][1], row.months[2][2]) for row in table.rows}
    assert {row.commune.full_name: (row.people, row.amount) for row in found.rows} == expected
    assert {name: people for name, (people, _) in expected.items()} == {"Thị trấn Đồi Ngô": 2, "Xã Cẩm Lý": 1}
    assert found.per_person > 0 and found.total == 3 * found.per_person
    assert premiums(JUNE, lucnam.doi_ngo.pk).people == 2


def test_the_department_of_the_merged_province_reads_spending_and_premiums_with_hiv_masked(today_is, lucnam):
    """Issue 19 item 4: the province reads the spending page (read only) with the BHYT premium totals;
    5.3 and 5.8 are merged as "Bảo mật" for it, as on the lists."""
    from django.test import Client
    from django.urls import reverse

    from ansinh.accounts.models import Office
    from ansinh.core.access import OfficeKind, Role
    from ansinh.reports.spending import masked, premiums
    from tests.fixtures import make_user

    today_is(date(2026, 12, 7))
    december = YearMonth(2026, 12)
    commune = lucnam["07444@2025"]
    beneficiary(commune, "Nguyễn Văn An", coefficient="1.5", start=december)
    beneficiary(commune, "Lò Thị Kín", category="5.3", coefficient="2.5", start=december)
    payroll_generate(actor=None, month=december)
    office = Office.objects.get(kind=OfficeKind.PROVINCE, territory=lucnam["24@2025"])
    viewer = make_user("so.bacninh.xem", office.code, Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    response = client.get(reverse("reports:spending") + f"?thang={december}&don_vi={lucnam['24@2025'].pk}")
    html = response.content.decode()
    assert response.status_code == 200
    found = spending(december, lucnam["24@2025"].pk)
    assert found.types == ["5.3", "5.5a"]
    shown = masked(found, lambda code: "Bảo mật" if code in {"5.3", "5.8"} else code)
    assert shown.types == ["5.5a", "Bảo mật"] and shown.total == found.total
    assert ">5.3<" not in html and "Bảo mật" in html
    total = premiums(december, lucnam["24@2025"].pk).total
    assert total > 0 and f"{total:,}".replace(",", ".") + " đ" in html
