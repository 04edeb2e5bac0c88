"""The offices of domain.md §2 for the reference territory, as data. Idempotent."""

from __future__ import annotations

from django.db import transaction

from ansinh.accounts.models import Office, OfficeName
from ansinh.audit.events import record_event
from ansinh.core.access import OfficeKind
from ansinh.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession
from ansinh.territory.selectors import covered_unit_ids

DISTRICT_OFFICES = [
    ("ldtbxh", OfficeKind.LABOUR_OFFICE, "Phòng Lao động - Thương binh và Xã hội huyện {name}"),
    ("ubnd-huyen", OfficeKind.DISTRICT_COMMITTEE, "UBND huyện {name}"),
    ("tckh", OfficeKind.FINANCE_OFFICE, "Phòng Tài chính - Kế hoạch huyện {name}"),
    ("bhxh", OfficeKind.SOCIAL_INSURANCE, "Bảo hiểm xã hội huyện {name}"),
    ("buu-dien", OfficeKind.POST_OFFICE, "Bưu điện huyện {name}"),
    ("vhtt", OfficeKind.CULTURE_CENTRE, "Trung tâm Văn hóa - Thông tin và Thể thao huyện {name}"),
    ("gdnn", OfficeKind.VOCATIONAL_CENTRE, "Trung tâm GDNN-GDTX huyện {name}"),
]


def commune_office_code(kind: str, commune: AdministrativeUnit) -> str:
    """`ubnd-07444-2025`: a commune code is reused by a different unit after a merger."""
    prefix = "ubnd" if kind == OfficeKind.COMMUNE else "hdxdmdkt"
    return f"{prefix}-{commune.code}-{commune.valid_from.year}"


def _office(code: str, kind: str, name: str, territory: AdministrativeUnit, active: bool) -> bool:
    _, created = Office.objects.update_or_create(
        code=code,
        defaults={"kind": kind, "name": name, "territory": territory, "is_active": active},
    )
    return created


@transaction.atomic
def load_reference_offices(*, province: AdministrativeUnit, district: AdministrativeUnit) -> int:
    """Offices of the district, the province department (and the department over each province that
    succeeds it), and each commune's People's Committee and disability council; returns how many were
    created."""
    created = 0
    for slug, kind, pattern in DISTRICT_OFFICES:
        created += _office(f"{slug}-{district.code}", kind, pattern.format(name=district.name), district, True)
    created += _office(
        f"so-ldtbxh-{province.code}",
        OfficeKind.PROVINCE,
        f"Sở Lao động - Thương binh và Xã hội tỉnh {province.name}",
        province,
        True,
    )
    for successor in _successor_provinces(province):
        created += _supervising_office(successor)
    for commune in _communes_of(district):
        active = commune.valid_to is None
        created += _office(
            commune_office_code(OfficeKind.COMMUNE, commune),
            OfficeKind.COMMUNE,
            f"UBND {commune.full_name}",
            commune,
            active,
        )
        created += _office(
            commune_office_code(OfficeKind.DISABILITY_COUNCIL, commune),
            OfficeKind.DISABILITY_COUNCIL,
            f"Hội đồng xác định mức độ khuyết tật {commune.full_name}",
            commune,
            active,
        )
    if created:
        record_event(actor=None, action="accounts.reference_offices_load", after={"offices_created": created})
    return created


# domain.md §2: social protection moved from the labour ministry to the Ministry of Health in 2025; the
# provincial department that supervises it after the reform is an office whose name is data (OfficeName),
# recorded unconfirmed with its source, to be corrected by the administrator (accounts:office_rename).
SUPERVISING_NAME_2025 = "Sở Y tế tỉnh {name}"
SUPERVISING_NAME_SOURCE = (
    "domain.md §2: bảo trợ xã hội chuyển từ Bộ LĐ-TB&XH sang Bộ Y tế năm 2025; "
    "tên Sở cấp tỉnh sau sắp xếp chưa được xác nhận"
)


def supervising_office_code(province: AdministrativeUnit) -> str:
    """`so-24-2025`: the province code is reused by the merged province."""
    return f"so-{province.code}-{province.valid_from.year}"


def _supervising_office(province: AdministrativeUnit) -> int:
    """The provincial department over a province formed by the 2025 reform, its name dated and unconfirmed."""
    name = SUPERVISING_NAME_2025.format(name=province.name)
    office, created = Office.objects.get_or_create(
        code=supervising_office_code(province),
        defaults={"kind": OfficeKind.PROVINCE, "name": name, "territory": province, "is_active": True},
    )
    OfficeName.objects.get_or_create(
        office=office,
        valid_from=province.valid_from,
        defaults={
            "name": name,
            "source": SUPERVISING_NAME_SOURCE,
            "unconfirmed": True,
            "reason": "Cơ quan cấp tỉnh quản lý trợ giúp xã hội sau sắp xếp 01/7/2025",
        },
    )
    return int(created)


def _successor_provinces(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The provinces that succeed `province` (territory successions, never a code in code)."""
    return list(
        AdministrativeUnit.objects.filter(
            level=UnitLevel.PROVINCE,
            pk__in=UnitSuccession.objects.filter(predecessor=province).values("successor_id"),
        ).order_by("valid_from", "code")
    )


def _communes_of(district: AdministrativeUnit) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, id__in=covered_unit_ids(district.pk)).order_by(
            "valid_from", "code"
        )
    )
