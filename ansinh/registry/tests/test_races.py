"""Two requests that both pass the duplicate check (a double click, two officers at once): the
unique constraint refuses the second write and the form comes back with the same message as a
plain duplicate, never an HTTP 500. The race is made deterministic by letting the first check
miss the row the other request committed."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.registry import actions
from ansinh.registry.models import HouseholdMember, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

CCCD = "024050001234"


def blind_first_check(monkeypatch, name, blind):
    """The action's first call of `name` misses the rival row (it committed just after); the
    recheck after the clash runs the real check."""
    original = getattr(actions, name)
    calls = []

    def check(*args, **kwargs):
        calls.append(args)
        return blind(*args, **kwargs) if len(calls) == 1 else original(*args, **kwargs)

    monkeypatch.setattr(actions, name, check)
    return calls


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_with_a_citizen_id_just_taken_gets_the_duplicate_message(actors, lucnam, make_person, monkeypatch):
    make_person(citizen_id=CCCD)
    calls = blind_first_check(monkeypatch, "_check_unique_id", lambda *args, **kwargs: None)

    response = client_for(actors.own_commune_officer).post(
        reverse("registry:person_create"),
        {
            "full_name": "Trần Văn Bình",
            "birth": "05/05/1950",
            "sex": "male",
            "ethnicity": "01",
            "citizen_id": CCCD,
            "commune": lucnam.doi_ngo.pk,
        },
    )

    assert response.status_code == 200
    assert f"Số CCCD {CCCD} đã có trong sổ: Nguyễn Văn An, sinh 05/05/1950." in response.content.decode()
    assert len(calls) == 2
    assert Person.objects.filter(citizen_id=CCCD).count() == 1
    assert not Person.objects.filter(full_name="Trần Văn Bình").exists()


def test_a_correction_to_a_citizen_id_just_taken_gets_the_duplicate_message(actors, make_person, monkeypatch):
    make_person(citizen_id=CCCD)
    other = make_person(name="Trần Văn Bình")
    blind_first_check(monkeypatch, "_check_unique_id", lambda *args, **kwargs: None)

    response = client_for(actors.own_commune_officer).post(
        reverse("registry:person_edit", args=[other.pk]),
        {
            "full_name": "Trần Văn Bình",
            "birth": "05/05/1950",
            "sex": "male",
            "ethnicity": "01",
            "citizen_id": CCCD,
            "reason": "bổ sung CCCD",
        },
    )

    assert response.status_code == 200
    assert f"Số CCCD {CCCD} đã có trong sổ: Nguyễn Văn An" in response.content.decode()
    other.refresh_from_db()
    assert other.citizen_id is None


def test_joining_a_household_twice_at_once_gets_the_already_member_message(actors, make_person, monkeypatch):
    head = make_person(name="Trần Văn Hộ", citizen_id=CCCD)
    mother = make_person(name="Lê Thị Mẹ", sex="female", born=date(1930, 1, 1))
    actions.household_member_add(
        actor=actors.own_commune_officer,
        person=head,
        head=None,
        relationship="head",
        joined_on=date(2020, 1, 1),
        source="Sổ",
    )
    join = {"head": CCCD, "relationship": "parent", "joined_on": "01/01/2020", "source": "Sổ hộ khẩu"}
    client = client_for(actors.own_commune_officer)
    assert client.post(reverse("registry:person_household", args=[mother.pk]), join).status_code == 302
    blind_first_check(monkeypatch, "_check_not_member", lambda *args, **kwargs: None)

    response = client.post(reverse("registry:person_household", args=[mother.pk]), join)

    assert response.status_code == 400
    assert "Người này đã ở trong hộ đó." in response.content.decode()
    assert HouseholdMember.objects.filter(person=mother).count() == 1
