"""The public page of the one-off, education and emergency supports (issue 18 item 5): no login, every amount
equal to what the supports apps compute from the same dated parameters, what to bring, no confidence marks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from ansinh.rules.formatting import format_money
from ansinh.supports.education import Programme, instalment_amount
from ansinh.supports.emergency import NeedKind, line_amount

pytestmark = pytest.mark.django_db


def _section(html: str, slug: str) -> str:
    found = re.search(rf'data-slug="{slug}"(.*?)</section>', html, re.S)
    assert found, f"no section {slug}"
    return found.group(1)


def _amounts(section: str) -> list[str]:
    return [re.sub(r"\s+", " ", a).strip() for a in re.findall(r'data-testid="amount">([^<]*)<', section)]


@pytest.mark.parametrize("day", [date(2024, 3, 1), date(2024, 10, 1)])
def test_amounts_are_the_supports_own(client, today_is, day):
    today_is(day)
    html = client.get(reverse("outreach:other_supports")).content.decode()
    education = _amounts(_section(html, "hoc-tap"))
    for programme in Programme:
        monthly = instalment_amount(
            programme, day.year if day.month >= 9 else day.year - 1, 1 if day.month >= 9 else 2, higher_education=False
        ).monthly
        assert format_money(monthly) in education, programme
    emergency = _amounts(_section(html, "khan-cap"))
    for kind in (NeedKind.INJURY, NeedKind.DEATH, NeedKind.HOUSE_DAMAGED):
        expected = line_amount(kind, people=1, rice_months=1, day=day, province="24").amount
        assert format_money(expected) in emergency, kind
    rice = line_amount(NeedKind.RICE, people=1, rice_months=1, day=day, province="24").rice_kg
    assert f"{rice} kg" in emergency
    funeral = _section(html, "mai-tang")
    assert "Giấy chứng tử" in funeral or "giấy chứng tử" in funeral
    assert (
        "chưa xác nhận" not in html and "chưa rõ" not in html
    )  # the cremation support of the province is unconfirmed: never said here


def test_an_amount_follows_the_base_salary_in_force(client, today_is):
    pages = []
    for day in (date(2024, 3, 1), date(2024, 10, 1)):  # base salary 1.800.000 đ, then 2.340.000 đ
        today_is(day)
        pages.append(_amounts(_section(client.get(reverse("outreach:other_supports")).content.decode(), "hoc-tap")))
    assert pages[0] != pages[1]


def test_the_checker_and_the_public_home_link_to_it(client):
    target = reverse("outreach:other_supports")
    assert target in client.get(reverse("rules:public_check")).content.decode()
    assert target in client.get(reverse("outreach:public_home")).content.decode()
