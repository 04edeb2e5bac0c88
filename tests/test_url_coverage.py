"""Every URL name of the URLconf is in the permission matrix or exempt here with its reason.

The matrix is tests/test_permission_matrix*.py, plus the test functions elsewhere that call
`check_endpoint` (an app's own matrix, e.g. rules/tests/test_views.py). A URL counts as registered
when the matrix names it as a string literal (the first argument of `reverse(...)`, or an element of
a list of names fed to it). The modules are read, not run, so the check holds whatever the test
order or the distribution over workers.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
MATRIX = sorted(Path(__file__).parent.glob("test_permission_matrix*.py"))
APP_TESTS = sorted((ROOT / "ansinh").glob("*/tests/test_*.py"))

# URL names outside the matrix, each with the reason it needs no row of statuses.
EXEMPT: dict[str, str] = {
    "login": "public: the login page itself (anonymous visitors must reach it)",
    "logout": "ends the visitor's own session; changes no application data",
}


def url_names(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "") -> set[str]:
    """Every named URL, with its namespaces ("payments:month_detail"), walking included URLconfs."""
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= url_names(pattern.url_patterns, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def literals(tree: ast.AST, known: set[str]) -> set[str]:
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known
    }


def calls_check_endpoint(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "check_endpoint"
        for node in ast.walk(function)
    )


def names_in_matrix(known: set[str]) -> set[str]:
    """The URL names written as string literals in the matrix modules, and in the test functions of
    the apps' tests that call check_endpoint."""
    found: set[str] = set()
    for path in MATRIX:
        found |= literals(ast.parse(path.read_text(encoding="utf-8")), known)
    for path in APP_TESTS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test") and calls_check_endpoint(node):
                found |= literals(node, known)
    return found


def test_the_matrix_modules_are_found():
    assert len(MATRIX) >= 5, MATRIX


def test_every_url_name_is_in_the_permission_matrix_or_exempt_with_a_reason():
    names = url_names()
    missing = sorted(names - names_in_matrix(names) - set(EXEMPT))
    assert not missing, (
        f"{len(missing)} URL name(s) are neither in the permission matrix nor exempt: {', '.join(missing)}.\n"
        "Add a test to tests/test_permission_matrix_<app>.py that calls check_endpoint(Endpoint(..., "
        "reverse('<name>', ...)), actors.named(), {every actor: status}) — and, for a form, also a POST "
        "with valid data by every refused actor — or add the name to EXEMPT in tests/test_url_coverage.py "
        "with the reason it needs no check."
    )


def test_exemptions_name_urls_that_exist_and_give_a_reason():
    names = url_names()
    assert not set(EXEMPT) - names, sorted(set(EXEMPT) - names)
    assert all(reason.strip() for reason in EXEMPT.values())
