from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.accounts.models import User
from ansinh.registry.imports import ImportFileError
from ansinh.registry.poverty_import import apply_poverty_file, check_poverty_file


class Command(BaseCommand):
    help = "Nhập danh sách hộ nghèo, cận nghèo của một năm (tất cả hoặc không dòng nào). In ra JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--source", required=True, help="quyết định công nhận, ví dụ 'QĐ 12/QĐ-UBND ngày 05/01/2024'"
        )
        parser.add_argument("--as-user", required=True, help="tên đăng nhập của người thực hiện (ghi vào nhật ký)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(
        self, *args: Any, file: Path, year: int, source: str, as_user: str, dry_run: bool, **options: Any
    ) -> None:
        actor = User.objects.filter(username=as_user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có người dùng {as_user}.")
        try:
            with file.open("rb") as stream:
                report = check_poverty_file(stream, actor=actor)
        except (FileNotFoundError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False))
        if not dry_run:
            try:
                apply_poverty_file(report, actor=actor, year=year, source=source)
            except ValidationError as error:
                raise CommandError(error.messages[0]) from error
