"""Appraisal: the calculator's result for a dossier and the draft decision it leaves (numbered and applied
when signed, see decisions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from ansinh.cases import intake, selectors
from ansinh.cases.amounts import ONE_OFF_AMOUNTS
from ansinh.cases.decisions import PENSION_BASIS, PENSION_TITLE, decision_title, effective_for, legal_basis_for
from ansinh.cases.models import Decision, DecisionKind, DecisionStatus, Dossier, DossierKind
from ansinh.core.access import Actor
from ansinh.core.months import YearMonth
from ansinh.rules import pension
from ansinh.rules.assessing import assess_input
from ansinh.rules.formatting import coefficient_text, format_coefficient
from ansinh.rules.rulebook import RuleBookLoader


def calculation_month(dossier: Dossier, today: date) -> YearMonth:
    return YearMonth.of(dossier.proposed_month or dossier.ground_date or today)


def calculate(dossier: Dossier, today: date | None = None) -> dict[str, Any]:
    """What the calculator says for the dossier's person and month (grants, adjustments and
    moves in): the categories met, the lines, the amount and the explanation (Vietnamese)."""
    today = today or timezone.localdate()
    month = calculation_month(dossier, today)
    loader = RuleBookLoader()
    inputs = selectors.calculator_input(dossier.person, month, dossier.declaration)
    facts = inputs.data
    output, assessment = assess_input(facts, loader)
    result: dict[str, Any] = {
        "month": str(month),
        "facts": {k: v for k, v in facts.items() if k != "hiv"},
        "declared_fields": sorted(inputs.declared),
    }
    if assessment is None:
        result.update(error=output.get("error", ""), explanation=[], qualifies=False)
        return result
    suggestion = intake.suggest(
        dossier.person,
        month,
        dossier.declaration,
        category_code=dossier.category_code,
        form_code=dossier.form_code,
        loader=loader,
    )
    line = next((line for line in assessment.lines if line.code == dossier.category_code), None)
    qualifies, coefficient, category_amount = line is not None, line.coefficient if line else None, None
    if line is not None:
        category_amount = line.amount
    elif pension.is_social_pension(dossier.category_code) and suggestion.category == dossier.category_code:
        # The social pension: one dated amount (coefficient 1), conditions of rules/conditions.py.
        qualifies, coefficient, category_amount = True, Decimal(1), suggestion.amount
    result.update(
        standard_rate=assessment.standard_rate,
        amount=assessment.amount,
        lines=output["lines"],
        qualifying=list(assessment.qualifying),
        explanation=list(assessment.explanation),
        qualifies=qualifies,
        coefficient=str(coefficient) if coefficient is not None else None,
        category_amount=category_amount,
        suggestion=suggestion.as_dict(),
        declared=list(suggestion.declared),
        missing=list(suggestion.missing),
    )
    return result


def appraise_dossier(actor: Actor, dossier: Dossier, today: date) -> dict[str, Any]:
    """Save the calculation and draft the decision (numbered and applied when signed)."""
    calculation: dict[str, Any] = {}
    if dossier.kind in (DossierKind.GRANT, DossierKind.ADJUST) or dossier.ground == "from_other_district":
        calculation = calculate(dossier, today)
        coefficient = dossier.coefficient or (
            Decimal(calculation["coefficient"]) if calculation.get("coefficient") else None
        )
        if coefficient is None:
            missing = " ".join(calculation.get("missing", []))
            raise ValidationError(
                {
                    "coefficient": (
                        f"Theo máy tính, người này chưa đủ điều kiện diện {dossier.category_code} trong tháng "
                        f"{YearMonth.parse(calculation['month']).display()}: hãy trả lại xã nêu lý do, hoặc ghi hệ số "
                        "đề nghị nếu thông tin trong sổ chưa đủ." + (f" {missing}" if missing else "")
                    )
                }
            )
        calculation["decided_coefficient"] = coefficient_text(coefficient)
        if not calculation.get("qualifies"):
            calculation.setdefault("warnings", []).append(
                f"Máy tính không xác nhận diện {dossier.category_code}; hệ số {format_coefficient(coefficient)} do "
                "người thẩm định ghi."
            )
    planned = effective_for(dossier, today)
    calculation["effective_month"] = planned.month.isoformat()
    calculation["effective_explanation"] = planned.explanation
    if dossier.kind in ONE_OFF_AMOUNTS:
        amount, explanation = ONE_OFF_AMOUNTS[DossierKind(dossier.kind)](dossier)
        calculation.update(amount=amount, explanation=explanation)
    dossier.calculation = calculation
    draft = Decision.objects.create(
        kind=DecisionKind(dossier.kind).value,
        number="",
        status=DecisionStatus.DRAFT,
        issued_on=today,
        effective_month=planned.month,
        title=PENSION_TITLE if pension.is_social_pension(dossier.category_code) else decision_title(dossier.kind),
        legal_basis=PENSION_BASIS
        if pension.is_social_pension(dossier.category_code)
        else legal_basis_for(dossier.kind),
        commune_id=dossier.commune_id,
        province_code=dossier.province_code or dossier.person.province_code,
        created_by_id=actor.pk,
    )
    dossier.decision = draft
    dossier.save(update_fields=["calculation", "decision", "updated_at"])
    return {"decision_draft": draft.pk, "effective_month": planned.month.isoformat()}
