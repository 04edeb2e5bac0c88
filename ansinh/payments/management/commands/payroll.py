"""`manage.py payroll generate --month YYYY-MM [--commune CODE]`: (re)generate the draft payment
lists of a month and print one JSON object {"month", "communes", "lines", "total"}."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.territory.models import AdministrativeUnit, UnitLevel


class Command(BaseCommand):
    help = "Lập (lại) danh sách chi trả dự thảo của một tháng."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        generate = sub.add_parser("generate", help="Lập danh sách chi trả tháng")
        generate.add_argument("--month", required=True, help="YYYY-MM")
        generate.add_argument("--commune", default="", help="mã xã (5 chữ số); bỏ trống: mọi xã")
        generate.add_argument("--timings", action="store_true", help="in thêm thời gian từng bước (stderr)")

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
                raise CommandError(f"không có xã mã {options['commune']!r}")
        try:
            result = payroll_generate(actor=None, month=month, commune=commune)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        if options["timings"]:
            self.stderr.write(
                json.dumps(
                    {**result.timings, "frozen": result.frozen, "without_coefficient": result.without_coefficient}
                )
            )
