"""Small builders for the dossier and decision tests (issue 5)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ansinh.cases.dossiers import dossier_attach, dossier_open
from ansinh.cases.models import Decision, DecisionKind, Dossier, DossierStep, Entitlement, Posting
from ansinh.cases.postings import posting_open
from ansinh.cases.transitions import dossier_transition
from ansinh.core.tests import samples
from ansinh.registry.actions import fact_add, person_create
from ansinh.registry.models import Person
from ansinh.registry.validation import PersonInput
from ansinh.territory.selectors import province_code_of


def keeper(actors, commune):
    """Who keeps the register of `commune` in these tests: its own officer (TT Đồi Ngô, or Xã Lục Nam of
    01/07/2025 when the test swaps the officer), else the labour office (the district flow)."""
    return actors.own_commune_officer if commune.code == "07444" else actors.labour_officer


def person(actors, commune, name="Vũ Thị Già", born=date(1940, 1, 1), sex="female") -> Person:
    return person_create(
        actor=keeper(actors, commune),
        data=PersonInput(full_name=name, sex=sex, birth_date=born),
        commune=commune,
        source="Hồ sơ gốc",
    )


def elderly_poor(actors, commune, **kwargs) -> Person:
    """A 5.5a person: poor household (declared) and no supporter (register fact)."""
    someone = person(actors, commune, **kwargs)
    fact_add(
        actor=keeper(actors, commune),
        person=someone,
        kind="support",
        value={"no_supporter": True},
        effective_from=date(2020, 1, 1),
        source="Xác minh của xã",
    )
    return someone


def disabled(actors, commune, certificate_date=date(2024, 3, 12), level="severe", **kwargs) -> Person:
    someone = person(actors, commune, **kwargs)
    fact_add(
        actor=keeper(actors, commune),
        person=someone,
        kind="disability",
        value={
            "level": level,
            "types": ["motor"],
            "certificate_number": "12",
            "certificate_date": str(certificate_date),
        },
        effective_from=certificate_date,
        source="Giấy xác nhận khuyết tật",
    )
    return someone


def paper_entitlement(
    someone: Person, category="5.5a", coefficient="1.5", start=date(2024, 5, 1), number="7/QĐ-UBND"
) -> Entitlement:
    """An entitlement from a paper decision, as the register import records it."""
    decision = Decision.objects.create(
        kind=DecisionKind.GRANT,
        number=number,
        issued_on=start,
        effective_month=start,
        recorded_from_paper=True,
        commune=someone.commune,
        province_code=province_code_of(someone.commune),
    )
    return Entitlement.objects.create(
        person=someone,
        category_code=category,
        coefficient=Decimal(coefficient),
        start_month=start,
        granted_by=decision,
        commune=someone.commune,
        province_code=province_code_of(someone.commune),
    )


def upload(name="giay.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, samples.PDF, content_type="application/pdf")


PAST_POSTING_REASON = "Đã dán danh sách tại trụ sở từ ngày đó, nay mới nhập"


def past_posting_start() -> date:
    return timezone.localdate() - timedelta(days=21)


def received_earlier(dossier: Dossier, on: date) -> Dossier:
    """Date the dossier's receipt ("Tiếp nhận") back to `on`, as if received then."""
    made_at = timezone.make_aware(datetime.combine(on, time(8)))
    DossierStep.objects.filter(dossier=dossier, transition="submit").update(made_at=made_at)
    return dossier


def post_in_the_past(actor, dossiers: list[Dossier]) -> Posting:
    """A posting put up three weeks ago (its dossiers received the same day) and entered now."""
    for dossier in dossiers:
        received_earlier(dossier, past_posting_start())
    return posting_open(
        actor=actor, dossiers=dossiers, starts_on=past_posting_start(), start_reason=PAST_POSTING_REASON
    )


def grant_until(dossier: Dossier, actors, last: str) -> Dossier:
    """Move a 2024-flow grant dossier along up to and including step `last`."""
    steps = ["submit", "post", "propose", "appraise", "decide"]
    for name in steps[: steps.index(last) + 1]:
        if name == "post":
            post_in_the_past(actors.own_commune_officer, [dossier])
        else:
            actor = {
                "submit": actors.own_commune_officer,
                "propose": actors.own_commune_chair,
                "appraise": actors.labour_officer,
                "decide": actors.district_chair,
            }[name]
            dossier_transition(actor=actor, dossier=dossier, name=name)
        dossier.refresh_from_db()
    return dossier


def change_until(dossier: Dossier, actors, last: str) -> Dossier:
    """Move a 2024-flow change dossier (no posting) up to and including step `last`."""
    steps = ["submit", "propose", "appraise", "decide"]
    actor_of = {
        "submit": actors.own_commune_officer,
        "propose": actors.own_commune_chair,
        "appraise": actors.labour_officer,
        "decide": actors.district_chair,
    }
    for name in steps[: steps.index(last) + 1]:
        dossier_transition(actor=actor_of[name], dossier=dossier, name=name)
        dossier.refresh_from_db()
    return dossier


def open_grant(actors, someone: Person, category="5.5a", **kwargs) -> Dossier:
    declaration = kwargs.pop("declaration", None)
    dossier = dossier_open(
        actor=actors.own_commune_officer, person=someone, kind="grant", category_code=category, **kwargs
    )
    if declaration:
        from ansinh.cases.dossiers import dossier_declare

        dossier = dossier_declare(
            actor=actors.own_commune_officer, dossier=dossier, declaration={**dossier.declaration, **declaration}
        )
    return dossier


def attach(actors, dossier: Dossier, code: str) -> None:
    dossier_attach(actor=actors.own_commune_officer, dossier=dossier, document_code=code, upload=upload())
