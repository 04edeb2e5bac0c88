"""Every rules view and endpoint, by every kind of actor (tests/permissions.py), and the
public checker and its JSON API, which need no login."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.rules.models import LegalDocument, Parameter
from tests.permissions import LOGIN, Endpoint, check_endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

LOGGED_IN = [
    "own_commune_officer",
    "own_commune_chair",
    "own_council_officer",
    "other_commune_officer",
    "labour_officer",
    "labour_head",
    "district_chair",
    "finance_officer",
    "social_insurance_officer",
    "post_office_officer",
    "culture_officer",
    "vocational_officer",
    "province_viewer",
    "admin",
]
EDITORS = {"labour_head", "admin"}


def everyone(status: int | str = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, **dict.fromkeys(LOGGED_IN, status)}


def editors(status: int | str, others: int | str = 403) -> dict[str, int | str]:
    return {"anonymous": LOGIN, **{name: status if name in EDITORS else others for name in LOGGED_IN}}


def public(status: int) -> dict[str, int | str]:
    return {"anonymous": status, **dict.fromkeys(LOGGED_IN, status)}


@pytest.fixture
def parameter():
    return Parameter.objects.get(key="standard_rate.national", valid_from=date(2026, 7, 1))


@pytest.fixture
def document():
    return LegalDocument.objects.get(number="20/2021/NĐ-CP")


def test_reading_the_rules_is_for_everyone_logged_in(actors, parameter, document):
    for endpoint in [
        Endpoint("parameter_list", reverse("rules:parameter_list")),
        Endpoint("parameter_detail", reverse("rules:parameter_detail", args=[parameter.pk])),
        Endpoint("category_list", reverse("rules:category_list")),
        Endpoint("document_list", reverse("rules:document_list")),
        Endpoint("document_detail", reverse("rules:document_detail", args=[document.pk])),
    ]:
        check_endpoint(endpoint, actors.named(), everyone())
    # No file attached to the seeded documents: 404 for everyone who may look.
    check_endpoint(
        Endpoint("document_file", reverse("rules:document_file", args=[document.pk])), actors.named(), everyone(404)
    )


def test_edit_pages_are_for_the_labour_office_head_and_administrators(actors, parameter, document):
    for endpoint in [
        Endpoint("parameter_create", reverse("rules:parameter_create")),
        Endpoint("parameter_edit", reverse("rules:parameter_edit", args=[parameter.pk])),
        Endpoint("document_create", reverse("rules:document_create")),
        Endpoint("document_edit", reverse("rules:document_edit", args=[document.pk])),
    ]:
        check_endpoint(endpoint, actors.named(), editors(200))


def _parameter_data(parameter, **changes):
    data = {
        "key": parameter.key,
        "value": "540000",
        "valid_from": "01/07/2026",
        "valid_to": "",
        "source": parameter.source_id,
        "clause": "Điều 1",
        "confidence": "confirmed",
        "note": "",
        "reason": "Đã có văn bản gốc",
        "save": "1",
    }
    return {**data, **changes}


def test_saving_a_parameter(actors, parameter):
    endpoint = Endpoint(
        "parameter_edit",
        reverse("rules:parameter_edit", args=[parameter.pk]),
        method="POST",
        data=_parameter_data(parameter),
    )
    check_endpoint(endpoint, actors.named(), editors(302))
    parameter.refresh_from_db()
    assert parameter.confidence == "confirmed"


def test_adding_a_parameter(actors, parameter):
    refused = {name: 403 for name in LOGGED_IN if name not in EDITORS}
    endpoint = Endpoint("parameter_create", reverse("rules:parameter_create"), method="POST")
    endpoint.data = _parameter_data(parameter, valid_from="01/01/2030", value="700000", close_previous="on")
    check_endpoint(
        endpoint, {name: actors.named()[name] for name in ["anonymous", *refused]}, {"anonymous": LOGIN, **refused}
    )
    for year, name in [(2030, "labour_head"), (2031, "admin")]:
        endpoint.data = _parameter_data(parameter, valid_from=f"01/01/{year}", value="700000", close_previous="on")
        check_endpoint(endpoint, {name: actors.named()[name]}, {name: 302})
    assert list(
        Parameter.objects.filter(key=parameter.key, valid_from__year__gte=2026)
        .values_list("valid_to", flat=True)
        .order_by("valid_from")
    ) == [
        date(2029, 12, 31),
        date(2030, 12, 31),
        None,
    ]


def test_previewing_writes_nothing(actors, parameter):
    data = _parameter_data(parameter, value="600000")
    del data["save"]
    data["preview"] = "1"
    endpoint = Endpoint(
        "parameter_preview", reverse("rules:parameter_edit", args=[parameter.pk]), method="POST", data=data
    )
    before = list(Parameter.objects.values())
    check_endpoint(endpoint, actors.named(), editors(200))
    assert list(Parameter.objects.values()) == before

    client = Client()
    client.force_login(actors.labour_head)
    response = client.post(reverse("rules:parameter_edit", args=[parameter.pk]), data)
    content = response.content.decode()
    assert "Từ tháng 07/2026" in content
    assert "1.080.000 đ" in content and "1.200.000 đ" in content  # 5.6 especially severe adult, 2.0


def test_an_overlap_is_shown_on_the_form(actors, parameter):
    client = Client()
    client.force_login(actors.labour_head)
    response = client.post(reverse("rules:parameter_create"), _parameter_data(parameter, valid_from="01/01/2027"))

    assert response.status_code == 400
    assert "trùng" in response.content.decode()
    assert not Parameter.objects.filter(valid_from=date(2027, 1, 1)).exists()


def test_saving_a_document(actors, document):
    data = {
        "number": document.number,
        "short_name": document.short_name,
        "document_type": document.document_type,
        "issuer": document.issuer,
        "signed_on": "15/03/2021",
        "effective_from": "01/07/2021",
        "title": document.title,
        "status": document.status,
        "confidence": "confirmed",
        "reason": "đối chiếu",
    }
    endpoint = Endpoint("document_edit", reverse("rules:document_edit", args=[document.pk]), method="POST", data=data)
    check_endpoint(endpoint, actors.named(), editors(302))
    assert AuditEvent.objects.filter(action="rules.document_update").count() == 2


def test_the_public_checker_needs_no_login(actors):
    data = {"birth_date": "05/05/1950", "month": "08/2024", "household": "none", "disability": "especially_severe"}
    check_endpoint(Endpoint("public_check", reverse("rules:public_check")), actors.named(), public(200))
    check_endpoint(
        Endpoint("public_check POST", reverse("rules:public_check"), method="POST", data=data),
        actors.named(),
        public(200),
    )
    query = {"id": "x", "month": "2024-08", "birth_date": "1950-05-05", "disability": "especially_severe"}
    check_endpoint(
        Endpoint("public_check_api", reverse("rules:public_check_api"), data=query), actors.named(), public(200)
    )


def test_the_public_checker_answers_in_plain_vietnamese(client):
    page = client.get(reverse("rules:public_check")).content.decode()
    assert "Người cần kiểm tra sinh ngày nào?" in page
    assert "Gia đình có thuộc hộ nghèo hoặc cận nghèo không?" in page

    response = client.post(
        reverse("rules:public_check"),
        {
            "birth_date": "01/01/1985",
            "month": "11/2024",
            "household": "near_poor",
            "disability": "severe",
            "single_parent": "1",
            "child_1_birth_date": "01/01/2012",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "1.250.000 đ" in content
    assert "Mẫu số 1c" in content and "Mẫu số 1đ" in content and "Giấy xác nhận khuyết tật" in content
    assert "Chủ tịch UBND xã" in content
    assert "Điều 6 khoản 2" in content


def test_the_public_checker_shows_errors_on_the_question(client):
    response = client.post(
        reverse("rules:public_check"), {"birth_date": "01/01/1985", "month": "06/2021", "household": "none"}
    )
    assert response.status_code == 400
    assert "trước 07/2021" in response.content.decode()


def test_the_json_api_returns_the_assess_output_and_more(client):
    body = {
        "id": "p11",
        "month": "2024-11",
        "birth_date": "1985-09-09",
        "household": "near_poor",
        "single_parent": True,
    }
    body |= {"disability": "severe", "children": [{"birth_date": "2012-01-01"}]}

    response = client.post(reverse("rules:public_check_api"), json.dumps(body), content_type="application/json")

    result = response.json()
    assert response.status_code == 200
    assert (result["id"], result["amount"], result["qualifying"]) == ("p11", 1250000, ["5.4", "5.6"])
    assert [line["code"] for line in result["lines"]] == ["5.4", "5.6"]
    assert result["explanation"] and result["documents"] and result["where_to_file"]


def test_the_json_api_by_query_parameters(client):
    query = {
        "month": "2024-08",
        "birth_date": "1975-03-03",
        "cares_for": json.dumps(
            [
                {
                    "kind": "household_member",
                    "category": "5.6",
                    "birth_date": "2001-01-01",
                    "disability": "especially_severe",
                }
            ]
        ),
        "pension": "false",
    }
    result = client.get(reverse("rules:public_check_api"), query).json()
    assert (result["amount"], [line["code"] for line in result["lines"]]) == (500000, ["20.2c"])
    assert any("Mẫu số 2a" in document for document in result["documents"])


@pytest.mark.parametrize(
    ("query", "prefix"),
    [
        ({"month": "2024-13", "birth_date": "1980-01-01"}, "month: "),
        ({"month": "2024-08", "birth_date": "1980-01-01", "hiv": "maybe"}, "hiv: "),
        ({"month": "2024-08", "birth_date": "1980-01-01", "children": "[{"}, "children: "),
    ],
)
def test_the_json_api_rejects_bad_input(client, query, prefix):
    response = client.get(reverse("rules:public_check_api"), query)
    assert response.status_code == 400
    assert response.json()["error"].startswith(prefix)


def test_the_json_api_rejects_a_bad_body(client):
    response = client.post(reverse("rules:public_check_api"), "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"].startswith("input: ")
