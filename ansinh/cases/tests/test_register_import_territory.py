"""Issue 14 item 6: a commune code reused after the 2025 merger (07444: TT Đồi Ngô until 30/06/2025,
Xã Lục Nam from 01/07/2025) means the unit in force in each row's start month, and an entitlement
never starts before its commune existed."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.cases.imports import ImportUndecided, apply_register_import, check_register_file
from ansinh.cases.models import Decision, Entitlement, RegisterImport
from ansinh.cases.tests.conftest import HEADERS, workbook_bytes
from ansinh.core.months import YearMonth
from ansinh.payments.actions import payroll_generate
from ansinh.payments.models import PayrollLine
from ansinh.registry.models import Person, Residence

pytestmark = pytest.mark.django_db


def new_commune_officer():
    """The importer today (after 01/07/2025): the officer of Xã Lục Nam; the district labour office, which
    imported lists before, is a read-only archive (core.access)."""
    from ansinh.accounts.models import User
    from tests.fixtures import make_user

    return User.objects.filter(username="xa.lucnam").first() or make_user("xa.lucnam", "ubnd-07444-2025", "officer")


WITH_COEFFICIENT = HEADERS[:13]
AUGUST_2024 = YearMonth(2024, 8)


def row(name, citizen_id, commune, start, number="125/QĐ-UBND", issued="12/03/2021", category="5.5a"):
    # elderly, poor, no supporter: born 1950, coefficient 1.5 whatever the month
    return [name, "05/05/1950", "Nữ", citizen_id, commune, "", category, "", "Hộ nghèo", number, issued, start, "1,5"]


OLD_LIST = row("Lê Thị Bình", "024150001111", "07444", "03/2021")
NEW_LIST = row("Trần Thị Cúc", "024150002222", "07444", "08/2025", "88/QĐ-UBND", "10/08/2025")
PERSON_ONLY = ["Trần Văn Cường", "1960", "Nam", "", "07444", "", "", "", "", "", "", "", ""]


def run_command(tmp_path, rows, *extra):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook_bytes(rows, headers=WITH_COEFFICIENT))
    out = io.StringIO()
    call_command("import_register", str(path), "--commune", "07444", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_puts_each_row_under_the_unit_in_force_in_its_start_month(lucnam, tmp_path):
    summary = run_command(tmp_path, [OLD_LIST, NEW_LIST])

    assert summary == {"rows": 2, "accepted": 2, "rejected": 0, "errors": []}
    old = Entitlement.objects.get(person__citizen_id="024150001111")
    new = Entitlement.objects.get(person__citizen_id="024150002222")
    assert (old.commune, old.start_month) == (lucnam.doi_ngo, date(2021, 7, 1))
    assert (new.commune, new.start_month) == (lucnam["07444@2025"], date(2025, 8, 1))
    assert old.person.commune == lucnam.doi_ngo and new.person.commune == lucnam["07444@2025"]
    assert Decision.objects.get(number="125/QĐ-UBND").commune == lucnam.doi_ngo
    # the residence starts with the entitlement, in a unit that existed then
    assert Residence.objects.get(person=old.person).valid_from == date(2021, 7, 1)
    assert Residence.objects.get(person=new.person).valid_from == date(2025, 8, 1)


def test_a_2021_entitlement_imported_with_07444_is_on_the_2024_payment_list(lucnam, tmp_path):
    run_command(tmp_path, [OLD_LIST])

    payroll_generate(actor=None, month=AUGUST_2024, commune=lucnam.doi_ngo)

    line = PayrollLine.objects.get(month=AUGUST_2024.first_day, kind="regular")
    assert (line.person.citizen_id, line.commune, line.coefficient) == ("024150001111", lucnam.doi_ngo, 1.5)


def test_the_dry_run_tells_which_unit_each_row_goes_to_and_writes_nothing(lucnam, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook_bytes([OLD_LIST, NEW_LIST], headers=WITH_COEFFICIENT))

    report = check_register_file(io.BytesIO(path.read_bytes()), commune=lucnam["07444@2025"])

    placed = {problem.row: problem.message for problem in report.warnings if problem.field == "Xã/Thị trấn (mã)"}
    assert placed == {
        2: "Mã xã 07444 tháng 07/2021 là Thị trấn Đồi Ngô (từ 01/01/1997 đến 30/06/2025): ghi vào Thị trấn Đồi Ngô.",
        3: "Mã xã 07444 tháng 08/2025 là Xã Lục Nam (từ 01/07/2025): ghi vào Xã Lục Nam.",
    }
    assert not Person.objects.exists()


def test_an_entitlement_from_before_its_only_commune_existed_is_an_error(lucnam, tmp_path):
    """Only Phương Sơn (until 30/06/2025) ever had 07477: an entitlement from 08/2025 cannot be there."""
    summary = run_command(tmp_path, [row("Vũ Thị Dung", "024150003333", "07477", "08/2025")])

    assert summary["accepted"] == 0
    assert summary["errors"] == [
        {
            "row": 2,
            "field": "Hưởng từ tháng",
            "message": "Hưởng từ tháng 08/2025 nhưng tháng đó địa bàn đang nhập không có đơn vị nào mang mã xã 07477: "
            "Thị trấn Phương Sơn (từ 01/01/1997 đến 30/06/2025), sau đó thuộc Xã Lục Nam. Kiểm tra tháng hưởng và "
            "mã xã theo quyết định, hoặc chọn đúng xã khi nhập.",
        }
    ]
    assert not Person.objects.exists()


def test_the_old_commune_chosen_on_the_page_refuses_an_entitlement_after_it_ended(lucnam):
    report = check_register_file(
        io.BytesIO(workbook_bytes([NEW_LIST], headers=WITH_COEFFICIENT)), commune=lucnam.doi_ngo
    )

    assert [problem.field for problem in report.problems] == ["Hưởng từ tháng"]
    assert "Thị trấn Đồi Ngô (từ 01/01/1997 đến 30/06/2025), sau đó thuộc Xã Lục Nam" in report.problems[0].message


def test_a_row_without_a_start_month_asks_which_unit_the_code_means(lucnam, tmp_path):
    summary = run_command(tmp_path, [PERSON_ONLY], "--dry-run")

    assert summary["errors"] == [
        {
            "row": 2,
            "field": "Xã/Thị trấn (mã)",
            "message": "Mã xã 07444 là mã của Thị trấn Đồi Ngô (từ 01/01/1997 đến 30/06/2025) hay Xã Lục Nam "
            "(từ 01/07/2025); dòng không có tháng hưởng nên chưa biết là đơn vị nào: nhập dòng này ở trang "
            "“Nhập từ Excel” và chọn đúng xã, hoặc ghi tháng hưởng.",
        }
    ]


def test_the_unit_chosen_for_a_row_without_a_start_month_is_where_it_goes(lucnam, actors):
    new_commune = lucnam["07444@2025"]
    content = workbook_bytes([PERSON_ONLY, OLD_LIST], headers=WITH_COEFFICIENT)

    unanswered = check_register_file(io.BytesIO(content), commune=new_commune)
    assert [(q.row, q.code, [o["id"] for o in q.options], q.chosen) for q in unanswered.units.values()] == [
        (2, "07444", [lucnam.doi_ngo.pk, new_commune.pk], None)
    ]
    with pytest.raises(ImportUndecided, match="chưa chọn xã"):
        apply_register_import(unanswered, actor=new_commune_officer(), commune=new_commune, file_name="ds.xlsx")
    assert not Person.objects.exists()

    report = check_register_file(io.BytesIO(content), commune=new_commune, unit_choices={"2": lucnam.doi_ngo.pk})
    apply_register_import(report, actor=new_commune_officer(), commune=new_commune, file_name="ds.xlsx")

    assert Person.objects.get(full_name="Trần Văn Cường").commune == lucnam.doi_ngo
    assert Entitlement.objects.get().commune == lucnam.doi_ngo


def test_the_preview_asks_for_the_unit_stores_the_choice_and_the_write_uses_it(client, actors, lucnam):
    """The import page: a row without a start month whose code names two units is a stored, audited choice on
    the job (like the likely duplicates), not an error; confirming waits for it; the write uses it."""
    client.force_login(new_commune_officer())
    upload = io.BytesIO(workbook_bytes([PERSON_ONLY, OLD_LIST], headers=WITH_COEFFICIENT))
    upload.name = "danh-sach.xlsx"
    client.post(reverse("cases:import_start"), {"commune": lucnam["07444@2025"].pk, "file": upload})
    job = RegisterImport.objects.get()
    assert (job.status, job.report["rejected"], job.report["errors"]) == ("checked", 0, [])
    detail = reverse("cases:import_detail", args=[job.pk])
    page = client.get(detail).content.decode()
    assert "Dòng cần chọn xã" in page and "Thị trấn Đồi Ngô (từ 01/01/1997 đến 30/06/2025)" in page

    client.post(reverse("cases:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "checked" and not Person.objects.exists()  # refused: the unit is not chosen

    choose = reverse("cases:import_choose_unit", args=[job.pk])
    client.post(choose, {"row": 2, "unit": lucnam.cam_ly.pk})  # not a unit with the code: refused
    job.refresh_from_db()
    assert job.unit_decisions == {}
    client.post(choose, {"row": 2, "unit": lucnam.doi_ngo.pk})
    job.refresh_from_db()
    assert job.unit_decisions == {"2": lucnam.doi_ngo.pk}
    event = AuditEvent.objects.get(action="cases.register_import_unit")
    assert event.after == {"row": 2, "unit": lucnam.doi_ngo.pk, "code": "07444"}
    assert "Thị trấn Đồi Ngô (từ 01/01/1997 đến 30/06/2025)" in client.get(detail).content.decode()

    client.post(reverse("cases:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.failure
    assert Person.objects.get(full_name="Trần Văn Cường").commune == lucnam.doi_ngo


def test_the_preview_page_shows_the_unit_of_each_row(client, actors, lucnam):
    client.force_login(new_commune_officer())
    upload = io.BytesIO(workbook_bytes([OLD_LIST, NEW_LIST], headers=WITH_COEFFICIENT))
    upload.name = "danh-sach.xlsx"

    client.post(reverse("cases:import_start"), {"commune": lucnam["07444@2025"].pk, "file": upload})

    page = client.get(reverse("cases:import_detail", args=[RegisterImport.objects.get().pk])).content.decode()
    assert "ghi vào Thị trấn Đồi Ngô" in page and "ghi vào Xã Lục Nam" in page
