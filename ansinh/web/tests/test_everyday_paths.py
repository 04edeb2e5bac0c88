"""Two clicks from home (journeys.md, issue 16): the overview's figures open the rows behind them,
the search results offer "Lập hồ sơ" and "Báo tử" per row, payment reminders open their list or
month, the labour office head's home lists the payment lists waiting for approval, and categories
read with their names (HIV categories still masked)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.models import Dossier
from ansinh.cases.tests.factories import elderly_poor, open_grant
from ansinh.core.months import YearMonth
from ansinh.payments.models import PayrollMonth
from ansinh.payments.tests.conftest import beneficiary, pay_all, run_month

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_reform(today_is):
    """The paths are walked in TT Đồi Ngô and Cẩm Lý, so "this month" is one when they were in force
    (abolished on 01/7/2025): the clock is set to 20/5/2025 rather than the day the suite runs."""
    today_is(date(2025, 5, 20))


def get(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.fixture
def area(actors, lucnam):
    this_month = YearMonth.of(timezone.localdate())
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Một", category="5.6", coefficient="2.0", start=this_month.add(-1))
    beneficiary(lucnam.doi_ngo, "Lò Thị Ba", category="5.3", coefficient="2.5", start=this_month.add(-1))
    run_month(actors, this_month, commune=lucnam.doi_ngo, pay=False)
    late = open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Chậm"))
    Dossier.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    return this_month


def test_every_overview_figure_opens_its_rows(actors, lucnam, area):
    html = get(actors.labour_officer, reverse("web:overview"))
    hrefs = links(html)
    people = reverse("registry:person_list")

    assert f"{people}?dien=5.6" in hrefs and f"{people}?xa={lucnam.doi_ngo.pk}" in hrefs
    assert f"{reverse('payments:month')}?thang={area}" in hrefs
    overdue = f"{reverse('cases:dossier_list')}?qua_han=1&xa={lucnam.doi_ngo.pk}"
    assert overdue in hrefs
    assert "Vũ Thị Chậm" in get(actors.labour_officer, overdue)
    assert "Nguyễn Văn Một" in get(actors.labour_officer, f"{people}?dien=5.6")


def test_a_masked_category_links_nowhere(actors, area):
    html = get(actors.district_chair, reverse("web:overview"))

    assert "dien=5.3" not in html and "HIV" not in html and ">Bảo mật</th>" in html


def test_search_results_offer_open_dossier_and_report_death_to_the_keeper(actors, lucnam):
    alive, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn Sống")
    dead, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn Mất")
    dead.life_status, dead.death_date = "dead", timezone.localdate()
    dead.save()
    url = f"{reverse('registry:person_list')}?q=Nguyễn Văn"

    hrefs = links(get(actors.own_commune_officer, url))

    assert reverse("cases:dossier_create", args=[alive.pk]) in hrefs
    assert reverse("cases:report_death", args=[alive.pk]) in hrefs
    assert reverse("cases:dossier_create", args=[dead.pk]) in hrefs
    assert reverse("cases:report_death", args=[dead.pk]) not in hrefs
    chair = links(get(actors.district_chair, url))
    assert reverse("cases:report_death", args=[alive.pk]) not in chair


def test_the_search_results_name_categories_on_hover(actors, lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Một", category="5.6", coefficient="2.0")
    beneficiary(lucnam.doi_ngo, "Lò Thị Ba", category="5.3", coefficient="2.5")
    url = reverse("registry:person_list")

    html = get(actors.own_commune_officer, url)
    assert 'title="5.6 · Người khuyết tật nặng, khuyết tật đặc biệt nặng"' in html
    masked = get(actors.district_chair, url)
    assert "Bảo mật" in masked and "HIV" not in masked


def test_the_heads_home_lists_lists_waiting_for_approval(actors, lucnam):
    month = YearMonth.of(timezone.localdate())
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Một", start=month.add(-1))
    draft = run_month(actors, month, commune=lucnam.doi_ngo, pay=False)

    html = get(actors.labour_head, reverse("web:home"))

    panel = html.split('data-testid="awaiting-approval"')[1].split("</section>")[0]
    assert reverse("payments:payroll_detail", args=[draft.pk]) in links(panel)
    assert f"tháng {month.display()}" in panel
    assert 'data-testid="awaiting-approval"' not in get(actors.labour_officer, reverse("web:home"))
    approved = pay_all(actors, draft)
    assert approved.status != "draft"
    assert 'data-testid="awaiting-approval"' not in get(actors.labour_head, reverse("web:home"))


def test_a_violation_reminder_opens_its_list_filtered(actors, lucnam):
    month = YearMonth.of(timezone.localdate()).add(-1)
    who, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn Một", start=month.add(-1))
    payroll = run_month(actors, month, commune=lucnam.doi_ngo, pay=False)
    pay_all(actors, payroll, to={who.pk: "Người Lạ"})

    html = get(actors.own_commune_officer, reverse("web:home"))

    link = f"{reverse('payments:payroll_detail', args=[payroll.pk])}?loc=chi-sai"
    assert "1 khoản chi sai người nhận" in html and link in links(html)
    assert "Nguyễn Văn Một" in get(actors.own_commune_officer, link)


def test_violations_on_two_lists_open_the_newest_month(actors, lucnam):
    month = YearMonth.of(timezone.localdate())
    people = [beneficiary(lucnam.doi_ngo, "An", start=month.add(-2))[0], beneficiary(lucnam.cam_ly, "Bình")[0]]
    run_month(actors, month.add(-1), commune=lucnam.doi_ngo, pay=False)
    lists = PayrollMonth.objects.filter(month=month.add(-1).first_day)
    assert lists.count() == 2
    for payroll in lists:
        pay_all(actors, payroll, to={who.pk: "Người Lạ" for who in people})

    html = get(actors.labour_officer, reverse("web:home"))

    assert f"{reverse('payments:month')}?thang={month.add(-1)}" in links(html)


def test_the_log_shows_a_payment_result_in_words(actors, lucnam):
    month = YearMonth.of(timezone.localdate()).add(-1)
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn Một", start=month.add(-1))
    pay_all(actors, run_month(actors, month, commune=lucnam.doi_ngo, pay=False))

    html = get(actors.labour_head, f"{reverse('web:audit_log')}?thao_tac=payments.result_record")

    assert "Ghi kết quả chi trả một dòng" in html and "ngày chi trả" in html and "số tiền" in html
    assert not {"paid_on", "paid_to_name", "person_name", "amount", "violation"} & set(re.findall(r"\b\w+\b", html))


def test_the_overdue_filter_keeps_to_the_readers_area(actors, lucnam, area):
    url = f"{reverse('cases:dossier_list')}?qua_han=1&xa={lucnam.doi_ngo.pk}"

    assert "Vũ Thị Chậm" in get(actors.own_commune_officer, url)
    assert "Vũ Thị Chậm" not in get(actors.other_commune_officer, url)
