"""`manage.py apply_territory_change --date YYYY-MM-DD [--dry-run]`: apply the territorial change
effective on that date to the register (territory.changes), or only report what it would move,
and print the report as one JSON object."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.territory.changes import territory_change_apply


class Command(BaseCommand):
    help = "Áp dụng sắp xếp đơn vị hành chính vào sổ (hoặc chỉ xem trước với --dry-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="ngày hiệu lực YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không thay đổi gì")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"])
        except ValueError as error:
            raise CommandError(f"ngày không hợp lệ: {options['date']!r}") from error
        try:
            report = territory_change_apply(actor=None, day=day, dry_run=options["dry_run"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
