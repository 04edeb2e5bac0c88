"""Two people approving (or generating) the same list at the same moment: the second changes nothing.
Needs real row locks: PostgreSQL only (SQLite serialises writers and is skipped)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from ansinh.audit.models import AuditEvent
from ansinh.core.months import YearMonth
from ansinh.payments.actions import LineResult, payment_results_apply, payroll_approve, payroll_generate, payroll_send
from ansinh.payments.models import PayrollLine, PayrollMonth, PayrollStatus
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary

pytestmark = [
    pytest.mark.usefixtures("before_the_reform"),  # the district flow (conftest)
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
MARCH = YearMonth(2024, 3)


def in_threads(*calls):
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:  # noqa: BLE001 -- reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_concurrent_approvals_approve_once(actors, lucnam):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    payroll = PayrollMonth.objects.get()
    errors = in_threads(
        lambda: payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED),
        lambda: payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED),
    )
    assert errors == []
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.APPROVED
    assert AuditEvent.objects.filter(action="payments.payroll_approve").count() == 1


def test_two_concurrent_generations_give_one_list(actors, lucnam):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    beneficiary(lucnam.cam_ly, "Lê Văn Cường")
    errors = in_threads(
        lambda: payroll_generate(actor=actors.labour_officer, month=MARCH),
        lambda: payroll_generate(actor=actors.labour_officer, month=MARCH),
    )
    assert errors == []
    assert PayrollMonth.objects.count() == 2 and PayrollLine.objects.count() == 2


def test_two_identical_results_posted_at_once_record_once(actors, lucnam):
    """Issue 12: the lines are read under the list's and their own locks, so the second of two
    identical posts finds the result recorded and changes nothing: one write, one audit event."""
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    payroll = payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(
            actor=actors.labour_head, payroll=PayrollMonth.objects.get(), acknowledgement=ACKNOWLEDGED
        ),
    )
    line = PayrollLine.objects.get()
    result = LineResult(line.pk, paid_on=date(2024, 3, 5), paid_to_name="Nguyễn Văn An", paid_to_kind="beneficiary")
    outcomes = []

    def post():
        outcomes.append(payment_results_apply(actor=actors.post_office_officer, payroll=payroll, results=[result]))

    assert in_threads(post, post) == []
    assert sorted((outcome.recorded, outcome.unchanged) for outcome in outcomes) == [(0, 1), (1, 0)]
    assert AuditEvent.objects.filter(object_id=str(line.pk), action="payments.result_record").count() == 1
