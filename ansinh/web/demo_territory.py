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
4. `transfer_to_social_pension(day)`: the point where the social-pension transfer of the 5.5b/5.5c
   recipients of 30/06/2025 is made from 07/2025 (issue 15 item 3, wired when that work is merged);
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
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_approve, payroll_generate
from ansinh.payments.models import PayrollMonth, PayrollStatus
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
    """Step 5 of the story: the social-pension transfer (one batch decision per commune of the 5.5b/5.5c
    recipients of 30/06/2025, from 07/2025). Not wired yet: the 5.5b/5.5c entitlements simply stop
    being paid after 06/2025 (the category's end). Returns the number of people transferred."""
    del day
    return 0


def _approve_month(month: YearMonth, head: User) -> int:
    """Generate the month's lists (all communes in force) and approve every draft, as the labour head."""
    payroll_generate(actor=None, month=month)
    drafts = list(PayrollMonth.objects.filter(month=month.first_day, status=PayrollStatus.DRAFT))
    for payroll in drafts:
        payroll_approve(actor=head, payroll=payroll, acknowledgement=ACKNOWLEDGED)
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
