import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.accounts.actions import settings_save, user_create, user_unlock, user_update
from ansinh.accounts.models import DeploymentSettings, Office, User
from ansinh.audit.models import AuditEvent
from ansinh.core.access import OfficeKind, Role
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def _create(actor, **overrides):
    values = {
        "username": "canbo.moi",
        "full_name": "Nguyễn  Văn   Mới",
        "password": "Mat7-khau#K24",
        "roles": [Role.OFFICER],
        "office": Office.objects.get(code="ubnd-07444-1997"),
    }
    return user_create(actor=actor, **{**values, **overrides})


def test_an_administrator_creates_a_commune_officer(actors, lucnam):
    user = _create(actors.admin)

    assert user.full_name == "Nguyễn Văn Mới"
    assert user.has_role(Role.OFFICER) and not user.has_role(Role.HEAD)
    assert user.office_kind == OfficeKind.COMMUNE
    assert user.scope_unit_id == lucnam.doi_ngo.pk
    assert user.check_password("Mat7-khau#K24")
    event = AuditEvent.objects.get(action="accounts.user_create", object_id=str(user.pk))
    assert event.after["roles"] == ["officer"]
    assert "password" not in event.after


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngan-1!", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("matkhaudaithoi", "Mật khẩu phải có cả chữ cái, chữ số và ít nhất một ký tự đặc biệt"),
        ("1234567890123", "Mật khẩu này hoàn toàn là số."),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese_and_nothing_is_created(actors, password, message):
    users = User.objects.count()

    with pytest.raises(ValidationError, match=re.escape(message)) as error:
        _create(actors.admin, password=password)

    assert any(text.startswith(message) for text in error.value.message_dict["password"])
    assert User.objects.count() == users


def test_a_duplicate_username_is_refused(actors):
    with pytest.raises(ValidationError, match="đã có người dùng") as error:
        _create(actors.admin, username="XA.DOINGO")
    assert "đã có người dùng" in error.value.message_dict["username"][0]


def test_only_an_administrator_manages_users(actors):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        _create(actors.labour_head)
    assert not User.objects.filter(username="canbo.moi").exists()


def test_a_business_role_needs_an_office(actors):
    with pytest.raises(ValidationError, match="phải thuộc một cơ quan") as error:
        _create(actors.admin, office=None)
    assert "phải thuộc một cơ quan" in error.value.message_dict["office"][0]


def test_changing_roles_is_audited_with_before_and_after(actors):
    user = actors.labour_officer

    user_update(
        actor=actors.admin,
        user=user,
        full_name=user.full_name,
        roles=[Role.HEAD],
        office=user.office,
        territory=None,
        is_active=True,
        reason="Bổ nhiệm trưởng phòng",
    )

    user = User.objects.get(pk=user.pk)
    assert user.has_role(Role.HEAD) and not user.has_role(Role.OFFICER)
    event = AuditEvent.objects.get(action="accounts.user_update")
    assert (event.before["roles"], event.after["roles"], event.reason) == (
        ["officer"],
        ["head"],
        "Bổ nhiệm trưởng phòng",
    )


def test_an_administrator_cannot_lock_themselves_out(actors):
    admin = actors.admin
    with pytest.raises(ValidationError, match="Không thể tự khóa"):
        user_update(
            actor=admin, user=admin, full_name="A", roles=[Role.ADMIN], office=None, territory=None, is_active=False
        )
    assert User.objects.get(pk=admin.pk).is_active


def test_a_narrower_territory_replaces_the_office_territory(actors, lucnam):
    user = actors.labour_officer
    user_update(
        actor=actors.admin,
        user=user,
        full_name="X",
        roles=[Role.OFFICER],
        office=user.office,
        territory=lucnam.cam_ly,
        is_active=True,
    )
    assert User.objects.get(pk=user.pk).scope_unit_id == lucnam.cam_ly.pk


def test_the_deployment_setting_keeps_one_audited_row_and_no_decision_flow(actors, lucnam):
    """Who decides is dated data (rules `authority.commune_decides`), not a setting (issue 15)."""
    settings_save(actor=actors.admin, name="Lục Nam", home_unit=lucnam.district)
    settings_row = settings_save(
        actor=actors.admin, name="Lục Nam (Bắc Ninh)", home_unit=lucnam.district, reason="NĐ 147/2025"
    )
    assert settings_row.name == "Lục Nam (Bắc Ninh)"
    assert not hasattr(settings_row, "decision_flow")
    assert DeploymentSettings.objects.count() == 1
    assert AuditEvent.objects.filter(action="accounts.settings_update").count() == 2


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_then_lockout_after_five_failures_then_unlock(client, actors):
    assert _login(client, "xa.doingo", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        response = _login(client, "xa.doingo", "sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = _login(client, "xa.doingo", "sai-mat-khau")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    # Even the right password is refused while locked.
    assert _login(client, "xa.doingo", PASSWORD).status_code == 429

    user_unlock(actor=actors.admin, user=actors.own_commune_officer)

    assert not AccessAttempt.objects.filter(username="xa.doingo").exists()
    assert _login(client, "xa.doingo", PASSWORD).status_code == 302


def test_an_inactive_user_cannot_log_in(client, actors):
    User.objects.filter(pk=actors.own_commune_officer.pk).update(is_active=False)

    response = _login(client, "xa.doingo", PASSWORD)

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get(reverse("web:home")).status_code == 302  # still sent to the login page


def test_the_admin_pages_create_and_edit_a_user(client, actors):
    client.force_login(actors.admin)
    office = Office.objects.get(code="ubnd-07519-2025")

    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "xa.camly2",
            "full_name": "Trần Thị Hai",
            "password": "ngan",
            "office": office.pk,
            "roles": ["officer"],
        },
    )
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn" in response.content.decode()
    assert not User.objects.filter(username="xa.camly2").exists()

    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "xa.camly2",
            "full_name": "Trần Thị Hai",
            "password": "Song7-Cau#Q24",
            "office": office.pk,
            "roles": ["officer"],
        },
    )
    user = User.objects.get(username="xa.camly2")
    assert response.status_code == 302
    page = client.get(reverse("accounts:user_edit", args=[user.pk])).content.decode()
    assert "Trần Thị Hai" in page and "Tạo người dùng" in page

    listing = client.get(reverse("accounts:user_list"), {"q": "tran thi hai"}).content.decode()
    assert "xa.camly2" in listing and "xa.doingo" not in listing


def test_failed_logins_from_one_address_are_limited_across_user_names(client, actors, settings):
    """axes locks a user name after 5 failures; guessing other names from the same address was unlimited."""
    settings.RATE_LIMITS = {"login_address": (6, 900)}
    for number in range(6):
        response = _login(client, f"khong.co.{number}", "sai-mat-khau")
        assert response.status_code == 200

    refused = _login(client, "xa.doingo", PASSWORD)

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn" in refused.content.decode()
    other_address = client_class_for("203.0.113.7")
    assert _login(other_address, "xa.doingo", PASSWORD).status_code == 302


def client_class_for(address):
    from django.test import Client

    return Client(REMOTE_ADDR=address)


def test_successful_logins_from_a_shared_office_address_are_not_counted(client, actors, settings):
    settings.RATE_LIMITS = {"login_address": (2, 900)}
    for _ in range(4):
        assert _login(client, "xa.doingo", PASSWORD).status_code == 302
        client.logout()


@pytest.mark.parametrize("password", ["Matkhau@2025", "Hanoi2024!!", "@2025Matkhau", "Nguyen-Van-1990!", "Matkhau#123"])
def test_a_word_a_year_and_a_symbol_is_refused(actors, password):
    with pytest.raises(ValidationError, match="Mật khẩu theo mẫu dễ đoán"):
        _create(actors.admin, password=password)


@pytest.mark.parametrize("password", ["Mat7-khau#K24", "Xk9#mQz2024!r", "tôi-7-thích#phở-bò-90"])
def test_a_strong_password_is_accepted(actors, password):
    assert _create(actors.admin, password=password).check_password(password)


def test_the_demo_password_passes_the_rules():
    from django.contrib.auth.password_validation import validate_password

    from ansinh.web.demo import DEMO_PASSWORD

    validate_password(DEMO_PASSWORD)
    validate_password(PASSWORD)
