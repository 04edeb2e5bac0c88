"""Choosing the unit of an import row without a start month (cases:import_choose_unit): only the register's
keepers, only for a job of their area; anyone else changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansinh.cases.models import RegisterImport
from ansinh.cases.tests.conftest import workbook_bytes
from ansinh.cases.tests.test_permissions import expected
from tests.permissions import Endpoint, check_endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(actors, lucnam):
    content = workbook_bytes([["Nguyễn Văn An", "1950", "Nam", "", "07444", "", "", "", "", "", "", ""]])
    options = [{"id": lucnam.doi_ngo.pk, "name": "Đồi Ngô"}, {"id": lucnam["07444@2025"].pk, "name": "Lục Nam"}]
    return RegisterImport.objects.create(
        commune=lucnam.doi_ngo,
        file=SimpleUploadedFile("ds.xlsx", content),
        file_name="ds.xlsx",
        created_by=actors.own_commune_officer,
        status="checked",
        report={
            "rows": 1,
            "accepted": 1,
            "rejected": 0,
            "errors": [],
            "warnings": [],
            "units": [{"row": 2, "code": "07444", "options": options, "chosen": None}],
        },
    )


def test_choosing_the_unit_is_refused_outside_the_keepers(actors, job, lucnam):
    names = actors.named()
    refusals = {name: status for name, status in expected(302, 404, names).items() if status != 302}
    url = reverse("cases:import_choose_unit", args=[job.pk])
    check_endpoint(
        Endpoint("choose_unit", url, "POST", data={"row": 2, "unit": lucnam.doi_ngo.pk}),
        {n: names[n] for n in refusals},
        refusals,
    )
    job.refresh_from_db()
    assert job.unit_decisions == {}


def test_a_keeper_of_the_area_chooses_the_unit(client, actors, job, lucnam):
    client.force_login(actors.own_commune_officer)
    response = client.post(reverse("cases:import_choose_unit", args=[job.pk]), {"row": 2, "unit": lucnam.doi_ngo.pk})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.unit_decisions == {"2": lucnam.doi_ngo.pk}
