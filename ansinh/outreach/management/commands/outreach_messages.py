"""`manage.py outreach_messages [--since dd/mm/yyyy] [--send]`: queue the notifications of payment lists
sent and decisions signed since the day (default: 7 days ago), idempotently; with --send, hand the queue to
the configured sender (settings.OUTREACH_MESSAGE_SENDER). Meant for cron."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ansinh.outreach.messaging import configured_sender, produce_messages, send_pending


class Command(BaseCommand):
    help = "Lập tin nhắn thông báo (ngày chi trả, quyết định đã ký) và gửi qua nhà cung cấp đã cấu hình."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", default="", help="dd/mm/yyyy; mặc định 7 ngày trước")
        parser.add_argument("--send", action="store_true", help="gửi các tin đang chờ")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            since = (
                datetime.strptime(options["since"], "%d/%m/%Y").date()
                if options["since"]
                else timezone.localdate() - timedelta(days=7)
            )
        except ValueError as error:
            raise CommandError("--since phải có dạng dd/mm/yyyy") from error
        produced = produce_messages(since=since)
        result: dict[str, Any] = {
            "payment_day": produced.payment_day,
            "dossier_decided": produced.dossier_decided,
            "officers": produced.officers,
            "card_ready": produced.card_ready,
            "documents_missing": produced.documents_missing,
        }
        if options["send"]:
            if configured_sender() is None:
                result["send"] = "chưa cấu hình OUTREACH_MESSAGE_SENDER: tin nhắn vẫn chờ trong hộp thư đi"
            else:
                sent, failed = send_pending()
                result.update({"sent": sent, "failed": failed})
        self.stdout.write(json.dumps(result, ensure_ascii=False))
