from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ansinh.web.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu của make demo."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for spec in demo_users():
            self.stdout.write(f"  {spec.username:<20} {spec.title}")
