"""Categories 5.3 and 5.8 tell that a person lives with HIV (NĐ 20/2021/NĐ-CP Điều 5 khoản 3, 8):
on the register's screens, readers who may not read restricted facts (the commune chair, the
district vice-chair) see "Bảo mật"; the commune and labour officers see the code."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.cases.tests.factories import paper_entitlement
from ansinh.core.months import YearMonth
from ansinh.registry.actions import fact_add
from ansinh.registry.models import FactKind
from ansinh.registry.policies import person_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

# The codes as a category, not inside an amount (1.665.300 đ) or another code (15.3).
HIV_CODE = re.compile(r"(?<![\d.,])5\.[38](?!\d)")
# The word, not three letters inside a random token (a CSRF token once held "…9hivoj…").
HIV_WORD = re.compile(r"(?<![a-z0-9])hiv(?![a-z0-9])", re.IGNORECASE)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def recent_start() -> date:
    return YearMonth.of(timezone.localdate()).add(-3).first_day


@pytest.fixture
def child_with_hiv(actors, make_person):
    """A child in a 5.3 entitlement (paper decision) with the restricted HIV fact."""
    child = make_person(name="Lò Văn Bé", born=date(2016, 4, 4), actor=actors.own_commune_officer)
    fact_add(
        actor=actors.own_commune_officer,
        person=child,
        kind=FactKind.HIV,
        value={"positive": True},
        effective_from=date(2020, 1, 1),
        source="Trung tâm Y tế huyện",
    )
    paper_entitlement(child, category="5.3", coefficient="2.0", start=recent_start(), number="31/QĐ-UBND")
    return child


@pytest.fixture
def elderly(actors, make_person):
    someone = make_person(name="Hà Văn Cụ", born=date(1940, 1, 1))
    paper_entitlement(someone, category="5.5a", coefficient="1.5", start=recent_start(), number="32/QĐ-UBND")
    return someone


def outsiders(actors):
    return [actors.own_commune_chair, actors.district_chair]


def keepers(actors):
    return [actors.own_commune_officer, actors.labour_officer]


def test_the_policy_masks_hiv_codes_and_wording_only_for_outsiders(actors):
    chair, officer = actors.own_commune_chair, actors.own_commune_officer
    assert person_policy.category_shown(chair, "5.3") == "Bảo mật"
    assert person_policy.category_shown(chair, "5.8") == "Bảo mật"
    assert person_policy.category_shown(chair, "5.5a") == "5.5a"
    assert person_policy.category_shown(officer, "5.8") == "5.8"
    assert person_policy.text_shown(chair, "Diện 5.3 theo quyết định 31/QĐ-UBND.") == (
        "Diện Bảo mật theo quyết định 31/QĐ-UBND."
    )
    # Amounts and other codes are left alone.
    for kept in ("1.665.300 đ, diện 5.5a, 15.3", "5.300.000 đ", "Lưu: archive.pdf"):
        assert person_policy.text_shown(chair, kept) == kept
    for sentence in (
        "Thuộc diện 5.8 (Người nhiễm HIV/AIDS thuộc hộ nghèo; Điều 5 khoản 8): hệ số 1,5.",
        "hệ số 2 (trẻ em từ đủ 4 đến dưới 16 tuổi; Điều 6 khoản 1 điểm c)",
        "Giấy tờ xác nhận nhiễm HIV của cơ quan y tế có thẩm quyền",
    ):
        assert person_policy.text_shown(chair, sentence) == "Thông tin bảo mật"
        assert person_policy.text_shown(officer, sentence) == sentence
    assert person_policy.sentences_shown(chair, ["Có HIV.", "Có AIDS.", "Tổng cộng: 1.000.000 đ."]) == [
        "Thông tin bảo mật",
        "Tổng cộng: 1.000.000 đ.",
    ]


def test_the_person_page_shows_bao_mat_to_readers_without_the_right(actors, child_with_hiv):
    url = reverse("registry:person_detail", args=[child_with_hiv.pk])
    for reader in outsiders(actors):
        page = client_for(reader).get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Bảo mật" in html, reader.username
        assert not HIV_CODE.search(html), reader.username
        assert not HIV_WORD.search(html), reader.username  # not in the history either
        assert "Diện Bảo mật theo quyết định 31/QĐ-UBND." in html  # the month-by-month explanation
    for reader in keepers(actors):
        html = client_for(reader).get(url).content.decode()
        assert "<td>5.3 · Trẻ em nhiễm HIV" in html, reader.username
        assert "Diện 5.3 theo quyết định 31/QĐ-UBND." in html
        assert "Bảo mật" not in html


def test_the_list_badges_mask_5_3(actors, child_with_hiv, elderly):
    for reader in outsiders(actors):
        html = client_for(reader).get(reverse("registry:person_list")).content.decode()
        assert "Lò Văn Bé" in html and '<span class="badge text-bg-info">Bảo mật</span>' in html
        assert '<span class="badge text-bg-info"><abbr title="5.5a · ' in html
        assert not HIV_CODE.search(html), reader.username
    html = client_for(actors.own_commune_officer).get(reverse("registry:person_list")).content.decode()
    assert '<span class="badge text-bg-info"><abbr title="5.3 · Trẻ em nhiễm HIV' in html


@pytest.mark.parametrize("typed", ["5.3", "5,3", " 5.8 "])
def test_outsiders_cannot_filter_by_an_hiv_category(actors, child_with_hiv, elderly, typed):
    for reader in outsiders(actors):
        page = client_for(reader).get(reverse("registry:person_list"), {"dien": typed})
        html = page.content.decode()
        assert page.status_code == 400
        assert "thông tin bảo mật" in html and 'data-testid="category-error"' in html
        assert "Lò Văn Bé" not in html and "Hà Văn Cụ" not in html  # no rows at all, whoever is listed


def test_outsiders_cannot_export_by_an_hiv_category(actors, child_with_hiv):
    chair = actors.own_commune_chair
    assert person_policy.can_export(chair)
    response = client_for(chair).get(reverse("registry:person_list"), {"dien": "5.3", "xuat": "xlsx"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="registry.export").exists()


def test_the_filter_suggests_hiv_categories_only_to_those_who_may(actors, child_with_hiv, elderly):
    chair_page = client_for(actors.own_commune_chair).get(reverse("registry:person_list")).content.decode()
    assert '<option value="5.5a">' in chair_page and '<option value="5.6">' in chair_page
    assert '<option value="5.3">' not in chair_page and '<option value="5.8">' not in chair_page

    officer = client_for(actors.own_commune_officer)
    officer_page = officer.get(reverse("registry:person_list")).content.decode()
    assert '<option value="5.3">' in officer_page and '<option value="5.8">' in officer_page
    filtered = officer.get(reverse("registry:person_list"), {"dien": "5.3"})
    assert filtered.status_code == 200
    assert "Lò Văn Bé" in filtered.content.decode() and "Hà Văn Cụ" not in filtered.content.decode()


def test_the_register_export_prints_no_category(actors, child_with_hiv):
    response = client_for(actors.own_commune_chair).get(reverse("registry:person_list"), {"xuat": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any("Lò Văn Bé" in row for row in rows)
    cells = [str(cell) for row in rows for cell in row if cell is not None]
    assert not any(HIV_CODE.search(cell) or cell == "Bảo mật" for cell in cells)


@pytest.fixture
def while_doi_ngo_exists(today_is):
    """TT Đồi Ngô has payment lists until 06/2025 (then Xã Lục Nam): lists only for communes in force."""
    today_is(date(2025, 3, 15))


def test_the_payment_lines_on_the_person_page_mask_5_3(while_doi_ngo_exists, actors, child_with_hiv, lucnam):
    from ansinh.payments.actions import payroll_generate
    from ansinh.payments.models import PayrollLine

    payroll_generate(actor=actors.labour_officer, month=YearMonth.of(recent_start()), commune=lucnam.doi_ngo)
    assert PayrollLine.objects.filter(person=child_with_hiv, category_code="5.3").exists()
    url = reverse("registry:person_detail", args=[child_with_hiv.pk])
    html = client_for(actors.own_commune_chair).get(url).content.decode()
    assert "Bảo mật" in html and not HIV_CODE.search(html)
    assert re.search(r">5\.3</abbr></td>", client_for(actors.own_commune_officer).get(url).content.decode())
