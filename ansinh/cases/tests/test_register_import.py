import io
import json
from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.cases.imports import apply_register_import, check_register_file
from ansinh.cases.models import Decision, Entitlement, RegisterImport
from ansinh.cases.tests.conftest import workbook_bytes
from ansinh.registry.models import HouseholdPoverty, Person, PersonFact
from tests.crafted_xlsx import deflate_bomb_xlsx, far_corner_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

GOOD = [
    ["Nguyễn Văn An", "05/05/1950", "Nam", "024050001234", "07444", "", "5.6", "Nặng", "Hộ nghèo", "125/QĐ-UBND", "12/03/2022", "03/2022"],
    ["Lê Thị Bình", 1940, "Nữ", 24140001111, "7444", "", "5.5a", "", "nghèo", "125/QĐ-UBND", datetime(2022, 3, 12), "4/2022"],
    ["Trần Văn Cường", "1960", "nam", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def check(content, commune):
    return check_register_file(BytesIO(content), commune=commune)


def test_a_good_file_is_checked_without_writing_anything(lucnam):
    report = check(workbook_bytes(GOOD), lucnam.doi_ngo)

    assert report.summary() == {"rows": 3, "accepted": 3, "rejected": 0, "errors": []}
    assert not Person.objects.exists() and not Decision.objects.exists()


def test_every_bad_row_is_explained_in_vietnamese(lucnam):
    rows = [
        ["Phạm Văn Dũng", "31/02/1950", "Nam", "", "07444", "", "", "", "", "", "", ""],
        ["Hoàng Thị Em", "1955", "Nữ", "02415500123", "07444", "", "", "", "", "", "", ""],
        ["Vũ Văn Giang", "1955", "Nam", "", "07519", "", "", "", "", "", "", ""],
        ["Đỗ Văn Hải", "1945", "Nam", "", "07444", "", "9.9", "", "", "", "", ""],
        ["Ngô Thị Lan", "1945", "Nữ", "", "07444", "", "5.6", "", "", "125/QĐ-UBND", "12/03/2022", "13/2022"],
        ["", "1945", "X", "", "07444", "", "", "", "", "", "", ""],
        ["Nguyễn Văn An", "05/05/1950", "Nam", "024050001234", "07444", "", "", "", "", "", "", ""],
        ["Nguyễn Văn Ân", "05/05/1950", "Nam", "024050001234", "07444", "", "", "", "", "", "", ""],
    ]
    summary = check(workbook_bytes(rows), lucnam.doi_ngo).summary()

    assert summary["rows"] == 8 and summary["accepted"] == 1 and summary["rejected"] == 7
    assert summary["errors"] == [
        {
            "row": 2,
            "field": "Ngày sinh",
            "message": "“31/02/1950” không phải ngày sinh dạng dd/mm/yyyy hoặc năm sinh yyyy.",
        },
        {"row": 3, "field": "Số CCCD", "message": "Số CCCD phải gồm đúng 12 chữ số."},
        {"row": 4, "field": "Xã/Thị trấn (mã)", "message": "Mã xã 07519 không thuộc Thị trấn Đồi Ngô."},
        {
            "row": 5,
            "field": "Mã đối tượng",
            "message": "Mã đối tượng “9.9” không có trong danh mục (ví dụ 5.1, 5.5a, 5.6).",
        },
        {"row": 5, "field": "Số quyết định", "message": "Đối tượng đang hưởng phải có số quyết định."},
        {"row": 5, "field": "Ngày quyết định", "message": "Thiếu ngày quyết định."},
        {"row": 5, "field": "Hưởng từ tháng", "message": "Thiếu hưởng từ tháng."},
        {"row": 6, "field": "Mức độ khuyết tật", "message": "Đối tượng 5.6 phải ghi mức độ khuyết tật."},
        {
            "row": 6,
            "field": "Hưởng từ tháng",
            "message": "Hưởng từ tháng “13/2022” không hợp lệ: ghi tháng dạng mm/yyyy.",
        },
        {"row": 7, "field": "Giới tính", "message": "Giới tính “X” phải là Nam hoặc Nữ."},
        {"row": 7, "field": "Họ và tên", "message": "Họ và tên không được để trống."},
        {"row": 9, "field": "Số CCCD", "message": "Số CCCD trùng với dòng 8 trong tệp."},
    ]


def test_columns_may_come_in_any_order_with_extra_columns_and_a_title(lucnam):
    headers = ["STT", "Giới tính", "HỌ VÀ TÊN", "Ghi chú", "Ngày tháng năm sinh", "Số căn cước công dân"]
    rows = [[1, "Nữ", "Lê Thị Bình", "x", "1940", "024140001111"]]
    content = workbook_bytes(rows, headers=headers, title_rows=[["DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI"], []])

    report = check(content, lucnam.doi_ngo)

    assert report.summary()["accepted"] == 1
    assert report.rows[0].person.citizen_id == "024140001111"


def test_applying_writes_people_decisions_and_entitlements_in_one_go(lucnam, actors):
    report = check(workbook_bytes(GOOD), lucnam.doi_ngo)

    apply_register_import(report, actor=actors.own_commune_officer, commune=lucnam.doi_ngo, file_name="ds.xlsx")

    an = Person.objects.get(citizen_id="024050001234")
    binh = Person.objects.get(full_name="Lê Thị Bình")
    assert (binh.birth_date, binh.birth_year, binh.citizen_id, binh.sex) == (None, 1940, "024140001111", "female")
    decision = Decision.objects.get()  # one batch decision for both people
    assert (decision.number, decision.issued_on, decision.recorded_from_paper) == (
        "125/QĐ-UBND",
        date(2022, 3, 12),
        True,
    )
    assert list(
        Entitlement.objects.order_by("person__full_name_folded").values_list("category_code", "start_month")
    ) == [
        ("5.5a", date(2022, 4, 1)),
        ("5.6", date(2022, 3, 1)),
    ]
    assert PersonFact.objects.get(person=an).value == {"level": "severe"}
    assert HouseholdPoverty.objects.filter(status="poor").count() == 2
    assert AuditEvent.objects.filter(action="registry.person_create").count() == 3
    assert AuditEvent.objects.get(action="cases.register_import").after["people"] == 3


def test_a_second_import_of_the_same_ids_is_refused_row_by_row(lucnam, actors):
    first = check(workbook_bytes(GOOD), lucnam.doi_ngo)
    apply_register_import(first, actor=actors.own_commune_officer, commune=lucnam.doi_ngo, file_name="ds.xlsx")

    second = check(workbook_bytes(GOOD), lucnam.doi_ngo)

    assert second.summary()["accepted"] == 1  # only the row without a CCCD; it is flagged as a likely duplicate
    assert second.rows[0].errors[0].message == "Số CCCD đã có trong sổ: Nguyễn Văn An."
    assert second.rows[2].warnings[0].message.startswith("Có thể trùng với Trần Văn Cường (1960) trong sổ")
    assert list(second.likely) == [4]  # it waits for "same person" or "another person" before the apply


def test_the_command_prints_json_and_dry_run_writes_nothing(lucnam, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook_bytes([*GOOD, ["", "", "", "", "", "", "", "", "", "", "", "x"]]))
    out = io.StringIO()

    call_command("import_register", str(path), "--commune", "07519", "--dry-run", stdout=out)

    result = json.loads(out.getvalue())
    # Excel row 5 (the fourth data row) has no commune code nor start month, and 07519 names the old and the new Cẩm Lý: it asks which
    assert result["rows"] == 4 and result["accepted"] == 0 and result["rejected"] == 4
    assert result["errors"][2]["message"].startswith("Mã xã 07519 là mã của Xã Cẩm Lý (từ 01/01/1997 đến 30/06/2025)")
    assert result["errors"][0] == {
        "row": 2,
        "field": "Xã/Thị trấn (mã)",
        "message": "Mã xã 07444 không thuộc Xã Cẩm Lý.",
    }
    assert not Person.objects.exists()


def test_the_command_imports_a_reused_code_into_the_unit_of_each_start_month(lucnam, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook_bytes(GOOD[:2]))
    out = io.StringIO()

    call_command("import_register", str(path), "--commune", "07444", stdout=out)

    assert json.loads(out.getvalue()) == {"rows": 2, "accepted": 2, "rejected": 0, "errors": []}
    assert set(Person.objects.values_list("commune__name", flat=True)) == {"Đồi Ngô"}  # 2022 starts


def test_a_file_that_is_not_excel_gets_a_clear_error(lucnam, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_text("not excel")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_register", str(path), "--commune", "07444", stdout=io.StringIO())


def test_the_upload_preview_confirm_journey_applies_once(client, actors, lucnam, settings, tmp_path):
    client.force_login(actors.labour_officer)
    upload = io.BytesIO(workbook_bytes(GOOD))
    upload.name = "danh-sach.xlsx"

    response = client.post(reverse("cases:import_start"), {"commune": lucnam.doi_ngo.pk, "file": upload})

    job = RegisterImport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("cases:import_detail", args=[job.pk])).content.decode()
    assert "Xác nhận nhập 3 dòng hợp lệ" in page
    assert not Person.objects.exists()

    client.post(reverse("cases:import_confirm", args=[job.pk]))
    again = client.post(reverse("cases:import_confirm", args=[job.pk]), follow=True)

    assert Person.objects.count() == 3
    assert "đã được xác nhận" in again.content.decode()
    assert (
        "Đã nhập 3 người và 1 quyết định vào sổ."
        in client.get(reverse("cases:import_detail", args=[job.pk])).content.decode()
    )


CRAFTED = {
    "far corner": lambda: far_corner_xlsx(dimension=False),
    "far corner declared": lambda: far_corner_xlsx(dimension=True),
    "deflate bomb": deflate_bomb_xlsx,
}


@pytest.mark.parametrize("crafted", CRAFTED, ids=list(CRAFTED))
def test_a_crafted_file_fails_the_import_job_with_a_message(client, actors, lucnam, crafted):
    """Issue 12: the background check died with calamine (SIGABRT) and the job stayed "checking"."""
    client.force_login(actors.labour_officer)
    upload = io.BytesIO(CRAFTED[crafted]())
    upload.name = "danh-sach.xlsx"

    client.post(reverse("cases:import_start"), {"commune": lucnam.doi_ngo.pk, "file": upload})

    job = RegisterImport.objects.get()
    assert job.status == "failed" and job.failure.startswith("Tệp Excel không đọc được: ")
    page = client.get(reverse("cases:import_detail", args=[job.pk])).content.decode()
    assert "Tệp Excel không đọc được" in page
    assert not Person.objects.exists()


@pytest.mark.parametrize("crafted", CRAFTED, ids=list(CRAFTED))
def test_import_register_refuses_a_crafted_file_in_one_line(lucnam, tmp_path, crafted, monkeypatch):
    from django.db import connections

    from ansinh.cases.management.commands.import_register import Command

    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv closes them; the test needs its own

    path = tmp_path / "ds.xlsx"
    path.write_bytes(CRAFTED[crafted]())
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit, match="1"):
        Command(stdout=out, stderr=err).run_from_argv(["manage.py", "import_register", str(path), "--commune", "07444"])

    assert out.getvalue() == ""
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1 and "Tệp Excel không đọc được: " in lines[0]
    assert not Person.objects.exists()
