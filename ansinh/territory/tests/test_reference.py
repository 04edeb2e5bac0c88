from datetime import date

import pytest

from ansinh.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession
from ansinh.territory.reference import COMMUNES_2025, LUC_NAM_2024, load_reference_territory
from ansinh.territory.selectors import covered_unit_ids

pytestmark = pytest.mark.django_db

MARCH_2024 = date(2024, 3, 1)
JULY_2025 = date(2025, 7, 1)


def test_lucnam_has_its_25_units_in_march_2024(lucnam):
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent=lucnam.district).active_on(MARCH_2024)

    assert communes.count() == 25
    assert sorted(communes.values_list("code", flat=True)) == sorted(row.code for row in LUC_NAM_2024)
    assert lucnam.doi_ngo.full_name == "Thị trấn Đồi Ngô"
    assert lucnam["07477"].full_name == "Thị trấn Phương Sơn"
    assert lucnam.cam_ly.full_name == "Xã Cẩm Lý"


def test_vu_xa_ends_with_its_merger_and_points_to_its_successor(lucnam):
    vu_xa = lucnam["07516"]

    assert vu_xa.valid_to == date(2024, 12, 31)
    assert not vu_xa.is_active_on(date(2025, 1, 1))
    assert [link.successor for link in vu_xa.successions_out.all()] == [lucnam.cam_ly]
    communes_2025_jan = AdministrativeUnit.objects.filter(parent=lucnam.district).active_on(date(2025, 1, 1))
    assert communes_2025_jan.count() == 24


def test_the_eight_communes_of_july_2025_have_their_predecessors(lucnam):
    new_communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_from=JULY_2025)

    assert new_communes.count() == 8
    assert all(commune.parent == lucnam["24@2025"] for commune in new_communes)
    for code, name, predecessor_codes in COMMUNES_2025:
        commune = lucnam[f"{code}@2025"]
        assert commune.full_name == f"Xã {name}"
        predecessors = UnitSuccession.objects.filter(successor=commune).values_list("predecessor__code", flat=True)
        assert sorted(predecessors) == sorted(predecessor_codes)
    # Every March 2024 unit except Vũ Xá (merged earlier) flows into exactly one new commune.
    merged = [code for _, _, codes in COMMUNES_2025 for code in codes]
    assert sorted(merged) == sorted(row.code for row in LUC_NAM_2024 if row.code != "07516")


def test_a_reused_code_names_two_different_units(lucnam):
    old, new = lucnam["07444"], lucnam["07444@2025"]

    assert old.pk != new.pk
    assert (old.name, new.name) == ("Đồi Ngô", "Lục Nam")
    assert old.valid_to == date(2025, 6, 30)
    assert new.valid_from == JULY_2025


def test_on_any_day_the_district_area_has_one_set_of_communes(lucnam):
    district_area = AdministrativeUnit.objects.filter(
        id__in=covered_unit_ids(lucnam.district.pk), level=UnitLevel.COMMUNE
    )

    assert district_area.active_on(date(2024, 3, 1)).count() == 25
    assert district_area.active_on(date(2025, 6, 30)).count() == 24
    assert district_area.active_on(date(2025, 7, 1)).count() == 8


def test_loading_twice_changes_nothing(lucnam):
    before = list(AdministrativeUnit.objects.order_by("pk").values())
    successions = UnitSuccession.objects.count()

    load_reference_territory()

    assert list(AdministrativeUnit.objects.order_by("pk").values()) == before
    assert UnitSuccession.objects.count() == successions
