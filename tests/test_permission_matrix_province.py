"""The province after the reform (issue 15 item 2, issue 19 item 4): the department over Bắc Giang until
30/06/2025 and the one over Bắc Ninh (24@2025) from 01/07/2025 read the overview and the payment lists of
the communes of their province, as the territory stood in the month shown; they write nothing. The office's
dated name is the administrator's. Refused requests change nothing (tests/permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.accounts.models import Office
from ansinh.core.access import OfficeKind, Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollMonth
from ansinh.payments.tests.conftest import beneficiary
from tests.fixtures import make_user
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

JUNE_2025, DECEMBER_2026 = YearMonth(2025, 6), YearMonth(2026, 12)


@pytest.fixture
def world(today_is, actors, lucnam):
    today_is(date(2026, 12, 7))
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=JUNE_2025)
    beneficiary(lucnam["07444@2025"], "Trần Thị Bình", coefficient="2.0", start=YearMonth(2025, 7))
    payroll_generate(actor=None, month=JUNE_2025)
    payroll_generate(actor=None, month=DECEMBER_2026)
    office = Office.objects.get(kind=OfficeKind.PROVINCE, territory=lucnam["24@2025"])
    named = {
        **actors.named(),
        "province_2025_officer": make_user("so.bacninh", office.code, Role.OFFICER),
        "province_2025_viewer": make_user("so.bacninh.xem", office.code, Role.VIEWER),
    }
    return {
        "actors": named,
        "office": office,
        "june": PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=JUNE_2025.first_day),
        "december": PayrollMonth.objects.get(commune=lucnam["07444@2025"], month=DECEMBER_2026.first_day),
    }


def expected(allowed: dict[str, int | str], everyone: dict[str, object], default: int | str = 403):
    return {name: (name == "anonymous" and LOGIN) or allowed.get(name, default) for name in everyone}


REGISTER_READERS = {"own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer"}
REGISTER_READERS |= {"labour_officer", "labour_head", "district_chair", "admin"}
PROVINCES = {"province_viewer", "province_2025_officer", "province_2025_viewer"}
LIST_READERS = {"own_commune_officer", "own_commune_chair", "other_commune_officer", "labour_officer"}
LIST_READERS |= {"labour_head", "district_chair", "finance_officer", "post_office_officer", "admin"} | PROVINCES


@pytest.mark.parametrize("month", ["", "2025-06", "2026-12"])
def test_the_overview_before_and_after_the_reform(world, month):
    everyone = world["actors"]
    url = reverse("web:overview") + (f"?thang={month}" if month else "")
    allowed = dict.fromkeys(REGISTER_READERS | PROVINCES, 200)
    check_endpoint(Endpoint("overview", url), everyone, expected(allowed, everyone))


def test_the_month_of_payments_and_the_lists(world):
    everyone = world["actors"]
    allowed = dict.fromkeys(LIST_READERS, 200)
    for month in ("2025-06", "2026-12"):
        url = reverse("payments:month") + f"?thang={month}"
        check_endpoint(Endpoint("payments:month", url), everyone, expected(allowed, everyone))
    # the post office sees only lists sent to it; a commune only its own (the other commune: 404)
    june = dict.fromkeys(LIST_READERS - {"post_office_officer", "other_commune_officer"}, 200)
    june |= {"post_office_officer": 404, "other_commune_officer": 404}
    check_endpoint(
        Endpoint("payments:payroll_detail", reverse("payments:payroll_detail", args=[world["june"].pk])),
        everyone,
        expected(june, everyone, default=404),
    )
    december = dict.fromkeys(LIST_READERS - {"post_office_officer"}, 200) | {"post_office_officer": 404}
    december |= {"own_commune_officer": 404, "own_commune_chair": 404, "other_commune_officer": 404}
    check_endpoint(
        Endpoint("payments:payroll_detail", reverse("payments:payroll_detail", args=[world["december"].pk])),
        everyone,
        expected(december, everyone, default=404),
    )


def test_the_province_cannot_generate_approve_or_send(world):
    everyone = world["actors"]
    provinces = {name: everyone[name] for name in PROVINCES}
    december = world["december"]
    for name, url, data in [
        ("payments:generate", reverse("payments:generate"), {"month": "12/2026"}),
        ("payments:payroll_approve", reverse("payments:payroll_approve", args=[december.pk]), {}),
        ("payments:payroll_send", reverse("payments:payroll_send", args=[december.pk]), {}),
    ]:
        check_endpoint(Endpoint(name, url, method="POST", data=data), provinces, dict.fromkeys(provinces, 403))


def test_renaming_an_office_is_the_administrators(world):
    everyone = world["actors"]
    url = reverse("accounts:office_rename", args=[world["office"].pk])
    data = {"ten-name": "Sở Nội vụ tỉnh Bắc Ninh", "ten-valid_from": "01/03/2026", "ten-source": "QĐ 12"}
    data["ten-reason"] = "Tỉnh giao nhiệm vụ"
    endpoint = Endpoint("accounts:office_rename", url, method="POST", data=data)
    others = {name: user for name, user in everyone.items() if name != "admin"}
    check_endpoint(endpoint, others, expected({}, others))
    check_allowed_write(endpoint, "admin", everyone["admin"])
