"""Actions on one-off, education and emergency supports (keyword-only, `actor=`, audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ansinh.audit.events import record_event
from ansinh.cases.models import OneOffSupport
from ansinh.core.access import Actor, require
from ansinh.core.text import text_problem
from ansinh.payments.models import PayrollLine, PayrollStatus, Recovery
from ansinh.payments.payroll import ONE_OFF_LINE_KINDS
from ansinh.supports.policies import OneOffAction, one_off_policy

NOTHING_CHANGED = "Không có gì thay đổi."


def one_off_recover(*, actor: Actor, support: OneOffSupport, reason: str) -> Recovery:
    """A one-off support (funeral, cremation) paid wrongly (not cremated, not a resident of the province, paid
    twice by another office, the wrong organiser…): the whole amount paid becomes a recovery owed by whoever
    collected it (domain.md §8 "Overpayment"), tracked by the payments app until repaid or written off by a
    decision. Only a paid line of a list already sent can be recovered; one recovery per line."""
    require(one_off_policy.can(actor, OneOffAction.RECOVER, support))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do thu hồi (căn cứ phát hiện chi sai)."})
    if problem := text_problem(reason, 255):
        raise ValidationError({"reason": problem})
    with transaction.atomic():
        locked = OneOffSupport.objects.select_for_update().get(pk=support.pk)
        line = (
            PayrollLine.objects.select_for_update(of=("self",))
            .select_related("payroll")
            .filter(one_off_id=locked.pk, kind__in=ONE_OFF_LINE_KINDS, paid_on__isnull=False)
            .exclude(payroll__status=PayrollStatus.DRAFT)
            .order_by("-month")
            .first()
        )
        if line is None:
            raise ValidationError({"reason": f"Khoản hỗ trợ này chưa được chi trả: không có gì để thu hồi. {NOTHING_CHANGED}"})
        if Recovery.objects.filter(line=line).exists():
            raise ValidationError({"reason": f"Khoản chi này đã được thu hồi. {NOTHING_CHANGED}"})
        collector = line.paid_to_name or line.payee_name
        recovery = Recovery.objects.create(
            person_id=line.person_id,
            entitlement=None,
            line=line,
            month=line.month,
            amount=line.total,
            balance=line.total,
            reason=f"{locked.get_kind_display()} chi sai: {reason}"[:255],
            debtor_name=collector[:150],
            debtor_relation=locked.payee_relation[:60],
            collector_name=collector[:150],
            collector_kind=line.paid_to_kind,
            commune_id=line.commune_id,
            province_code=line.province_code,
        )
        record_event(
            actor=actor,
            action="supports.one_off_recover",
            obj=recovery,
            after={
                "one_off": locked.pk,
                "kind": locked.kind,
                "line": line.pk,
                "amount": line.total,
                "debtor": collector,
            },
            reason=reason,
            territory_id=line.commune_id,
        )
    return recovery
