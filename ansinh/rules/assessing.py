"""One entry point from a contract input object to its contract output object
(contracts.md §2), shared by `manage.py assess`, the public checker and its JSON API."""

from __future__ import annotations

from typing import Any

from ansinh.rules.calculator import Assessment, assess
from ansinh.rules.facts import Facts, FactsError, facts_id, parse_facts
from ansinh.rules.formatting import coefficient_text
from ansinh.rules.rulebook import NoRulesError, RuleBookLoader


def assess_facts(facts: Facts, loader: RuleBookLoader, *, explain: bool = True) -> Assessment:
    """Raises FactsError("month", …) when no rules cover the month."""
    try:
        rules = loader.rulebook(facts.month, facts.province)
    except NoRulesError as error:
        raise FactsError("month", str(error)) from None
    return assess(facts, rules, explain=explain)


def assessment_output(assessment: Assessment) -> dict[str, Any]:
    """The contract's output object, keys in the contract's order."""
    return {
        "id": assessment.id,
        "month": str(assessment.month),
        "standard_rate": assessment.standard_rate,
        "amount": assessment.amount,
        "lines": [
            {
                "code": line.code,
                "coefficient": coefficient_text(line.coefficient),
                "amount": line.amount,
                "basis": line.basis,
            }
            for line in assessment.lines
        ],
        "qualifying": list(assessment.qualifying),
    }


def error_output(data: Any, error: FactsError) -> dict[str, Any]:
    return {"id": facts_id(data), "error": str(error)}


def assess_input(
    data: Any, loader: RuleBookLoader, *, explain: bool = True
) -> tuple[dict[str, Any], Assessment | None]:
    """Check and assess one input object: (output object, the assessment or None on a bad line)."""
    try:
        assessment = assess_facts(parse_facts(data), loader, explain=explain)
    except FactsError as error:
        return error_output(data, error), None
    return assessment_output(assessment), assessment
