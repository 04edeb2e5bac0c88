"""The formulas are pure (design.md §2): no Django, no database in the calculator's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ansinh.rules.assessing import assess_input

PURE = ["calculator.py", "facts.py", "formatting.py", "dated.py", "preview.py", "parameters.py", "documents.py"]


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_import_no_django(name):
    tree = ast.parse((Path(__file__).resolve().parent.parent / name).read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [module for module in imported if module.startswith("django") or module.endswith(".models")]


def test_without_the_explanation_the_result_is_the_same(seeded_loader):
    data = {"id": "x", "month": "2024-11", "birth_date": "1985-09-09", "household": "near_poor", "single_parent": True}
    data |= {"disability": "severe", "pregnant": True, "children": [{"birth_date": "2012-01-01"}]}

    explained, with_text = assess_input(data, seeded_loader)
    plain, without_text = assess_input(data, seeded_loader, explain=False)

    assert explained == plain
    assert with_text is not None and with_text.explanation
    assert without_text is not None and without_text.explanation == ()
