"""`manage.py review --month YYYY-MM [--commune CODE]` (contracts.md §5): one JSON object per line for each
entitlement whose payment differs from the law in that month; nothing when all agree. Writes nothing."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from ansinh.cases.review import Difference, review_month
from ansinh.core.months import YearMonth
from ansinh.rules.facts import FIRST_MONTH
from ansinh.rules.formatting import coefficient_text
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import covered_unit_id_list


def difference_output(item: Difference) -> dict[str, Any]:
    """The contract's object, keys in the contract's order; coefficients as decimal strings ("1.5")."""
    return {
        "citizen_id": item.citizen_id or None,
        "category": item.category,
        "paid_coefficient": coefficient_text(item.paid_coefficient),
        "lawful_category": item.lawful_category,
        "lawful_coefficient": None if item.lawful_coefficient is None else coefficient_text(item.lawful_coefficient),
        "from_month": str(item.from_month),
        "reason": item.reason,
        "explanation": item.explanation,
    }


class Command(BaseCommand):
    help = "Rà soát định kỳ: so sánh mọi chế độ đang hưởng với quy định của tháng (không ghi gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--commune", default="", help="mã xã (5 chữ số); bỏ trống: mọi xã")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = YearMonth.parse(options["month"])
        except ValueError as error:
            raise CommandError(_("Tháng không hợp lệ: %(error)s.") % {"error": error}) from error
        if month < FIRST_MONTH:
            message = _("Trước tháng %(month)s chưa có quy định nào của hệ thống có hiệu lực.")
            raise CommandError(message % {"month": FIRST_MONTH.display()})
        communes = None
        if code := options["commune"].strip():
            day = month.first_day  # the unit in force that month (codes are reused after mergers)
            commune = (
                AdministrativeUnit.objects.filter(code=code, level=UnitLevel.COMMUNE, valid_from__lte=day)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                .order_by("-valid_from")
                .first()
            )
            if commune is None:
                raise CommandError(
                    _("Không có xã mã %(code)r trong tháng %(month)s.") % {"code": code, "month": month.display()}
                )
            communes = list(covered_unit_id_list(commune.pk))
        for item in review_month(month, communes).differences:
            self.stdout.write(json.dumps(difference_output(item), ensure_ascii=False))
