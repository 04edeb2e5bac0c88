"""Demo dossiers for TT Đồi Ngô (issue 5): grant dossiers at each step of the 2024 district flow,
one posting running today (the public page shows it), one overdue proposal, one draft decision
waiting for the vice-chair and one signed grant. Written through the cases actions, as the demo
users. Idempotent: nothing is done when the demo people already exist.

Call after `seed_demo()` (the users, offices and territory must exist): `seed_cases_demo()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.cases.dossiers import dossier_declare, dossier_open
from ansinh.cases.models import Dossier, DossierStep
from ansinh.cases.postings import posting_close, posting_open
from ansinh.cases.transitions import dossier_transition
from ansinh.core.access import open_for
from ansinh.registry.actions import fact_add, person_create
from ansinh.registry.models import Person
from ansinh.registry.validation import PersonInput
from ansinh.territory.models import AdministrativeUnit, UnitLevel

DOI_NGO = "07444"


@dataclass(frozen=True)
class DemoApplicant:
    full_name: str
    sex: str
    birth_date: date
    last_step: str  # "" (draft), submit, post_today, post, propose, appraise, decide


APPLICANTS = (
    DemoApplicant("Nguyễn Thị Mận", "female", date(1941, 3, 8), ""),
    DemoApplicant("Trần Văn Sơn", "male", date(1938, 7, 20), "submit"),
    DemoApplicant("Lê Thị Gấm", "female", date(1939, 11, 2), "post_today"),
    DemoApplicant("Phạm Văn Tám", "male", date(1936, 2, 14), "post"),
    DemoApplicant("Vũ Văn Hải", "male", date(1937, 6, 1), "propose"),
    DemoApplicant("Hoàng Thị Na", "female", date(1937, 9, 9), "appraise"),
    DemoApplicant("Đinh Văn Lộc", "male", date(1935, 5, 5), "decide"),
)
PAST_STEPS = ("post", "propose", "appraise", "decide")


def _users() -> dict[str, User] | None:
    names = {"officer": "xa.doingo", "chair": "xa.doingo.ct", "labour": "ldtbxh.canbo", "district": "huyen.phochutich"}
    found = {user.username: user for user in User.objects.filter(username__in=names.values())}
    if len(found) != len(names):
        return None
    return {role: found[username] for role, username in names.items()}


def _applicant(officer: User, commune: AdministrativeUnit, spec: DemoApplicant) -> Dossier:
    """A 5.5a applicant (aged 80+, no one to support them, poor household declared) and their dossier."""
    village = AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE).order_by("name").first()
    person = person_create(
        actor=officer,
        data=PersonInput(full_name=spec.full_name, sex=spec.sex, birth_date=spec.birth_date),
        commune=commune,
        village=village,
        source="Hồ sơ đề nghị (dữ liệu minh họa)",
    )
    fact_add(
        actor=officer,
        person=person,
        kind="support",
        value={"no_supporter": True},
        effective_from=date(2020, 1, 1),
        source="Xác minh của xã (dữ liệu minh họa)",
    )
    dossier = dossier_open(actor=officer, person=person, kind="grant", category_code="5.5a")
    declaration = {**dossier.declaration, "poor_household": "yes", "health_insurance": "yes"}
    return dossier_declare(actor=officer, dossier=dossier, declaration=declaration)


@transaction.atomic
def seed_cases_demo() -> dict[str, int]:
    users = _users()
    commune = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=DOI_NGO).order_by("valid_from").first()
    if users is None or commune is None:
        return {"dossiers": 0}
    names = [spec.full_name for spec in APPLICANTS]
    if Person.objects.filter(full_name__in=names, commune__code=DOI_NGO).exists():  # also once moved to Xã Lục Nam
        return {"dossiers": 0}
    dossiers = {spec: _applicant(users["officer"], commune, spec) for spec in APPLICANTS}
    for spec, dossier in dossiers.items():
        if spec.last_step:
            dossier_transition(actor=users["officer"], dossier=dossier, name="submit")
    today = timezone.localdate()
    # One list pinned three weeks ago and ended; its dossiers are now late for the chair's proposal.
    past = [dossiers[spec] for spec in APPLICANTS if spec.last_step in PAST_STEPS]
    for dossier in past:  # received the day the list was pinned
        DossierStep.objects.filter(dossier=dossier, transition="submit").update(
            made_at=timezone.now() - timedelta(days=21)
        )
    posting = posting_open(
        actor=users["officer"],
        dossiers=past,
        starts_on=today - timedelta(days=21),
        start_reason="Đã dán danh sách tại trụ sở từ ngày đó, nay mới nhập",
    )
    posting_close(actor=users["officer"], posting=posting)
    # One list pinned today (the public page shows it).
    current = [dossiers[spec] for spec in APPLICANTS if spec.last_step == "post_today"]
    posting_open(actor=users["officer"], dossiers=current, starts_on=today)
    steps = (("propose", "chair"), ("appraise", "labour"), ("decide", "district"))
    for index, (name, role) in enumerate(steps):
        if not open_for(users[role]):
            break  # a district office is a read-only archive once the commune flow is in force (core.access):
            # its steps wait for the merger of 01/07/2025, which passes the dossiers to the commune flow
        later = {step for step, _role in steps[index:]}
        for spec, dossier in dossiers.items():
            if spec.last_step in later:
                dossier_transition(actor=users[role], dossier=dossier, name=name)
    return {"dossiers": len(dossiers), "postings": 2}
