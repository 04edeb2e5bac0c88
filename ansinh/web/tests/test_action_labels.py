"""Every audited action has a Vietnamese label, so the activity log never shows a code like
`cases.review_dossiers_open` to a commune officer."""

from __future__ import annotations

import re
from pathlib import Path

from ansinh.audit.labels import registered_actions

ROOT = Path(__file__).resolve().parents[3]
RECORDED = re.compile(r'\baction="([a-z_]+\.[a-z_]+)"')


def recorded_actions() -> set[str]:
    return {
        code
        for path in (ROOT / "ansinh").glob("**/*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for code in RECORDED.findall(path.read_text(encoding="utf-8"))
    }


def test_every_recorded_action_has_a_vietnamese_label():
    labelled = {code for code, _ in registered_actions()}
    assert recorded_actions(), "the scan found no action codes: the pattern no longer matches record_event calls"
    assert sorted(recorded_actions() - labelled) == []
