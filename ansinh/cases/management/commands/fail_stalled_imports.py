from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from ansinh.cases.import_actions import register_imports_fail_stalled


class Command(BaseCommand):
    help = (
        "Đánh dấu lỗi (có nút Thử lại) các lần nhập Excel đang kiểm tra hoặc đang ghi mà không tiến triển quá "
        'REGISTER_IMPORT_STALL_MINUTES phút (máy xử lý nền đã dừng). In ra {"failed": số lần nhập}. '
        "Chạy định kỳ, ví dụ 5 phút một lần."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps({"failed": register_imports_fail_stalled()}))
