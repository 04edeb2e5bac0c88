from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ansinh.accounts.actions import settings_save
from ansinh.accounts.reference import load_reference_offices
from ansinh.accounts.selectors import deployment_settings
from ansinh.territory.reference import load_reference_territory


class Command(BaseCommand):
    help = "Nạp địa bàn và cơ quan tham chiếu của huyện Lục Nam (chạy lại không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        units = load_reference_territory()
        offices = load_reference_offices(province=units["24"], district=units["218"])
        if deployment_settings() is None:
            settings_save(
                actor=None,
                name="Huyện Lục Nam, tỉnh Bắc Giang",
                home_unit=units["218"],
            )
        self.stdout.write(self.style.SUCCESS(f"Đã nạp {len(units)} đơn vị hành chính, thêm {offices} cơ quan."))
