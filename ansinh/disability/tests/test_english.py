"""The disability pages built in Python (titles, buttons, intros, messages) follow the chosen
language: a reviewer who switched to English reads them in English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def english_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_council_form_pages_speak_english(actors, council):
    client = english_client(actors.own_council_officer)

    create = client.get(reverse("disability:council_create")).content.decode()
    add = client.get(reverse("disability:member_add", args=[council.pk])).content.decode()

    assert "Establish or reorganise the Council – " in create and ">Save</button>" in create
    assert "The Council&#x27;s term follows the term of the Commune People&#x27;s Committee" in create
    assert "Thành lập, kiện toàn Hội đồng" not in create and ">Lưu</button>" not in create
    assert "Add a Council member" in add and ">Add</button>" in add
    assert "Replaces member (if replacing someone)" in add
    assert "Thêm thành viên Hội đồng" not in add and ">Thêm</button>" not in add


def test_revoking_a_certificate_speaks_english(actors, flow, make_person):
    certificate = flow.issue(flow.to_posting(make_person()))
    client = english_client(actors.own_commune_chair)

    page = client.get(reverse("disability:certificate_revoke", args=[certificate.pk])).content.decode()

    assert f"Revoke certificate No. {certificate.number}" in page and ">Revoke</button>" in page
    assert "Thu hồi giấy xác nhận số" not in page and ">Thu hồi</button>" not in page


def test_the_success_message_speaks_english(actors, council):
    member = council.members.first()
    client = english_client(actors.own_council_officer)

    response = client.post(
        reverse("disability:member_training", args=[member.pk]),
        {"trained_on": "16/03/2026", "material": "Tài liệu tập huấn"},  # dd/mm/yyyy in English too
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain and "Training recorded." in page
    assert "Đã ghi nhận tập huấn." not in page
    assert "16/03/2026" in client.get(reverse("disability:council_detail", args=[council.pk])).content.decode()
