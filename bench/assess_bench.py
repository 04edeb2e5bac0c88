"""How many people per second `manage.py assess` handles (goal: 20,000 per second per core).

Generates N synthetic people (default 200,000) over several months, then times
1. the assess path alone: parse + calculate + serialise, RuleBook loaded once;
2. the whole command: `call_command("assess")` reading JSON Lines and writing JSON Lines.
Single process, so the figure is per core. Usage: .venv/bin/python bench/assess_bench.py [N]
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
from datetime import date, timedelta

from common import record, setup_django


def people(count: int, rng: random.Random) -> list[dict]:
    months = ["2023-10", "2024-06", "2024-08", "2025-03", "2025-09", "2026-08"]
    rows = []
    for index in range(count):
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 33000))
        person: dict = {"id": f"p{index}", "month": rng.choice(months), "birth_date": birth.isoformat()}
        person["household"] = rng.choice(["none", "none", "poor", "near_poor"])
        for flag in ("difficult_area", "without_support", "no_supporter", "single_parent", "pension", "hiv"):
            if rng.random() < 0.15:
                person[flag] = True
        if rng.random() < 0.4:
            person["disability"] = rng.choice(["especially_severe", "severe", "mild"])
        if person.get("single_parent"):
            person["children"] = [{"birth_date": f"{rng.randrange(2003, 2024)}-0{rng.randrange(1, 9)}-15"}]
        if rng.random() < 0.05:
            person["cares_for"] = [
                {
                    "kind": "household_member",
                    "category": "5.6",
                    "birth_date": "1990-01-01",
                    "disability": "especially_severe",
                }
            ]
        rows.append(person)
    return rows


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    setup_django()
    from django.core.management import call_command

    from ansinh.rules.assessing import assess_input
    from ansinh.rules.rulebook import RuleBookLoader

    rows = people(count, random.Random(20240308))
    text = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n"

    loader = RuleBookLoader()
    assess_input(rows[0], loader)  # warm the rulebook cache (3 queries)
    started = time.perf_counter()
    errors = sum(1 for row in rows if "error" in assess_input(row, loader, explain=False)[0])
    path_seconds = time.perf_counter() - started

    out = io.StringIO()
    started = time.perf_counter()
    call_command("assess", stdin=io.StringIO(text), stdout=out)
    command_seconds = time.perf_counter() - started
    lines = out.getvalue().count("\n")
    assert lines == count, (lines, count)
    paid = sum(1 for line in out.getvalue().splitlines() if '"amount": 0,' not in line)

    record(
        "manage.py assess",
        [
            f"- people: {count:,} synthetic (6 months, 2023-10 … 2026-08), {paid:,} with an amount, {errors} errors",
            f"- assess path (parse + calculate + serialise, rulebook loaded once): {path_seconds:.2f} s, "
            f"**{count / path_seconds:,.0f} people/s**",
            f"- whole command (JSON Lines in → JSON Lines out): {command_seconds:.2f} s, "
            f"**{count / command_seconds:,.0f} people/s** (one process, one core; goal ≥ 20,000/s)",
        ],
    )


if __name__ == "__main__":
    main()
