from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.territory.actions import village_create, village_update
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import unit_covers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def test_a_commune_officer_adds_a_village_that_the_district_sees(actors, lucnam):
    village = village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Thôn Bến", valid_from=date(2024, 3, 1)
    )

    assert (village.name, village.level, village.full_name) == ("Bến", UnitLevel.VILLAGE, "Thôn Bến")
    assert unit_covers(lucnam.doi_ngo.pk, village.pk)
    assert unit_covers(lucnam.district.pk, village.pk)
    assert not unit_covers(lucnam.cam_ly.pk, village.pk)


def test_a_duplicate_village_name_is_refused_without_accents_mattering(actors, lucnam):
    village_create(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Bến", valid_from=date(2024, 3, 1))
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="đã có thôn tên “ben”") as error:
        village_create(
            actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="ben", valid_from=date(2024, 3, 1)
        )

    assert "đã có thôn tên" in str(error.value)
    assert AdministrativeUnit.objects.filter(parent=lucnam.doi_ngo).count() == 1
    assert AuditEvent.objects.count() == events


def test_a_village_date_outside_the_commune_period_is_refused(actors, lucnam):
    with pytest.raises(ValidationError, match="Ngày hiệu lực phải nằm trong thời gian") as error:
        village_create(
            actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Bến", valid_from=date(2025, 7, 1)
        )

    assert "từ 01/01/1997 đến 30/06/2025" in str(error.value)
    assert not AdministrativeUnit.objects.filter(parent=lucnam.doi_ngo).exists()


def test_an_officer_of_another_commune_cannot_add_a_village(actors, lucnam):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        village_create(
            actor=actors.other_commune_officer, commune=lucnam.doi_ngo, name="Bến", valid_from=date(2024, 3, 1)
        )
    assert not AdministrativeUnit.objects.filter(parent=lucnam.doi_ngo).exists()


def test_renaming_a_village_needs_a_reason_and_is_audited(actors, lucnam):
    village = village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Bến", valid_from=date(2024, 3, 1)
    )
    with pytest.raises(ValidationError, match="Hãy ghi lý do thay đổi"):
        village_update(
            actor=actors.own_commune_officer, village=village, name="Bến Mới", valid_to=None, note="", reason=" "
        )

    village_update(
        actor=actors.labour_officer,
        village=village,
        name="Bến Mới",
        valid_to=None,
        note="",
        reason="Đổi tên theo NQ HĐND",
    )

    event = AuditEvent.objects.get(action="territory.village_update")
    assert event.before["name"] == "Bến" and event.after["name"] == "Bến Mới"
    assert event.reason == "Đổi tên theo NQ HĐND"
    assert event.actor == actors.labour_officer


def test_the_unit_list_shows_the_history_of_the_merger(client, actors, lucnam):
    client.force_login(actors.labour_officer)

    page = client.get(reverse("territory:unit_list")).content.decode()

    assert page.count("Thị trấn Đồi Ngô") >= 2  # its own row, and as a predecessor of Xã Lục Nam
    assert "Xã Vũ Xá" in page and "31/12/2024" in page
    assert "Xã Lục Nam" in page and "01/07/2025" in page


def test_the_unit_list_filters_by_date_and_by_name_without_accents(client, actors, lucnam):
    client.force_login(actors.labour_officer)

    on_day = client.get(reverse("territory:unit_list"), {"on": "01/07/2025"}).context["units"]
    by_name = client.get(reverse("territory:unit_list"), {"q": "cam ly"}).context["units"]
    bad_date = client.get(reverse("territory:unit_list"), {"on": "31/02/2025"})

    assert {unit.name for unit in on_day if unit.level == UnitLevel.COMMUNE} == {
        "Lục Nam",
        "Đông Phú",
        "Bảo Đài",
        "Nghĩa Phương",
        "Trường Sơn",
        "Lục Sơn",
        "Bắc Lũng",
        "Cẩm Lý",
    }
    assert [unit.valid_from.year for unit in by_name] == [2025, 1997]
    assert bad_date.context["form"].errors["on"] == ["Nhập một ngày hợp lệ."]
    assert "Nhập một ngày hợp lệ." in bad_date.content.decode()


def test_the_commune_page_shows_predecessors_and_adds_a_village(client, actors, lucnam):
    client.force_login(actors.own_commune_officer)
    url = reverse("territory:unit_detail", args=[lucnam.doi_ngo.pk])

    response = client.post(
        reverse("territory:village_create", args=[lucnam.doi_ngo.pk]), {"name": "", "unit_type": "thon"}
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()

    response = client.post(
        reverse("territory:village_create", args=[lucnam.doi_ngo.pk]),
        {"name": "Chợ", "unit_type": "thon", "valid_from": "15/03/2024"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Thôn Chợ" in page and "15/03/2024" in page
    assert "Xã Lục Nam" in page  # the successor
