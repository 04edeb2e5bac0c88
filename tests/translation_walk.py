"""The translation walker (issue 16): what a user reads must be Vietnamese words, never an internal
key. It reads sources only (templates as text, choice lists and form labels from the classes), so it
needs no compiled catalogue, English or Vietnamese.

An untranslated key is a word shaped like an identifier: snake_case (`full_name`), dotted
(`standard_rate.national`), or an action code (`cases.proposal_sign`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.apps import apps
from django.db import models
from django.utils.encoding import force_str

ROOT = Path(__file__).resolve().parent.parent
IDENTIFIER = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9]*(?:[_.][a-z0-9]+)*(?:_[a-z0-9]+|\.[a-z_][a-z0-9_]*)(?![\w/@-])")
_FILE_LIKE = re.compile(r"\.(?:xlsx|pdf|docx|csv|json|html|py|txt|png|jpg|sqlite3|mo|po|js|css)$")
_DROPPED = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
]
_TRANSLATED = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1""", re.S)
_BLOCK = re.compile(r"\{%\s*blocktrans(?:late)?\b.*?%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S)
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_HTML = re.compile(r"<[^>]*>", re.S)
_SHOWN_ATTRIBUTES = re.compile(r"""\b(?:title|placeholder|aria-label|alt)=(["'])(.*?)\1""", re.S)


@dataclass(frozen=True)
class Finding:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


_CSS_ELEMENTS = {"table", "td", "th", "tr", "dl", "dt", "dd", "div", "span", "p", "ul", "ol", "li", "h1", "h2", "h3"}


def keys_in(text: str) -> list[str]:
    """The identifier-shaped words of a text a user reads (file names and CSS selectors of a print
    template's stylesheet excepted)."""
    return [
        word
        for word in IDENTIFIER.findall(text)
        if not _FILE_LIKE.search(word) and word.split(".")[0] not in _CSS_ELEMENTS
    ]


def visible_texts(source: str) -> Iterator[str]:
    """What a template shows as written: its text between tags, its translated strings and the
    attributes a user reads (title, placeholder, aria-label, alt). Variables are not text."""
    for pattern in _DROPPED:
        source = pattern.sub(" ", source)
    for match in _TRANSLATED.finditer(source):
        yield match.group(2)
    for match in _BLOCK.finditer(source):
        yield _TAG.sub(" ", match.group(1))
    for match in _SHOWN_ATTRIBUTES.finditer(source):
        yield _TAG.sub(" ", match.group(2))
    yield _HTML.sub(" ", _TAG.sub(" ", _BLOCK.sub(" ", source)))


_ATTRIBUTE = re.compile(r"""[\w-]+=(["']).*?\1""", re.S)
# a variable printed as text that is a form field's name or a record's key (`{{ field.name }}`,
# `{{ parameter.key }}`): a raw field name or key on screen, unless a filter names it
_RAW_NAME = re.compile(r"\{\{\s*((?:\w+\.)*(?:field\.(?:name|html_name)|\w+\.key))\s*\}\}")


def template_findings(name: str, source: str) -> list[Finding]:
    found = [Finding(name, key) for text in visible_texts(source) for key in keys_in(text)]
    for pattern in _DROPPED:
        source = pattern.sub(" ", source)
    without_attributes = _HTML.sub(lambda tag: _ATTRIBUTE.sub(" ", tag.group(0)), source)
    found += [Finding(name, match.group(0)) for match in _RAW_NAME.finditer(without_attributes)]
    return found


def template_files() -> Iterator[Path]:
    yield from sorted((ROOT / "templates").rglob("*.html"))
    yield from sorted((ROOT / "ansinh").glob("*/templates/**/*.html"))


def all_template_findings() -> list[Finding]:
    return [
        finding
        for path in template_files()
        for finding in template_findings(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
    ]


def choice_findings(where: str, choices: Iterable[tuple[object, object]]) -> list[Finding]:
    """A choice whose label is a key, or is its stored value when that value is a key."""
    found = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group
            found += choice_findings(f"{where}[{value}]", label)
            continue
        text = force_str(label)
        if keys_in(text) or (text == str(value) and keys_in(text)):
            found.append(Finding(where, text))
    return found


def is_auto_label(name: str, label: str) -> bool:
    """Django's own label for a field nobody named: its name with spaces ("full name")."""
    return "_" in name and label.strip().lower() == name.replace("_", " ")


def model_findings() -> list[Finding]:
    """Choice lists of every project model, and the verbose_name of every field that has choices
    or is edited in a form (what a history, a filter or a form shows)."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("ansinh."):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or field.auto_created:
                continue
            where = f"{model._meta.label}.{field.name}"
            if field.choices:
                found += choice_findings(where, field.choices)
                if is_auto_label(field.name, force_str(field.verbose_name)):
                    found.append(Finding(where, force_str(field.verbose_name)))
            if keys_in(force_str(field.verbose_name)) and field.verbose_name != field.name.replace("_", " "):
                found.append(Finding(where, force_str(field.verbose_name)))
    return found


def form_classes() -> Iterator[type[forms.BaseForm]]:
    seen: set[type] = set()
    stack: list[type] = [forms.Form, forms.ModelForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            if sub.__module__.startswith("ansinh.") and "tests" not in sub.__module__:
                yield sub


def form_findings(form_class: type[forms.BaseForm]) -> list[Finding]:
    """A visible field without a label of its own (Django would show its name), or labelled with a key."""
    found = []
    for name, field in form_class.base_fields.items():
        where = f"{form_class.__module__}.{form_class.__name__}.{name}"
        if field.widget.is_hidden:
            continue
        label = force_str(field.label) if field.label is not None else None
        if label is None or is_auto_label(name, label) or keys_in(label):
            found.append(Finding(where, label or name))
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            found += choice_findings(where, field.choices)
    return found


def all_form_findings() -> list[Finding]:
    return [finding for form_class in form_classes() for finding in form_findings(form_class)]
