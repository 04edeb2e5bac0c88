"""`manage.py assess`: JSON Lines in, one result per line out (contracts.md §2)."""

from __future__ import annotations

import io
import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

from ansinh.rules.assessing import assess_input
from ansinh.rules.facts import FactsError
from ansinh.rules.rulebook import RuleBookLoader

CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Tính trợ cấp: đọc mỗi dòng một người (JSON) từ stdin, ghi mỗi dòng một kết quả (JSON) ra stdout, "
        "theo đúng thứ tự. Dòng sai cho {'id': …, 'error': '<trường>: <lỗi>'} và vẫn chạy tiếp."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--explain", action="store_true", help="Thêm giải thích (explanation) và tuổi (age) vào mỗi kết quả."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: TextIO = options.get("stdin") or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
        explain: bool = options["explain"]
        loader = RuleBookLoader()
        buffer: list[str] = []
        for raw in source:
            if not raw.strip():
                continue  # a blank line (e.g. a trailing newline) is not a person
            try:
                data = json.loads(raw)
            except ValueError as error:
                output: dict[str, Any] = {
                    "id": None,
                    "error": str(FactsError("input", f"không phải JSON hợp lệ ({error})")),
                }
            else:
                output, assessment = assess_input(data, loader, explain=explain)
                if explain and assessment is not None:
                    output["age"] = assessment.age
                    output["explanation"] = list(assessment.explanation)
            buffer.append(json.dumps(output, ensure_ascii=False))
            if len(buffer) >= CHUNK:
                self._flush(buffer)
        self._flush(buffer)

    def _flush(self, buffer: list[str]) -> None:
        if buffer:
            self.stdout.write("\n".join(buffer))
            buffer.clear()
