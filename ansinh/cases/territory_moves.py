"""What cases moves when a territorial change is applied (territory.changes).

- **Entitlements** running across the change month M are ended at M (the last month paid under the
  old commune is M−1) and continued from M by a successor entitlement under the new commune: same
  person, category, coefficient and granting decision (the old decision keeps its issuer and
  number), `carried_from` the old one. So the old months stay paid under the old commune, the new
  commune's first list is M, and no month is paid twice or skipped. Open suspensions follow.
  Entitlements starting at M or later are simply re-pointed.
- Entitlements of a category that ends before M in law (5.5b and 5.5c end on 30/06/2025, Luật BHXH
  41/2024 Arts 21–22) are **not** carried: they stay where they are and are not paid after the
  category's end (payments.payroll); the social-pension transfer takes their recipients over.
- **Open dossiers** pass to the new commune; when the change brings the commune flow (NĐ 147/2025,
  `policies.decision_flow_on`), a dossier on a district flow passes to the matching commune flow at
  the step it had reached: waiting for the labour office's appraisal, it goes back to the commune
  for appraisal; appraised, it waits for the commune chair's decision. Draft decisions follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Q

from ansinh.accounts.models import DecisionFlow
from ansinh.cases.models import Decision, DecisionStatus, Dossier, DossierKind, Entitlement
from ansinh.cases.policies import decision_flow_on
from ansinh.cases.workflow import ACTIVE_STATES, DossierState
from ansinh.rules.models import Category
from ansinh.territory.changes import Change, ChangeReport

ENTITLEMENT_COLUMNS = (
    "person_id, category_code, coefficient, start_month, end_month, granted_by_id, ended_by_id, commune_id, "
    "province_code, carried_from_id"
)
# district flow → (commune flow, states moved back: the labour office's step is the commune's now)
FLOW_SUCCESSORS: dict[str, tuple[str, dict[str, str]]] = {
    "grant_district": ("grant_commune", {DossierState.PROPOSED: DossierState.POSTED}),
    "change_district": ("change_commune", {DossierState.PROPOSED: DossierState.REVIEWING}),
    "funeral_district": ("funeral_commune", {DossierState.PROPOSED: DossierState.REVIEWING}),
    "move_district": ("move_commune", {DossierState.PROPOSED: DossierState.REVIEWING}),
    "move_external_district": ("move_commune", {DossierState.PROPOSED: DossierState.REVIEWING}),
}


def _execute(sql: str, params: Sequence[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def move_entitlements(change: Change, report: ChangeReport) -> None:
    m = change.month
    marker = m + timedelta(days=1)  # a temporary end of the new open entitlements, inside this transaction
    ended = list(Category.objects.filter(valid_to__lt=m).values_list("code", flat=True))
    not_carried: dict[str, int] = report.sections.setdefault("not_carried", {})
    for old, new in change.pairs():
        pair = (old, new)
        later = Entitlement.objects.filter(commune_id=old, start_month__gte=m).update(commune_id=new)
        running = Entitlement.objects.filter(commune_id=old, start_month__lt=m).filter(
            Q(end_month__isnull=True) | Q(end_month__gt=m)
        )
        for code in ended:
            n = running.filter(category_code=code).count()
            if n:
                not_carried[code] = not_carried.get(code, 0) + n
                report.add(pair, "entitlements_not_carried", n)
        carried = running.exclude(category_code__in=ended)
        ended_sql = ", ".join(["%s"] * len(ended)) if ended else "''"
        common = f"""FROM cases_entitlement o WHERE o.commune_id = %s AND o.start_month < %s
                     AND o.category_code NOT IN ({ended_sql})"""
        # closed later than M: the successor keeps the known end
        closing = _execute(
            f"""INSERT INTO cases_entitlement ({ENTITLEMENT_COLUMNS})
                SELECT o.person_id, o.category_code, o.coefficient, %s, o.end_month, o.granted_by_id,
                       o.ended_by_id, %s, o.province_code, o.id
                {common} AND o.end_month > %s""",
            [m, new, old, m, *ended, m],
        )
        # open: the successor is inserted with a temporary end, the old one ended, then the successor opened
        opened = _execute(
            f"""INSERT INTO cases_entitlement ({ENTITLEMENT_COLUMNS})
                SELECT o.person_id, o.category_code, o.coefficient, %s, %s, o.granted_by_id, NULL, %s,
                       o.province_code, o.id
                {common} AND o.end_month IS NULL""",
            [m, marker, new, old, m, *ended],
        )
        carried.update(end_month=m, ended_by=None)
        Entitlement.objects.filter(commune_id=new, start_month=m, end_month=marker, carried_from__isnull=False).update(
            end_month=None
        )
        _execute(
            """INSERT INTO cases_suspension (entitlement_id, from_month, to_month, reason, decision_id, lifted_by_id,
                                             arrears)
               SELECT e.id, CASE WHEN s.from_month > %s THEN s.from_month ELSE %s END, s.to_month, s.reason,
                      s.decision_id, NULL, s.arrears
               FROM cases_suspension s JOIN cases_entitlement e ON e.carried_from_id = s.entitlement_id
               WHERE e.commune_id = %s AND e.start_month = %s AND s.lifted_by_id IS NULL
                 AND (s.to_month IS NULL OR s.to_month > %s)""",
            [m, m, new, m, m],
        )
        report.add(pair, "entitlements", later + closing + opened)


def move_dossiers(change: Change, report: ChangeReport) -> None:
    to_commune_flow = decision_flow_on(change.day) == DecisionFlow.COMMUNE
    passing: list[dict[str, object]] = report.sections.setdefault("dossiers_to_commune_flow", [])
    for old, new in change.pairs():
        open_dossiers = Dossier.objects.filter(commune_id=old, state__in=ACTIVE_STATES)
        Dossier.objects.filter(target_commune_id=old, state__in=ACTIVE_STATES).update(target_commune_id=new)
        if to_commune_flow:
            for row in open_dossiers.filter(flow__in=list(FLOW_SUCCESSORS)).values("pk", "flow", "state", "kind"):
                flow, states = FLOW_SUCCESSORS[row["flow"]]
                after = states.get(row["state"], row["state"])
                passing.append(
                    {
                        "id": row["pk"],
                        "kind": row["kind"],
                        "kind_label": str(DossierKind(row["kind"]).label),
                        "state_before_label": str(DossierState(row["state"]).label),
                        "state_after_label": str(DossierState(after).label),
                        "from": change.units[old].full_name,
                        "to": change.units[new].full_name,
                        "flow_before": row["flow"],
                        "flow_after": flow,
                        "state_before": row["state"],
                        "state_after": after,
                    }
                )
            for flow_before, (flow_after, states) in FLOW_SUCCESSORS.items():
                of_flow = open_dossiers.filter(flow=flow_before)
                for state_before, state_after in states.items():
                    of_flow.filter(state=state_before).update(state=state_after)
                of_flow.update(flow=flow_after)
        Decision.objects.filter(commune_id=old, status=DecisionStatus.DRAFT).update(commune_id=new)
        report.add((old, new), "dossiers", open_dossiers.update(commune_id=new))
