"""Ranking communes by risk for an inspection plan (issue 20). Every factor is counted in the database
for all the communes at once, then `rank` (pure) multiplies each value by its weight (`RiskFactor`, data)
and sums; each commune keeps every factor's value, weight and contribution, so the plan shows why.

Factors (the keys of `RiskFactor`), counted over the 12 months before `as_of`:
- `recoveries`: recoveries opened (late death reports, stops recorded after payment; payments.Recovery);
- `wrong_payee`: payments flagged to the wrong person (payments.PayrollLine.violation, or cleared since);
- `overdue_dossiers`: dossiers still active whose current step is past its deadline on `as_of`;
- `complaints`: complaints on postings (cases.Complaint) and feedback on how the commune handled a dossier
  (outreach.Feedback of kind "handling");
- `review_differences`: entitlements paid differently from the law in `as_of`'s month (cases.review);
- `late_lists`: payment lists sent to the post office after their deadline;
- `months_since_inspection`: months since the last inspection by the office ended (capped; never = cap).
Ties are broken by the commune's name then id, so the order is stable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Max, Q

from ansinh.cases.models import Complaint, Dossier
from ansinh.cases.review import review_month
from ansinh.cases.workflow import ACTIVE_STATES
from ansinh.core.months import YearMonth
from ansinh.inspections.models import Inspection, InspectionKind, InspectionStatus, RiskFactor
from ansinh.outreach.models import Feedback, FeedbackKind
from ansinh.payments.models import PayrollLine, PayrollMonth, Recovery
from ansinh.territory.models import AdministrativeUnit

FACTOR_KEYS = (
    "recoveries",
    "wrong_payee",
    "overdue_dossiers",
    "complaints",
    "review_differences",
    "late_lists",
    "months_since_inspection",
)


@dataclass(frozen=True)
class Weight:
    key: str
    label: str
    weight: Decimal
    cap: int | None


@dataclass(frozen=True)
class FactorValue:
    key: str
    label: str
    value: int
    counted: int
    weight: Decimal
    contribution: Decimal


@dataclass(frozen=True)
class RankedCommune:
    rank: int
    commune_id: int
    name: str
    score: Decimal
    factors: tuple[FactorValue, ...]

    def as_json(self) -> list[dict[str, str | int]]:
        return [
            {
                "key": f.key,
                "label": f.label,
                "value": f.value,
                "counted": f.counted,
                "weight": str(f.weight),
                "contribution": str(f.contribution),
            }
            for f in self.factors
        ]


def weights() -> list[Weight]:
    return [Weight(f.key, f.label, f.weight, f.cap) for f in RiskFactor.objects.order_by("order")]


def rank(
    values: Mapping[int, Mapping[str, int]], names: Mapping[int, str], factor_weights: Iterable[Weight]
) -> list[RankedCommune]:
    """Pure: score = Σ weight × min(value, cap); highest first, then by name and id."""
    factor_weights = list(factor_weights)
    scored = []
    for commune_id, name in names.items():
        factors = []
        for w in factor_weights:
            value = int(values.get(commune_id, {}).get(w.key, 0))
            counted = min(value, w.cap) if w.cap is not None else value
            factors.append(FactorValue(w.key, w.label, value, counted, w.weight, w.weight * counted))
        score = sum((f.contribution for f in factors), Decimal(0))
        scored.append((score, name, commune_id, tuple(factors)))
    scored.sort(key=lambda row: (-row[0], row[1], row[2]))
    return [
        RankedCommune(position, commune_id, name, score, factors)
        for position, (score, name, commune_id, factors) in enumerate(scored, start=1)
    ]


def _by_commune(rows: Iterable[tuple[int, int]]) -> Counter[int]:
    return Counter(dict(rows))


def factor_values(communes: list[int], as_of: date, *, cap_months: int = 36) -> dict[int, dict[str, int]]:
    """Every factor for every commune, each counted in one query (the review in one run)."""
    since = as_of - timedelta(days=365)
    counts: dict[str, Counter[int]] = {}
    counts["recoveries"] = _by_commune(
        Recovery.objects.filter(commune_id__in=communes, detected_at__date__gt=since, detected_at__date__lte=as_of)
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    counts["wrong_payee"] = _by_commune(
        PayrollLine.objects.filter(commune_id__in=communes, month__gt=since, month__lte=as_of)
        .filter(Q(violation=True) | ~Q(violation_cleared=""))
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    counts["overdue_dossiers"] = _by_commune(
        Dossier.objects.filter(commune_id__in=communes, state__in=ACTIVE_STATES, due_on__lt=as_of)
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    complaints = _by_commune(
        Complaint.objects.filter(dossier__commune_id__in=communes, received_on__gt=since, received_on__lte=as_of)
        .values("dossier__commune_id")
        .annotate(n=Count("pk"))
        .values_list("dossier__commune_id", "n")
    )
    complaints.update(
        _by_commune(
            Feedback.objects.filter(
                commune_id__in=communes,
                kind=FeedbackKind.HANDLING,
                received_at__date__gt=since,
                received_at__date__lte=as_of,
            )
            .values("commune_id")
            .annotate(n=Count("pk"))
            .values_list("commune_id", "n")
        )
    )
    counts["complaints"] = complaints
    counts["review_differences"] = Counter(
        d.commune_id for d in review_month(YearMonth.of(as_of), communes).differences
    )
    counts["late_lists"] = _by_commune(
        PayrollMonth.objects.filter(commune_id__in=communes, sent_at__isnull=False, month__gt=since, month__lte=as_of)
        .filter(sent_at__date__gt=F("send_deadline"))
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    last = dict(
        Inspection.objects.filter(
            commune_id__in=communes, kind=InspectionKind.EXTERNAL, status=InspectionStatus.DONE, done_on__lte=as_of
        )
        .values("commune_id")
        .annotate(last=Max("done_on"))
        .values_list("commune_id", "last")
    )
    result: dict[int, dict[str, int]] = {}
    for commune_id in communes:
        row = {key: counts[key].get(commune_id, 0) for key in counts}
        done = last.get(commune_id)
        row["months_since_inspection"] = (
            YearMonth.of(done).months_until(YearMonth.of(as_of)) if done is not None else cap_months
        )
        result[commune_id] = row
    return result


def ranking(communes: list[AdministrativeUnit], as_of: date) -> list[RankedCommune]:
    factor_weights = weights()
    caps = {w.key: w.cap for w in factor_weights}
    ids = [c.pk for c in communes]
    values = factor_values(ids, as_of, cap_months=caps.get("months_since_inspection") or 36)
    return rank(values, {c.pk: c.name for c in communes}, factor_weights)
