"""The import pages for every kind of actor: only the register's keepers, only in their area."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansinh.cases.models import RegisterImport
from ansinh.cases.tests.conftest import workbook_bytes
from tests.permissions import LOGIN, Endpoint, check_endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

KEEPERS = {"own_commune_officer", "labour_officer", "labour_head", "admin"}


@pytest.fixture
def job(actors, lucnam):
    content = workbook_bytes([["Nguyễn Văn An", "1950", "Nam", "", "07444", "", "", "", "", "", "", ""]])
    return RegisterImport.objects.create(
        commune=lucnam.doi_ngo,
        file=SimpleUploadedFile("ds.xlsx", content),
        file_name="ds.xlsx",
        created_by=actors.own_commune_officer,
        status="checked",
        report={"rows": 1, "accepted": 1, "rejected": 0, "errors": [], "warnings": []},
    )


def expected(in_area: int | str, elsewhere: int | str, names) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for name in names:
        if name == "anonymous":
            continue
        if name in KEEPERS:
            result[name] = in_area
        elif name == "other_commune_officer":
            result[name] = elsewhere
        else:
            result[name] = 403
    return result


def test_import_pages(actors, job):
    names = actors.named()
    for endpoint in (
        Endpoint("start", reverse("cases:import_start")),
        Endpoint("template", reverse("cases:import_template")),
    ):
        check_endpoint(endpoint, names, expected(200, 200, names))
    check_endpoint(Endpoint("detail", reverse("cases:import_detail", args=[job.pk])), names, expected(200, 404, names))


def test_confirming_an_import_is_refused_outside_the_keepers(actors, job):
    names = actors.named()
    refusals = {name: status for name, status in expected(302, 404, names).items() if status != 302}
    check_endpoint(
        Endpoint("confirm", reverse("cases:import_confirm", args=[job.pk]), "POST"),
        {n: names[n] for n in refusals},
        refusals,
    )
    job.refresh_from_db()
    assert job.status == "checked"


def test_deciding_duplicates_and_retrying_are_refused_outside_the_keepers(actors, job):
    names = actors.named()
    refusals = {name: status for name, status in expected(302, 404, names).items() if status != 302}
    for name, url in (
        ("decide", reverse("cases:import_decide", args=[job.pk])),
        ("decide_all", reverse("cases:import_decide_all", args=[job.pk])),
        ("retry", reverse("cases:import_retry", args=[job.pk])),
    ):
        check_endpoint(Endpoint(name, url, "POST"), {n: names[n] for n in refusals}, refusals)
