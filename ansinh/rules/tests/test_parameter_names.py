"""The policy page names every parameter in Vietnamese (issue 16): no key such as
`standard_rate.national` or `deadline.move_commune` is shown as text."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.rules.models import Parameter
from ansinh.rules.parameters import KNOWN, parameter_name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_stored_parameter_has_a_name():
    stored = set(Parameter.objects.values_list("key", flat=True))

    assert {"deadline.move_commune", "deadline.move_labour", "deadline.move_labour_external"} <= stored
    assert [key for key in sorted(stored) if parameter_name(key) == key] == []


def test_the_policy_page_shows_names_not_keys(actors):
    client = Client()
    client.force_login(actors.labour_officer)

    text = visible_text(client.get(reverse("rules:parameter_list")).content.decode())

    keys = set(Parameter.objects.values_list("key", flat=True)) | set(KNOWN)
    assert [key for key in sorted(keys) if key in text] == []
    assert KNOWN["deadline.move_labour_external"].name in text
