from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ansinh.accounts.models import RoleGrant, User
from ansinh.audit.events import record_event
from ansinh.core.access import Role


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống đầu tiên (mật khẩu lấy từ ANSINH_ADMIN_PASSWORD hoặc nhập vào)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)

    def handle(self, *args: Any, username: str, full_name: str, **options: Any) -> None:
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"Tên đăng nhập “{username}” đã có người dùng.")
        password = os.environ.get("ANSINH_ADMIN_PASSWORD") or getpass.getpass("Mật khẩu: ")
        user = User(username=username, full_name=full_name)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic():
            user.save()
            RoleGrant.objects.create(user=user, role=Role.ADMIN)
            record_event(actor=None, action="accounts.admin_create", obj=user, after={"username": username})
        self.stdout.write(self.style.SUCCESS(f"Đã tạo tài khoản quản trị {username}."))
