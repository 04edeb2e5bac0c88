from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ansinh.web.demo import DEMO_PEOPLE, seed_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu huyện Lục Nam (xác định, chạy lại không tạo trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            type=int,
            default=DEMO_PEOPLE,
            help="Số đối tượng tổng hợp (mặc định 6000, như huyện Lục Nam); lớn hơn để đo hiệu năng.",
        )

    def handle(self, *args: Any, size: int, **options: Any) -> None:
        result = seed_demo(size=size)
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu: {result}"))
        call_command("demo_logins", stdout=self.stdout)
