"""Reads for dossiers, postings, decisions and entitlements: the to-do list, the month-by-month
entitlements of a person with amount and explanation, the calculator's facts of a person, the
month from which payment stops."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ansinh.cases import declarations, effective
from ansinh.cases.models import (
    Decision,
    DecisionStatus,
    Dossier,
    DossierKind,
    DossierStep,
    Entitlement,
    Posting,
    Proposal,
    Suspension,
)
from ansinh.cases.policies import dossier_policy, proposal_policy
from ansinh.cases.workflow import (
    ACTIVE_STATES,
    FLOWS,
    POSTED_FLOWS,
    DossierState,
    Transition,
    flow_named,
    holder_of,
    next_step,
)
from ansinh.core.access import Actor, Role, is_active_user
from ansinh.core.months import YearMonth
from ansinh.registry.models import (
    DifficultArea,
    FactKind,
    HouseholdMember,
    HouseholdPoverty,
    LifeStatus,
    Person,
    PersonFact,
    Relationship,
)
from ansinh.rules import pension
from ansinh.rules.assessing import assess_input
from ansinh.rules.dated import NoRulesError
from ansinh.rules.formatting import format_coefficient, format_money, round_dong
from ansinh.rules.models import Category
from ansinh.rules.preview import Held, HeldMonth
from ansinh.rules.rulebook import RuleBookLoader, pension_periods_from_db
from ansinh.territory.models import AdministrativeUnit

# --- Dossiers: lists, to-do, next steps ----------------------------------------------------------


def maker_of(dossier: Dossier, transition_name: str) -> set[int]:
    steps = getattr(dossier, "_prefetched_objects_cache", {}).get("steps")
    if steps is not None:
        return {step.actor_id for step in steps if step.transition == transition_name}
    return set(
        DossierStep.objects.filter(dossier=dossier, transition=transition_name).values_list("actor_id", flat=True)
    )


def _office_may(actor: Actor, transition: Transition) -> bool:
    return actor.office_kind in transition.office_kinds and actor.has_role(*transition.roles)


def transitions_for(*, actor: Actor, dossier: Dossier) -> list[Transition]:
    """The steps `actor` may make on `dossier` now (office, role, territory, maker ≠ checker).
    "post" is made by listing dossiers for public posting (postings.posting_open)."""
    steps = []
    for transition in flow_named(dossier.flow):
        if transition.source != dossier.state or transition.name == "post":
            continue
        if not dossier_policy.may_make(actor, dossier, transition):
            continue
        if transition.checks and actor.pk in maker_of(dossier, transition.checks):
            continue
        steps.append(transition)
    return steps


@dataclass
class TodoItem:
    dossier: Dossier
    steps: list[Transition]
    overdue: bool
    waiting: str = ""  # why the next step cannot be made yet (a posting still running, a complaint)

    @property
    def next_step(self) -> Transition | None:
        """The step that moves the dossier on (workflow.next_step), never a cancellation."""
        return next_step(flow_named(self.dossier.flow), self.dossier.state)

    @property
    def next_holder(self) -> str:
        step = self.next_step
        return holder_of(step) if step else ""


def _actionable(actor: Actor) -> Q:
    """(flow, state) pairs where the actor's office and role have a step to make."""
    condition = Q(pk__in=[])
    for name, flow in FLOWS.items():
        states = {t.source for t in flow if _office_may(actor, t)}
        if states:
            condition |= Q(flow=name, state__in=states)
    return condition


def todo_for(*, actor: Actor, today: date | None = None, limit: int = 200) -> list[TodoItem]:
    """Dossiers whose next step `actor` may make, overdue first, then by deadline; each with an
    `overdue` flag (also set on the dossier). Reviewed grant dossiers waiting for public posting
    count for the commune officers who post them."""
    today = today or timezone.localdate()
    if not is_active_user(actor) or actor.scope_unit_id is None or actor.has_role(Role.ADMIN):
        return []
    dossiers = (
        dossier_policy.visible(actor)
        .filter(_actionable(actor))
        .select_related("person", "commune", "decision")
        .prefetch_related("steps")
        .order_by(models.F("due_on").asc(nulls_last=True), "pk")
    )
    items: list[TodoItem] = []
    for dossier in dossiers[: limit * 2]:
        steps = [
            t
            for t in flow_named(dossier.flow)
            if t.source == dossier.state
            and _office_may(actor, t)
            and not (t.checks and actor.pk in maker_of(dossier, t.checks))
        ]
        visible_steps = [t for t in steps if t.name != "post"]
        if not steps:
            continue
        overdue = dossier.due_on is not None and dossier.due_on < today
        dossier.overdue = overdue  # type: ignore[attr-defined]
        waiting = proposal_blocker(dossier, today) if any(t.name == "propose" for t in steps) else ""
        items.append(TodoItem(dossier, visible_steps, overdue, waiting))
    items.sort(key=lambda item: (not item.overdue, item.dossier.due_on or date.max, item.dossier.pk))
    return items[:limit]


def dossiers_ready_to_post(*, actor: Actor) -> models.QuerySet[Dossier]:
    """The commune's reviewed grant dossiers, not yet posted."""
    if not dossier_policy.can_post(actor):
        return Dossier.objects.none()
    return (
        dossier_policy.visible(actor)
        .filter(state=DossierState.REVIEWING, flow__in=POSTED_FLOWS)
        .select_related("person", "commune")
        .order_by("commune_id", "pk")
    )


def public_postings(*, commune: AdministrativeUnit, today: date | None = None) -> models.QuerySet[Posting]:
    """Postings running today at a commune (the public page shows them masked)."""
    today = today or timezone.localdate()
    return Posting.objects.filter(commune=commune, starts_on__lte=today, ends_on__gte=today).order_by("-starts_on")


def latest_posting(dossier: Dossier) -> Posting | None:
    return Posting.objects.filter(entries__dossier=dossier).order_by("-starts_on", "-pk").first()


def unresolved_complaints(dossier: Dossier) -> models.QuerySet[Any]:
    return dossier.complaints.filter(resolved_on__isnull=True)


# --- Decisions: the people and amounts of a draft or signed decision ------------------------------


def decision_rows(decision: Decision) -> list[dict[str, Any]]:
    """The people of a decision: its lines once signed; before, its dossiers with the appraisal's
    result (the chair sees the people and amounts before signing)."""
    if decision.status == DecisionStatus.SIGNED:
        return [
            {
                "person": line.person,
                "category": line.category_code,
                "coefficient": format_coefficient(line.coefficient) if line.coefficient is not None else "",
                "amount": line.amount,
                "month": line.effective_month,
                "dossier_id": line.dossier_id,
            }
            for line in decision.lines.select_related("person").order_by("pk")
        ]
    rows = []
    for dossier in _draft_dossiers(decision):
        calculation = dossier.calculation or {}
        coefficient = calculation.get("decided_coefficient") or calculation.get("coefficient")
        amount = calculation.get("category_amount") or calculation.get("amount")
        month = calculation.get("effective_month")
        rows.append(
            {
                "person": dossier.person,
                "category": dossier.category_code,
                "coefficient": format_coefficient(Decimal(coefficient)) if coefficient else "",
                "amount": amount if isinstance(amount, int) else 0,
                "month": date.fromisoformat(month) if isinstance(month, str) else None,
                "dossier_id": dossier.pk,
            }
        )
    return rows


@dataclass(frozen=True)
class DraftSummary:
    """What the chair wants of a draft before opening it: how many people, how much a month, and the
    exceptions (the appraisal's warnings, e.g. a coefficient the calculator did not confirm)."""

    decision: Decision
    people: int
    monthly: int
    warnings: int


def _draft_dossiers(decision: Decision) -> list[Dossier]:
    """The dossiers on a draft in order, from `drafts_with_dossiers`' prefetch when there is one."""
    return sorted(decision.dossiers.all(), key=lambda dossier: dossier.pk)


def drafts_with_dossiers(drafts: models.QuerySet[Decision]) -> models.QuerySet[Decision]:
    """Draft decisions with their dossiers and people read in two queries, for lists of summaries."""
    return drafts.prefetch_related(models.Prefetch("dossiers", queryset=Dossier.objects.select_related("person")))


def draft_summary(decision: Decision) -> DraftSummary:
    rows = decision_rows(decision)
    warnings = sum(len((dossier.calculation or {}).get("warnings", [])) for dossier in _draft_dossiers(decision))
    return DraftSummary(decision, len(rows), sum(row["amount"] or 0 for row in rows), warnings)


# --- Proposals (tờ trình) ---------------------------------------------------------------------------

PROPOSE_FROM: dict[str, DossierState] = {
    name: transition.source for name, flow in FLOWS.items() for transition in flow if transition.name == "propose"
}


def dossiers_to_propose(*, actor: Actor) -> models.QuerySet[Dossier]:
    """The dossiers of the actor's communes at the step where the commune chair proposes them."""
    condition = Q(pk__in=[])
    for name, state in PROPOSE_FROM.items():
        condition |= Q(flow=name, state=state)
    return (
        dossier_policy.visible(actor)
        .filter(condition)
        .select_related("person__village", "commune")
        .order_by("commune_id", "pk")
    )


def proposal_blocker(dossier: Dossier, today: date) -> str:
    """Why a dossier cannot be proposed yet, "" when it can: it is posted for 2 working days and every
    complaint is answered first (NĐ 20/2021/NĐ-CP Art 8(1)(b)-(c))."""
    if dossier.flow in POSTED_FLOWS:
        posting = latest_posting(dossier)
        if posting is None:
            return "Hồ sơ chưa được niêm yết công khai."
        if today < posting.ends_on and posting.closed_at is None:
            return f"Đang niêm yết công khai đến hết ngày {posting.ends_on:%d/%m/%Y}."
    if unresolved_complaints(dossier).exists():
        return "Còn khiếu nại, thắc mắc chưa giải quyết."
    return ""


def proposals_visible(actor: Actor) -> models.QuerySet[Proposal]:
    return proposal_policy.visible(actor).select_related("commune").annotate(dossier_count=models.Count("entries"))


def dossier_calculation(dossier: Dossier) -> dict[str, Any] | None:
    """The calculator's result saved at appraisal (None before)."""
    return dossier.calculation or None


# --- Facts of a person for the calculator ---------------------------------------------------------


def _fact_value(person: Person, kind: str, day: date) -> dict[str, Any] | None:
    fact = (
        PersonFact.objects.filter(person=person, kind=kind, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from", "-pk")
        .first()
    )
    return fact.value if fact else None


def household_status(person: Person, day: date) -> str:
    """The poverty status of the person's household on `day`: the latest yearly list up to that year."""
    membership = (
        HouseholdMember.objects.filter(person=person, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    if membership is None:
        return "none"
    poverty = (
        HouseholdPoverty.objects.filter(household_id=membership.household_id, year__lte=day.year)
        .order_by("-year")
        .first()
    )
    return poverty.status if poverty else "none"


def in_difficult_area(person: Person, day: date) -> bool:
    units = [unit for unit in (person.commune_id, person.village_id) if unit]
    return (
        DifficultArea.objects.filter(unit_id__in=units, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exists()
    )


def _children(person: Person, day: date) -> list[dict[str, Any]]:
    head = HouseholdMember.objects.filter(person=person, relationship=Relationship.HEAD, valid_to__isnull=True).first()
    if head is None:
        return []
    members = HouseholdMember.objects.filter(
        household_id=head.household_id, relationship=Relationship.CHILD, valid_to__isnull=True
    ).select_related("person")
    children = []
    for member in members:
        child = member.person
        born = child.birth_date or date(child.birth_year, 1, 1)
        if born > day:
            continue
        schooling = _fact_value(child, FactKind.SCHOOLING, day) or {}
        children.append({"birth_date": born.isoformat(), "studying": bool(schooling.get("studying"))})
    return children


def facts_for(person: Person, month: YearMonth, declaration: dict[str, Any] | None = None) -> dict[str, Any]:
    """The calculator's input object (contracts.md §2) for `person` in `month`, from the register
    (facts valid on the month's last day), completed by the dossier's declaration where the
    register is silent (`calculator_input`)."""
    return calculator_input(person, month, declaration).data


@dataclass(frozen=True)
class CalculatorInput:
    """The calculator's input and the fields of it taken from the declaration ("theo tờ khai")."""

    data: dict[str, Any]
    declared: frozenset[str]


def calculator_input(person: Person, month: YearMonth, declaration: dict[str, Any] | None = None) -> CalculatorInput:
    """The register's facts valid on the month's last day; a question the register does not answer
    (no fact of that kind, or a fact without that answer; no poverty list for the household) is
    taken from the declaration's answer (`declarations.declared_answers`): poor household, no
    supporter, pension, schooling, disability level, pregnancy. A register answer always wins."""
    day = month.last_day
    born = person.birth_date or date(person.birth_year, 1, 1)
    facts = {kind: _fact_value(person, kind, day) for kind in FactKind.values}
    disability = facts[FactKind.DISABILITY] or {}
    schooling = facts[FactKind.SCHOOLING] or {}
    support = facts[FactKind.SUPPORT] or {}
    income = facts[FactKind.INCOME] or {}
    marital = facts[FactKind.MARITAL] or {}
    hiv = facts[FactKind.HIV] or {}
    data: dict[str, Any] = {
        "id": f"person-{person.pk}",
        "month": str(month),
        "birth_date": born.isoformat(),
        "province": (person.province_code or "24")[-2:],
        "household": household_status(person, day),
        "difficult_area": in_difficult_area(person, day),
        "without_support": bool(support.get("without_support")),
        "no_supporter": bool(support.get("no_supporter")),
        "studying": bool(schooling.get("studying")),
        "stable_income": bool(income.get("stable_income")),
        "pension": bool(income.get("pension")),
        "single_parent": bool(marital.get("single_parent")),
        "hiv": bool(hiv.get("positive")),
        "disability": disability.get("level") or None,
        "children": _children(person, day),
        "pregnant": False,
        "taken_in": taken_in(person),
        "cares_for": cared_for(declaration or {}, day),
    }
    register_answers = {
        "household": data["household"] != "none",
        "no_supporter": "no_supporter" in support,
        "pension": "pension" in income,
        "studying": "studying" in schooling,
        "disability": bool(disability.get("level")),
        "pregnant": False,
    }
    declared = set()
    for key, answer in declarations.declared_answers(declaration or {}).items():
        if not register_answers.get(key, True):
            data[key] = answer
            declared.add(key)
    return CalculatorInput(data, frozenset(declared))


def taken_in(person: Person) -> bool:
    """Whether a carer in the community takes the person in (5.5d, NĐ 20/2021 Art 5(5)(d)): a care
    dossier (Mẫu 2b) names them and is not refused or cancelled."""
    if not person.citizen_id:
        return False
    return (
        Dossier.objects.filter(form_code="2b", **{f"declaration__{declarations.CARED_PERSON}": person.citizen_id})
        .exclude(state__in=[DossierState.REFUSED, DossierState.CANCELLED])
        .exists()
    )


# The categories of a person cared for that Art 20 pays for (contracts.md §2: "5.1", "5.5d", "5.6").
CARED_CATEGORIES = ("5.1", "5.5d", "5.6")


def cared_people(declaration: dict[str, Any]) -> list[tuple[str, str, Person | None]]:
    """(care kind, ID number, the register's person or None) of the people a care declaration names."""
    pairs = declarations.cared_id_numbers(declaration)
    found = {
        person.citizen_id: person
        for person in Person.objects.filter(
            citizen_id__in=[number for _kind, number in pairs], merged_into__isnull=True
        )
    }
    return [(kind, number, found.get(number)) for kind, number in pairs]


def cared_for(declaration: dict[str, Any], day: date) -> list[dict[str, Any]]:
    """The calculator's `cares_for` from the people a care declaration names (Mẫu 2a, 2b), as the
    register knows them on `day`: their category (an open entitlement, else especially severe
    disability as 5.6), birth date and disability level. People not in the register are left out
    (the dossier cannot be received without them: transitions._check_complete)."""
    entries = []
    for kind, _number, person in cared_people(declaration):
        if person is None:
            continue
        disability = (_fact_value(person, FactKind.DISABILITY, day) or {}).get("level")
        category = _cared_category(person, day, taken_in=kind == "taken_in")
        if category:
            born = person.birth_date or date(person.birth_year, 1, 1)
            entries.append(
                {"kind": kind, "category": category, "birth_date": born.isoformat(), "disability": disability}
            )
    return entries


def _cared_category(person: Person, day: date, *, taken_in: bool) -> str:
    """The category the care is for: the person's open 5.1, 5.5d or 5.6 entitlement; else the first of
    them the calculator finds them qualifying for in the month (taken in, for a Mẫu 2b: an elderly person
    taken in qualifies as 5.5d only so, NĐ 20/2021 Art 5(5)(d)), so that the carer's and the person's own
    dossiers can be appraised together."""
    held = set(
        Entitlement.objects.filter(person=person, start_month__lte=day)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=day))
        .values_list("category_code", flat=True)
    )
    if category := next((code for code in CARED_CATEGORIES if code in held), ""):
        return category
    own = (
        Dossier.objects.filter(person=person, kind=DossierKind.GRANT, state__in=ACTIVE_STATES).order_by("-pk").first()
    )  # the person's own grant dossier, appraised with the carer's: its declaration completes the register
    facts = {**facts_for(person, YearMonth.of(day), own.declaration if own else None), "taken_in": taken_in}
    _output, assessment = assess_input(facts, RuleBookLoader(), explain=False)
    qualifying = set(assessment.qualifying) if assessment else set()
    return next((code for code in CARED_CATEGORIES if code in qualifying), "")


def disability_certificate_date(person: Person, declaration: dict[str, Any] | None = None) -> date | None:
    """The disability certificate's date: from the declaration (Mẫu 1đ) or the register's fact."""
    declared = (declaration or {}).get("certificate_date")
    if isinstance(declared, str) and declared:
        try:
            return date.fromisoformat(declared)
        except ValueError:
            pass
    fact = PersonFact.objects.filter(person=person, kind=FactKind.DISABILITY).order_by("-effective_from").first()
    if fact is None:
        return None
    value = (fact.value or {}).get("certificate_date")
    try:
        return date.fromisoformat(value) if value else fact.effective_from
    except ValueError:
        return fact.effective_from


# --- Rates and entitlements month by month --------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    value: int
    explanation: str


def standard_rate(month: YearMonth, province: str, loader: RuleBookLoader | None = None) -> Rate:
    """The standard rate for a month: the highest in force for the province (domain.md §4)."""
    try:
        book = (loader or RuleBookLoader()).rulebook(month, province[-2:] if province else "24")
    except NoRulesError:
        return Rate(0, f"Không có mức chuẩn trợ giúp xã hội nào có hiệu lực trong tháng {month.display()}.")
    sources = "; ".join(f"{rate.label} {format_money(rate.value)} ({rate.basis})" for rate in book.rates)
    return Rate(book.standard_rate, f"Mức chuẩn áp dụng: {format_money(book.standard_rate)} — {sources}.")


def social_pension(month: YearMonth, province: str) -> Rate:
    """The social pension of a month (Luật BHXH 41/2024 Art 22; NĐ 176/2025): the dated amount plus the
    province's top-up (`rules.pension.monthly_amount`); 0 before 07/2025."""
    amount = pension.monthly_amount(pension_periods_from_db(), month, province[-2:] if province else "24")
    if not amount:
        return Rate(0, f"Chưa có mức trợ cấp hưu trí xã hội trong tháng {month.display()}.")
    return Rate(amount, f"Mức trợ cấp hưu trí xã hội: {format_money(amount)} ({pension.BASIS}).")


def month_rate(month: YearMonth, entitlement: Entitlement, loader: RuleBookLoader | None = None) -> Rate:
    """What one coefficient of the entitlement is worth in the month: the pension for a social-pension
    category (its coefficient is 1), else the standard rate (NĐ 20/2021 Art 6)."""
    if pension.is_social_pension(entitlement.category_code):
        return social_pension(month, entitlement.province_code)
    return standard_rate(month, entitlement.province_code, loader)


@dataclass(frozen=True)
class EntitlementMonth:
    month: YearMonth
    entitlement_id: int
    category_code: str
    coefficient: Decimal | None
    rate: int
    amount: int
    suspended: bool
    explanation: tuple[str, ...]
    commune_id: int


@dataclass
class PersonMonth:
    month: YearMonth
    amount: int
    lines: list[EntitlementMonth] = field(default_factory=list)

    @property
    def explanation(self) -> list[str]:
        return [sentence for line in self.lines for sentence in line.explanation]


def _suspended(suspensions: list[Suspension], first_day: date) -> Suspension | None:
    for suspension in suspensions:
        if suspension.from_month <= first_day and (suspension.to_month is None or first_day < suspension.to_month):
            return None if suspension.arrears and suspension.to_month is not None else suspension
    return None


def entitlement_months(person: Person, first_month: YearMonth, last_month: YearMonth) -> list[EntitlementMonth]:
    """Each month × entitlement of the person between the two months (inclusive): the amount
    due (standard rate × coefficient, NĐ 20/2021 Art 6; 0 while suspended, unless the suspension
    was lifted with arrears) and its explanation in Vietnamese."""
    entitlements = list(
        Entitlement.objects.filter(person=person, start_month__lte=last_month.first_day)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=first_month.first_day))
        .select_related("granted_by")
        .prefetch_related("suspensions")
        .order_by("start_month", "pk")
    )
    loader = RuleBookLoader()
    fallbacks = {
        entitlement.pk: calculated_coefficient(person, entitlement.category_code, last_month, loader)
        for entitlement in entitlements
        if entitlement.coefficient is None
    }
    rates: dict[tuple[YearMonth, str, bool], Rate] = {}
    rows: list[EntitlementMonth] = []
    month = first_month
    while month <= last_month:
        first_day = month.first_day
        for entitlement in entitlements:
            if entitlement.start_month > first_day or (entitlement.end_month and entitlement.end_month <= first_day):
                continue
            key = (month, entitlement.province_code, pension.is_social_pension(entitlement.category_code))
            if key not in rates:
                rates[key] = month_rate(month, entitlement, loader)
            rows.append(_month_row(entitlement, month, rates[key], fallbacks.get(entitlement.pk)))
        month = month.add(1)
    return rows


def calculated_coefficient(
    person: Person, category_code: str, month: YearMonth, loader: RuleBookLoader | None = None
) -> Decimal | None:
    """The coefficient the calculator gives the person for the category in the month (None when
    the register's facts do not show the category). For paper decisions recorded without one."""
    try:
        _output, assessment = assess_input(facts_for(person, month), loader or RuleBookLoader(), explain=False)
    except NoRulesError:
        return None
    if assessment is None:
        return None
    line = next((line for line in assessment.lines if line.code == category_code), None)
    return line.coefficient if line else None


def _month_row(
    entitlement: Entitlement, month: YearMonth, rate: Rate, fallback: Decimal | None = None
) -> EntitlementMonth:
    coefficient = entitlement.coefficient
    suspension = _suspended(list(entitlement.suspensions.all()), month.first_day)
    decision = entitlement.granted_by
    explanation = [f"Diện {entitlement.category_code} theo quyết định {decision.number or '(chưa số)'}."]
    if coefficient is None and fallback is not None:
        coefficient = fallback
        explanation.append(
            f"Quyết định giấy không ghi hệ số: tạm tính hệ số {format_coefficient(fallback)} theo thông tin trong sổ "
            "(cần quyết định điều chỉnh ghi hệ số để chi trả)."
        )
    if coefficient is None:
        amount = 0
        explanation.append("Quyết định không ghi hệ số: chưa tính được số tiền.")
    else:
        amount = round_dong(rate.value * coefficient)
        explanation.append(rate.explanation)
        if not pension.is_social_pension(entitlement.category_code):
            explanation.append(
                f"{format_money(rate.value)} × hệ số {format_coefficient(coefficient)} = {format_money(amount)} "
                "(NĐ 20/2021/NĐ-CP, Điều 6)."
            )
    if suspension is not None:
        explanation.append(
            f"Tạm dừng từ tháng {effective.month_text(suspension.from_month)} "
            f"({suspension.get_reason_display().lower()}): không chi trả tháng này."
        )
        amount = 0
    return EntitlementMonth(
        month=month,
        entitlement_id=entitlement.pk,
        category_code=entitlement.category_code,
        coefficient=coefficient,
        rate=rate.value,
        amount=amount,
        suspended=suspension is not None,
        explanation=tuple(explanation),
        commune_id=entitlement.commune_id,
    )


def person_months(*, person: Person, until: date, since: date | None = None) -> list[PersonMonth]:
    """The person's entitlements month by month up to `until` (from the first entitlement's
    start, or `since`), summed per month, oldest first."""
    first = Entitlement.objects.filter(person=person).aggregate(first=models.Min("start_month"))["first"]
    if first is None:
        return []
    start = YearMonth.of(max(first, since) if since else first)
    end = YearMonth.of(until)
    if end < start:
        return []
    by_month: dict[YearMonth, PersonMonth] = {}
    for row in entitlement_months(person, start, end):
        entry = by_month.setdefault(row.month, PersonMonth(row.month, 0))
        entry.amount += row.amount
        entry.lines.append(row)
    return [by_month[month] for month in sorted(by_month)]


def open_entitlements(person: Person) -> models.QuerySet[Entitlement]:
    return Entitlement.objects.filter(person=person, end_month__isnull=True)


def stop_month_for(person: Person) -> date | None:
    """The first month not to be paid because of a reported death or missing declaration (the
    month after, NĐ 20/2021 Art 8(5)), or a pending stop or move-away dossier's proposed month;
    None when nothing stops. Payments stop from here even before the stop decision is signed."""
    if person.life_status == LifeStatus.DEAD and person.death_date:
        return effective.next_month(person.death_date)
    if person.life_status == LifeStatus.MISSING and person.missing_on:
        return effective.next_month(person.missing_on)
    pending = (
        Dossier.objects.filter(person=person, state__in=ACTIVE_STATES, proposed_month__isnull=False)
        .filter(Q(kind=DossierKind.STOP) | Q(kind=DossierKind.MOVE, ground="to_other_district"))
        .order_by("proposed_month")
        .first()
    )
    return pending.proposed_month if pending else None


# --- who is paid in a month (the rate-change preview) ----------------------------------------------


def payable_entitlements(month: YearMonth) -> models.QuerySet[Entitlement]:
    """The entitlements a payment list of `month` pays a regular line for (payments.payroll's
    `payable_sql`, `communes_to_list`): in force in the month, of a category still in force (5.5b and
    5.5c end on 30/06/2025), under a commune in force in the month, with a coefficient, of a person
    not merged, not dead or missing before the month, and not under a suspension still in place."""
    first = month.first_day
    suspended = Suspension.objects.filter(
        entitlement=models.OuterRef("pk"), from_month__lte=first, lifted_by__isnull=True
    ).filter(Q(to_month__isnull=True) | Q(to_month__gt=first))
    ended_categories = Category.objects.filter(valid_to__lt=first).values("code")
    return (
        Entitlement.objects.filter(coefficient__isnull=False, person__merged_into__isnull=True, start_month__lte=first)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=first))
        .filter(commune__valid_from__lte=month.last_day)
        .filter(Q(commune__valid_to__isnull=True) | Q(commune__valid_to__gte=first))
        .exclude(category_code__in=ended_categories)
        .exclude(person__life_status=LifeStatus.DEAD, person__death_date__lt=first)
        .exclude(person__life_status=LifeStatus.MISSING, person__missing_on__lt=first)
        .exclude(models.Exists(suspended))
    )


def held_in_month(month: YearMonth, province: str, area: list[int] | None) -> HeldMonth:
    """Who is paid in `month` in the province (within the communes of `area`, None: all), by
    category and coefficient, and how many distinct people."""
    # The social pension is not a coefficient of the standard rate (rules/pension.py): a rate change leaves it.
    paid = payable_entitlements(month).filter(province_code=province).exclude(category_code__startswith=pension.PREFIX)
    if area is not None:
        paid = paid.filter(commune_id__in=area)
    groups = paid.order_by().values("category_code", "coefficient").annotate(count=models.Count("id"))
    return HeldMonth(
        groups=tuple(
            Held(group["category_code"], group["coefficient"], group["count"])
            for group in groups.order_by("category_code", "coefficient")
        ),
        people=paid.order_by().values("person_id").distinct().count(),
    )
