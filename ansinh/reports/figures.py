# ruff: noqa: S608 -- the SQL is built from the payments module's constant fragments, ints and dates only
"""The figures of a monthly report (models.MonthlyReport), per commune, computed set-based: one
grouped query per section over the communes of the report.

`SECTIONS` lists the sections in order; each is a function (month, commune ids) → {commune id:
{figure: value}}. The BHYT lines are those of ansinh.insurance's increase/decrease lists (computed by
its `coverage`, as its lists are), and the feedback counts those of ansinh.outreach: reports sits
above both, so they are plain imports.

The payability rule is payments.payroll's (`payable_sql`), as in `manage.py report monthly`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q

from ansinh.core.months import YearMonth
from ansinh.insurance import coverage
from ansinh.outreach.models import Feedback
from ansinh.outreach.selectors import month_start
from ansinh.payments import payroll as stages

Section = Callable[[YearMonth, list[int]], dict[int, dict[str, Any]]]

# reasons of a decrease, in the order they are checked (the first that holds is the reason)
DECREASE_REASONS = {
    "death": "Chết",
    "missing": "Bị tuyên bố mất tích",
    "suspended": "Tạm dừng hưởng",
    "ended": "Thôi hưởng, chuyển đi theo quyết định",
}
INCREASE_REASONS = {"new": "Hưởng mới theo quyết định", "resumed": "Hưởng lại sau tạm dừng"}


def _ids(communes: list[int]) -> str:
    return stages.id_list(communes)


def beneficiaries(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    m = stages.date_literal(month.first_day)
    rows = stages.fetch(
        f"""SELECT e.commune_id, e.category_code, COUNT(*) FROM cases_entitlement e
            JOIN registry_person p ON p.id = e.person_id
            WHERE p.merged_into_id IS NULL AND e.commune_id IN ({_ids(communes)}) AND {stages.payable_sql(m)}
            GROUP BY e.commune_id, e.category_code"""
    )
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"beneficiaries": {}})
    for commune, category, n in rows:
        found[int(commune)]["beneficiaries"][str(category)] = int(n)
    return found


def movements(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    """Increases and decreases of the month with their reasons (entitlements payable in one month
    and not in the other)."""
    m, prev = stages.date_literal(month.first_day), stages.date_literal(month.add(-1).first_day)
    now, before = stages.payable_sql(m), stages.payable_sql(prev)
    reason = f"""CASE WHEN ({now}) AND NOT ({before}) THEN
            CASE WHEN e.start_month = {m} THEN 'new' ELSE 'resumed' END
        WHEN ({before}) AND NOT ({now}) THEN
            CASE WHEN p.life_status = 'dead' AND p.death_date < {m} THEN 'death'
                 WHEN p.life_status = 'missing' AND p.missing_on < {m} THEN 'missing'
                 WHEN e.end_month IS NOT NULL AND e.end_month <= {m} THEN 'ended'
                 ELSE 'suspended' END
        END"""
    rows = stages.fetch(
        f"""SELECT commune_id, reason, COUNT(*) FROM (
                SELECT e.commune_id, {reason} AS reason FROM cases_entitlement e
                JOIN registry_person p ON p.id = e.person_id
                WHERE p.merged_into_id IS NULL AND e.commune_id IN ({_ids(communes)}) AND e.start_month <= {m}
                  AND (e.end_month IS NULL OR e.end_month >= {prev})) AS x
            WHERE reason IS NOT NULL GROUP BY commune_id, reason"""
    )
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"increases": {}, "decreases": {}})
    for commune, code, n in rows:
        side = "increases" if code in INCREASE_REASONS else "decreases"
        found[int(commune)][side][str(code)] = int(n)
    return found


def money(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    """Due (the month's lists), paid, unpaid (the post office's reason), carried in from last month,
    recovered (repayments and offsets recorded in the month)."""
    m = stages.date_literal(month.first_day)
    rows = stages.fetch(
        f"""SELECT l.commune_id, COALESCE(SUM(l.total), 0),
                   COALESCE(SUM(CASE WHEN l.paid_on IS NOT NULL THEN l.total ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN l.not_paid_reason <> '' THEN l.total ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN l.kind = 'carried' THEN l.total ELSE 0 END), 0)
            FROM payments_payrollline l WHERE l.month = {m} AND l.commune_id IN ({_ids(communes)})
            GROUP BY l.commune_id"""
    )
    first, last = stages.date_literal(month.first_day), stages.date_literal(month.last_day)
    recovered = stages.fetch(
        f"""SELECT r.commune_id, COALESCE(SUM(mv.amount), 0) FROM payments_recoverymovement mv
            JOIN payments_recovery r ON r.id = mv.recovery_id
            WHERE mv.kind IN ('repayment', 'offset') AND mv."on" >= {first} AND mv."on" <= {last}
              AND r.commune_id IN ({_ids(communes)}) GROUP BY r.commune_id"""
    )
    zero = {"due": 0, "paid": 0, "unpaid": 0, "carried": 0, "recovered": 0}
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"money": dict(zero)})
    for commune, due, paid, unpaid, carried in rows:
        found[int(commune)]["money"].update(due=int(due), paid=int(paid), unpaid=int(unpaid), carried=int(carried))
    for commune, amount in recovered:
        found[int(commune)]["money"]["recovered"] = int(amount)
    return found


def dossiers(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    """Received (opened in the month), decided (their decision issued in the month), overdue at the
    end of the month (an open step past its deadline)."""
    first, last = stages.date_literal(month.first_day), stages.date_literal(month.last_day)
    following = stages.date_literal(month.add(1).first_day)
    open_states = "('draft', 'reviewing', 'posted', 'proposed', 'appraised')"
    rows = stages.fetch(
        f"""SELECT d.commune_id,
                   SUM(CASE WHEN d.created_at >= {first} AND d.created_at < {following} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN q.issued_on >= {first} AND q.issued_on <= {last} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN d.state IN {open_states} AND d.due_on < {last} THEN 1 ELSE 0 END)
            FROM cases_dossier d LEFT JOIN cases_decision q ON q.id = d.decision_id
            WHERE d.commune_id IN ({_ids(communes)}) GROUP BY d.commune_id"""
    )
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"dossiers": {"received": 0, "decided": 0, "overdue": 0}})
    for commune, received, decided, overdue in rows:
        found[int(commune)]["dossiers"] = {
            "received": int(received or 0),
            "decided": int(decided or 0),
            "overdue": int(overdue or 0),
        }
    return found


def council_sessions(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    first, following = stages.date_literal(month.first_day), stages.date_literal(month.add(1).first_day)
    rows = stages.fetch(
        f"""SELECT s.commune_id, SUM(CASE WHEN s.status = 'held' THEN 1 ELSE 0 END), COUNT(*)
            FROM disability_session s
            WHERE s.commune_id IN ({_ids(communes)}) AND s.scheduled_at >= {first} AND s.scheduled_at < {following}
            GROUP BY s.commune_id"""
    )
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"sessions": {"held": 0, "scheduled": 0}})
    for commune, held, scheduled in rows:
        found[int(commune)]["sessions"] = {"held": int(held or 0), "scheduled": int(scheduled)}
    return found


def bhyt(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    """People with a State-paid BHYT card in the month and the lines of the month's increase and decrease
    lists (issue 17), as `ansinh.insurance` computes them."""
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"bhyt": {"covered": 0, "increases": 0, "decreases": 0}})
    for commune, n in coverage.covered_people(month, communes).items():
        found[int(commune)]["bhyt"]["covered"] = int(n)
    for change in coverage.changes(month, communes):
        found[change.commune_id]["bhyt"]["increases" if change.direction == "increase" else "decreases"] += 1
    return found


def feedback(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    """Beneficiaries' feedback and questions (issue 20) received, answered and closed in the month."""
    start, end = month_start(month), month_start(month.add(1))
    rows = (
        Feedback.objects.filter(commune_id__in=communes)
        .values("commune_id")
        .annotate(
            received=Count("pk", filter=Q(received_at__gte=start, received_at__lt=end)),
            answered=Count("pk", filter=Q(answered_at__gte=start, answered_at__lt=end)),
            closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        )
    )
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"feedback": {"received": 0, "answered": 0, "closed": 0}})
    for row in rows:
        found[int(row["commune_id"])]["feedback"] = {key: row[key] for key in ("received", "answered", "closed")}
    return found


SECTIONS: list[tuple[str, Section]] = [
    ("beneficiaries", beneficiaries),
    ("movements", movements),
    ("money", money),
    ("dossiers", dossiers),
    ("sessions", council_sessions),
    ("bhyt", bhyt),
    ("feedback", feedback),
]
EMPTY: dict[str, Any] = {
    "beneficiaries": {},
    "increases": {},
    "decreases": {},
    "money": {"due": 0, "paid": 0, "unpaid": 0, "carried": 0, "recovered": 0},
    "dossiers": {"received": 0, "decided": 0, "overdue": 0},
    "sessions": {"held": 0, "scheduled": 0},
    "bhyt": {"covered": 0, "increases": 0, "decreases": 0},
    "feedback": {"received": 0, "answered": 0, "closed": 0},
}


def by_commune(month: YearMonth, communes: list[int]) -> dict[int, dict[str, Any]]:
    """Every section for every commune (communes with nothing get zeros)."""
    result: dict[int, dict[str, Any]] = {
        commune: {key: (dict(value) if isinstance(value, dict) else value) for key, value in EMPTY.items()}
        for commune in communes
    }
    for _name, section in SECTIONS:
        for commune, values in section(month, communes).items():
            result.setdefault(commune, {}).update(values)
    return result


def total(per_commune: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The sum over communes, section by section (dicts of counts or amounts)."""
    summed: dict[str, Any] = {key: dict(value) for key, value in EMPTY.items()}
    for values in per_commune.values():
        for key, section in values.items():
            for name, value in section.items():
                summed[key][name] = summed[key].get(name, 0) + value
    return summed
