"""Forms 10b, 10c and 10d and what lies behind their figures, for every kind of actor: the commune reads its own
commune, the labour office, district committee and finance office their district, the province
(viewer role) its province; the other offices nothing. Names behind a figure only for readers of the
register (tests/permissions.py). The own unit by default and the units out of force: the
parametrised test of tests/test_permission_matrix_reports.py."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import beneficiary
from ansinh.registry.models import FactKind, PersonFact
from ansinh.supports.models import EmergencyLine, EmergencyRound
from ansinh.territory.actions import village_create
from tests.permissions import Endpoint, check_endpoint, check_text_shown
from tests.test_permission_matrix_reports import DOI_NGO, EVERYONE, H1_2025, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(lucnam):
    person, _ = beneficiary(
        lucnam.doi_ngo, "Nguyễn Văn An", category="5.6", coefficient="1.5", start=YearMonth(2025, 1)
    )
    PersonFact.objects.create(
        person=person,
        kind=FactKind.DISABILITY,
        value={"level": "severe", "types": ["motor"]},
        effective_from=date(2024, 1, 1),
        source="GXN",
    )
    return lucnam


def test_form10d_of_a_commune(actors, world):
    """Pages, files and every kind of drill-down cell; a heading, an untracked row or a column the
    form does not have is no cell (404)."""
    unit = {**H1_2025, "don_vi": world.doi_ngo.pk}
    drill = reverse("reports:form10d_drilldown")
    cases = [Endpoint(name, reverse(name), data=unit) for name in ("reports:form10d", "reports:form10d_xlsx")]
    cases += [Endpoint("pdf", reverse("reports:form10d_pdf"), data=unit)]
    cases += [Endpoint(row, drill, data={**unit, "dong": row, "cot": "male"}) for row in ("1.1.motor", "6", "9")]
    for endpoint in cases:
        check_endpoint(endpoint, actors.named(), expect(readers=(DOI_NGO, 200), others=(EVERYONE, 403)))
    # a heading, an untracked row or a column the form does not have: no such cell
    for bad in ({"dong": "1.1", "cot": "total"}, {"dong": "8", "cot": "total"}, {"dong": "1", "cot": "amount"}):
        missing = expect(readers=(DOI_NGO, 404), others=(EVERYONE, 403))
        check_endpoint(Endpoint("bad", drill, data={**unit, **bad}), actors.named(), missing)


def test_names_behind_a_figure(actors, world):
    unit = {**H1_2025, "don_vi": world.doi_ngo.pk}
    named = {"own_commune_officer", "own_commune_chair", "labour_officer", "labour_head", "district_chair", "admin"}
    readers = {name: actors.named()[name] for name in DOI_NGO}
    for row in ("1", "6.2.c"):  # born 1940
        drill = Endpoint("drill", reverse("reports:form10d_drilldown"), data={**unit, "dong": row, "cot": "total"})
        check_text_shown(drill, readers, re.compile("Nguyễn Văn An"), named)


@pytest.fixture
def emergency(actors, world):
    village = village_create(actor=actors.admin, commune=world.doi_ngo, name="Thôn Chản", valid_from=date(2024, 1, 1))
    storm = EmergencyRound.objects.create(
        commune=world.doi_ngo,
        name="Bão số 1",
        kind="disaster",
        occurred_on=date(2025, 3, 1),
        status="decided",
        created_by=actors.own_commune_officer,
    )
    EmergencyLine.objects.create(
        round=storm,
        village=village,
        kind="rice",
        household_head="Lò Văn Chản",
        people=4,
        rice_kg=60,
        created_by=actors.own_commune_officer,
    )
    return world


def test_form10b_of_a_commune(actors, emergency):
    unit = {**H1_2025, "don_vi": emergency.doi_ngo.pk}
    drill = reverse("reports:form10b_drilldown")
    cases = [Endpoint(name, reverse(name), data=unit) for name in ("reports:form10b", "reports:form10b_xlsx")]
    cases += [Endpoint("pdf", reverse("reports:form10b_pdf"), data=unit)]
    cases += [Endpoint(row, drill, data={**unit, "dong": row, "cot": "quantity"}) for row in ("1.1", "3.1")]
    for endpoint in cases:
        check_endpoint(endpoint, actors.named(), expect(readers=(DOI_NGO, 200), others=(EVERYONE, 403)))
    for bad in ({"dong": "1", "cot": "quantity"}, {"dong": "1.4", "cot": "quantity"}, {"dong": "1.1", "cot": "total"}):
        missing = expect(readers=(DOI_NGO, 404), others=(EVERYONE, 403))
        check_endpoint(Endpoint("bad", drill, data={**unit, **bad}), actors.named(), missing)
    named = {"own_commune_officer", "own_commune_chair", "labour_officer", "labour_head", "district_chair", "admin"}
    readers = {name: actors.named()[name] for name in DOI_NGO}
    rice = Endpoint("rice", drill, data={**unit, "dong": "2.2", "cot": "quantity"})
    check_text_shown(rice, readers, re.compile("Lò Văn Chản"), named)


def test_form10c_of_a_commune_and_hiv_names(actors, world):
    beneficiary(world.doi_ngo, "Hoàng Thị Kín", category="5.8", coefficient="1.5", start=YearMonth(2025, 1))
    unit = {**H1_2025, "don_vi": world.doi_ngo.pk}
    drill = reverse("reports:form10c_drilldown")
    cases = [Endpoint(name, reverse(name), data=unit) for name in ("reports:form10c", "reports:form10c_xlsx")]
    cases += [Endpoint("pdf", reverse("reports:form10c_pdf"), data=unit)]
    cases += [Endpoint(row, drill, data={**unit, "dong": row, "cot": "female"}) for row in ("1", "7.4")]
    for endpoint in cases:
        check_endpoint(endpoint, actors.named(), expect(readers=(DOI_NGO, 200), others=(EVERYONE, 403)))
    missing = expect(readers=(DOI_NGO, 404), others=(EVERYONE, 403))
    check_endpoint(Endpoint("bad", drill, data={**unit, "dong": "26", "cot": "total"}), actors.named(), missing)
    readers = {name: actors.named()[name] for name in DOI_NGO}
    named = {"own_commune_officer", "own_commune_chair", "labour_officer", "labour_head", "district_chair", "admin"}
    elderly = Endpoint("elderly", drill, data={**unit, "dong": "7.3", "cot": "total"})
    check_text_shown(elderly, readers, re.compile("Nguyễn Văn An"), named)
    # rows 7 and 7.4 count the HIV categories: names only for readers of restricted facts
    restricted = {"own_commune_officer", "labour_officer", "labour_head"}
    for row in ("7", "7.4"):
        hiv = Endpoint("hiv", drill, data={**unit, "dong": row, "cot": "total"})
        check_text_shown(hiv, readers, re.compile("Hoàng Thị Kín"), restricted)


def test_bhyt_premiums_beside_the_spending(actors, world):
    """Premium totals for the premium readers (labour, finance) and the province, read only."""
    page = Endpoint("spending", reverse("reports:spending"), data={"thang": "2025-06", "don_vi": world.district.pk})
    district = {"labour_officer", "labour_head", "district_chair", "finance_officer", "province_viewer", "admin"}
    readers = {name: actors.named()[name] for name in district}
    shown = {"labour_officer", "labour_head", "finance_officer", "province_viewer", "admin"}
    check_text_shown(page, readers, re.compile("Đóng bảo hiểm y tế cho đối tượng"), shown)
