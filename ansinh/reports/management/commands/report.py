"""`manage.py report monthly --month YYYY-MM [--commune CODE]`: the monthly report's figures as one
JSON object (contracts.md §7), computed and not written."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from ansinh.core.months import YearMonth
from ansinh.reports.monthly import monthly_figures
from ansinh.territory.models import AdministrativeUnit, UnitLevel


class Command(BaseCommand):
    help = "Số liệu báo cáo tháng (tính, không ghi)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help="Số liệu báo cáo tháng")
        monthly.add_argument("--month", required=True, help="YYYY-MM")
        monthly.add_argument("--commune", default="", help="mã xã (5 chữ số); bỏ trống: mọi xã")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = YearMonth.parse(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        commune = None
        if options["commune"]:
            day = month.first_day  # the unit in force that month (codes are reused after mergers)
            commune = (
                AdministrativeUnit.objects.filter(code=options["commune"], level=UnitLevel.COMMUNE, valid_from__lte=day)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                .order_by("-valid_from")
                .first()
            )
            if commune is None:
                raise CommandError(f"không có xã mã {options['commune']!r} trong tháng {month.display()}")
        try:
            figures = monthly_figures(month, commune)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(json.dumps(figures.as_json(), ensure_ascii=False))
