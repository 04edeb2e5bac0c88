"""Forms 10a–10d and what lies behind their figures, for every kind of actor: the commune reads its
own commune, the labour office, district committee and finance office their district, the province
(viewer role) its province; the other offices nothing. Names behind a figure only for readers of the
register, and those of the HIV rows only for readers of restricted facts (tests/permissions.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.tests.conftest import beneficiary
from ansinh.reports import actions
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint, check_text_shown

pytestmark = pytest.mark.django_db

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
DISTRICT = {"labour_officer", "labour_head", "district_chair", "finance_officer", "province_viewer", "admin"}
DOI_NGO = {"own_commune_officer", "own_commune_chair"} | DISTRICT
FORM_READERS = DOI_NGO | {"other_commune_officer"}
H1_2025 = {"nam": 2025, "ky": 1}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


@pytest.fixture
def world(lucnam):
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 1))
    beneficiary(lucnam.doi_ngo, "Hoàng Thị Kín", category="5.8", coefficient="1.5", start=YearMonth(2025, 1))
    payroll_generate(actor=None, month=YearMonth(2025, 6))
    return lucnam


def test_form10a_of_a_commune(actors, world):
    unit = {**H1_2025, "don_vi": world.doi_ngo.pk}
    for name in ["reports:form10a", "reports:form10a_xlsx", "reports:form10a_pdf"]:
        expected = expect(readers=(DOI_NGO, 200), others=(EVERYONE, 403))
        check_endpoint(Endpoint(name, reverse(name), data=unit), actors.named(), expected)
    drill = {**unit, "dong": "I.5", "cot": "total"}
    expected = expect(readers=(DOI_NGO, 200), others=(EVERYONE, 403))
    check_endpoint(Endpoint("drill", reverse("reports:form10a_drilldown"), data=drill), actors.named(), expected)


def test_spending_by_type_and_commune(actors, world):
    for data in ({}, {"thang": "2025-06", "don_vi": world.district.pk}):
        readers = FORM_READERS if not data else DISTRICT
        expected = expect(readers=(readers, 200), others=(EVERYONE, 403))
        check_endpoint(Endpoint("spending", reverse("reports:spending"), data=data), actors.named(), expected)


@pytest.mark.parametrize("page", ["reports:form10a", "reports:form10b", "reports:form10c", "reports:form10d"])
def test_form_own_unit_by_default_and_units_out_of_force(actors, world, page):
    own = expect(readers=(FORM_READERS, 200), others=(EVERYONE, 403))
    check_endpoint(Endpoint("own", reverse(page), data=H1_2025), actors.named(), own)
    # the district exists until 30/06/2025: its form for the second half of 2025 does not
    after = {"nam": 2025, "ky": 2, "don_vi": world.district.pk}
    gone = expect(district=(DISTRICT, 404), others=(EVERYONE, 403))
    check_endpoint(Endpoint("after", reverse(page), data=after), actors.named(), gone)


def test_names_behind_a_figure(actors, world):
    unit = {**H1_2025, "don_vi": world.doi_ngo.pk}
    named = {"own_commune_officer", "own_commune_chair", "labour_officer", "labour_head", "district_chair", "admin"}
    readers = {name: actors.named()[name] for name in DOI_NGO}
    elderly = Endpoint("drill", reverse("reports:form10a_drilldown"), data={**unit, "dong": "I.5", "cot": "total"})
    check_text_shown(elderly, readers, re.compile("Nguyễn Văn An"), named)
    # HIV rows: counts by commune for every reader, names only for readers of restricted facts
    hiv = Endpoint("hiv", reverse("reports:form10a_drilldown"), data={**unit, "dong": "I.3", "cot": "total"})
    restricted = {"own_commune_officer", "labour_officer", "labour_head"}
    check_text_shown(hiv, readers, re.compile("Hoàng Thị Kín"), restricted)
    for name, user in readers.items():
        client = Client()
        client.force_login(user)
        page = client.get(reverse("reports:form10a_drilldown"), {**unit, "dong": "I.3", "cot": "total"})
        assert re.search(r"<td>Thị trấn Đồi Ngô</td>\s*<td class=\"text-end\">1</td>", page.content.decode()), name


@pytest.fixture
def reports(actors, lucnam):
    """Đồi Ngô: May 2025 in draft, June 2025 sent to the labour office."""
    may = actions.report_prepare(actor=actors.own_commune_officer, unit=lucnam.doi_ngo, month=YearMonth(2025, 5))
    june = actions.report_prepare(actor=actors.own_commune_officer, unit=lucnam.doi_ngo, month=YearMonth(2025, 6))
    return {"draft": may, "sent": actions.report_send(actor=actors.own_commune_officer, report=june)}


def check_refused(endpoint: Endpoint, actors, expected: dict[str, int | str], allowed: set[str]) -> None:
    """The refused actors of a write (the allowed ones are checked with check_allowed_write)."""
    refused = {name: status for name, status in expected.items() if name not in allowed}
    check_endpoint(endpoint, {name: actors.named()[name] for name in refused}, refused)


COMMUNE_SENDERS = {"own_commune_officer", "own_commune_chair"}
SEES_DRAFT = COMMUNE_SENDERS | {"labour_officer", "labour_head", "admin"}


def test_monthly_report_pages(actors, reports):
    check_endpoint(
        Endpoint("list", reverse("reports:monthly_list")),
        actors.named(),
        expect(readers=(FORM_READERS, 200), others=(EVERYONE, 403)),
    )
    prepare = Endpoint("prepare", reverse("reports:monthly_prepare"), "POST", {"thang": "2025-04"})
    preparers = COMMUNE_SENDERS | {"other_commune_officer", "labour_officer", "labour_head"}
    check_refused(prepare, actors, expect(preparers=(preparers, 302), others=(EVERYONE, 403)), preparers)
    check_allowed_write(prepare, "own_commune_officer", actors.own_commune_officer)
    check_allowed_write(prepare, "labour_officer", actors.labour_officer)
    sent = reports["sent"]
    check_endpoint(
        Endpoint("detail", reverse("reports:monthly_detail", args=[sent.pk])),
        actors.named(),
        expect(readers=(DOI_NGO, 200), others=(EVERYONE, 404)),
    )
    draft = reports["draft"]
    check_endpoint(
        Endpoint("draft", reverse("reports:monthly_detail", args=[draft.pk])),
        actors.named(),
        expect(readers=(SEES_DRAFT, 200), others=(EVERYONE, 404)),
    )


def test_monthly_report_writes(actors, reports):
    draft, sent = reports["draft"], reports["sent"]
    writers = COMMUNE_SENDERS
    for name, data in (("reports:monthly_write", {"narrative": "Đã chi đủ."}), ("reports:monthly_send", {})):
        endpoint = Endpoint(name, reverse(name, args=[draft.pk]), "POST", data)
        expected = expect(writers=(writers, 302), refused=(SEES_DRAFT, 403), others=(EVERYONE, 404))
        check_refused(endpoint, actors, expected, writers)
        check_allowed_write(endpoint, "own_commune_officer", actors.own_commune_officer)
    receive = Endpoint("receive", reverse("reports:monthly_receive", args=[sent.pk]), "POST")
    receivers = {"labour_officer", "labour_head"}
    expected = expect(receivers=(receivers, 302), refused=(DOI_NGO, 403), others=(EVERYONE, 404))
    check_refused(receive, actors, expected, receivers)
    check_allowed_write(receive, "labour_officer", actors.labour_officer)
