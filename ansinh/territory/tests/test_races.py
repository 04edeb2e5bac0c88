"""Two officers adding the same village at once: the second gets the form's duplicate message,
not an HTTP 500 (the first check is made to miss the row the other request committed)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.territory import actions
from ansinh.territory.models import AdministrativeUnit, UnitLevel

pytestmark = pytest.mark.django_db


def test_a_village_added_twice_at_once_gets_the_duplicate_message(actors, lucnam, monkeypatch):
    actions.village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Gạo", valid_from=date(2020, 1, 1)
    )
    original, calls = actions._check_village_name, []

    def check(commune, name, exclude_pk=None):
        calls.append(name)
        return name if len(calls) == 1 else original(commune, name, exclude_pk)

    monkeypatch.setattr(actions, "_check_village_name", check)
    client = Client()
    client.force_login(actors.own_commune_officer)

    response = client.post(
        reverse("territory:village_create", args=[lucnam.doi_ngo.pk]),
        {"name": "Gạo", "unit_type": "thon", "valid_from": "01/01/2020"},
    )

    assert response.status_code == 400
    assert "đã có thôn tên “Gạo”" in response.content.decode()
    assert len(calls) == 2
    villages = AdministrativeUnit.objects.filter(parent=lucnam.doi_ngo, level=UnitLevel.VILLAGE, name="Gạo")
    assert villages.count() == 1
