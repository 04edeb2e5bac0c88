"""Dossier and decision screens never tell a reader without the right to restricted facts (the
commune chair, the district vice-chair) that a person lives with HIV: categories 5.3 and 5.8
(NĐ 20/2021/NĐ-CP Điều 5 khoản 3, 8) read "Bảo mật", the HIV declaration form, certificate and
answers, and the calculator's HIV sentences are masked; the commune and labour officers see all."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.cases.models import DossierAttachment
from ansinh.cases.tests.factories import attach, elderly_poor, grant_until, open_grant, person
from ansinh.registry.actions import fact_add
from ansinh.registry.models import FactKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

# The codes as a category, not inside an amount (1.665.300 đ) or another code (15.3).
HIV_CODE = re.compile(r"(?<![\d.,])5\.[38](?!\d)")
# The word, not three letters inside a random token (a CSRF token once held "…9hivoj…").
HIV_WORD = re.compile(r"(?<![a-z0-9])hiv(?![a-z0-9])", re.IGNORECASE)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def outsiders(actors):
    return [actors.own_commune_chair, actors.district_chair]


def keepers(actors):
    return [actors.own_commune_officer, actors.labour_officer]


def with_hiv(actors, someone):
    fact_add(
        actor=actors.own_commune_officer,
        person=someone,
        kind=FactKind.HIV,
        value={"positive": True},
        effective_from=date(2020, 1, 1),
        source="Trung tâm Y tế huyện",
    )
    return someone


@pytest.fixture
def hiv_dossier(actors, lucnam):
    """A 5.8 grant on form 1b with the HIV date declared and the HIV certificate attached."""
    adult = with_hiv(actors, person(actors, lucnam.doi_ngo, name="Đinh Văn Khỏe", born=date(1985, 6, 1), sex="male"))
    dossier = open_grant(
        actors, adult, category="5.8", declaration={"poor_household": "yes", "hiv_detected_on": "2019-03-15"}
    )
    attach(actors, dossier, "hiv_certificate")
    return dossier


def test_the_hiv_dossier_page_is_masked_for_outsiders(actors, hiv_dossier):
    assert hiv_dossier.form_code == "1b"
    url = reverse("cases:dossier_detail", args=[hiv_dossier.pk])
    for reader in outsiders(actors):
        page = client_for(reader).get(url)
        assert page.status_code == 200, reader.username
        html = page.content.decode()
        assert '<span data-testid="category">Bảo mật</span>' in html
        assert not HIV_CODE.search(html), reader.username
        assert not HIV_WORD.search(html), reader.username  # form title, checklist, explanation, answers, history
        assert "Đinh Văn Khỏe" in html and "Thông tin bảo mật" in html
        assert "15/03/2019" not in html  # the sensitive answer
        assert reverse("cases:dossier_declaration_pdf", args=[hiv_dossier.pk]) not in html
    for reader in keepers(actors):
        html = client_for(reader).get(url).content.decode()
        assert '<span data-testid="category">5.8 · Người nhiễm HIV' in html, reader.username
        assert "Thời điểm phát hiện nhiễm HIV" in html and "15/03/2019" in html
        assert "Giấy tờ xác nhận nhiễm HIV" in html
        assert "Thuộc diện 5.8" in html  # the calculator's explanation
        assert reverse("cases:dossier_declaration_pdf", args=[hiv_dossier.pk]) in html


def test_the_hiv_declaration_and_certificate_are_refused_to_outsiders(actors, hiv_dossier):
    pdf = reverse("cases:dossier_declaration_pdf", args=[hiv_dossier.pk])
    certificate = reverse("cases:attachment_download", args=[DossierAttachment.objects.get(dossier=hiv_dossier).pk])
    for reader in outsiders(actors):
        client = client_for(reader)
        assert client.get(pdf).status_code == 403
        assert client.get(certificate).status_code == 403
    officer = client_for(actors.own_commune_officer)
    assert officer.get(pdf).status_code == 200
    assert officer.get(certificate).status_code == 200


def test_the_dossier_list_badge_is_masked(actors, hiv_dossier):
    for reader in outsiders(actors):
        html = client_for(reader).get(reverse("cases:dossier_list")).content.decode()
        assert "Đinh Văn Khỏe" in html and '<span class="badge text-bg-light">Bảo mật</span>' in html
        assert not HIV_CODE.search(html), reader.username
    html = client_for(actors.labour_officer).get(reverse("cases:dossier_list")).content.decode()
    assert '<span class="badge text-bg-light"><abbr title="5.8 · Người nhiễm HIV' in html


def test_an_elderly_grant_does_not_tell_that_the_person_also_meets_5_8(actors, lucnam):
    """The 5.5a dossier is not secret, but the calculator finds 5.8 too and explains it."""
    elderly = with_hiv(actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già", born=date(1940, 1, 1)))
    dossier = open_grant(actors, elderly, category="5.5a", declaration={"poor_household": True})
    url = reverse("cases:dossier_detail", args=[dossier.pk])
    officer_html = client_for(actors.own_commune_officer).get(url).content.decode()
    assert "5.8" in officer_html and "HIV" in officer_html  # the test can fail: the explanation cites 5.8
    for reader in outsiders(actors):
        html = client_for(reader).get(url).content.decode()
        assert '<span data-testid="category">5.5a · ' in html
        assert not HIV_CODE.search(html), reader.username
        assert not HIV_WORD.search(html), reader.username


def test_the_draft_decision_lists_bao_mat(actors, hiv_dossier):
    dossier = grant_until(hiv_dossier, actors, "appraise")
    url = reverse("cases:decision_detail", args=[dossier.decision_id])
    chair_html = client_for(actors.district_chair).get(url).content.decode()
    assert "Đinh Văn Khỏe" in chair_html and "<td>Bảo mật</td>" in chair_html
    assert not HIV_CODE.search(chair_html)
    assert '<td><abbr title="5.8 · Người nhiễm HIV' in client_for(actors.labour_officer).get(url).content.decode()
