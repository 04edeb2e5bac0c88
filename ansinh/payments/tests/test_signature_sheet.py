"""The signature sheet of a commune's month of 600 lines, downloaded as the post office does and read
back page by page: every page carries the list's heading and the column titles, every line is printed
once, and the amounts printed add up to the total printed, which is the list's total (issue 16)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.cases.models import Entitlement
from ansinh.core.months import YearMonth
from ansinh.core.text import fold
from ansinh.payments import documents
from ansinh.payments.actions import payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollMonth
from ansinh.payments.selectors import payroll_lines
from ansinh.payments.tests.conftest import ACKNOWLEDGED, JANUARY, decision
from ansinh.registry.models import Person
from ansinh.rules.formatting import amount_in_words_sentence, format_money
from tests.readback import pdf_pages

pytestmark = pytest.mark.django_db
AUGUST = YearMonth(2024, 8)
SIZE = 600
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hoa", "Lan", "Mai", "Nga", "Thảo", "Ước", "Yến", "Đức"]
COEFFICIENTS = ["1.0", "1.5", "2.0", "2.5", "3.0"]
MONEY = re.compile(r"(\d{1,3}(?:\.\d{3})*) đ")


def _name(index: int) -> str:
    """600 distinct names, some long enough to wrap in their column."""
    middle = "Thị Thanh Xuân" if index % 7 == 0 else ("Văn" if index % 2 else "Thị")
    return f"{FAMILY[index % len(FAMILY)]} {middle} {GIVEN[index // len(FAMILY) % len(GIVEN)]} {index:03d}"


def _beneficiaries(commune) -> None:
    """600 people entitled from January 2024 by one decision (written in bulk: the test is about printing)."""
    granted = decision(commune)
    people = Person.objects.bulk_create(
        Person(
            full_name=_name(index),
            full_name_folded=fold(_name(index)),
            birth_year=1940,
            sex="male",
            commune=commune,
            province_code="24",
        )
        for index in range(SIZE)
    )
    Entitlement.objects.bulk_create(
        Entitlement(
            person=person,
            category_code="5.5a",
            coefficient=Decimal(COEFFICIENTS[index % len(COEFFICIENTS)]),
            start_month=JANUARY.first_day,
            granted_by=granted,
            commune=commune,
            province_code="24",
        )
        for index, person in enumerate(people)
    )


@pytest.fixture
def approved_sheet(actors, lucnam):
    """Đồi Ngô's list of August 2024 with 600 lines, approved, sent, downloaded by the post office."""
    _beneficiaries(lucnam.doi_ngo)
    payroll_generate(actor=actors.labour_officer, month=AUGUST)
    payroll = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=AUGUST.first_day)
    payroll = payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
    payroll = payroll_send(actor=actors.labour_head, payroll=payroll)
    client = Client()
    client.force_login(actors.post_office_officer)
    response = client.get(reverse("payments:payroll_signature_pdf", args=[payroll.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == documents.PDF
    return payroll, response.content


def test_every_page_carries_the_heading_and_the_column_titles(approved_sheet, actors):
    payroll, content = approved_sheet
    heading = documents.list_heading(payroll)
    pages = pdf_pages(content)
    assert len(pages) > 30
    titles = " ".join(column.title for column in documents.SIGNATURE_COLUMNS)
    for number, text in enumerate(pages, start=1):
        assert heading.title in text, f"page {number} lacks the title"
        assert heading.subtitle in text, f"page {number} lacks the month and the commune"
        assert titles in text, f"page {number} lacks the column titles"
        assert f"Trang {number}/{len(pages)}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    # the signatures never stand alone: the last page holds the last line, the total and the words
    last_line = list(payroll_lines(actor=actors.post_office_officer, payroll=payroll))[-1]
    assert f"{SIZE} {last_line.pk} {last_line.person.full_name}" in pages[-1]
    assert f"Tổng cộng: {SIZE} người" in pages[-1]
    assert amount_in_words_sentence(payroll.total) in pages[-1]
    for signer in documents.SIGNERS:
        assert signer in pages[-1]


def test_every_line_is_printed_once_and_the_amounts_add_up_to_the_list_total(approved_sheet, actors):
    payroll, content = approved_sheet
    text = " ".join(pdf_pages(content))
    total_line = f"Tổng cộng: {SIZE} người {format_money(payroll.total)}"
    assert text.count(total_line) == 1
    amounts = [int(amount.replace(".", "")) for amount in MONEY.findall(text.replace(total_line, ""))]
    assert len(amounts) == SIZE
    assert sum(amounts) == payroll.total == sum(payroll.lines.values_list("total", flat=True))
    assert amount_in_words_sentence(payroll.total) in text
    # every line once, whole (long names wrap in their cell), in print order, with its number and line id
    for index in range(SIZE):
        assert text.count(_name(index)) == 1, _name(index)
    lines = list(payroll_lines(actor=actors.post_office_officer, payroll=payroll))
    assert len(lines) == SIZE
    position = 0
    for number, line in enumerate(lines, start=1):
        row = f"{number} {line.pk} {line.person.full_name} "
        found = text.find(row, position)
        assert found >= 0, row
        position = found + len(row)
