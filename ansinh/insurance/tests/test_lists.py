"""The stored lists: prepare, send (frozen, late flagged), corrections, files, the BHXH desk, alerts."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.core.months import YearMonth
from ansinh.insurance import actions, documents
from ansinh.insurance.models import BhytLine, HealthCard, LineStatus, ListStatus
from ansinh.insurance.selectors import alerts, person_card, premium_table
from ansinh.insurance.uploads import check_cards_file
from ansinh.payments.tests.conftest import entitle, person, run_month
from ansinh.registry.models import LifeStatus
from tests.readback import pdf_text

pytestmark = pytest.mark.django_db
MARCH, APRIL, MAY = YearMonth(2024, 3), YearMonth(2024, 4), YearMonth(2024, 5)


@pytest.fixture
def people(lucnam):
    an = person(lucnam.doi_ngo, "Nguyễn Văn An", citizen_id="024144510101", birth_date=date(1940, 5, 2))
    entitle(an, start=MARCH)
    binh = person(lucnam.doi_ngo, "Trần Thị Bình", citizen_id="024144510102")
    entitle(binh, category="5.8", start=MARCH)  # HIV: never named to BHXH
    old = person(lucnam.doi_ngo, "Lê Văn Cũ", citizen_id="024144510103")
    entitle(old, start=YearMonth(2023, 1))
    return {"an": an, "binh": binh, "old": old}


def prepared(actors, lucnam, month=MARCH):
    return actions.list_prepare(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, month=month)


def test_prepare_send_and_freeze(actors, lucnam, people, today_is):
    today_is(date(2024, 3, 4))
    bhyt_list = prepared(actors, lucnam)
    lines = {line.person_id: line for line in bhyt_list.lines.all()}
    assert set(lines) == {people["an"].pk, people["binh"].pk}
    assert {line.group_code for line in lines.values()} == {"BT"}
    assert (bhyt_list.covered, bhyt_list.premium_per_person, bhyt_list.premium_total) == (3, 81_000, 243_000)
    sent = actions.list_send(actor=actors.own_commune_officer, bhyt_list=bhyt_list)
    assert sent.status == ListStatus.SENT and not sent.sent_late
    event = AuditEvent.objects.get(action="insurance.list_send")
    assert event.after["late"] is False
    with pytest.raises(ValidationError, match="đã gửi BHXH"):
        prepared(actors, lucnam)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        actions.list_send(actor=actors.other_commune_officer, bhyt_list=sent)


def test_a_list_sent_after_its_deadline_is_late(actors, lucnam, people, today_is):
    today_is(date(2024, 3, 20))
    sent = actions.list_send(actor=actors.own_commune_officer, bhyt_list=prepared(actors, lucnam))
    assert sent.sent_late and sent.send_deadline < date(2024, 3, 20)


def test_a_change_to_a_sent_month_is_a_correction_line_of_the_next_list(actors, lucnam, people, today_is):
    today_is(date(2024, 3, 4))
    actions.list_send(actor=actors.own_commune_officer, bhyt_list=prepared(actors, lucnam))
    # a death in February reported late: March was sent with Lê Văn Cũ still covered
    old = people["old"]
    old.life_status, old.death_date = LifeStatus.DEAD, date(2024, 2, 20)
    old.save()
    today_is(date(2024, 4, 2))
    april = prepared(actors, lucnam, APRIL)
    line = april.lines.get()
    assert (line.person_id, line.direction, line.reason) == (old.pk, "decrease", "death")
    assert (line.to_date, line.corrects_month) == (date(2024, 2, 20), date(2024, 3, 1))
    actions.list_send(actor=actors.own_commune_officer, bhyt_list=april)
    # sent once: not again in May
    assert not prepared(actors, lucnam, MAY).lines.exists()


def test_the_files_read_back_and_never_name_the_category(actors, lucnam, people, today_is):
    today_is(date(2024, 3, 4))
    bhyt_list = prepared(actors, lucnam)
    rows = list(
        load_workbook(BytesIO(documents.list_xlsx(bhyt_list)), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    text = " ".join(str(value) for row in rows for value in row if value is not None)
    assert "Nguyễn Văn An" in text and "024144510101" in text and "02/05/1940" in text
    assert "Mới được hưởng trợ cấp" in text and "5.8" not in text and "5.5a" not in text
    header = next(row for row in rows if row and row[0] == "STT")
    assert "Số CCCD/ĐDCN" in header and "Mã thẻ BHYT đã cấp" in header
    pdf = pdf_text(documents.list_pdf(bhyt_list, district_name="Huyện Lục Nam", today=date(2024, 3, 4)))
    assert "Nguyễn Văn An" in pdf and "Trần Thị Bình" in pdf and "5.8" not in pdf and "D03-TS" in pdf


def card_file(
    rows, headers=("Số CCCD/ĐDCN", "Mã thẻ BHYT đã cấp", "Thẻ có giá trị từ ngày", "Thẻ có giá trị đến ngày")
):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


@pytest.fixture
def sent(actors, lucnam, people, today_is):
    today_is(date(2024, 3, 4))
    return actions.list_send(actor=actors.own_commune_officer, bhyt_list=prepared(actors, lucnam))


def test_a_card_upload_is_applied_whole(actors, sent, people):
    check = check_cards_file(
        card_file(
            [
                ("024144510101", "BT2242420000001", "01/03/2024", "31/12/2024"),
                ("024144510102", "BT2242420000002", "01/03/2024", None),
            ]
        ),
        bhyt_list=sent,
    )
    assert check.accepted, check.problems
    assert actions.cards_apply(actor=actors.social_insurance_officer, bhyt_list=sent, rows=check.rows) == 2
    card = HealthCard.objects.get(person=people["an"])
    assert (card.number, card.valid_from, card.valid_to) == ("BT2242420000001", date(2024, 3, 1), date(2024, 12, 31))
    assert not sent.lines.filter(status=LineStatus.PENDING).exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                ("024144510101", "BT2242420000001", "01/03/2024", None),
                ("099999999999", "BT2242420000002", "01/03/2024", None),
            ],
            "Dòng 3, cột Số CCCD/ĐDCN: số 099999999999 không có",
        ),
        (
            [
                ("024144510101", "BT2242420000001", "01/03/2024", None),
                ("024144510102", "BT2242420000002", "31/02/2024", None),
            ],
            "Dòng 3, cột Thẻ có giá trị từ ngày",
        ),
        (
            [
                ("024144510101", "BT2242420000001", "01/03/2024", None),
                ("024144510101", "BT2242420000002", "01/03/2024", None),
            ],
            "Dòng 3, cột Số CCCD/ĐDCN: người này đã có ở dòng 2",
        ),
        ([("024144510101", "12345", "01/03/2024", None)], "Dòng 2, cột Mã thẻ BHYT đã cấp"),
    ],
)
def test_a_bad_card_upload_is_refused_whole(sent, rows, message):
    check = check_cards_file(card_file(rows), bhyt_list=sent)
    assert not check.accepted
    assert any(problem.startswith(message) for problem in check.problems), check.problems
    assert not HealthCard.objects.exists()


def test_the_desk_records_returns_and_processes(actors, sent, people, client):
    an_line = sent.lines.get(person=people["an"])
    binh_line = sent.lines.get(person=people["binh"])
    bhxh = actors.social_insurance_officer
    actions.list_receive(actor=bhxh, bhyt_list=sent)
    with pytest.raises(ValidationError, match="chưa ghi thẻ"):
        actions.list_process(actor=bhxh, bhyt_list=sent)
    with pytest.raises(ValidationError, match="15 ký tự"):
        actions.card_record(actor=bhxh, line=an_line, number="BT1", valid_from=date(2024, 3, 1), valid_to=None)
    actions.card_record(actor=bhxh, line=an_line, number="bt2242420000001", valid_from=date(2024, 3, 1), valid_to=None)
    actions.line_return(actor=bhxh, line=binh_line, reason="Sai ngày sinh")
    assert alerts(actor=actors.own_commune_officer, today=date(2024, 3, 4)).returned_lines == 1
    processed = actions.list_process(actor=bhxh, bhyt_list=sent)
    assert processed.status == ListStatus.PROCESSED
    actions.line_handled(actor=actors.own_commune_officer, line=BhytLine.objects.get(pk=binh_line.pk))
    assert alerts(actor=actors.own_commune_officer, today=date(2024, 3, 4)).returned_lines == 0
    assert person_card(people["an"], date(2024, 3, 4))["valid"]
    # the commune sees the card on the person page
    client.force_login(actors.own_commune_officer)
    page = client.get(reverse("registry:person_detail", args=[people["an"].pk]))
    assert "BT2242420000001" in page.content.decode()


def test_alerts_on_the_home_page(actors, lucnam, people, today_is, client):
    today_is(date(2024, 3, 12))
    run_month(actors, MARCH, commune=lucnam.doi_ngo, pay=False)
    # the card of someone whose allowance stopped is still open
    stopped = person(lucnam.doi_ngo, "Phạm Văn Thôi")
    entitle(stopped, start=YearMonth(2023, 1), end=MARCH)
    HealthCard.objects.create(
        person=stopped, number="BT2242420000009", valid_from=date(2023, 1, 1), commune=lucnam.doi_ngo
    )
    found = alerts(actor=actors.own_commune_officer, today=date(2024, 3, 12))
    # the lists of January, February and March (due 07/03) were never sent; Cẩm Lý has no one covered
    assert (found.paid_without_card, found.cards_after_stop, found.lists_not_sent) == (3, 1, 3)
    assert alerts(actor=actors.labour_officer, today=date(2024, 3, 12)).lists_not_sent == 3
    actions.list_send(actor=actors.own_commune_officer, bhyt_list=prepared(actors, lucnam))
    assert alerts(actor=actors.own_commune_officer, today=date(2024, 3, 12)).lists_not_sent == 2
    assert alerts(actor=actors.social_insurance_officer, today=date(2024, 3, 12)) is None
    client.force_login(actors.own_commune_officer)
    page = client.get(reverse("web:home")).content.decode()
    assert "chưa có thẻ còn giá trị" in page and "thẻ còn giá trị sau khi thôi hưởng" in page


def test_premium_totals_per_commune_and_quarter(actors, lucnam, people):
    table = premium_table(actor=actors.finance_officer, year=2024, quarter=1)
    row = next(row for row in table.rows if row.commune == lucnam.doi_ngo)
    # January and February: only Lê Văn Cũ; March: three people at 81.000 đ
    assert [people for _month, people, _amount in row.months] == [1, 1, 3]
    assert row.total == 5 * 81_000 and table.total == 5 * 81_000
    assert (row.increases, row.decreases) == (2, 0)  # the two grants of March


def test_another_scheme_keeps_the_person_off_the_state_list(actors, lucnam, people, today_is, client):
    today_is(date(2024, 4, 2))
    with pytest.raises(ValidationError, match="Nhập đối tượng"):
        actions.other_scheme_record(
            actor=actors.own_commune_officer,
            person=people["old"],
            scheme=" ",
            valid_from=date(2024, 4, 1),
            valid_to=None,
        )
    actions.other_scheme_record(
        actor=actors.own_commune_officer,
        person=people["old"],
        scheme="Hưu trí",
        valid_from=date(2024, 4, 1),
        valid_to=None,
    )
    april = prepared(actors, lucnam, APRIL)
    line = april.lines.get()
    assert (line.person_id, line.direction, line.reason) == (people["old"].pk, "decrease", "other_scheme")
    client.force_login(actors.own_commune_officer)
    page = client.get(reverse("registry:person_detail", args=[people["old"].pk])).content.decode()
    assert "Hưu trí" in page and "không đưa vào danh sách Nhà nước đóng" in page


def test_a_late_grant_is_one_correction_of_its_first_month(actors, lucnam, people, today_is):
    today_is(date(2024, 3, 4))
    for month in (YearMonth(2024, 2), MARCH):
        actions.list_send(actor=actors.own_commune_officer, bhyt_list=prepared(actors, lucnam, month))
    late = person(lucnam.doi_ngo, "Đinh Văn Muộn", citizen_id="024144510109")
    entitle(late, start=YearMonth(2024, 2))  # decided in April, effective February
    today_is(date(2024, 4, 2))
    april = prepared(actors, lucnam, APRIL)
    assert [
        (line.person_id, line.direction, line.reason, line.from_date, line.corrects_month) for line in april.lines.all()
    ] == [(late.pk, "increase", "new_grant", date(2024, 2, 1), date(2024, 2, 1))]
