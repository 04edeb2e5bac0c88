import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_commune_officer_home_shows_their_commune_only(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)

    page = client.get(reverse("web:home")).content.decode()

    assert "Xã, thị trấn của tôi" in page
    assert "địa bàn: <strong>Thị trấn Đồi Ngô</strong>" in page
    assert "Cẩm Lý" not in page
    assert reverse("accounts:user_list") not in page  # no administration menu
    assert reverse("web:audit_log") not in page


def test_the_labour_office_home_lists_the_communes_in_force_today(client, actors, lucnam):
    client.force_login(actors.labour_head)

    response = client.get(reverse("web:home"))

    communes = [unit.full_name for unit in response.context["summary"].communes]
    assert communes == [
        "Xã Lục Nam",
        "Xã Đông Phú",
        "Xã Bảo Đài",
        "Xã Nghĩa Phương",
        "Xã Trường Sơn",
        "Xã Lục Sơn",
        "Xã Bắc Lũng",
        "Xã Cẩm Lý",
    ]
    assert reverse("web:audit_log") in response.content.decode()


def test_the_administrator_home_counts_users_and_offices(client, actors):
    client.force_login(actors.admin)

    summary = client.get(reverse("web:home")).context["summary"]

    assert summary.user_count == 14
    assert summary.office_count > 10


def test_the_audit_log_is_scoped_to_the_readers_territory(client, actors, lucnam):
    from ansinh.territory.actions import village_create

    gao = village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Gạo", valid_from=lucnam.doi_ngo.valid_from
    )
    dong = village_create(
        actor=actors.other_commune_officer, commune=lucnam.cam_ly, name="Đông", valid_from=lucnam.cam_ly.valid_from
    )

    client.force_login(actors.own_commune_chair)
    own = client.get(reverse("web:audit_log")).content.decode()
    client.force_login(actors.labour_head)
    district = client.get(reverse("web:audit_log")).content.decode()

    gao_row, dong_row = f"<td>{gao}</td>", f"<td>{dong}</td>"  # the event's object column
    assert gao_row == "<td>Thôn Gạo</td>"
    assert gao_row in own and dong_row not in own and "Đông" not in own
    assert gao_row in district and dong_row in district


def test_pages_are_vietnamese_by_default_and_english_on_request(client, actors):
    client.force_login(actors.own_commune_officer)

    vietnamese = client.get(reverse("web:home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("web:home")).content.decode()

    assert '<html lang="vi">' in vietnamese and "Đăng xuất" in vietnamese
    assert '<html lang="en">' in english and "Log out" in english and "Đăng xuất" not in english


def test_friendly_error_pages_in_vietnamese(client, actors, lucnam):
    client.force_login(actors.other_commune_officer)

    not_found = client.get(reverse("territory:unit_detail", args=[lucnam.doi_ngo.pk]))
    forbidden = client.get(reverse("accounts:user_list"))
    error = server_error(RequestFactory().get("/"))

    assert not_found.status_code == 404 and "Không tìm thấy trang bạn cần" in not_found.content.decode()
    assert forbidden.status_code == 403 and "Bạn không có quyền thực hiện việc này" in forbidden.content.decode()
    assert error.status_code == 500 and "Hệ thống đang gặp sự cố" in error.content.decode()


def test_dates_are_shown_as_day_month_year(client, actors, lucnam):
    client.force_login(actors.labour_officer)

    page = client.get(reverse("territory:unit_detail", args=[lucnam["07444@2025"].pk])).content.decode()

    assert "từ 01/07/2025" in page


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "ANSINH_ENV": "production",
        "DJANGO_SECRET_KEY": "k" * 20 + "production-check-" + "x9Q#" * 10,
        "DJANGO_ALLOWED_HOSTS": "ansinh.lucnam.example",
        "DATABASE_URL": f"sqlite:///{settings.BASE_DIR / 'var' / 'deploy-check.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "ANSINH_ENV": "production", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_an_english_browser_still_gets_vietnamese(client, actors):
    client.force_login(actors.own_commune_officer)

    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="vi">' in page


def test_the_audit_log_names_actions_in_vietnamese_and_filters_by_them(client, actors, lucnam):
    from ansinh.territory.actions import village_create

    village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Gạo", valid_from=lucnam.doi_ngo.valid_from
    )
    client.force_login(actors.admin)

    filtered = client.get(reverse("web:audit_log"), {"thao_tac": "territory.village_create"})

    assert [event.action_label for event in filtered.context["page"]] == ["Thêm thôn, tổ dân phố"]
    assert "Thêm thôn, tổ dân phố" in filtered.content.decode()


def test_the_commune_home_counts_its_register(client, actors, lucnam):
    from datetime import date

    from ansinh.registry.actions import person_create
    from ansinh.registry.validation import PersonInput

    for name in ("Nguyễn Văn Một", "Nguyen Van Mot"):
        person_create(
            actor=actors.own_commune_officer,
            data=PersonInput(full_name=name, sex="male", birth_date=date(1950, 1, 1)),
            commune=lucnam.doi_ngo,
        )
    client.force_login(actors.own_commune_officer)

    register = client.get(reverse("web:home")).context["summary"].register

    assert (register.people, register.beneficiaries, register.likely_duplicate_groups) == (2, 0, 1)
    client.force_login(actors.post_office_officer)
    assert client.get(reverse("web:home")).context["summary"].register is None
