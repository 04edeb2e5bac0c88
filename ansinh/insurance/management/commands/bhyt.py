"""`manage.py bhyt --month YYYY-MM [--commune CODE]`: the health-insurance lists of a month, computed
and not written (contracts.md §6): one JSON object {"month", "covered", "increases": [{"citizen_id",
"reason", "from"}], "decreases": [{"citizen_id", "reason", "to"}], "premium_per_person",
"premium_total"}, amounts in whole đồng, dates YYYY-MM-DD."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.core.months import YearMonth
from ansinh.insurance.selectors import month_figures
from ansinh.territory.selectors import communes_with_code, covered_unit_ids


class Command(BaseCommand):
    help = "Danh sách tăng, giảm thẻ BHYT của một tháng (tính toán, không ghi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--commune", default="", help="mã xã (5 chữ số); bỏ trống: mọi xã")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = YearMonth.parse(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        area = None
        if options["commune"]:
            # the unit in force that month (a code is reused after a merger), with what it covers
            day = month.first_day
            communes = [
                unit
                for unit in communes_with_code(options["commune"])
                if unit.valid_from <= day and (unit.valid_to is None or unit.valid_to >= day)
            ]
            if not communes:
                raise CommandError(f"không có xã mã {options['commune']!r} trong tháng {month.display()}")
            area = list(covered_unit_ids(communes[-1].pk))
        self.stdout.write(json.dumps(month_figures(month, area), ensure_ascii=False))
