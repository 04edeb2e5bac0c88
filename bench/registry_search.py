"""Register search at national scale: p50/p95 of the list page's queries with N people.

.venv/bin/python bench/registry_search.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date

from common import record, setup_django

setup_django()

from django.db import connection  # noqa: E402

from ansinh.accounts.models import Office, RoleGrant, User  # noqa: E402
from ansinh.core.access import Role  # noqa: E402
from ansinh.core.pagination import CappedPaginator  # noqa: E402
from ansinh.registry.selectors import PersonFilter, person_search  # noqa: E402
from ansinh.territory.coverage import coverage_rebuild  # noqa: E402
from ansinh.territory.models import AdministrativeUnit, UnitLevel  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Ngọc", "Thu", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Sơn",
    "Hoa",
    "Lan",
    "Mai",
    "Nga",
    "Thảo",
    "Trang",
    "Yến",
    "Hương",
]


BENCH_PROVINCE = "99"
DISTRICTS, COMMUNES_PER_DISTRICT = 100, 10


def national_shape() -> list[int]:
    """A synthetic province of 100 districts × 10 communes beside Lục Nam, so that 1,000,000
    people are spread as at national scale (a commune holds hundreds, a district thousands)."""
    province = AdministrativeUnit.objects.filter(code=BENCH_PROVINCE, level=UnitLevel.PROVINCE).first()
    if province is None:
        province = AdministrativeUnit(
            code=BENCH_PROVINCE, name="Thử nghiệm", unit_type="tinh", valid_from=date(2000, 1, 1)
        )
        province.save()
        for d in range(DISTRICTS):
            district = AdministrativeUnit(
                code=f"9{d:02d}", name=f"Huyện {d}", unit_type="huyen", parent=province, valid_from=date(2000, 1, 1)
            )
            district.save()
            for c in range(COMMUNES_PER_DISTRICT):
                AdministrativeUnit(
                    code=f"9{d:02d}{c:02d}",
                    name=f"Xã {d}-{c}",
                    unit_type="xa",
                    parent=district,
                    valid_from=date(2000, 1, 1),
                ).save()
        coverage_rebuild()
    return list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent__parent=province).values_list("id", flat=True)
    ) + list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent__code="218").values_list("id", flat=True)
    )


def fill(size: int) -> None:
    """Insert `size` people set-based (one INSERT … SELECT over generate_series)."""
    communes = national_shape()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_person")
        have = cursor.fetchone()[0]
        if have >= size:
            return
        cursor.execute(
            """
            INSERT INTO registry_person (full_name, full_name_folded, birth_year, sex, ethnicity, old_id_number,
                phone, commune_id, province_code, address, life_status, life_status_source, created_at, updated_at,
                citizen_id, guardian_relation)
            SELECT name, lower(unaccent(replace(replace(name, 'đ', 'd'), 'Đ', 'D'))), 1930 + (g %% 90),
                   CASE WHEN g %% 2 = 0 THEN 'male' ELSE 'female' END, '01', '', '',
                   (%(communes)s::bigint[])[1 + floor(random() * %(n_communes)s)::int], '24', '', 'alive', '',
                   now(), now(),
                   CASE WHEN g %% 5 = 0 THEN NULL ELSE lpad((24000000000 + g)::text, 12, '0') END, ''
            FROM (
                SELECT g, (%(family)s::text[])[1 + floor(random() * %(n_family)s)::int] || ' '
                          || (%(middle)s::text[])[1 + floor(random() * %(n_middle)s)::int] || ' '
                          || (%(given)s::text[])[1 + floor(random() * %(n_given)s)::int] AS name
                FROM generate_series(%(first)s, %(last)s) AS g
            ) AS source
            """,
            {
                "communes": communes, "n_communes": len(communes), "family": FAMILY, "n_family": len(FAMILY),
                "middle": MIDDLE, "n_middle": len(MIDDLE), "given": GIVEN, "n_given": len(GIVEN),
                "first": have + 1, "last": size,
            },
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_person")


def actor(username: str, office_code: str, role: Role) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": username, "office": Office.objects.get(code=office_code)}
    )
    if created:
        RoleGrant.objects.create(user=user, role=role)
    return user


def timed_page(user: User, filters: PersonFilter) -> float:
    started = time.perf_counter()
    page = CappedPaginator(person_search(actor=user, filters=filters), 50).get_page(1)
    list(page)
    return (time.perf_counter() - started) * 1000


def main(size: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT setseed(0.218)")  # the same names on every run
    started = time.perf_counter()
    fill(size)
    fill_seconds = time.perf_counter() - started
    district = actor("bench.district", "ldtbxh-218", Role.OFFICER)
    commune = actor("bench.commune", "ubnd-07444-1997", Role.OFFICER)
    everyone = User.objects.filter(username="bench.admin").first() or User.objects.create(
        username="bench.admin", full_name="admin"
    )
    RoleGrant.objects.get_or_create(user=everyone, role=Role.ADMIN)
    rng = random.Random(1)
    queries = [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(60)]
    queries += [rng.choice(GIVEN).lower() for _ in range(30)] + ["nguyen van an", "tran thi", "024000012345"] * 3
    lines = [
        f"people: {size:,}; filled in {fill_seconds:.1f} s",
        "",
        "| who | query kind | n | p50 ms | p95 ms |",
        "|---|---|---|---|---|",
    ]
    for who, user in (("commune", commune), ("district", district), ("national (admin)", everyone)):
        for kind, batch in (("full name", queries[:60]), ("one word", queries[60:90]), ("mixed", queries[90:])):
            timings = sorted(timed_page(user, PersonFilter(query=query)) for query in batch)
            p95 = timings[int(0.95 * (len(timings) - 1))]
            lines.append(f"| {who} | {kind} | {len(timings)} | {statistics.median(timings):.1f} | {p95:.1f} |")
    record("Register search (PostgreSQL)", lines)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
