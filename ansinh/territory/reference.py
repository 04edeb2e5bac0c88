"""Reference territory of the first deployment, written by the project from domain.md §3.

Lục Nam district (Bắc Giang) with its 25 units of March 2024, Vũ Xá ending in its merger,
and the 8 communes of 1 July 2025 (NQ 1658/NQ-UBTVQH15) with their predecessors.
Loading is idempotent: running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ansinh.audit.events import record_event
from ansinh.territory.coverage import coverage_rebuild
from ansinh.territory.models import AdministrativeUnit, UnitSuccession, UnitType

# The start of these units is older than any rule of this system (2021-07); Bắc Giang and
# Bắc Ninh were re-established on 1997-01-01. Where a unit's own founding date is not
# known, the records of this system start on that date.
RECORDS_START = date(1997, 1, 1)
MERGER_2025 = date(2025, 7, 1)
MERGER_2025_BASIS = "Nghị quyết 1658/NQ-UBTVQH15"
VU_XA_END = date(2024, 12, 31)
VU_XA_NOTE = (
    "Sáp nhập khoảng đầu năm 2025 (domain.md §3); ngày và đơn vị nhận sáp nhập chưa được "
    "xác nhận từ văn bản gốc, cần kiểm tra và sửa nếu khác."
)


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    unit_type: str


LUC_NAM_2024 = [
    UnitRow("07444", "Đồi Ngô", UnitType.TOWNSHIP),
    UnitRow("07450", "Đông Hưng", UnitType.COMMUNE),
    UnitRow("07453", "Đông Phú", UnitType.COMMUNE),
    UnitRow("07456", "Tam Dị", UnitType.COMMUNE),
    UnitRow("07459", "Bảo Sơn", UnitType.COMMUNE),
    UnitRow("07462", "Bảo Đài", UnitType.COMMUNE),
    UnitRow("07465", "Thanh Lâm", UnitType.COMMUNE),
    UnitRow("07468", "Tiên Nha", UnitType.COMMUNE),
    UnitRow("07471", "Trường Giang", UnitType.COMMUNE),
    UnitRow("07477", "Phương Sơn", UnitType.TOWNSHIP),
    UnitRow("07480", "Chu Điện", UnitType.COMMUNE),
    UnitRow("07483", "Cương Sơn", UnitType.COMMUNE),
    UnitRow("07486", "Nghĩa Phương", UnitType.COMMUNE),
    UnitRow("07489", "Vô Tranh", UnitType.COMMUNE),
    UnitRow("07492", "Bình Sơn", UnitType.COMMUNE),
    UnitRow("07495", "Lan Mẫu", UnitType.COMMUNE),
    UnitRow("07498", "Yên Sơn", UnitType.COMMUNE),
    UnitRow("07501", "Khám Lạng", UnitType.COMMUNE),
    UnitRow("07504", "Huyền Sơn", UnitType.COMMUNE),
    UnitRow("07507", "Trường Sơn", UnitType.COMMUNE),
    UnitRow("07510", "Lục Sơn", UnitType.COMMUNE),
    UnitRow("07513", "Bắc Lũng", UnitType.COMMUNE),
    UnitRow("07516", "Vũ Xá", UnitType.COMMUNE),
    UnitRow("07519", "Cẩm Lý", UnitType.COMMUNE),
    UnitRow("07522", "Đan Hội", UnitType.COMMUNE),
]

# New commune (code, name) → the codes of the March 2024 units it was formed from.
COMMUNES_2025: list[tuple[str, str, list[str]]] = [
    ("07444", "Lục Nam", ["07477", "07444", "07483", "07468", "07480"]),
    ("07450", "Đông Phú", ["07450", "07453"]),
    ("07462", "Bảo Đài", ["07459", "07465", "07456", "07462"]),
    ("07486", "Nghĩa Phương", ["07471", "07504", "07486"]),
    ("07489", "Trường Sơn", ["07489", "07507"]),
    ("07492", "Lục Sơn", ["07492", "07510"]),
    ("07498", "Bắc Lũng", ["07498", "07495", "07501", "07513"]),
    ("07519", "Cẩm Lý", ["07522", "07519"]),
]


def _unit(
    row: UnitRow,
    parent: AdministrativeUnit | None,
    valid_from: date,
    valid_to: date | None,
    legal_basis: str = "",
    note: str = "",
) -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=row.code,
        unit_type=row.unit_type,
        valid_from=valid_from,
        defaults={
            "name": row.name,
            "parent": parent,
            "valid_to": valid_to,
            "legal_basis": legal_basis,
            "note": note,
        },
    )
    return unit


def _succession(
    predecessor: AdministrativeUnit,
    successor: AdministrativeUnit,
    day: date,
    basis: str,
    note: str = "",
) -> None:
    UnitSuccession.objects.update_or_create(
        predecessor=predecessor,
        successor=successor,
        defaults={"effective_date": day, "legal_basis": basis, "note": note},
    )


@transaction.atomic
def load_reference_territory() -> dict[str, AdministrativeUnit]:
    """Create or refresh the reference units; returns the 2024 units and new communes by key."""
    units_before = AdministrativeUnit.objects.count()
    last_day = date(2025, 6, 30)
    bac_giang = _unit(UnitRow("24", "Bắc Giang", UnitType.PROVINCE), None, RECORDS_START, last_day)
    old_bac_ninh = _unit(UnitRow("27", "Bắc Ninh", UnitType.PROVINCE), None, RECORDS_START, last_day)
    bac_ninh = _unit(UnitRow("24", "Bắc Ninh", UnitType.PROVINCE), None, MERGER_2025, None, MERGER_2025_BASIS)
    for province in (bac_giang, old_bac_ninh):
        _succession(province, bac_ninh, MERGER_2025, "Nghị quyết 202/2025/QH15")
    luc_nam = _unit(UnitRow("218", "Lục Nam", UnitType.DISTRICT), bac_giang, RECORDS_START, last_day)

    units: dict[str, AdministrativeUnit] = {"24": bac_giang, "218": luc_nam, "24@2025": bac_ninh}
    for row in LUC_NAM_2024:
        is_vu_xa = row.code == "07516"
        units[row.code] = _unit(
            row,
            luc_nam,
            RECORDS_START,
            VU_XA_END if is_vu_xa else last_day,
            note=VU_XA_NOTE if is_vu_xa else "",
        )
    _succession(units["07516"], units["07519"], date(2025, 1, 1), "", VU_XA_NOTE)

    for code, name, predecessor_codes in COMMUNES_2025:
        commune = _unit(UnitRow(code, name, UnitType.COMMUNE), bac_ninh, MERGER_2025, None, MERGER_2025_BASIS)
        units[f"{code}@2025"] = commune
        for predecessor_code in predecessor_codes:
            _succession(units[predecessor_code], commune, MERGER_2025, MERGER_2025_BASIS)
    coverage_rebuild()
    created = AdministrativeUnit.objects.count() - units_before
    if created:
        record_event(actor=None, action="territory.reference_load", after={"units_created": created})
    return units
