"""Holes found by the attack on the demo (issue 12): lengths and control characters at preview, the
decision date's message, apply failures and stalled jobs with a retry, and the same list imported
twice (rows without a CCCD) paying twice."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ansinh.audit.models import AuditEvent
from ansinh.cases import imports as cases_imports
from ansinh.cases.forms import DossierOpenForm
from ansinh.cases.imports import check_register_file
from ansinh.cases.models import Entitlement, RegisterImport
from ansinh.cases.tasks import APPLY_FAILED
from ansinh.cases.tests.conftest import workbook_bytes
from ansinh.core.text import CONTROL_CHARACTERS
from ansinh.registry.forms import PersonForm
from ansinh.registry.imports import COLUMNS
from ansinh.registry.models import Person, Residence

pytestmark = pytest.mark.django_db

ALL_HEADERS = [printed for printed, _ in COLUMNS.values()]  # with Dân tộc, Số CMND, Điện thoại, Địa chỉ
NO_ID = [
    ["Trần Văn Cường", "02/03/1950", "Nam", "", "07444", "", "5.5a", "", "", "125/QĐ-UBND", "12/03/2022", "04/2022"],
]  # fmt: skip


def row(name="Trần Văn Cường", phone="", address="", decision_date="12/03/2022"):
    return [name, "02/03/1950", "Nam", "", "07444", "", "5.5a", "", "", "125/QĐ-UBND", decision_date, "04/2022",
            "", "", "", phone, address]  # fmt: skip


def preview(content, commune):
    return check_register_file(io.BytesIO(content), commune=commune).summary()


def person_form_error(field, value):
    data = {"full_name": "Trần Văn Cường", "birth": "1950", "sex": "male", "ethnicity": "01", field: value}
    form = PersonForm(data=data)
    form.is_valid()
    return form.errors[field]


# --- lengths and control characters ------------------------------------------------------------


def test_a_ten_thousand_character_name_is_refused_at_preview_as_the_person_form_says(lucnam):
    name = "Nguyễn " + "A" * 10_000  # 10,007 characters

    summary = preview(workbook_bytes([row(name=name)], headers=ALL_HEADERS), lucnam.doi_ngo)

    message = "Quá dài: tối đa 150 ký tự (đang có 10007)."
    assert summary["accepted"] == 0
    assert summary["errors"] == [{"row": 2, "field": "Họ và tên", "message": message}]
    assert person_form_error("full_name", name) == [message]


def test_a_long_phone_and_address_are_refused_at_preview(lucnam):
    summary = preview(workbook_bytes([row(phone="9" * 500, address="Xóm " * 80)], headers=ALL_HEADERS), lucnam.doi_ngo)

    assert summary["errors"] == [
        {"row": 2, "field": "Điện thoại", "message": "Quá dài: tối đa 20 ký tự (đang có 500)."},
        {"row": 2, "field": "Địa chỉ", "message": "Quá dài: tối đa 255 ký tự (đang có 319)."},
    ]
    assert person_form_error("phone", "9" * 500) == ["Quá dài: tối đa 20 ký tự (đang có 500)."]


def test_a_long_decision_number_is_refused_at_preview(lucnam):
    rows = [row()]
    rows[0][9] = "125/" + "QĐ" * 40

    summary = preview(workbook_bytes(rows, headers=ALL_HEADERS), lucnam.doi_ngo)

    assert summary["errors"] == [
        {"row": 2, "field": "Số quyết định", "message": "Quá dài: tối đa 60 ký tự (đang có 84)."}
    ]


def test_a_nul_byte_gets_a_vietnamese_message_in_the_import_and_in_every_form(lucnam):
    # Excel writes control characters as _xHHHH_; the reader gives back the NUL itself.
    summary = preview(workbook_bytes([row(name="Trần_x0000_Văn Cường")], headers=ALL_HEADERS), lucnam.doi_ngo)

    assert summary["errors"] == [{"row": 2, "field": "Họ và tên", "message": CONTROL_CHARACTERS}]
    assert person_form_error("full_name", "Trần\x00Văn Cường") == [CONTROL_CHARACTERS]
    assert person_form_error("address", "Thôn\x1bChùa") == [CONTROL_CHARACTERS]
    dossier = DossierOpenForm(data={"kind": "grant", "category_code": "5.\x006"})
    assert not dossier.is_valid() and dossier.errors["category_code"] == [CONTROL_CHARACTERS]
    assert CONTROL_CHARACTERS.startswith("Có ký tự điều khiển")


def test_line_breaks_and_tabs_stay_allowed_in_forms():
    form = PersonForm(data={"full_name": "Trần Văn Cường", "birth": "1950", "sex": "male", "address": "Thôn\tChùa"})
    form.is_valid()

    assert "address" not in form.errors


def test_a_bad_decision_date_names_the_decision_date_not_the_birth_date(lucnam):
    summary = preview(workbook_bytes([row(decision_date="31/02/2022")], headers=ALL_HEADERS), lucnam.doi_ngo)

    assert summary["errors"] == [
        {
            "row": 2,
            "field": "Ngày quyết định",
            "message": "Ngày quyết định “31/02/2022” không hợp lệ: ghi ngày dạng dd/mm/yyyy.",
        }
    ]


# --- jobs: apply failure, stalled jobs, retry -----------------------------------------------------


def upload(client, commune, rows, name="danh-sach.xlsx"):
    stream = io.BytesIO(workbook_bytes(rows))
    stream.name = name
    client.post(reverse("cases:import_start"), {"commune": commune.pk, "file": stream})
    return RegisterImport.objects.latest("pk")


def test_a_failure_while_applying_fails_the_job_with_a_message_and_writes_nothing(client, actors, lucnam, monkeypatch):
    client.force_login(actors.own_commune_officer)
    job = upload(client, lucnam.doi_ngo, NO_ID)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(cases_imports, "_create_benefits", broken)  # after the people are inserted
    client.post(reverse("cases:import_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.failed_step, job.retryable, job.failure) == ("failed", "apply", True, APPLY_FAILED)
    assert not Person.objects.exists() and not Residence.objects.exists() and not Entitlement.objects.exists()
    page = client.get(reverse("cases:import_detail", args=[job.pk])).content.decode()
    assert "Không ghi được danh sách vào sổ" in page and "Thử lại" in page

    monkeypatch.undo()
    client.post(reverse("cases:import_retry", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == "done" and Person.objects.count() == 1 and Entitlement.objects.count() == 1


def age(job, minutes):
    past = timezone.now() - timedelta(minutes=minutes)
    RegisterImport.objects.filter(pk=job.pk).update(created_at=past, progress_at=past)


def test_a_stalled_check_is_failed_on_viewing_and_retried_once(client, actors, lucnam, settings):
    settings.REGISTER_IMPORT_STALL_MINUTES = 15
    client.force_login(actors.own_commune_officer)
    job = upload(client, lucnam.doi_ngo, NO_ID)
    RegisterImport.objects.filter(pk=job.pk).update(status="checking", report={}, checked_rows=0)  # the worker died
    age(job, 14)

    client.get(reverse("cases:import_detail", args=[job.pk]))
    assert RegisterImport.objects.get(pk=job.pk).status == "checking"  # still within the limit

    age(job, 16)
    page = client.get(reverse("cases:import_detail", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert (job.status, job.failed_step, job.retryable) == ("failed", "check", True)
    assert "Không thấy tiến triển sau 15 phút (kiểm tra)" in page and "Thử lại" in page
    assert AuditEvent.objects.filter(action="cases.register_import_fail", object_id=str(job.pk)).count() == 1

    client.post(reverse("cases:import_retry", args=[job.pk]))
    again = client.post(reverse("cases:import_retry", args=[job.pk]), follow=True).content.decode()

    job.refresh_from_db()
    assert job.status == "checked" and job.report["accepted"] == 1
    assert "không ở trạng thái thử lại được" in again
    assert AuditEvent.objects.filter(action="cases.register_import_retry").count() == 1
    assert not Person.objects.exists()


def test_a_stalled_apply_is_failed_by_the_command_and_its_retry_writes_once(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    job = upload(client, lucnam.doi_ngo, NO_ID)
    RegisterImport.objects.filter(pk=job.pk).update(status="applying")  # confirmed, then the worker died
    age(job, 60)
    out = io.StringIO()

    call_command("fail_stalled_imports", stdout=out)

    assert json.loads(out.getvalue()) == {"failed": 1}
    job.refresh_from_db()
    assert (job.status, job.failed_step) == ("failed", "apply")
    client.post(reverse("cases:import_retry", args=[job.pk]))
    client.post(reverse("cases:import_retry", args=[job.pk]))
    assert RegisterImport.objects.get(pk=job.pk).status == "done"
    assert Person.objects.count() == 1 and Entitlement.objects.count() == 1


def test_an_unreadable_file_fails_without_a_retry(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    stream = io.BytesIO(b"not excel")
    stream.name = "ds.xlsx"
    client.post(reverse("cases:import_start"), {"commune": lucnam.doi_ngo.pk, "file": stream})
    job = RegisterImport.objects.get()

    page = client.get(reverse("cases:import_detail", args=[job.pk])).content.decode()

    assert job.status == "failed" and not job.retryable
    assert "Không đọc được tệp" in page and "Thử lại" not in page


# --- the same list twice --------------------------------------------------------------------------


def test_the_same_list_confirmed_twice_gives_one_person_and_one_entitlement(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    first = upload(client, lucnam.doi_ngo, NO_ID)
    client.post(reverse("cases:import_confirm", args=[first.pk]))
    cuong = Person.objects.get()

    second = upload(client, lucnam.doi_ngo, NO_ID)
    page = client.get(reverse("cases:import_detail", args=[second.pk])).content.decode()
    assert "Dòng có thể trùng với người đã có" in page and "Chưa chọn" in page

    refused = client.post(reverse("cases:import_confirm", args=[second.pk]), follow=True).content.decode()

    assert "Còn 1 dòng có thể trùng với người đã có chưa được chọn" in refused
    assert RegisterImport.objects.get(pk=second.pk).status == "checked"
    assert Person.objects.count() == 1 and Entitlement.objects.count() == 1

    client.post(reverse("cases:import_decide", args=[second.pk]), {"row": 2, "choice": "same", "person": cuong.pk})
    client.post(reverse("cases:import_confirm", args=[second.pk]))

    second.refresh_from_db()
    assert second.status == "done"
    assert (second.report["attached_rows"], second.report["kept_entitlements"]) == (1, 1)
    assert Person.objects.count() == 1 and Entitlement.objects.count() == 1
    decided = AuditEvent.objects.get(action="cases.register_import_decide")
    assert (
        decided.after == {"row": 2, "choice": "same", "person": cuong.pk}
        and decided.actor == actors.own_commune_officer
    )


def test_deciding_another_person_creates_one_and_all_same_attaches(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    client.post(reverse("cases:import_confirm", args=[upload(client, lucnam.doi_ngo, NO_ID).pk]))
    twin = [[*NO_ID[0][:6], "5.4", *NO_ID[0][7:]]]  # same name, birth and commune; another category

    other = upload(client, lucnam.doi_ngo, twin)
    client.post(reverse("cases:import_decide", args=[other.pk]), {"row": 2, "choice": "new"})
    client.post(reverse("cases:import_confirm", args=[other.pk]))
    assert Person.objects.count() == 2

    third = upload(client, lucnam.doi_ngo, twin)
    client.post(reverse("cases:import_decide_all", args=[third.pk]))  # two candidates now: left undecided
    assert RegisterImport.objects.get(pk=third.pk).duplicate_decisions == {}


def test_a_row_repeated_in_the_file_is_one_person_when_decided_so(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    job = upload(client, lucnam.doi_ngo, [NO_ID[0], NO_ID[0]])
    assert job.report["likely"][0]["file_row"] == 2

    client.post(reverse("cases:import_decide_all", args=[job.pk]))
    client.post(reverse("cases:import_confirm", args=[job.pk]))

    assert RegisterImport.objects.get(pk=job.pk).status == "done"
    assert Person.objects.count() == 1 and Entitlement.objects.count() == 1


def test_the_command_refuses_likely_duplicates_unless_told(lucnam, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook_bytes(NO_ID))
    call_command("import_register", str(path), "--commune", "07444", stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_register", str(path), "--commune", "07444", "--dry-run", stdout=out)

    result = json.loads(out.getvalue())
    assert (result["accepted"], result["rejected"]) == (0, 1)
    assert result["errors"][0]["field"] == "Họ và tên"
    assert result["errors"][0]["message"].startswith(
        "Có thể trùng với Trần Văn Cường (02/03/1950) trong sổ: chưa nhập."
    )
    call_command("import_register", str(path), "--commune", "07444", stdout=io.StringIO())
    assert Person.objects.count() == 1

    attached = io.StringIO()
    call_command("import_register", str(path), "--commune", "07444", "--likely-duplicates", "same", stdout=attached)

    assert json.loads(attached.getvalue())["accepted"] == 1
    assert Person.objects.count() == 1 and Entitlement.objects.count() == 1
    call_command("import_register", str(path), "--commune", "07444", "--likely-duplicates", "new", stdout=io.StringIO())
    assert Person.objects.count() == 2


def test_two_previews_of_the_same_list_confirmed_one_after_the_other_write_one_person(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    first, second = upload(client, lucnam.doi_ngo, NO_ID), upload(client, lucnam.doi_ngo, NO_ID)
    assert first.report["likely"] == second.report["likely"] == []  # both checked before either was written

    client.post(reverse("cases:import_confirm", args=[first.pk]))
    client.post(reverse("cases:import_confirm", args=[second.pk]))

    second.refresh_from_db()
    assert second.status == "checked" and "chưa ghi gì vào sổ" in second.failure
    assert [entry["row"] for entry in second.report["likely"]] == [2]
    assert Person.objects.count() == 1 and Entitlement.objects.count() == 1
