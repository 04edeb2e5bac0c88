"""Which units each unit covers, for scoping every query by territory.

A unit covers itself and everything below it. A successor formed wholly from units that
A covers is covered by A too, so the district's office keeps seeing the communes formed
from its communes in the 2025 merger, while the officer of one old town does not see the
larger new commune. A unit that existed before absorbing another (an "absorbed into"
merger) keeps only its own coverage. And a successor covers its predecessors: the officer
of the new Xã Lục Nam sees the people still recorded under TT Đồi Ngô and the four other
units it was formed from, and Cẩm Lý sees those recorded under Vũ Xá.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from graphlib import TopologicalSorter

from django.db import transaction

from ansinh.territory.models import AdministrativeUnit, UnitCoverage, UnitSuccession


@dataclass(frozen=True, slots=True)
class UnitNode:
    id: int
    parent_id: int | None
    valid_from: date


@dataclass(frozen=True, slots=True)
class SuccessionEdge:
    predecessor_id: int
    successor_id: int
    effective_date: date


def compute_coverage(units: Iterable[UnitNode], successions: Iterable[SuccessionEdge]) -> dict[int, frozenset[int]]:
    """For each unit id, the ids of the units that cover it (including itself)."""
    nodes = {unit.id: unit for unit in units}
    predecessors: dict[int, list[SuccessionEdge]] = {}
    for edge in successions:
        predecessors.setdefault(edge.successor_id, []).append(edge)

    graph = {
        unit_id: {
            *([node.parent_id] if node.parent_id is not None else []),
            *(edge.predecessor_id for edge in predecessors.get(unit_id, [])),
        }
        for unit_id, node in nodes.items()
    }
    order = list(TopologicalSorter(graph).static_order())
    covered_by: dict[int, set[int]] = {}
    for unit_id in order:
        node = nodes[unit_id]
        cover = {unit_id}
        if node.parent_id is not None:
            cover |= covered_by[node.parent_id]
        edges = predecessors.get(unit_id, [])
        newly_formed = edges and all(node.valid_from >= edge.effective_date for edge in edges)
        if newly_formed:
            cover |= set.intersection(*(covered_by[edge.predecessor_id] for edge in edges))
        covered_by[unit_id] = cover
    _add_successor_coverage(order, nodes, predecessors, covered_by)
    return {unit_id: frozenset(cover) for unit_id, cover in covered_by.items()}


def _add_successor_coverage(
    order: list[int],
    nodes: dict[int, UnitNode],
    predecessors: dict[int, list[SuccessionEdge]],
    covered_by: dict[int, set[int]],
) -> None:
    """Whatever covers a successor covers its predecessors and their sub-units; repeated until
    nothing changes (coverage only grows, so this ends)."""
    successors: dict[int, list[int]] = {}
    for successor_id, edges in predecessors.items():
        for edge in edges:
            successors.setdefault(edge.predecessor_id, []).append(successor_id)
    changed = True
    while changed:
        changed = False
        for unit_id in order:
            node = nodes[unit_id]
            extra = set().union(*(covered_by[successor] for successor in successors.get(unit_id, [])))
            if node.parent_id is not None:
                extra |= covered_by[node.parent_id]
            if not extra <= covered_by[unit_id]:
                covered_by[unit_id] |= extra
                changed = True


@transaction.atomic
def coverage_rebuild() -> int:
    """Recompute the whole closure table from units and successions; returns its row count."""
    units = [
        UnitNode(id=row["id"], parent_id=row["parent_id"], valid_from=row["valid_from"])
        for row in AdministrativeUnit.objects.values("id", "parent_id", "valid_from")
    ]
    edges = [
        SuccessionEdge(**row)
        for row in UnitSuccession.objects.values("predecessor_id", "successor_id", "effective_date")
    ]
    rows = [
        UnitCoverage(ancestor_id=ancestor_id, descendant_id=descendant_id)
        for descendant_id, ancestors in compute_coverage(units, edges).items()
        for ancestor_id in ancestors
    ]
    UnitCoverage.objects.all().delete()
    UnitCoverage.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def coverage_add_leaf(unit: AdministrativeUnit) -> None:
    """Cover a new unit with no successions (a village) by its parent's coverers."""
    ancestor_ids = [unit.pk]
    if unit.parent_id is not None:
        ancestor_ids += list(
            UnitCoverage.objects.filter(descendant_id=unit.parent_id).values_list("ancestor_id", flat=True)
        )
    UnitCoverage.objects.bulk_create(
        [UnitCoverage(ancestor_id=ancestor_id, descendant_id=unit.pk) for ancestor_id in ancestor_ids]
    )
