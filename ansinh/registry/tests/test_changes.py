"""History diffs in words (issue 16): field labels, values as a reader reads them, a declaration as
the answers that changed, and HIV categories still masked for readers without the right."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory

from ansinh.audit.models import AuditEvent
from ansinh.cases.models import Dossier
from ansinh.payments.models import PayrollLine
from ansinh.registry.changes import ChangeLine
from ansinh.registry.history import events_shown
from ansinh.registry.models import Person
from ansinh.rules.models import Parameter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def event_of(model: type, **fields: object) -> AuditEvent:
    return AuditEvent(
        actor_name="Cán bộ xã", content_type=ContentType.objects.get_for_model(model), object_id="1", **fields
    )


def lines_of(actor, event: AuditEvent) -> dict[str, ChangeLine]:
    (shown,) = events_shown(actor, [event])
    return {line.label: line for line in shown.lines}


def test_a_person_change_reads_labels_choices_dates_and_names(actors, lucnam):
    event = event_of(
        Person,
        action="registry.person_update",
        before={"full_name": "Lò Văn Bé", "sex": "male", "birth_date": "1950-03-04", "commune": lucnam.cam_ly.pk},
        after={"full_name": "Lò Văn Bế", "sex": "female", "birth_date": "1950-04-03", "commune": lucnam.doi_ngo.pk},
    )

    lines = lines_of(actors.own_commune_officer, event)

    assert set(lines) == {"họ và tên", "giới tính", "ngày sinh", "xã, thị trấn"}
    assert (lines["giới tính"].before, lines["giới tính"].after) == ("Nam", "Nữ")
    assert (lines["ngày sinh"].before, lines["ngày sinh"].after) == ("04/03/1950", "03/04/1950")
    assert lines["xã, thị trấn"].after == str(lucnam.doi_ngo)
    assert lines["xã, thị trấn"].before == str(lucnam.cam_ly)


def test_a_payment_result_reads_money_yes_no_and_hides_the_line_number(actors):
    event = event_of(
        PayrollLine,
        action="payments.result_record",
        after={
            "line": 12,
            "month": "03/2025",
            "person_name": "Lò Văn Bé",
            "amount": 1250000,
            "paid_on": "2025-03-05",
            "violation": True,
        },
    )

    lines = lines_of(actors.own_commune_officer, event)

    assert set(lines) == {"tháng", "số tiền", "ngày chi trả", "chi sai người nhận"}
    assert lines["số tiền"].after == "1.250.000 đ"
    assert lines["ngày chi trả"].after == "05/03/2025"
    assert lines["chi sai người nhận"].after == "Có"


def test_a_declaration_reads_as_the_answers_that_changed(actors):
    event = event_of(
        Dossier,
        action="cases.dossier_declare",
        before={"form_code": "1a", "declaration": {"full_name": "LÒ VĂN BÉ", "birth_date": "2016-05-01"}},
        after={"form_code": "1a", "declaration": {"full_name": "LÒ VĂN BÉ", "birth_date": "2016-06-01"}},
    )

    (line,) = lines_of(actors.own_commune_officer, event).values()

    assert line.label == "nội dung tờ khai"
    assert line.answers == (ChangeLine("Ngày/tháng/năm sinh", "01/05/2016", "01/06/2016"),)


def test_a_dossier_state_and_category_read_as_their_names(actors):
    event = event_of(Dossier, action="cases.dossier_open", after={"kind": "grant", "category_code": "5.6"})

    lines = lines_of(actors.own_commune_officer, event)

    assert lines["loại hồ sơ"].after == "Đề nghị hưởng trợ cấp xã hội hàng tháng"
    assert lines["diện đề nghị"].after == "5.6 · Người khuyết tật nặng, khuyết tật đặc biệt nặng"


def test_hiv_categories_stay_masked_in_the_words(actors):
    event = event_of(Dossier, action="cases.dossier_open", after={"category_code": "5.3"})

    assert lines_of(actors.district_chair, event)["diện đề nghị"].after == "Bảo mật"
    assert "HIV" in lines_of(actors.own_commune_officer, event)["diện đề nghị"].after


def test_the_history_include_shows_words_for_raw_events_too(actors):
    event = event_of(
        Parameter,
        action="rules.parameter_change",
        before={"valid_from": "2024-07-01", "confidence": "confirmed"},
        after={"valid_from": "2024-07-02", "confidence": "unconfirmed"},
    )
    request = RequestFactory().get("/")
    request.user = actors.labour_officer

    html = render_to_string("includes/history.html", {"history": [event], "user": actors.labour_officer})

    assert "valid_from" not in html and "confidence" not in html
    assert "02/07/2024" in html
    assert "chưa xác nhận" in html.lower()


def test_counts_read_with_thousands_dots(actors):
    event = AuditEvent(actor_name="hệ thống", action="registry.demo_people_load", after={"people": 6012})

    (line,) = lines_of(actors.own_commune_officer, event).values()

    assert (line.label, line.after) == ("số người", "6.012")
