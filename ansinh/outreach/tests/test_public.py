"""The public information pages: no login, amounts from the dated rules (equal to the calculator's for
today), no officer-only confidence marks, links to the checker and the posting lists."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ansinh.core.months import YearMonth
from ansinh.outreach import public
from ansinh.rules.assessing import assess_input
from ansinh.rules.formatting import format_money
from ansinh.rules.models import Category, Confidence
from ansinh.rules.rulebook import RuleBookLoader

pytestmark = pytest.mark.django_db


def _born_years_ago(today: date, years: int) -> str:
    return date(today.year - years, 1, 1).isoformat()


def _calculator_amount(today: date, **facts: object) -> int:
    data = {"id": "t", "month": str(YearMonth.of(today)), **facts}
    output, assessment = assess_input(data, RuleBookLoader())
    assert assessment is not None, output
    return int(assessment.lines[0].amount)


def _amounts(html: str, code: str) -> list[str]:
    card = re.search(rf'data-code="{re.escape(code)}"(.*?)</div>\s*</div>', html, re.S)
    assert card, f"no card for {code}"
    return [re.sub(r"\s+", " ", a).strip() for a in re.findall(r'data-testid="amount">([^<]*)<', card.group(1))]


@pytest.mark.parametrize("day", [None, date(2024, 9, 15), date(2025, 9, 15)])
def test_amounts_equal_the_calculators_for_today(client, today_is, day):
    if day is not None:
        today_is(day)
    today = timezone.localdate()
    html = client.get(reverse("outreach:support_detail", args=["nguoi-cao-tuoi"])).content.decode()
    poor_alone = {"household": "poor", "no_supporter": True}
    for age in (65, 85):
        amount = _calculator_amount(today, birth_date=_born_years_ago(today, age), **poor_alone)
        assert format_money(amount) in _amounts(html, "5.5a")
    disabled = _calculator_amount(today, birth_date=_born_years_ago(today, 40), disability="especially_severe")
    html = client.get(reverse("outreach:support_detail", args=["nguoi-khuyet-tat"])).content.decode()
    assert format_money(disabled) in _amounts(html, "5.6")


def test_an_amount_follows_the_rates_in_force(client, today_is):
    """The same page on a day before and after a rate change shows different amounts: nothing typed in."""
    amounts = []
    for day in (date(2021, 8, 1), date(2024, 9, 15)):
        today_is(day)
        html = client.get(reverse("outreach:support_detail", args=["nguoi-cao-tuoi"])).content.decode()
        amounts.append(_amounts(html, "5.5a"))
    assert amounts[0] != amounts[1]


def test_categories_ended_are_not_offered(client, today_is):
    today_is(date(2025, 9, 15))  # 5.5b and 5.5c ended on 30/06/2025
    html = client.get(reverse("outreach:support_detail", args=["nguoi-cao-tuoi"])).content.decode()
    assert 'data-code="5.5a"' in html
    assert 'data-code="5.5b"' not in html


def test_no_confidence_mark_is_shown_to_citizens(client, today_is):
    today_is(date(2024, 9, 15))  # 5.5b and 5.5c (unconfirmed) are on the elderly page that day
    assert Category.objects.filter(code="5.5b", confidence=Confidence.UNCONFIRMED).exists()
    urls = [reverse("outreach:public_home"), reverse("outreach:legal_texts"), reverse("outreach:posting_index")]
    urls += [reverse("outreach:support_detail", args=[s.slug]) for s in public.SUPPORTS]
    urls += [reverse("outreach:feedback_send"), reverse("outreach:feedback_status")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode().lower()
        for mark in ("chưa xác nhận", "đã xác nhận", "mức tin cậy", "unconfirmed"):
            assert mark not in text, (url, mark)
        assert reverse("rules:public_check") in text, url


def test_officers_see_the_marks_that_citizens_do_not(client, actors, today_is):
    """The same rules read by an officer carry "chưa xác nhận": the check above could fail."""
    today_is(date(2024, 9, 15))
    client.force_login(actors.labour_officer)
    officer_page = client.get(reverse("rules:category_list")).content.decode().lower()
    assert "chưa xác nhận" in officer_page
    client.logout()
    public_page = client.get(reverse("outreach:support_detail", args=["nguoi-cao-tuoi"])).content.decode()
    assert 'data-code="5.5b"' in public_page
    assert "chưa xác nhận" not in public_page.lower()


def test_how_long_and_where_come_from_the_dated_deadlines(client, today_is):
    today_is(date(2024, 9, 15))
    page = public.support_page(public.SUPPORTS_BY_SLUG["nguoi-cao-tuoi"], timezone.localdate())
    assert page.working_days == 7 + 2 + 3 + 7 + 3  # NĐ 20/2021 Art 8(1)
    assert any("1d" in document or "1d –" in document for document in page.documents)


def test_legal_texts_list_the_documents_in_force(client, today_is):
    today_is(date(2024, 9, 15))
    html = client.get(reverse("outreach:legal_texts")).content.decode()
    assert "20/2021/NĐ-CP" in html


def test_unknown_support_is_404(client):
    assert client.get(reverse("outreach:support_detail", args=["khong-co"])).status_code == 404


def test_the_login_page_links_the_public_pages(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("outreach:public_home") in html
    assert reverse("rules:public_check") in html
