"""The demo told through time (issue 15): the register of March 2024 with its 25 units is paid month
after month from 12/2024; the two territorial changes are applied on their dates (Vũ Xá into Cẩm Lý on
01/01/2025, the 25 → 8 merger of 01/07/2025); the register arrives today with the 8 communes, their
villages, councils, officers and current lists.

1. 12/2024: the first lists in the system, of the 25 units, approved (Vũ Xá's last list);
2. 01/01/2025: `territory_change_apply` (Vũ Xá → Cẩm Lý); the lists of 01–06/2025 of the 24 units,
   approved: 06/2025 is the last list of the old communes, and the last month 5.5b/5.5c are paid (the
   category ends on 30/06/2025);
3. 01/07/2025: `territory_change_apply` (25 → 8): people, villages, entitlements, open dossiers
   (passing to the commune flow), authorisations and councils move to the new communes;
4. `transfer_to_social_pension(day)`: each new commune's chair transfers the 5.5b/5.5c recipients of
   30/06/2025 to the social pension from 07/2025 (one batch decision per commune, `cases.pension`);
5. every month from 07/2025 to two months ago: the lists of the 8 communes, approved;
6. last month and this month: `seed_payments_demo` (Xã Lục Nam's list paid and reported, this
   month's in draft), then last month's lists of the other communes approved and this month's drafted.

Idempotent: nothing is done once the merger of 01/07/2025 has been applied.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.cases.pension import pension_transfer
from ansinh.core.access import OfficeKind, Role
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_approve, payroll_generate
from ansinh.payments.models import PayrollMonth, PayrollStatus
from ansinh.payments.policies import payroll_office
from ansinh.territory.changes import territory_change_apply
from ansinh.territory.models import UnitSuccession
from ansinh.territory.reference import MERGER_2025
from ansinh.web.demo_payments import seed_payments_demo

VU_XA_CHANGE = date(2025, 1, 1)
# The first list made in the system: 12/2024, Vũ Xá's last (the months before were paid on paper lists;
# payments.payroll pays no arrears before a commune's first list). Every month after it is listed.
FIRST_LIST = YearMonth(2024, 12)
ACKNOWLEDGED = "Dữ liệu mẫu: duyệt kèm các dòng khác quy định"


def transfer_to_social_pension(day: date) -> int:
    """Step 4 of the story: each new commune's chair signs, on the day of the merger, the batch decision that
    transfers the 5.5b/5.5c recipients of 30/06/2025 to the social pension from 07/2025 (`cases.pension`),
    before the first list of 07/2025 is made. Returns the number of people transferred."""
    transferred = 0
    chairs = User.objects.filter(office__territory__valid_from=day, role_grants__role=Role.CHAIR).select_related(
        "office__territory"
    )
    for chair in chairs.order_by("office__territory__code"):
        assert chair.office is not None and chair.office.territory is not None
        transferred += pension_transfer(actor=chair, commune=chair.office.territory, signed_on=day).transferred
    return transferred


def _approver(payroll: PayrollMonth, head: User) -> User:
    """Who approves `payroll` (payments.policies.payroll_office, dated by its month): the labour head for a
    month of the district flow, the chair of the list's commune from the commune flow (07/2025)."""
    if payroll_office(payroll.month) == OfficeKind.LABOUR_OFFICE:
        return head
    return User.objects.get(office__territory_id=payroll.commune_id, role_grants__role=Role.CHAIR, is_active=True)


def _approve_month(month: YearMonth, head: User) -> int:
    """Generate the month's lists (all communes in force; the system, as `manage.py payroll generate`) and
    approve every draft, each by the approver of its month."""
    payroll_generate(actor=None, month=month)
    drafts = list(PayrollMonth.objects.filter(month=month.first_day, status=PayrollStatus.DRAFT))
    for payroll in drafts:
        payroll_approve(actor=_approver(payroll, head), payroll=payroll, acknowledgement=ACKNOWLEDGED)
    return len(drafts)


@transaction.atomic
def seed_timeline_demo(*, today: date | None = None) -> dict[str, int]:
    admin = User.objects.filter(username="quantri").first()
    head = User.objects.filter(username="ldtbxh.truongphong").first()
    merger = UnitSuccession.objects.filter(effective_date=MERGER_2025)
    if admin is None or head is None or not merger.exists() or merger.filter(applied_at__isnull=False).exists():
        return {"lists_approved": 0}
    this_month = YearMonth.of(today or timezone.localdate())
    approved, transferred, month = 0, 0, FIRST_LIST
    while month < this_month.add(-1):
        if month.first_day == VU_XA_CHANGE:
            territory_change_apply(actor=admin, day=VU_XA_CHANGE)
        if month.first_day == MERGER_2025:
            territory_change_apply(actor=admin, day=MERGER_2025)
            transferred = transfer_to_social_pension(MERGER_2025)
        approved += _approve_month(month, head)
        month = month.add(1)
    payments = seed_payments_demo(today=today)
    approved += _approve_month(this_month.add(-1), head)
    payroll_generate(actor=None, month=this_month)
    return {"lists_approved": approved, "social_pension_transferred": transferred, **payments}
