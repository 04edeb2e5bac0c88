from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ansinh.cases.imports import NEW, SAME, apply_register_import, check_register_file, settle_likely
from ansinh.registry.imports import ImportFileError
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import communes_with_code

REFUSE = "refuse"
REFUSED = (
    "Nhập qua trang “Nhập từ Excel” để chọn cùng người hay người khác, hoặc chạy lệnh với "
    "--likely-duplicates new (tạo người mới) hay same (ghi vào người đã có)."
)


class Command(BaseCommand):
    help = (
        "Nhập danh sách đối tượng của một xã từ tệp Excel. In ra một đối tượng JSON: "
        '{"rows", "accepted", "rejected", "errors": [{"row", "field", "message"}]}. '
        "Dòng không có số CCCD mà có thể trùng với người đã có trong sổ (cùng họ tên, ngày sinh, xã) hoặc "
        "với dòng trước trong tệp bị báo lỗi và không nhập, trừ khi chọn --likely-duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commune", required=True, help="mã xã, thị trấn (GSO), ví dụ 07444")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument(
            "--likely-duplicates",
            choices=[REFUSE, NEW, SAME],
            default=REFUSE,
            help=(
                "dòng không có số CCCD có thể trùng: refuse (mặc định) báo lỗi, không nhập; new tạo người mới; "
                "same ghi vào người đã có (chỉ khi có đúng một người có thể trùng; không mở thêm chế độ đang hưởng "
                "cùng mã)"
            ),
        )

    def handle(
        self, *args: Any, file: Path, commune: str, dry_run: bool, likely_duplicates: str, **options: Any
    ) -> None:
        unit, ambiguous = _commune(commune)
        try:
            with file.open("rb") as stream:
                report = check_register_file(stream, commune=unit, by_code=ambiguous)
        except FileNotFoundError as error:
            raise CommandError(f"Không có tệp {file}.") from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        decisions = settle_likely(report, likely_duplicates, REFUSED)
        if not dry_run:
            apply_register_import(report, actor=None, commune=unit, file_name=file.name, decisions=decisions)
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False))


def _commune(code: str) -> tuple[AdministrativeUnit, bool]:
    """The commune with this code in force today, or else the latest one that had it; and whether
    the code names several units over time (a code reused after a merger), in which case each row
    goes to the unit in force in its start month (contracts.md §3)."""
    communes = communes_with_code(code.strip().zfill(5))
    if not communes:
        raise CommandError(f"Không có xã, thị trấn mã {code}.")
    today = timezone.localdate()
    unit = next((unit for unit in reversed(communes) if unit.is_active_on(today)), communes[-1])
    return unit, len(communes) > 1
