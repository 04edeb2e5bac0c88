from datetime import date

import pytest

from ansinh.territory.coverage import SuccessionEdge, UnitNode, compute_coverage
from ansinh.territory.selectors import unit_covers

OLD = date(1997, 1, 1)
NEW = date(2025, 7, 1)


def test_a_unit_is_covered_by_itself_and_its_ancestors():
    units = [UnitNode(1, None, OLD), UnitNode(2, 1, OLD), UnitNode(3, 2, OLD)]

    coverage = compute_coverage(units, [])

    assert coverage == {1: {1}, 2: {1, 2}, 3: {1, 2, 3}}


def test_a_unit_formed_wholly_inside_an_area_stays_in_that_area():
    # province 1 > district 2 > communes 3, 4; new province 5 holds new commune 6 = 3 + 4
    units = [
        UnitNode(1, None, OLD),
        UnitNode(2, 1, OLD),
        UnitNode(3, 2, OLD),
        UnitNode(4, 2, OLD),
        UnitNode(5, None, NEW),
        UnitNode(6, 5, NEW),
    ]
    edges = [SuccessionEdge(3, 6, NEW), SuccessionEdge(4, 6, NEW)]

    coverage = compute_coverage(units, edges)

    assert coverage[6] == {6, 5, 2, 1}
    assert 3 not in coverage[6], "the officer of one old commune must not see the whole new commune"
    assert coverage[3] == {3, 2, 1, 6, 5}, "the new commune sees what is still recorded under its predecessors"


def test_a_unit_that_absorbs_another_is_not_covered_by_the_absorbed_one():
    units = [UnitNode(1, None, OLD), UnitNode(2, 1, OLD), UnitNode(3, 1, OLD)]

    coverage = compute_coverage(units, [SuccessionEdge(3, 2, date(2025, 1, 1))])

    assert coverage[2] == {1, 2}
    assert coverage[3] == {1, 2, 3}


def test_a_successor_of_units_from_two_areas_belongs_to_neither():
    units = [UnitNode(1, None, OLD), UnitNode(2, None, OLD), UnitNode(3, None, NEW)]

    coverage = compute_coverage(units, [SuccessionEdge(1, 3, NEW), SuccessionEdge(2, 3, NEW)])

    assert coverage[3] == {3}
    assert coverage[1] == {1, 3}


@pytest.mark.django_db
def test_the_district_office_keeps_seeing_the_communes_formed_from_its_communes(lucnam):
    assert unit_covers(lucnam.district.pk, lucnam["07444@2025"].pk)
    assert unit_covers(lucnam["24"].pk, lucnam["07519@2025"].pk)
    assert not unit_covers(lucnam.doi_ngo.pk, lucnam["07444@2025"].pk)
    assert not unit_covers(lucnam.doi_ngo.pk, lucnam.cam_ly.pk)
    assert not unit_covers(lucnam["07516"].pk, lucnam.cam_ly.pk)
    assert unit_covers(lucnam.cam_ly.pk, lucnam["07516"].pk)
    assert unit_covers(lucnam["07519@2025"].pk, lucnam["07516"].pk), "Vũ Xá → Cẩm Lý → new Cẩm Lý"
    assert unit_covers(lucnam["07444@2025"].pk, lucnam["07477"].pk)
    assert not unit_covers(lucnam["07444@2025"].pk, lucnam.cam_ly.pk)


def test_a_village_of_an_old_commune_is_covered_by_the_new_commune():
    # commune 1 (old) with village 2; new commune 3 formed from 1
    units = [UnitNode(1, None, OLD), UnitNode(2, 1, OLD), UnitNode(3, None, NEW)]

    coverage = compute_coverage(units, [SuccessionEdge(1, 3, NEW)])

    assert coverage[2] == {1, 2, 3}
