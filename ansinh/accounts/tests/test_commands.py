import io

import pytest
from django.core.management import CommandError, call_command

from ansinh.accounts.models import DeploymentSettings, Office, User
from ansinh.core.access import Role
from ansinh.territory.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_load_reference_is_idempotent():
    call_command("load_reference", stdout=io.StringIO())
    counts = (AdministrativeUnit.objects.count(), Office.objects.count())

    out = io.StringIO()
    call_command("load_reference", stdout=out)

    assert (AdministrativeUnit.objects.count(), Office.objects.count()) == counts
    assert DeploymentSettings.objects.get().home_unit.code == "218"
    assert "thêm 0 cơ quan" in out.getvalue()
    assert Office.objects.filter(kind="commune").count() == 25 + 8


def test_create_admin_checks_the_password(monkeypatch):
    monkeypatch.setenv("ANSINH_ADMIN_PASSWORD", "yeu")
    with pytest.raises(CommandError, match="Mật khẩu quá ngắn"):
        call_command("create_admin", "quantri", "--full-name", "Nguyễn Văn A", stdout=io.StringIO())
    assert not User.objects.exists()

    monkeypatch.setenv("ANSINH_ADMIN_PASSWORD", "Hoa7-sen#Q24")
    call_command("create_admin", "quantri", "--full-name", "Nguyễn Văn A", stdout=io.StringIO())

    admin = User.objects.get(username="quantri")
    assert admin.has_role(Role.ADMIN) and admin.check_password("Hoa7-sen#Q24")
    with pytest.raises(CommandError, match="đã có người dùng"):
        call_command("create_admin", "QUANTRI", "--full-name", "X", stdout=io.StringIO())
