import re
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.registry.actions import death_record, fact_add, person_update, residence_move
from ansinh.registry.models import FactKind, LifeStatus, Person, Residence
from ansinh.registry.selectors import PersonFilter, likely_duplicates, person_search
from ansinh.registry.validation import PersonInput
from tests.crafted_xlsx import deflate_bomb_xlsx, far_corner_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def test_a_person_is_created_with_residence_and_audit(make_person, lucnam, actors):
    person = make_person(citizen_id="024050001234")

    assert (person.full_name_folded, person.birth_year, person.province_code) == ("nguyen van an", 1950, "24")
    residence = Residence.objects.get(person=person)
    assert (residence.commune, residence.valid_to, residence.valid_from) == (lucnam.doi_ngo, None, date(1950, 5, 5))
    event = AuditEvent.objects.get(action="registry.person_create")
    assert event.actor == actors.labour_officer and event.territory == lucnam.doi_ngo


def test_a_duplicate_citizen_id_is_refused_and_names_the_holder(make_person):
    make_person(citizen_id="024050001234")
    count = Person.objects.count()

    with pytest.raises(ValidationError, match="đã có trong sổ: Nguyễn Văn An") as error:
        make_person(name="Trần Văn Bình", citizen_id="024050001234")

    assert error.value.message_dict["citizen_id"] == [
        "Số CCCD 024050001234 đã có trong sổ: Nguyễn Văn An, sinh 05/05/1950."
    ]
    assert Person.objects.count() == count


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (PersonInput(full_name=" ", sex="male", birth_year=1950), "full_name", "Họ và tên không được để trống."),
        (PersonInput(full_name="An 2", sex="male", birth_year=1950), "full_name", "Họ và tên không được chứa chữ số."),
        (PersonInput(full_name="An", sex="x", birth_year=1950), "sex", "Giới tính phải là Nam hoặc Nữ."),
        (PersonInput(full_name="An", sex="male"), "birth_date", "Hãy nhập ngày sinh (hoặc ít nhất năm sinh)."),
        (PersonInput(full_name="An", sex="male", birth_year=1850), "birth_date", "Năm sinh 1850 không hợp lý."),
        (
            PersonInput(full_name="An", sex="male", birth_date=date(2030, 1, 1)),
            "birth_date",
            "Ngày sinh 01/01/2030 ở tương lai.",
        ),
        (
            PersonInput(full_name="An", sex="female", birth_year=1950, citizen_id="024050001234"),
            "citizen_id",
            "Chữ số thứ 4 của số CCCD (0) chỉ giới tính nam, không khớp với giới tính đã khai.",
        ),
        (
            PersonInput(full_name="An", sex="male", birth_year=1950, old_id_number="12345"),
            "old_id_number",
            "Số CMND cũ phải gồm đúng 9 chữ số.",
        ),
    ],
)
def test_bad_input_is_refused_field_by_field(actors, lucnam, data, field, message):
    from ansinh.registry.actions import person_create

    with pytest.raises(ValidationError, match=re.escape(message)) as error:
        person_create(actor=actors.own_commune_officer, data=data, commune=lucnam.doi_ngo)
    assert error.value.message_dict[field] == [message]
    assert not Person.objects.exists()


def test_an_officer_cannot_register_someone_in_another_commune(make_person, actors, lucnam):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        make_person(actor=actors.own_commune_officer, commune=lucnam.cam_ly)
    assert not Person.objects.exists()


def test_search_ignores_accents_and_finds_ids(make_person, actors, lucnam):
    an = make_person(citizen_id="024050001234")
    make_person(name="Lê Thị Ánh", sex="female", born=date(1960, 1, 1))
    make_person(name="Nguyễn Văn An", commune=lucnam.cam_ly)

    def names(actor, **filters):
        return [person.pk for person in person_search(actor=actor, filters=PersonFilter(**filters))]

    assert names(actors.own_commune_officer, query="nguyen van an") == [an.pk]
    assert len(names(actors.labour_officer, query="NGUYEN an")) == 2
    assert names(actors.own_commune_officer, query="024 050 001 234") == [an.pk]
    assert names(actors.own_commune_officer, query="anh") != []
    assert names(actors.post_office_officer, query="an") == []


def test_likely_duplicates_are_flagged(make_person, actors):
    first = make_person()
    second = make_person(name="Nguyen Van An", born=date(1950, 12, 1))
    make_person(name="Nguyễn Văn An", born=date(1951, 1, 1))

    assert list(likely_duplicates(actor=actors.labour_officer, person=first)) == [second]


def test_a_move_closes_the_old_residence_and_changes_the_territory_key(make_person, actors, lucnam):
    person = make_person()

    residence_move(
        actor=actors.labour_officer,
        person=person,
        commune=lucnam.cam_ly,
        village=None,
        moved_on=date(2024, 4, 1),
        source="Đơn chuyển",
    )

    person.refresh_from_db()
    assert person.commune == lucnam.cam_ly
    assert list(person.residences.order_by("valid_from").values_list("valid_to", flat=True)) == [
        date(2024, 3, 31),
        None,
    ]
    with pytest.raises(ValidationError, match="Ngày chuyển phải sau ngày đến nơi ở hiện tại"):
        residence_move(
            actor=actors.labour_officer,
            person=person,
            commune=lucnam.doi_ngo,
            village=None,
            moved_on=date(2024, 3, 1),
            source="x",
        )


def test_facts_form_a_timeline_and_hiv_stays_restricted(make_person, actors, client):
    person = make_person()
    fact_add(
        actor=actors.own_commune_officer,
        person=person,
        kind=FactKind.DISABILITY,
        value={"level": "severe"},
        effective_from=date(2023, 1, 10),
        source="GXN số 12",
    )
    fact_add(
        actor=actors.own_commune_officer,
        person=person,
        kind=FactKind.DISABILITY,
        value={"level": "especially_severe"},
        effective_from=date(2024, 2, 1),
        source="GXN số 40",
    )
    fact_add(
        actor=actors.own_commune_officer,
        person=person,
        kind=FactKind.HIV,
        value={"positive": True},
        effective_from=date(2024, 1, 1),
        source="TTYT",
    )
    with pytest.raises(PermissionDenied, match="không có quyền"):
        fact_add(
            actor=actors.own_commune_chair,
            person=person,
            kind=FactKind.HIV,
            value={"positive": False},
            effective_from=date(2024, 6, 1),
            source="x",
        )

    first = person.facts.get(source="GXN số 12")
    assert first.effective_to == date(2024, 1, 31)
    hiv_event = AuditEvent.objects.filter(action="registry.fact_add").order_by("pk").last()
    assert "value" not in hiv_event.after

    client.force_login(actors.own_commune_officer)
    assert "Nhiễm HIV" in client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    client.force_login(actors.own_commune_chair)
    chair_page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "Nhiễm HIV" not in chair_page and "GXN số 40" in chair_page


def test_a_death_is_recorded_once(make_person, actors):
    person = make_person()
    death_record(actor=actors.own_commune_officer, person=person, died_on=date(2024, 3, 10), source="Trưởng thôn")

    person.refresh_from_db()
    assert (person.life_status, person.death_date) == (LifeStatus.DEAD, date(2024, 3, 10))
    with pytest.raises(ValidationError, match="đã được ghi nhận chết ngày 10/03/2024"):
        death_record(actor=actors.own_commune_officer, person=person, died_on=date(2024, 3, 11), source="x")


def test_updating_needs_a_reason_and_keeps_before_and_after(make_person, actors):
    person = make_person()
    data = PersonInput(full_name="Nguyễn Văn Ân", sex="male", birth_date=date(1950, 5, 5))
    with pytest.raises(ValidationError, match="Hãy ghi lý do sửa thông tin"):
        person_update(actor=actors.own_commune_officer, person=person, data=data, changes={}, reason="")

    person_update(actor=actors.own_commune_officer, person=person, data=data, changes={}, reason="Sai dấu")

    event = AuditEvent.objects.get(action="registry.person_update")
    assert (event.before["full_name"], event.after["full_name"]) == ("Nguyễn Văn An", "Nguyễn Văn Ân")


def test_the_export_is_scoped_logged_and_readable(make_person, actors, lucnam, client):
    make_person(citizen_id="024050001234")
    make_person(name="Phạm Thị Cúc", sex="female", born=date(1940, 2, 2), commune=lucnam.cam_ly)
    client.force_login(actors.own_commune_officer)

    response = client.get(reverse("registry:person_list"), {"xuat": "xlsx"})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD")
    assert rows[2][1:6] == ("Nguyễn Văn An", "05/05/1950", "Nam", "Kinh", "024050001234")
    assert len(rows) == 3  # the other commune's person is not exported
    assert AuditEvent.objects.get(action="registry.export").after["rows"] == 1


def test_the_list_page_runs_a_fixed_number_of_queries(make_person, actors, client):
    client.force_login(actors.labour_officer)
    make_person()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("registry:person_list"))
    for index in range(15):
        make_person(name=f"Người Thứ {'abcdefghijklmnop'[index]}", born=date(1950, 1, index + 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("registry:person_list"))

    assert len(many.captured_queries) == len(few.captured_queries)


def test_merging_a_duplicate_keeps_its_history_and_fills_gaps(make_person, actors):
    from ansinh.registry.actions import person_merge

    keep = make_person(name="Nguyễn Thị Hoa", sex="female", born=date(1950, 5, 5))
    duplicate = make_person(name="Nguyen Thi Hoa", sex="female", born=date(1950, 5, 5), citizen_id="024150001234")
    fact_add(
        actor=actors.own_commune_officer,
        person=duplicate,
        kind=FactKind.INCOME,
        value={"stable_income": False},
        effective_from=date(2024, 1, 1),
        source="Xác nhận BHXH",
    )

    person_merge(actor=actors.own_commune_officer, keep=keep, duplicate=duplicate, reason="Nhập hai lần")

    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert keep.citizen_id == "024150001234" and duplicate.citizen_id is None
    assert duplicate.merged_into == keep
    assert keep.facts.get().source == "Xác nhận BHXH"
    assert keep.residences.count() == 2 and keep.residences.filter(valid_to__isnull=True).count() == 1
    assert not Person.objects.filter(pk=duplicate.pk).filter(merged_into__isnull=True).exists()
    assert AuditEvent.objects.filter(action="registry.person_merge").count() == 2
    with pytest.raises(PermissionDenied, match="không có quyền"):  # a merged record is no longer in anyone's register
        person_merge(actor=actors.own_commune_officer, keep=keep, duplicate=duplicate, reason="lại")


def test_two_people_with_different_ids_are_never_merged(make_person, actors):
    from ansinh.registry.actions import person_merge

    first = make_person(citizen_id="024050001234")
    second = make_person(citizen_id="024050009999")

    with pytest.raises(ValidationError, match="hai người"):
        person_merge(actor=actors.own_commune_officer, keep=first, duplicate=second, reason="x")
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_households_poverty_and_guardian_through_the_page(make_person, actors, client):
    from ansinh.registry.models import HouseholdMember

    head = make_person(name="Trần Văn Hộ", born=date(1960, 1, 1), citizen_id="024060001234")
    mother = make_person(name="Lê Thị Mẹ", sex="female", born=date(1935, 1, 1))
    client.force_login(actors.own_commune_officer)

    client.post(
        reverse("registry:person_household", args=[head.pk]),
        {"relationship": "head", "joined_on": "01/01/2020", "source": "Sổ hộ khẩu"},
    )
    bad = client.post(
        reverse("registry:person_household", args=[mother.pk]),
        {"head": "024099999999", "relationship": "parent", "joined_on": "01/01/2020", "source": "Sổ hộ khẩu"},
    )
    client.post(
        reverse("registry:person_household", args=[mother.pk]),
        {"head": "024060001234", "relationship": "parent", "joined_on": "01/01/2020", "source": "Sổ hộ khẩu"},
    )
    client.post(
        reverse("registry:person_poverty", args=[mother.pk]),
        {"year": 2024, "status": "poor", "source": "QĐ 12/QĐ-UBND ngày 05/01/2024"},
    )
    client.post(reverse("registry:person_guardian", args=[mother.pk]), {"guardian": "024060001234", "relation": "con"})

    assert bad.status_code == 400 and "Không tìm thấy người có số CCCD 024099999999" in bad.content.decode()
    household = HouseholdMember.objects.get(person=head).household
    assert set(household.members.values_list("person__full_name", "relationship")) == {
        ("Trần Văn Hộ", "head"),
        ("Lê Thị Mẹ", "parent"),
    }
    assert household.poverty.get().status == "poor"
    mother.refresh_from_db()
    assert (mother.guardian, mother.guardian_relation) == (head, "con")
    page = client.get(reverse("registry:person_detail", args=[mother.pk])).content.decode()
    assert "Hộ nghèo" in page and "Trần Văn Hộ" in page


def test_difficult_area_periods_do_not_overlap(actors, lucnam, client):
    from ansinh.registry.actions import difficult_area_add
    from ansinh.registry.models import DifficultArea

    unit = lucnam["07489"]  # Vô Tranh
    difficult_area_add(
        actor=actors.labour_officer, unit=unit, valid_from=date(2021, 6, 4), valid_to=None, source="QĐ 861/QĐ-TTg"
    )
    with pytest.raises(ValidationError, match="đã được xếp loại từ 04/06/2021 đến nay"):
        difficult_area_add(
            actor=actors.labour_officer, unit=unit, valid_from=date(2023, 1, 1), valid_to=None, source="QĐ khác"
        )
    with pytest.raises(PermissionDenied, match="không có quyền"):
        difficult_area_add(
            actor=actors.own_commune_officer,
            unit=lucnam.doi_ngo,
            valid_from=date(2021, 6, 4),
            valid_to=None,
            source="x",
        )

    assert DifficultArea.objects.count() == 1
    client.force_login(actors.own_commune_officer)
    assert client.post(reverse("registry:difficult_areas"), {"unit": lucnam.doi_ngo.pk}).status_code == 403
    client.force_login(actors.labour_head)
    assert "Xã Vô Tranh" in client.get(reverse("registry:difficult_areas")).content.decode()


def test_the_yearly_poor_list_is_imported_all_or_nothing(make_person, actors, tmp_path):
    import io as _io

    from django.core.management import CommandError, call_command
    from openpyxl import Workbook

    from ansinh.registry.models import HouseholdPoverty

    make_person(name="Trần Văn Hộ", born=date(1960, 1, 1), citizen_id="024060001234")
    make_person(name="Lê Thị Mẹ", sex="female", born=date(1935, 1, 1))

    def write(rows):
        workbook = Workbook()
        workbook.active.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Hộ nghèo/cận nghèo"])
        for row in rows:
            workbook.active.append(row)
        path = tmp_path / "ho-ngheo.xlsx"
        workbook.save(path)
        return str(path)

    bad = write(
        [["Trần Văn Hộ", "1960", "Nam", "024060001234", "Hộ nghèo"], ["Không Có Ai", "1950", "Nam", "", "Cận nghèo"]]
    )
    out = _io.StringIO()
    with pytest.raises(CommandError, match="còn dòng lỗi"):
        call_command("import_poverty", bad, "--year", "2024", "--source", "QĐ 12", "--as-user", "xa.doingo", stdout=out)
    assert not HouseholdPoverty.objects.exists()

    good = write(
        [["Trần Văn Hộ", "1960", "Nam", "024060001234", "Hộ nghèo"], ["Lê Thị Mẹ", "1935", "Nữ", "", "Cận nghèo"]]
    )
    out = _io.StringIO()
    call_command("import_poverty", good, "--year", "2024", "--source", "QĐ 12", "--as-user", "xa.doingo", stdout=out)

    assert '"accepted": 2' in out.getvalue()
    assert sorted(HouseholdPoverty.objects.values_list("year", "status")) == [(2024, "near_poor"), (2024, "poor")]


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        (
            "disability",
            {"level": "especially_severe", "certificate_number": "12"},
            "Khuyết tật mức đặc biệt nặng, giấy xác nhận số 12",
        ),
        (
            "disability",
            {
                "level": "severe",
                "types": ["motor", "vision"],
                "certificate_number": "7",
                "certificate_date": "02/03/2023",
            },
            "Khuyết tật mức nặng (dạng vận động, nhìn), giấy xác nhận số 7 cấp ngày 02/03/2023",
        ),
        ("schooling", {"studying": True, "institution": "THPT Lục Nam"}, "Đang đi học (THPT Lục Nam)"),
        ("income", {"stable_income": False}, "Không có thu nhập ổn định"),
        ("hiv", {"positive": True}, "Nhiễm HIV"),
    ],
)
def test_facts_read_as_plain_vietnamese(kind, value, text):
    from ansinh.registry.models import PersonFact

    assert PersonFact(kind=kind, value=value).describe() == text


def test_a_missing_person_is_recorded_then_a_death_can_follow(make_person, actors):
    person = make_person()
    death_record(
        actor=actors.own_commune_officer, person=person, died_on=date(2024, 2, 1), source="QĐ TAND", status="missing"
    )
    with pytest.raises(ValidationError, match="đã được ghi nhận bị tuyên bố mất tích"):
        death_record(
            actor=actors.own_commune_officer, person=person, died_on=date(2024, 3, 1), source="x", status="missing"
        )

    death_record(actor=actors.own_commune_officer, person=person, died_on=date(2024, 5, 1), source="Giấy chứng tử")

    person.refresh_from_db()
    assert (person.life_status, person.missing_on, person.death_date) == ("dead", date(2024, 2, 1), date(2024, 5, 1))
    assert AuditEvent.objects.filter(action="registry.missing_record").count() == 1


def test_the_duplicate_list_runs_a_fixed_number_of_queries(make_person, actors, client):
    client.force_login(actors.labour_officer)
    make_person(name="Hà Văn Một", born=date(1950, 1, 1))
    make_person(name="Ha Van Mot", born=date(1950, 1, 1))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("registry:duplicate_list"))
    assert len(response.context["groups"]) == 1
    for name in ("Bùi Văn Hai", "Đỗ Thị Ba", "Vũ Văn Tư"):
        make_person(name=name, born=date(1951, 1, 1), sex="female" if "Thị" in name else "male")
        make_person(name=name, born=date(1951, 2, 2), sex="female" if "Thị" in name else "male")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("registry:duplicate_list"))

    assert len(response.context["groups"]) == 4
    assert all(len(group) == 2 for group in response.context["groups"])
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    "crafted",
    [lambda: far_corner_xlsx(dimension=False), lambda: far_corner_xlsx(dimension=True), deflate_bomb_xlsx],
    ids=["far corner", "far corner declared", "deflate bomb"],
)
def test_the_poor_list_import_refuses_a_crafted_file_with_a_message(actors, tmp_path, crafted):
    from django.core.management import CommandError, call_command

    from ansinh.registry.models import HouseholdPoverty

    path = tmp_path / "ho-ngheo.xlsx"
    path.write_bytes(crafted())

    with pytest.raises(CommandError, match=r"^Tệp Excel không đọc được: "):
        call_command("import_poverty", str(path), "--year", "2024", "--source", "QĐ 12", "--as-user", "xa.doingo")
    assert not HouseholdPoverty.objects.exists()
