"""The link from a certificate to money: the 5.6 allowance dossier it calls for (NĐ 20/2021 Arts 5(6), 8):
a grant, an adjustment or a stop, effective in the certificate's month (a stop: the month after),
opened at once for a commune officer or later by `certificate_dossier_open`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event
from ansinh.cases.dossiers import dossier_open
from ansinh.cases.models import Dossier, Entitlement
from ansinh.cases.workflow import DossierState
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.disability.action_checks import require_manage
from ansinh.disability.models import Certificate
from ansinh.registry.models import DisabilityLevel, Person
from ansinh.registry.policies import PersonAction, person_policy

DISABILITY_CATEGORY = "5.6"
ELIGIBLE_LEVELS = frozenset({DisabilityLevel.ESPECIALLY_SEVERE, DisabilityLevel.SEVERE})
CLOSED_DOSSIER_STATES = frozenset({DossierState.DECIDED, DossierState.REFUSED, DossierState.CANCELLED})


def open_entitlement(person: Person) -> Entitlement | None:
    return Entitlement.objects.filter(person=person, category_code=DISABILITY_CATEGORY, end_month__isnull=True).first()


def dossier_needed(person: Person, previous_level: str, level: str) -> str:
    """Which 5.6 dossier a certificate calls for (NĐ 20/2021 Arts 5(6), 8; domain.md §5): a grant
    when the level is severe or especially severe and there is no open 5.6 entitlement, an
    adjustment when the level changed, a stop (no longer eligible) when it became mild."""
    entitlement = open_entitlement(person)
    eligible = level in ELIGIBLE_LEVELS
    if entitlement is None:
        return "grant" if eligible else ""
    if not eligible:
        return "stop"
    return "adjust" if level != previous_level else ""


def proposed_month(certificate: Certificate) -> date:
    """The effective month of the 5.6 dossier: the certificate's month for a grant or an
    adjustment (the allowance of a disabled person starts from the month the certificate was
    issued, NĐ 20/2021 Art 8); the month after the loss of eligibility for a stop."""
    if certificate.dossier_kind == "stop":
        return YearMonth.of(certificate.revoked_on or certificate.issued_on).add(1).first_day
    return YearMonth.of(certificate.issued_on).first_day


def open_dossier_if_allowed(actor: Actor, certificate: Certificate) -> None:
    """Open the dossier now when the actor may open dossiers (a commune officer); otherwise (the
    chairman who signs) it waits in `selectors.certificates_awaiting_dossier` for the commune
    officer's `certificate_dossier_open`."""
    if not certificate.dossier_kind or certificate.dossier_id is not None:
        return
    if not person_policy.can(actor, PersonAction.CHANGE, certificate.person):
        return
    certificate.dossier = _open_for(actor, certificate)
    certificate.save(update_fields=["dossier"])


def _open_for(actor: Actor, certificate: Certificate) -> Dossier:
    person = certificate.person
    kind = certificate.dossier_kind
    existing = (
        Dossier.objects.filter(person=person, kind=kind, category_code=DISABILITY_CATEGORY)
        .exclude(state__in=CLOSED_DOSSIER_STATES)
        .first()
    )
    if existing is not None:
        return existing
    if kind == "grant":
        return dossier_open(
            actor=actor,
            person=person,
            kind=kind,
            category_code=DISABILITY_CATEGORY,
            proposed_month=proposed_month(certificate),
        )
    entitlement = open_entitlement(person)
    if kind == "stop":
        return dossier_open(
            actor=actor,
            person=person,
            kind=kind,
            category_code=DISABILITY_CATEGORY,
            proposed_month=proposed_month(certificate),
            entitlement=entitlement,
            ground="not_eligible",
            ground_date=certificate.revoked_on or certificate.issued_on,
        )
    return dossier_open(
        actor=actor,
        person=person,
        kind=kind,
        category_code=DISABILITY_CATEGORY,
        proposed_month=proposed_month(certificate),
        entitlement=entitlement,
    )


def certificate_dossier_open(*, actor: Actor, certificate: Certificate) -> Dossier:
    """The commune officer opens the 5.6 dossier a certificate signed by the chairman calls for
    (grant, adjustment or stop, with its effective month). A second click changes nothing."""
    require_manage(actor, certificate.commune_id)
    require(person_policy.can(actor, PersonAction.CHANGE, certificate.person))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("person").get(pk=certificate.pk)
        if not locked.dossier_kind:
            raise ValidationError({"certificate": "Giấy xác nhận này không cần lập hồ sơ trợ cấp."})
        if locked.dossier_id is not None:
            raise ValidationError({"certificate": "Đã lập hồ sơ trợ cấp cho giấy này. Không có gì thay đổi."})
        dossier = _open_for(actor, locked)
        locked.dossier = dossier
        locked.save(update_fields=["dossier"])
        record_event(
            actor=actor,
            action="disability.certificate_dossier_open",
            obj=locked,
            after={"dossier_kind": locked.dossier_kind, "dossier": locked.dossier_id},
            territory_id=locked.commune_id,
        )
    return dossier
