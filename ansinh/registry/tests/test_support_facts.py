"""The two support conditions told apart (issue 14): a child without means of support (5.1) and an
elderly person with no one obliged to support them (5.5a); the form, the person page and the data
migration of the facts recorded before."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from ansinh.registry.forms import FactForm
from ansinh.registry.models import FactKind, PersonFact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

migration = importlib.import_module("ansinh.registry.migrations.0006_support_situations")


def support_fact(someone, value, since):
    return PersonFact.objects.create(
        person=someone, kind=FactKind.SUPPORT, value=value, effective_from=since, source="Sổ cũ"
    )


def test_the_person_page_shows_no_supporter_as_no_one_to_support_them(make_person, actors):
    elderly = make_person(born=date(1938, 5, 10))
    support_fact(elderly, {"no_supporter": True}, date(2020, 1, 1))
    client = Client()
    client.force_login(actors.labour_officer)

    text = client.get(reverse("registry:person_detail", args=[elderly.pk])).content.decode()

    assert "<td>Không có người có nghĩa vụ và quyền phụng dưỡng</td>" in text
    assert "<td>Có người nuôi dưỡng</td>" not in text


def test_each_support_value_is_described_for_what_it_is(make_person):
    someone = make_person()
    described = {
        key: PersonFact(person=someone, kind=FactKind.SUPPORT, value=value).describe()
        for key, value in {
            "orphan": {"without_support": True},
            "elderly": {"no_supporter": True},
            "elderly_supported": {"no_supporter": False},
            "child_supported": {"without_support": False},
        }.items()
    }
    assert described == {
        "orphan": "Không có nguồn nuôi dưỡng (trẻ em mồ côi, bị bỏ rơi, cha mẹ mất tích hoặc đang chấp hành án)",
        "elderly": "Không có người có nghĩa vụ và quyền phụng dưỡng",
        "elderly_supported": "Có người phụng dưỡng",
        "child_supported": "Có người nuôi dưỡng",
    }


@pytest.mark.parametrize(
    ("situation", "value"),
    [
        ("without_support", {"without_support": True}),
        ("no_supporter", {"no_supporter": True}),
        ("supported", {"without_support": False, "no_supporter": False}),
    ],
)
def test_the_fact_form_stores_the_chosen_situation(situation, value):
    form = FactForm(data={"kind": "support", "effective_from": "01/01/2024", "support": situation, "source": "Xã"})
    assert form.is_valid(), form.errors
    assert form.fact_value() == value


def test_the_fact_form_asks_which_situation():
    form = FactForm(data={"kind": "support", "effective_from": "01/01/2024", "source": "Xã"})
    assert form.is_valid()
    with pytest.raises(Exception, match="Hãy chọn hoàn cảnh nuôi dưỡng, phụng dưỡng"):
        form.fact_value()


def test_the_migration_files_each_support_fact_under_the_condition_of_the_persons_age(make_person):
    elderly = make_person(name="Người Già", born=date(1944, 5, 1))
    orphan = make_person(name="Trẻ Mồ Côi", born=date(2015, 3, 1))
    turned_sixty = make_person(name="Vừa Sáu Mươi", born=date(1964, 6, 15))
    facts = {
        "elderly_without_support": support_fact(elderly, {"without_support": True}, date(2021, 7, 1)),
        "elderly_not": support_fact(elderly, {"without_support": False}, date(2019, 1, 1)),
        "orphan_without_support": support_fact(orphan, {"without_support": True}, date(2021, 7, 1)),
        "orphan_no_supporter": support_fact(orphan, {"no_supporter": True}, date(2022, 1, 1)),
        "before_sixty": support_fact(turned_sixty, {"without_support": True}, date(2024, 6, 14)),
        "at_sixty": support_fact(turned_sixty, {"without_support": True}, date(2024, 6, 15)),
        "elderly_no_supporter": support_fact(elderly, {"no_supporter": True}, date(2023, 1, 1)),
    }

    migration.migrate_support_facts(apps, None)

    values = {name: PersonFact.objects.get(pk=fact.pk).value for name, fact in facts.items()}
    assert values == {
        "elderly_without_support": {"no_supporter": True},
        "elderly_not": {"no_supporter": False},
        "orphan_without_support": {"without_support": True},
        "orphan_no_supporter": {"without_support": True},
        "before_sixty": {"without_support": True},
        "at_sixty": {"no_supporter": True},
        "elderly_no_supporter": {"no_supporter": True},
    }
