"""Numbers of an office's documents ("15/QĐ-UBND", "4/TTr-UBND"): one sequence an office, a year and a
series, locked while a signature takes its number."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ansinh.accounts.models import User
from ansinh.cases.models import DecisionSequence, DocumentSeries
from ansinh.core.access import Actor


def next_document_number(office_id: int, year: int, series: str) -> tuple[int, str]:
    """The next number of an office's documents of one kind in a year ("15/QĐ-UBND", "4/TTr-UBND");
    call inside a transaction: the sequence row is locked until it ends, so two signatures never
    share a number."""
    if not DecisionSequence.objects.filter(office_id=office_id, year=year, series=series).exists():
        try:
            with transaction.atomic():  # a savepoint: a concurrent first number of the year may win
                DecisionSequence.objects.create(office_id=office_id, year=year, series=series)
        except IntegrityError:
            pass
    sequence = DecisionSequence.objects.select_for_update().get(office_id=office_id, year=year, series=series)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, f"{sequence.last_number}/{series}-UBND"


def next_decision_number(office_id: int, year: int) -> tuple[int, str]:
    return next_document_number(office_id, year, DocumentSeries.DECISION)


def office_of(actor: Actor) -> User:
    return User.objects.select_related("office").get(pk=actor.pk)
