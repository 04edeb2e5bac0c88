"""Fixtures every app's tests may use (loaded by the root conftest)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps

from ansinh.accounts.models import Office, RoleGrant, User
from ansinh.accounts.reference import load_reference_offices
from ansinh.core.access import Role
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.reference import load_reference_territory

PASSWORD = "Thu7-nghiem#K24"


# Per table, every data migration that fills it (each seed may run again without duplicating).
SEEDED_BY_MIGRATIONS = {
    "rules.Parameter": [
        ("ansinh.rules.migrations.0002_seed_law", "seed"),
        ("ansinh.rules.migrations.0004_social_pension_kind", "seed"),
        ("ansinh.disability.migrations.0002_seed_parameters", "seed"),
        ("ansinh.rules.migrations.0003_cremation_and_education_parameters", "seed"),
        ("ansinh.reports.migrations.0002_seed_parameters", "seed"),
        ("ansinh.cases.migrations.0005_move_deadlines", "seed"),
        ("ansinh.insurance.migrations.0002_list_deadline", "seed"),
        ("ansinh.rules.migrations.0005_authority_by_date", "seed"),
    ],
    "workdays.CalendarDay": [("ansinh.workdays.migrations.0002_days_2024_2026", "load")],
    "inspections.ChecklistItem": [("ansinh.inspections.migrations.0002_seed_factors_and_checklist", "seed")],
}


def ensure_reference_data() -> None:
    """Reference data comes from data migrations; a transactional test (a browser test anywhere in
    the suite) empties every table when it ends, so put it back when it is gone."""
    for model, seeds in SEEDED_BY_MIGRATIONS.items():
        if not apps.get_model(model).objects.exists():
            for module, function in seeds:
                getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_reference_data()


@dataclass
class LucNam:
    units: dict[str, AdministrativeUnit]

    def __getitem__(self, key: str) -> AdministrativeUnit:
        return self.units[key]

    @property
    def doi_ngo(self) -> AdministrativeUnit:
        return self.units["07444"]

    @property
    def cam_ly(self) -> AdministrativeUnit:
        return self.units["07519"]

    @property
    def district(self) -> AdministrativeUnit:
        return self.units["218"]


@pytest.fixture
def lucnam(db) -> LucNam:
    units = load_reference_territory()
    load_reference_offices(province=units["24"], district=units["218"])
    return LucNam(units)


def make_user(username: str, office_code: str | None, *roles: Role, **fields: object) -> User:
    office = Office.objects.get(code=office_code) if office_code else None
    user = User(username=username, full_name=fields.pop("full_name", f"Người dùng {username}"), office=office)
    for name, value in fields.items():
        setattr(user, name, value)
    user.set_password(PASSWORD)
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
    return user


@dataclass
class Actors:
    """One user per office and role around TT Đồi Ngô (own commune) and Cẩm Lý (another)."""

    own_commune_officer: User
    own_commune_chair: User
    own_council_officer: User
    other_commune_officer: User
    labour_officer: User
    labour_head: User
    district_chair: User
    finance_officer: User
    social_insurance_officer: User
    post_office_officer: User
    culture_officer: User
    vocational_officer: User
    province_viewer: User
    admin: User

    def named(self) -> dict[str, User | None]:
        return {"anonymous": None, **vars(self)}


@pytest.fixture
def actors(lucnam: LucNam) -> Actors:
    return Actors(
        own_commune_officer=make_user("xa.doingo", "ubnd-07444-1997", Role.OFFICER),
        own_commune_chair=make_user("xa.doingo.ct", "ubnd-07444-1997", Role.CHAIR),
        own_council_officer=make_user("hd.doingo", "hdxdmdkt-07444-1997", Role.OFFICER),
        other_commune_officer=make_user("xa.camly", "ubnd-07519-1997", Role.OFFICER),
        labour_officer=make_user("ldtbxh.canbo", "ldtbxh-218", Role.OFFICER),
        labour_head=make_user("ldtbxh.truongphong", "ldtbxh-218", Role.HEAD),
        district_chair=make_user("huyen.phochutich", "ubnd-huyen-218", Role.CHAIR),
        finance_officer=make_user("taichinh", "tckh-218", Role.OFFICER),
        social_insurance_officer=make_user("bhxh", "bhxh-218", Role.OFFICER),
        post_office_officer=make_user("buudien", "buu-dien-218", Role.OFFICER),
        culture_officer=make_user("vanhoa", "vhtt-218", Role.OFFICER),
        vocational_officer=make_user("gdnn", "gdnn-218", Role.OFFICER),
        province_viewer=make_user("so.xem", "so-ldtbxh-24", Role.VIEWER),
        admin=make_user("quantri", None, Role.ADMIN),
    )
