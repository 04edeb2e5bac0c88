"""The BHYT lists of one month at national scale, beside the payroll generation of the same month in
the same run (issue 17: at most 1.5× the payroll generation).

BENCH_DATABASE_URL=postgres://postgres@localhost:5432/ansinh_bench_bhyt .venv/bin/python bench/bhyt.py [N]

Steps: seed N people with one entitlement each (bench/payroll.py's `seed`), then set-based changes for
July 2024: 1% of the entitlements end in July, 1% start in July, 0.2% of the people die in June, 0.2%
are suspended from July, 0.1% move to the next commune. Generate June's payment lists and freeze them
(as bench/payroll.py does), then time, in this order: July's payroll generation (`payroll_generate`,
as `manage.py payroll generate`), and the month's BHYT figures as `manage.py bhyt` computes them
(`insurance.selectors.month_figures`: every commune's increases and decreases with their reasons,
the people covered, the premium; nothing written), then the same for one district.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_bench_bhyt")

from common import record
from payroll import JULY, JUNE, clear_payroll, freeze_and_pay, load_average, scalar, seed, sql, timed

from ansinh.insurance.selectors import month_figures
from ansinh.payments.actions import payroll_generate
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import covered_unit_ids


def july_changes() -> None:
    """Set-based changes of the month (idempotent: reset first, the moves' new entitlements deleted)."""
    sql(
        """DELETE FROM cases_entitlement e WHERE e.start_month = DATE '2024-07-01'
           AND EXISTS (SELECT 1 FROM cases_entitlement o WHERE o.person_id = e.person_id AND o.id < e.id)"""
    )
    sql("UPDATE cases_entitlement SET start_month = DATE '2021-07-01', end_month = NULL WHERE TRUE")
    sql("UPDATE registry_person SET life_status = 'alive', death_date = NULL WHERE life_status = 'dead'")
    sql("DELETE FROM cases_suspension")
    sql("UPDATE cases_entitlement SET end_month = DATE '2024-07-01' WHERE id % 100 = 11")
    sql("UPDATE cases_entitlement SET start_month = DATE '2024-07-01' WHERE id % 100 = 12")
    sql("UPDATE registry_person SET life_status = 'dead', death_date = DATE '2024-06-14' WHERE id % 500 = 13")
    sql(
        """INSERT INTO cases_suspension (entitlement_id, from_month, reason, decision_id, arrears)
           SELECT e.id, DATE '2024-07-01', 'detention', e.granted_by_id, FALSE
           FROM cases_entitlement e WHERE e.id % 500 = 14"""
    )
    # a move: the entitlement in the old commune ends in July, a new one opens in the next commune
    sql("UPDATE cases_entitlement SET end_month = DATE '2024-07-01' WHERE id % 1000 = 15")
    sql(
        """INSERT INTO cases_entitlement (person_id, category_code, coefficient, start_month, granted_by_id,
               commune_id, province_code)
           SELECT e.person_id, e.category_code, e.coefficient, DATE '2024-07-01', e.granted_by_id,
                  (SELECT MIN(c.id) FROM territory_administrativeunit c
                   WHERE c.level = 'commune' AND c.id > e.commune_id AND c.parent_id IS NOT NULL), '24'
           FROM cases_entitlement e WHERE e.id % 1000 = 15 AND e.end_month = DATE '2024-07-01'
             AND EXISTS (SELECT 1 FROM territory_administrativeunit c WHERE c.level = 'commune'
                         AND c.id > e.commune_id)"""
    )
    sql("ANALYZE cases_entitlement")
    sql("ANALYZE registry_person")
    sql("ANALYZE cases_suspension")


def main(size: int) -> None:
    load_at_start = load_average()
    seeded = seed(size)
    clear_payroll()
    july_changes()
    beneficiaries = scalar("SELECT count(*) FROM cases_entitlement")
    june_seconds, _june = timed(lambda: payroll_generate(actor=None, month=JUNE))
    freeze_and_pay(JUNE)
    pay_seconds, paid = timed(lambda: payroll_generate(actor=None, month=JULY))
    bhyt_seconds, figures = timed(lambda: month_figures(JULY))
    again_seconds, _again = timed(lambda: month_figures(JULY))
    district = AdministrativeUnit.objects.filter(code="900").first()
    area = list(covered_unit_ids(district.pk)) if district else None
    district_seconds, district_figures = timed(lambda: month_figures(JULY, area))
    ratio = bhyt_seconds / pay_seconds if pay_seconds else 0.0
    record(
        f"BHYT lists of one month, {size:,} people",
        [
            f"load average (1 / 5 / 15 min) at start: {load_at_start}, at end: {load_average()}",
            f"seed: {seeded:.1f} s; entitlements: {beneficiaries:,}; June's payroll (first lists): {june_seconds:.1f} s",
            f"**July payroll generation: {pay_seconds:.1f} s** ({paid.lines:,} lines)",
            f"**July BHYT figures (`manage.py bhyt`, every commune): {bhyt_seconds:.1f} s**, again {again_seconds:.1f} s; "
            f"covered {figures['covered']:,}, increases {len(figures['increases']):,}, "
            f"decreases {len(figures['decreases']):,}",
            f"**ratio BHYT / payroll: {ratio:.2f}** (goal ≤ 1.5)",
            f"one district (900): {district_seconds:.2f} s, covered {district_figures['covered']:,}, "
            f"{len(district_figures['increases'])} increases, {len(district_figures['decreases'])} decreases",
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
