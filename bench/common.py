"""Shared set-up for benchmarks: a separate PostgreSQL database, Django configured for it."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@localhost:5432/ansinh_bench")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    name = BENCH_URL.rsplit("/", 1)[1]
    exists = subprocess.run(
        [
            "psql",
            BENCH_URL.rsplit("/", 1)[0] + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", BENCH_URL.rsplit("/", 1)[0] + "/postgres", "-c", f"CREATE DATABASE {name}"], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115


def record(title: str, lines: list[str]) -> None:
    """Print the figures and append them to docs/benchmarks.md."""
    text = "\n".join(lines)
    print(text)
    header = f"\n## {title} — {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores\n\n"
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
        out.write(header + text + "\n")
