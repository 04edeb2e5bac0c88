from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ansinh.web.demo import DEMO_PASSWORD, demo_users, seed_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu huyện Lục Nam (xác định, chạy lại không tạo trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=0, help="Số thôn tổng hợp thêm, để thử với dữ liệu lớn.")

    def handle(self, *args: Any, size: int, **options: Any) -> None:
        result = seed_demo(size=size)
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu: {result}"))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for spec in demo_users():
            self.stdout.write(f"  {spec.username:<20} {spec.title}")
