"""Disability certificates (Mẫu 06; Luật NKT 51/2010 Art 19; TT 01/2019/TT-BLĐTBXH Arts 6-9): numbered per
commune and year, issued by the commune chair on the posted conclusion, the Medical Assessment Council's
outcome or the certificate replaced, recorded as the person's disability fact, and revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor
from ansinh.disability.action_checks import not_future, require_sign, required_text
from ansinh.disability.allowance_dossiers import dossier_needed, open_dossier_if_allowed, open_entitlement
from ansinh.disability.models import (
    ASSESSED_KINDS,
    Assessment,
    Certificate,
    CertificateSequence,
    CertificateStatus,
    ComplaintStatus,
    ConclusionPosting,
    MedicalEscalation,
    Outcome,
    PostingStatus,
    Request,
    RequestKind,
    RequestStatus,
)
from ansinh.registry.models import FactKind, Person, PersonFact


def next_certificate_number(commune_id: int, year: int) -> tuple[int, str]:
    """The next number of a commune's year, "0001/2026/GXNKT": the counter row is locked, so two
    certificates issued at the same time never share a number. Call inside a transaction."""
    sequence = CertificateSequence.objects.select_for_update().filter(commune_id=commune_id, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                CertificateSequence.objects.create(commune_id=commune_id, year=year, last=0)
        except IntegrityError:
            pass  # created by a concurrent issue: lock theirs
        sequence = CertificateSequence.objects.select_for_update().get(commune_id=commune_id, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"{sequence.last:04d}/{year}/GXNKT"


@dataclass(frozen=True)
class CertificateBasis:
    level: str
    types: list[str]
    assessment: Assessment | None
    escalation: MedicalEscalation | None


def _basis(request: Request) -> CertificateBasis:
    """What the certificate states: the council's posted conclusion, the Medical Assessment
    Council's outcome, or (exchange, re-issue) the certificate being replaced."""
    if request.status == RequestStatus.ESCALATED:
        escalation = request.escalations.order_by("-sent_on", "-pk").first()
        if escalation is None or escalation.outcome != Outcome.DISABLED:
            raise ValidationError({"request": "Chưa có kết luận của Hội đồng Giám định y khoa."})
        return CertificateBasis(escalation.outcome_level, list(escalation.outcome_types), None, escalation)
    if request.kind in ASSESSED_KINDS:
        if request.status != RequestStatus.POSTED:
            raise ValidationError(
                {"request": f"Đơn đang ở trạng thái “{request.get_status_display()}”: chưa thể cấp giấy."}
            )
        posting = (
            ConclusionPosting.objects.select_related("assessment")
            .filter(assessment__request=request, status=PostingStatus.POSTED)
            .first()
        )
        if posting is None or posting.assessment.outcome != Outcome.DISABLED:
            raise ValidationError({"request": "Kết luận có khuyết tật của Hội đồng chưa được niêm yết."})
        if posting.complaints.filter(status=ComplaintStatus.OPEN).exists():
            raise ValidationError({"request": "Còn khiếu nại về kết luận chưa được trả lời."})
        assessment = posting.assessment
        return CertificateBasis(assessment.concluded_level, list(assessment.concluded_types), assessment, None)
    previous = request.previous_certificate
    if previous is None or previous.status != CertificateStatus.VALID:
        raise ValidationError({"request": "Giấy xác nhận cần cấp đổi, cấp lại không còn giá trị."})
    return CertificateBasis(previous.level, list(previous.types), None, None)


def certificate_issue(*, actor: Actor, request: Request, issued_on: date, signer_name: str = "") -> Certificate:
    """Issue the certificate of a request, signed by the commune chairman.

    - The replaced certificate becomes exchanged, re-issued or replaced (re-determination).
    - The person's disability fact (level, types, certificate number and date) is recorded.
    - A new or changed level prepares the allowance dossier of category 5.6 with the certificate's
      month as the effective month (NĐ 20/2021 Art 8: the allowance of a disabled person starts
      from the month the certificate was issued): a grant when there is no open 5.6
      entitlement, an adjustment when the level changed, a stop (no longer eligible) when the
      level became mild.
    """
    require_sign(actor, request.commune_id)
    not_future(issued_on, "issued_on")
    signer = signer_name.strip() or getattr(actor, "full_name", "") or ""
    with transaction.atomic():
        locked = Request.objects.select_for_update().select_related("person").get(pk=request.pk)
        if locked.status == RequestStatus.CERTIFIED:
            raise ValidationError({"request": "Đã cấp giấy xác nhận cho đơn này. Không có gì thay đổi."})
        basis = _basis(locked)
        if issued_on < locked.received_on:
            raise ValidationError({"issued_on": f"Phải từ ngày nhận đơn ({locked.received_on:%d/%m/%Y})."})
        person = locked.person
        previous = Certificate.objects.select_for_update().filter(person=person, status=CertificateStatus.VALID).first()
        previous_level = previous.level if previous is not None else _fact_level(person)
        if previous is not None:
            previous.status = {
                RequestKind.EXCHANGE: CertificateStatus.EXCHANGED,
                RequestKind.REISSUE: CertificateStatus.REISSUED,
            }.get(RequestKind(locked.kind), CertificateStatus.REPLACED)
            previous.save(update_fields=["status"])
        sequence, number = next_certificate_number(locked.commune_id, issued_on.year)
        certificate = Certificate.objects.create(
            number=number,
            year=issued_on.year,
            sequence=sequence,
            commune_id=locked.commune_id,
            person=person,
            request=locked,
            assessment=basis.assessment,
            escalation=basis.escalation,
            level=basis.level,
            types=basis.types,
            issued_on=issued_on,
            signer_name=signer,
            replaces=previous,
            created_by_id=actor.pk,
        )
        _record_fact(actor, person, certificate)
        ConclusionPosting.objects.filter(assessment__request=locked, status=PostingStatus.POSTED).update(
            status=PostingStatus.CLOSED, closed_on=issued_on
        )
        locked.status, locked.closed_on = RequestStatus.CERTIFIED, issued_on
        locked.save(update_fields=["status", "closed_on"])
        if locked.kind in ASSESSED_KINDS or basis.escalation is not None:
            certificate.dossier_kind = dossier_needed(person, previous_level, certificate.level)
            certificate.save(update_fields=["dossier_kind"])
            open_dossier_if_allowed(actor, certificate)
        record_event(
            actor=actor,
            action="disability.certificate_issue",
            obj=certificate,
            after={
                **snapshot(certificate, ["number", "person", "level", "types", "issued_on", "signer_name"]),
                "replaces": previous.number if previous else None,
                "dossier_kind": certificate.dossier_kind,
                "dossier": certificate.dossier_id,
            },
            territory_id=certificate.commune_id,
        )
    return certificate


def certificate_revoke(*, actor: Actor, certificate: Certificate, revoked_on: date, reason: str) -> Certificate:
    """Revoke a certificate (e.g. issued on false information): the disability fact ends and an
    open 5.6 allowance is proposed for stopping."""
    require_sign(actor, certificate.commune_id)
    why = required_text(reason, "reason", "Hãy ghi lý do thu hồi.")
    not_future(revoked_on, "revoked_on")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != CertificateStatus.VALID:
            raise ValidationError({"reason": "Giấy xác nhận không còn giá trị. Không có gì thay đổi."})
        if revoked_on < locked.issued_on:
            raise ValidationError({"revoked_on": f"Phải từ ngày cấp ({locked.issued_on:%d/%m/%Y})."})
        revoke_certificate(actor, locked, revoked_on, why)
    return locked


def revoke_certificate(actor: Actor, certificate: Certificate, revoked_on: date, reason: str) -> None:
    certificate.status, certificate.revoked_on, certificate.revoke_reason = (
        CertificateStatus.REVOKED,
        revoked_on,
        reason,
    )
    certificate.save(update_fields=["status", "revoked_on", "revoke_reason"])
    PersonFact.objects.filter(person=certificate.person, kind=FactKind.DISABILITY, effective_to__isnull=True).update(
        effective_to=revoked_on
    )
    certificate.dossier_kind = "stop" if open_entitlement(certificate.person) is not None else ""
    certificate.dossier = None
    certificate.save(update_fields=["dossier_kind", "dossier"])
    open_dossier_if_allowed(actor, certificate)
    record_event(
        actor=actor,
        action="disability.certificate_revoke",
        obj=certificate,
        after={
            "status": certificate.status,
            "revoked_on": revoked_on.isoformat(),
            "dossier_kind": certificate.dossier_kind,
            "dossier": certificate.dossier_id,
        },
        reason=reason,
        territory_id=certificate.commune_id,
    )


def _fact_level(person: Person) -> str:
    fact = person.facts.filter(kind=FactKind.DISABILITY, effective_to__isnull=True).first()
    return str((fact.value or {}).get("level", "")) if fact is not None else ""


def _record_fact(actor: Actor, person: Person, certificate: Certificate) -> PersonFact:
    """The register's dated disability fact from the certificate (as registry.fact_add does: the
    open fact ends the day before; a fact of the same day is corrected). Written here because the
    commune chairman who signs may not edit the register."""
    value = {
        "level": certificate.level,
        "types": list(certificate.types),
        "certificate_number": certificate.number,
        "certificate_date": certificate.issued_on.isoformat(),
    }
    source = f"Giấy xác nhận khuyết tật số {certificate.number} ngày {certificate.issued_on:%d/%m/%Y}"
    open_facts = PersonFact.objects.select_for_update().filter(
        person=person, kind=FactKind.DISABILITY, effective_to__isnull=True
    )
    fact = open_facts.filter(effective_from__gte=certificate.issued_on).first()
    if fact is not None:
        fact.value, fact.source, fact.effective_from = value, source, certificate.issued_on
        fact.save(update_fields=["value", "source", "effective_from"])
    else:
        open_facts.update(effective_to=certificate.issued_on - timedelta(days=1))
        fact = PersonFact.objects.create(
            person=person, kind=FactKind.DISABILITY, value=value, effective_from=certificate.issued_on, source=source
        )
    record_event(
        actor=actor,
        action="registry.fact_add",
        obj=person,
        after={"kind": FactKind.DISABILITY, "effective_from": certificate.issued_on.isoformat(), "value": value},
        reason=source,
        territory_id=person.commune_id,
    )
    return fact
