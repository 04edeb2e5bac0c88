"""Checking a person's identity fields, shared by the form, the actions and the Excel import.

Every problem is reported per field with a Vietnamese message; nothing is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import models

from ansinh.core.text import text_problem
from ansinh.registry.identity import IdentityError, check_citizen_id, check_old_id, normalise_id
from ansinh.registry.models import Person, Sex

EARLIEST_BIRTH_YEAR = 1900


@dataclass
class PersonInput:
    full_name: str
    sex: str
    birth_date: date | None = None
    birth_year: int | None = None
    citizen_id: str = ""
    old_id_number: str = ""


@dataclass
class CheckedPerson:
    full_name: str
    sex: str
    birth_date: date | None
    birth_year: int
    citizen_id: str | None
    old_id_number: str
    errors: dict[str, str] = field(default_factory=dict)


def check_person(data: PersonInput, today: date) -> CheckedPerson:
    errors: dict[str, str] = {}
    full_name = " ".join(data.full_name.split())
    if not full_name:
        errors["full_name"] = "Họ và tên không được để trống."
    elif problem := text_errors({"full_name": full_name}, Person).get("full_name"):
        errors["full_name"] = problem
    elif any(char.isdigit() for char in full_name):
        errors["full_name"] = "Họ và tên không được chứa chữ số."
    if data.sex not in Sex.values:
        errors["sex"] = "Giới tính phải là Nam hoặc Nữ."

    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    if birth_year is None:
        errors["birth_date"] = "Hãy nhập ngày sinh (hoặc ít nhất năm sinh)."
        birth_year = 0
    elif data.birth_date and data.birth_date > today:
        errors["birth_date"] = f"Ngày sinh {data.birth_date:%d/%m/%Y} ở tương lai."
    elif not EARLIEST_BIRTH_YEAR <= birth_year <= today.year:
        errors["birth_date"] = f"Năm sinh {birth_year} không hợp lý."

    citizen_id = normalise_id(data.citizen_id) or None
    if citizen_id:
        try:
            check_citizen_id(
                citizen_id,
                birth_year=birth_year or None,
                female=(data.sex == Sex.FEMALE) if data.sex in Sex.values else None,
            )
        except IdentityError as error:
            errors["citizen_id"] = str(error)
    old_id = normalise_id(data.old_id_number)
    if old_id:
        try:
            check_old_id(old_id)
        except IdentityError as error:
            errors["old_id_number"] = str(error)
    return CheckedPerson(full_name, data.sex, data.birth_date, birth_year, citizen_id, old_id, errors)


def text_errors(values: Mapping[str, str], model: type[models.Model]) -> dict[str, str]:
    """For each text that will land in `model`'s field of that name, what is wrong with it: a control
    character (NUL…) or more characters than the column holds. The words are those of every form
    (core.forms.TextChecks), so the person form and the Excel import say the same thing."""
    errors: dict[str, str] = {}
    for name, text in values.items():
        problem = text_problem(text, getattr(model._meta.get_field(name), "max_length", None))
        if problem:
            errors[name] = problem
    return errors
