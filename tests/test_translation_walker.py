"""The translation walker (issue 16): every template, every model choice list and field label and
every form label read as Vietnamese words; none shows an internal key (`full_name`, `state`,
`standard_rate.national`, `cases.proposal_sign`) or a raw field name. The walker reads sources, so it
needs no catalogue (the Vietnamese text is the source language)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.db import models
from django.test import override_settings
from django.utils import translation

import ansinh
from tests import translation_walk as walk


def _import_forms() -> None:
    for module in pkgutil.iter_modules(ansinh.__path__):
        for name in ("forms", "views"):
            try:
                importlib.import_module(f"ansinh.{module.name}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"ansinh.{module.name}.{name}":
                    raise


def test_every_template_shows_words_not_keys():
    assert [str(finding) for finding in walk.all_template_findings()] == []


def test_every_choice_list_and_field_label_is_words():
    with override_settings(LOCALE_PATHS=[]), translation.override("vi"):
        assert [str(finding) for finding in walk.model_findings()] == []


@pytest.mark.django_db
def test_every_form_label_is_words():
    _import_forms()
    assert len(list(walk.form_classes())) > 20  # the walker reaches the forms
    with override_settings(LOCALE_PATHS=[]), translation.override("vi"):
        assert [str(finding) for finding in walk.all_form_findings()] == []


SEEDED_TEMPLATE = """{% load i18n %}
<h1>{% translate "Hồ sơ" %}</h1>
<p>full_name</p>
<p>{% translate "standard_rate.national" %}</p>
<span title="cases.proposal_sign">{{ event.action_label }}</span>
<td>{{ field.name }}</td>
<td>{{ parameter.key }}</td>
<td>{{ parameter.key|parameter_label }}</td>
<a href="/x/ho-so.pdf" data-testid="row_actions">ho-so.xlsx</a>
<style>table.grid td.sign { border: 0 }</style>
{% comment %}state_name in a comment{% endcomment %}
<p>Người khuyết tật nặng, đặc biệt nặng · 5.6</p>
"""


def test_the_walker_finds_keys_seeded_in_a_template():
    found = [finding.text for finding in walk.template_findings("seeded.html", SEEDED_TEMPLATE)]

    assert sorted(found) == sorted(
        ["full_name", "standard_rate.national", "cases.proposal_sign", "{{ field.name }}", "{{ parameter.key }}"]
    )


def test_the_walker_finds_a_seeded_untranslated_choice_and_field_label():
    class Seeded(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        UNDER_REVIEW = "under_review", "under_review"

    found = walk.choice_findings("seeded", Seeded.choices)

    assert [finding.text for finding in found] == ["under_review"]
    assert walk.is_auto_label("full_name", "Full name") and not walk.is_auto_label("full_name", "Họ và tên")


def test_the_walker_finds_a_seeded_form_without_labels():
    class Seeded(forms.Form):
        full_name = forms.CharField()
        state = forms.CharField(label="state_code")
        note = forms.CharField(label="Ghi chú")
        kind = forms.ChoiceField(label="Loại", choices=[("grant", "Hưởng"), ("move_out", "move_out")])
        hidden = forms.CharField(widget=forms.HiddenInput)

    found = sorted(finding.where.rsplit(".", 1)[-1] + ":" + finding.text for finding in walk.form_findings(Seeded))

    assert found == ["full_name:full_name", "kind:move_out", "state:state_code"]
