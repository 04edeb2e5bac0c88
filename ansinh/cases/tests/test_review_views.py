"""The "Rà soát" page, the home page's count and the payment list's marks (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.cases import review
from ansinh.cases.models import Dossier
from ansinh.cases.review import differences_count, review_for, review_month
from ansinh.cases.review_actions import review_dossiers_open
from ansinh.cases.tests.factories import paper_entitlement, person
from ansinh.cases.tests.test_review import CASES, make
from ansinh.core.months import YearMonth

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def page(user, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse("cases:review"), params)


def test_the_commune_sees_its_differences_counted_by_reason_and_linked_to_the_person(lucnam, actors):
    someone, _entitlement = make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    response = page(actors.own_commune_officer, thang="2024-08")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đủ 80 tuổi: <strong>1</strong>" in html
    assert reverse("registry:person_detail", args=[someone.pk]) in html
    assert "Cụ Tám Mươi" in html


def test_another_commune_sees_nothing_of_yours(lucnam, actors):
    make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    html = page(actors.other_commune_officer, thang="2024-08").content.decode()
    assert "Cụ Tám Mươi" not in html
    assert review_for(actor=actors.other_commune_officer, month=YearMonth(2024, 8)).differences == []
    assert len(review_for(actor=actors.labour_officer, month=YearMonth(2024, 8)).differences) == 1


def test_gaps_are_listed_apart(lucnam, actors):
    make(CASES["5.5a off the 2024 poor list"].__class__(date(1950, 1, 1), "5.5a", "1.5", "2024-08"), lucnam, actors)
    html = page(actors.own_commune_officer, thang="2024-08").content.decode()
    assert "Thiếu thông tin, cần xác minh" in html
    assert "Sổ chưa ghi thông tin cần để xét diện" in html
    assert "Mọi chế độ đang hưởng đúng quy định của tháng." in html


def test_a_bad_month_says_so_in_vietnamese(lucnam, actors):
    html = page(actors.own_commune_officer, thang="2024-13").content.decode()
    assert "Tháng phải có dạng YYYY-MM" in html


def test_hiv_categories_are_masked_for_readers_without_the_right(lucnam, actors):
    someone = person(actors, lucnam.doi_ngo, name="Bé Bảo Mật", born=date(2015, 1, 1))
    paper_entitlement(someone, category="5.3", coefficient="2.5", start=date(2021, 7, 1))  # 2.0 from 4 years
    chair = review_for(actor=actors.district_chair, month=YearMonth(2024, 8))
    officer = review_for(actor=actors.labour_officer, month=YearMonth(2024, 8))
    assert [d.category for d in officer.differences] == ["5.3"]
    assert [d.category for d in chair.differences] == ["Bảo mật"]
    assert all("5.3" not in d.explanation and "HIV" not in d.explanation for d in chair.differences)
    assert all("5.3" not in g.category for g in chair.gaps)


def test_home_page_counts_the_differences(lucnam, actors, monkeypatch):
    from ansinh.web import views

    make(CASES["elderly poor turns 80"], lucnam, actors)
    monkeypatch.setattr(views.timezone, "localdate", lambda: date(2024, 8, 10))
    client = Client()
    client.force_login(actors.own_commune_officer)
    html = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="review-reminder"' in html
    assert "1 chế độ đang chi khác quy định tháng này" in html


def test_the_commune_opens_the_age_changes_shown_in_one_click_once(lucnam, actors):
    elderly, _ = make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    orphan, _ = make(CASES["orphan turns 16, not studying"], lucnam, actors, name="Em Mười Sáu")
    pension, _ = make(CASES["5.5c gets a pension"], lucnam, actors, name="Cụ Có Lương")
    client = Client()
    client.force_login(actors.own_commune_officer)
    html = client.get(reverse("cases:review"), {"thang": "2024-08", "ly_do": "tuoi"}).content.decode()
    assert "Cụ Tám Mươi" in html and "Em Mười Sáu" in html and "Cụ Có Lương" not in html
    assert html.count('name="chon"') == 2

    post = {"thang": "2024-08", "ly_do": "tuoi", "xa": "", "tat_ca": "1"}
    response = client.post(reverse("cases:review_correct"), post, follow=True)

    page_html = response.content.decode()
    assert "Đã lập 2 hồ sơ điều chỉnh, thôi hưởng theo rà soát; 0 dòng đã lập hồ sơ từ trước." in page_html
    assert page_html.count('data-testid="review-dossier"') == 2 and 'name="chon"' not in page_html
    opened = {d.person_id: d for d in Dossier.objects.all()}
    assert {pk: d.kind for pk, d in opened.items()} == {elderly.pk: "adjust", orphan.pk: "stop"}
    again = client.post(reverse("cases:review_correct"), post, follow=True).content.decode()
    assert "Đã lập 0 hồ sơ điều chỉnh, thôi hưởng theo rà soát; 2 dòng đã lập hồ sơ từ trước." in again
    assert Dossier.objects.count() == 2
    assert AuditEvent.objects.filter(action="cases.review_dossiers_open").count() == 2
    detail = client.get(reverse("cases:dossier_detail", args=[opened[elderly.pk].pk])).content.decode()
    assert "Lập theo rà soát định kỳ tháng 2024-08:" in detail and "Đủ 80 tuổi" in detail
    assert pension.dossiers.count() == 0


def test_the_chosen_lines_only_and_never_another_communes(lucnam, actors):
    _elderly, entitlement = make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    make(CASES["orphan turns 4"], lucnam, actors, name="Cháu Bốn Tuổi")
    other = Client()
    other.force_login(actors.other_commune_officer)
    data = {"thang": "2024-08", "chon": [entitlement.pk]}
    html = other.post(reverse("cases:review_correct"), data, follow=True).content.decode()
    assert "Hãy chọn ít nhất một dòng rà soát còn khác quy định thuộc địa bàn của mình" in html
    assert not Dossier.objects.exists()
    chair = Client()
    chair.force_login(actors.own_commune_chair)
    assert chair.post(reverse("cases:review_correct"), data).status_code == 403
    with pytest.raises(ValidationError, match="Hãy chọn ít nhất một dòng rà soát"):
        review_dossiers_open(actor=actors.own_commune_officer, month=YearMonth(2024, 8), entitlement_ids=[])
    assert not Dossier.objects.exists()

    officer = Client()
    officer.force_login(actors.own_commune_officer)
    officer.post(reverse("cases:review_correct"), data)
    (dossier,) = Dossier.objects.all()
    assert (dossier.entitlement_id, dossier.proposed_month) == (entitlement.pk, date(2024, 5, 1))
    assert dossier.review_basis["from_month"] == "2024-05"


def test_the_home_count_is_computed_once_until_the_register_changes(lucnam, actors, monkeypatch):
    make(CASES["orphan turns 4"], lucnam, actors, name="Cháu Bốn Tuổi")
    month = YearMonth(2024, 8)
    assert differences_count(actor=actors.own_commune_officer, month=month) == 1
    assert differences_count(actor=actors.other_commune_officer, month=month) == 0  # its own territory's count
    computed = []
    monkeypatch.setattr(review, "review_month", lambda *args: computed.append(args) or review_month(*args))

    assert differences_count(actor=actors.own_commune_officer, month=month) == 1
    assert computed == []  # read from the cache

    make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")  # audited register writes
    assert differences_count(actor=actors.own_commune_officer, month=month) == 2
    assert len(computed) == 1
