"""Deterministic demo data for `manage.py seed_demo` (the Lục Nam deployment)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from ansinh.accounts.actions import settings_save
from ansinh.accounts.models import Office, RoleGrant, User
from ansinh.accounts.reference import load_reference_offices
from ansinh.audit.events import record_event
from ansinh.core.access import Role
from ansinh.territory.coverage import coverage_rebuild
from ansinh.territory.models import AdministrativeUnit, UnitType
from ansinh.territory.reference import COMMUNES_2025, RECORDS_START, load_reference_territory
from ansinh.web.demo_cases import seed_cases_demo
from ansinh.web.demo_disability import seed_disability_demo
from ansinh.web.demo_insurance import seed_insurance_demo
from ansinh.web.demo_outreach import seed_outreach_demo
from ansinh.web.demo_people import seed_people
from ansinh.web.demo_reports import seed_reports_demo
from ansinh.web.demo_supports import seed_supports_demo
from ansinh.web.demo_territory import seed_timeline_demo

DEMO_PEOPLE = 6000  # about the district's active beneficiaries
DEMO_PASSWORD = "AnSinh#7-LucNam24"  # noqa: S105 - published demo password, printed by `make demo`

VILLAGE_NAMES = [
    "Đồng",
    "Trại",
    "Chùa",
    "Đình",
    "Mới",
    "Hạ",
    "Thượng",
    "Trung",
    "Bãi",
    "Cầu",
    "Giếng",
    "Gốc Gạo",
    "Khuôn",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    title: str
    office_code: str | None
    roles: tuple[Role, ...]


# The communes of 01/07/2025 (code, login slug, officer, chair): their accounts are printed first.
COMMUNE_STAFF_2025 = [
    ("07444", "lucnam", "Đỗ Thị Mai", "Nguyễn Văn Long"),
    ("07450", "dongphu", "Trần Thị Thảo", "Lê Văn Phú"),
    ("07462", "baodai", "Hà Thị Vân", "Phạm Văn Đài"),
    ("07486", "nghiaphuong", "Vi Thị Hạnh", "Hoàng Văn Nghĩa"),
    ("07489", "truongson", "Lục Thị Duyên", "Đặng Văn Trường"),
    ("07492", "lucson", "Nông Thị Hiền", "Chu Văn Sơn"),
    ("07498", "baclung", "Dương Thị Thủy", "Giáp Văn Lũng"),
    ("07519", "camly2025", "Thân Thị Quế", "Ngô Văn Cẩm"),
]
COMMUNE_NAMES_2025 = {code: name for code, name, _ in COMMUNES_2025}


def commune_users_2025() -> list[DemoUser]:
    """An officer (Văn hóa - Xã hội) and the chair of each commune of 01/07/2025."""
    users: list[DemoUser] = []
    for code, slug, officer, chair in COMMUNE_STAFF_2025:
        name = COMMUNE_NAMES_2025[code]
        office = f"ubnd-{code}-2025"
        officer_login = "xa.lucnam" if slug == "lucnam" else f"xa.{slug}"
        users += [
            DemoUser(
                officer_login,
                officer,
                f"Công chức Văn hóa - Xã hội xã {name} (từ 01/7/2025)",
                office,
                (Role.OFFICER,),
            ),
            DemoUser(f"xa.{slug}.ct", chair, f"Chủ tịch UBND xã {name} (từ 01/7/2025)", office, (Role.CHAIR,)),
        ]
    return users


PROVINCE_OFFICE_2025 = "so-24-2025"  # accounts.reference.supervising_office_code of Bắc Ninh (24@2025)


def province_users_2025() -> list[DemoUser]:
    """The officer and a read-only login of the provincial department that supervises social protection
    from 01/07/2025 (its name is data: accounts.OfficeName)."""
    return [
        DemoUser(
            "so.bacninh",
            "Nguyễn Thị Thu Hà",
            "Chuyên viên phòng Bảo trợ xã hội, Sở tỉnh Bắc Ninh (từ 01/7/2025)",
            PROVINCE_OFFICE_2025,
            (Role.OFFICER,),
        ),
        DemoUser(
            "so.bacninh.xem",
            "Đào Văn Khánh",
            "Chuyên viên Sở tỉnh Bắc Ninh, chỉ xem (từ 01/7/2025)",
            PROVINCE_OFFICE_2025,
            (Role.VIEWER,),
        ),
    ]


def demo_users() -> list[DemoUser]:
    """The demo accounts, those of the communes of today first (`manage.py demo_logins`)."""
    doi_ngo = "07444-1997"
    cam_ly = "07519-1997"
    return [
        *commune_users_2025(),
        *province_users_2025(),
        DemoUser("quantri", "Nguyễn Quản Trị", "Quản trị hệ thống", None, (Role.ADMIN,)),
        DemoUser(
            "xa.doingo",
            "Nguyễn Thị Hoa",
            "Công chức LĐ-TB&XH thị trấn Đồi Ngô",
            f"ubnd-{doi_ngo}",
            (Role.OFFICER,),
        ),
        DemoUser(
            "xa.doingo.ct",
            "Trần Văn Bình",
            "Chủ tịch UBND thị trấn Đồi Ngô",
            f"ubnd-{doi_ngo}",
            (Role.CHAIR,),
        ),
        DemoUser(
            "hd.doingo",
            "Lê Thị Thu",
            "Thư ký Hội đồng XĐMĐKT thị trấn Đồi Ngô",
            f"hdxdmdkt-{doi_ngo}",
            (Role.OFFICER,),
        ),
        DemoUser(
            "xa.camly",
            "Phạm Văn Đức",
            "Công chức LĐ-TB&XH xã Cẩm Lý",
            f"ubnd-{cam_ly}",
            (Role.OFFICER,),
        ),
        DemoUser(
            "xa.camly.ct",
            "Hoàng Thị Lan",
            "Phó Chủ tịch UBND xã Cẩm Lý",
            f"ubnd-{cam_ly}",
            (Role.CHAIR,),
        ),
        DemoUser(
            "ldtbxh.canbo",
            "Vũ Thị Hằng",
            "Chuyên viên Phòng LĐ-TB&XH",
            "ldtbxh-218",
            (Role.OFFICER,),
        ),
        DemoUser(
            "ldtbxh.truongphong",
            "Ngô Văn Hùng",
            "Trưởng phòng LĐ-TB&XH",
            "ldtbxh-218",
            (Role.HEAD,),
        ),
        DemoUser(
            "huyen.phochutich",
            "Đặng Văn Khoa",
            "Phó Chủ tịch UBND huyện",
            "ubnd-huyen-218",
            (Role.CHAIR,),
        ),
        DemoUser(
            "taichinh.canbo",
            "Bùi Thị Ngọc",
            "Chuyên viên Phòng Tài chính - Kế hoạch",
            "tckh-218",
            (Role.OFFICER,),
        ),
        DemoUser("bhxh.canbo", "Lý Văn Tâm", "Cán bộ Bảo hiểm xã hội huyện", "bhxh-218", (Role.OFFICER,)),
        DemoUser(
            "buudien.canbo",
            "Trịnh Thị Yến",
            "Nhân viên chi trả Bưu điện huyện",
            "buu-dien-218",
            (Role.OFFICER,),
        ),
        DemoUser("vanhoa.canbo", "Mai Văn Sơn", "Cán bộ Trung tâm VH-TT&TT", "vhtt-218", (Role.OFFICER,)),
        DemoUser("gdnn.canbo", "Cao Thị Huyền", "Cán bộ Trung tâm GDNN-GDTX", "gdnn-218", (Role.OFFICER,)),
        DemoUser("so.xem", "Lương Văn Phúc", "Chuyên viên Sở LĐ-TB&XH", "so-ldtbxh-24", (Role.VIEWER,)),
    ]


def _demo_user(spec: DemoUser) -> User:
    office = Office.objects.get(code=spec.office_code) if spec.office_code else None
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={"full_name": spec.full_name, "title": spec.title, "office": office},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in spec.roles])
        record_event(
            actor=None,
            action="accounts.user_create",
            obj=user,
            after={"username": user.username, "roles": list(spec.roles)},
            territory_id=user.scope_unit_id,
        )
    return user


def _demo_villages(communes: list[AdministrativeUnit], rng: random.Random) -> int:
    """Four to eight villages per March 2024 commune."""
    wanted: list[tuple[AdministrativeUnit, str]] = []
    for commune in communes:
        names = rng.sample(VILLAGE_NAMES, rng.randint(4, 8))
        wanted += [(commune, name) for name in names]
    existing = set(AdministrativeUnit.objects.filter(parent__in=communes).values_list("parent_id", "name"))
    new = [
        AdministrativeUnit(name=name, unit_type=UnitType.VILLAGE, parent=commune, valid_from=RECORDS_START)
        for commune, name in wanted
        if (commune.pk, name) not in existing
    ]
    for village in new:
        village.save()  # save() derives level and the folded name
    return len(new)


@transaction.atomic
def seed_demo(*, size: int = DEMO_PEOPLE) -> dict[str, int]:
    units = load_reference_territory()
    load_reference_offices(province=units["24"], district=units["218"])
    communes_2024 = [unit for key, unit in units.items() if key.isdigit() and len(key) == 5]
    villages = _demo_villages(communes_2024, random.Random(218))  # noqa: S311 - demo data
    if villages:
        coverage_rebuild()
        record_event(actor=None, action="territory.demo_villages_load", after={"villages_created": villages})
    settings_save(
        actor=None,
        name="Huyện Lục Nam, tỉnh Bắc Giang",
        home_unit=units["218"],
    )
    users = [_demo_user(spec) for spec in demo_users()]
    people = seed_people(size=size)
    return {
        "users": len(users),
        "villages_created": villages,
        "people_created": people,
        **seed_cases_demo(),
        **seed_disability_demo(),
        # March 2024 → today: lists month after month, the changes of 01/01/2025 and 01/07/2025
        # applied on their dates, the payments demo of last and this month (demo_territory.py)
        **seed_timeline_demo(),
        **seed_insurance_demo(),
        **seed_supports_demo(),
        **seed_reports_demo(),
        **seed_outreach_demo(),
    }
