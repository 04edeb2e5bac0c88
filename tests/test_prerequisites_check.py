"""bin/check-test-prerequisites (issue 16, first run): `make test` stops early on a machine that lacks
what the tests need, naming the one command that installs it."""

import socket
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "check-test-prerequisites"


def run_check(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *arguments], capture_output=True, text=True, check=False)  # noqa: S603 - our own script


def fake_system(root: Path, *files: str) -> Path:
    for name in files:
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    return root


def unused_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_complete_system_passes_silently(tmp_path):
    root = fake_system(
        tmp_path,
        "/usr/bin/chromium",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0",
    )

    result = run_check("--root", str(root))

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_missing_browser_and_fonts_are_named_with_one_install_command(tmp_path):
    root = fake_system(tmp_path, "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0")

    result = run_check("--root", str(root))

    assert result.returncode == 1
    assert "Missing Debian packages: chromium fonts-liberation2." in result.stderr
    install_lines = [line for line in result.stderr.splitlines() if "apt-get install" in line]
    assert len(install_lines) == 1
    assert install_lines[0].endswith("apt-get install -y chromium fonts-liberation2")


def test_postgresql_not_listening_is_reported(tmp_path):
    root = fake_system(
        tmp_path,
        "/usr/bin/chromium",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/lib/libharfbuzz-subset.so.0",
    )
    port = unused_local_port()

    result = run_check("--root", str(root), "--postgres", f"postgres://postgres@localhost:{port}/ansinh")

    assert result.returncode == 1
    assert f"PostgreSQL does not run on localhost:{port}" in result.stderr
    assert result.stderr.splitlines()[2].endswith("apt-get install -y postgresql")


def test_an_installed_but_stopped_postgresql_is_told_how_to_start(tmp_path):
    root = fake_system(
        tmp_path,
        "/usr/bin/chromium",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/lib/libharfbuzz-subset.so.0",
        "/usr/lib/postgresql/15/bin/postgres",
    )
    port = unused_local_port()

    result = run_check("--root", str(root), "--postgres", f"postgres://postgres@127.0.0.1:{port}/ansinh")

    assert result.returncode == 1
    assert f"PostgreSQL is installed but not running on 127.0.0.1:{port}" in result.stderr
    assert "pg_ctlcluster 15 main start" in result.stderr
    assert "apt-get" not in result.stderr
