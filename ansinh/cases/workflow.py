"""Dossier workflows as data (design.md §3): states, the transitions between them, who may make
each, and the deadline of the step that follows, in working days from a dated parameter.

The grant flow of NĐ 20/2021 Art 8(1) as run by the district in 2024 (domain.md §7): the commune
reviews (7 WD), posts publicly (2 WD), proposes (3 WD), the labour office appraises (7 WD) or
returns, the district chair decides (3 WD). From 01/7/2025 (NĐ 147/2025) the commune appraises and
its chair decides; the dated rules parameter `authority.commune_decides` chooses (policies.decision_flow_for,
by the day the dossier is opened). Changes (adjust, suspend, resume,
stop), moves (NĐ 20/2021 Art 9: new commune 3 WD, labour office 3 WD, or 5 WD from another
district) and funeral support (Art 11: commune 2 WD, labour office 3 WD) follow shorter flows
without public posting. Maker and checker differ: whoever made the step named in `checks` may
not make this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.core.access import OfficeKind, Role


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang lập hồ sơ")
    REVIEWING = "reviewing", _("Xã đang xem xét")
    POSTED = "posted", _("Đang niêm yết công khai")
    PROPOSED = "proposed", _("Đã đề nghị, chờ thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định, chờ quyết định")
    DECIDED = "decided", _("Đã có quyết định")
    REFUSED = "refused", _("Không đủ điều kiện")
    CANCELLED = "cancelled", _("Đã hủy hồ sơ")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: DossierState
    target: DossierState
    office_kinds: frozenset[OfficeKind]
    roles: frozenset[Role]
    next_deadline: str | None  # the rules parameter giving the working days of the next step
    checks: str | None = None  # a transition whose maker may not make this one
    needs_reason: bool = False
    keeps_due: bool = False  # the next step keeps the dossier's due date (one deadline for the whole procedure)


COMMUNE = frozenset({OfficeKind.COMMUNE})
LABOUR = frozenset({OfficeKind.LABOUR_OFFICE})
DISTRICT = frozenset({OfficeKind.DISTRICT_COMMITTEE})
OFFICERS = frozenset({Role.OFFICER, Role.HEAD})
CHAIRS = frozenset({Role.CHAIR})

# Deadline parameters (rules.Parameter keys, working days). The move ones are seeded by
# cases/migrations/0004_move_deadlines.py (NĐ 20/2021 Art 9).
COMMUNE_REVIEW = "deadline.commune_review"
PUBLIC_POSTING = "deadline.public_posting"
COMMUNE_PROPOSAL = "deadline.commune_proposal"
LABOUR_APPRAISAL = "deadline.labour_appraisal"
CHAIR_DECISION = "deadline.chair_decision"
COMMUNE_CHAIR_DECISION = "deadline.commune_chair_decision"
COMPLAINT_ANSWER = "deadline.complaint_answer"
FUNERAL_COMMUNE = "deadline.funeral_commune"
FUNERAL_LABOUR = "deadline.funeral_labour"
CREMATION_COMMUNE = "deadline.cremation_commune"
CREMATION_LABOUR = "deadline.cremation_labour"
MOVE_COMMUNE = "deadline.move_commune"
MOVE_LABOUR = "deadline.move_labour"
MOVE_LABOUR_EXTERNAL = "deadline.move_labour_external"
# The social pension (procedure 1.014027): the commune chair decides within 10 WD of receiving the request.
SOCIAL_PENSION_DECISION = "deadline.social_pension_decision"

ACTIVE_STATES = frozenset(
    {
        DossierState.DRAFT,
        DossierState.REVIEWING,
        DossierState.POSTED,
        DossierState.PROPOSED,
        DossierState.APPRAISED,
    }
)
FINAL_STATES = frozenset({DossierState.DECIDED, DossierState.REFUSED, DossierState.CANCELLED})


def _cancel(source: DossierState) -> Transition:
    return Transition(
        "cancel",
        "Hủy hồ sơ",
        source,
        DossierState.CANCELLED,
        COMMUNE,
        OFFICERS,
        None,
        needs_reason=True,
    )


GRANT_FLOW_2024: tuple[Transition, ...] = (
    Transition("submit", "Tiếp nhận hồ sơ", DossierState.DRAFT, DossierState.REVIEWING, COMMUNE, OFFICERS,
               COMMUNE_REVIEW),
    Transition("post", "Niêm yết công khai", DossierState.REVIEWING, DossierState.POSTED, COMMUNE, OFFICERS,
               PUBLIC_POSTING),
    Transition("propose", "Ký tờ trình đề nghị", DossierState.POSTED, DossierState.PROPOSED, COMMUNE, CHAIRS,
               LABOUR_APPRAISAL, checks="post"),
    Transition("return", "Trả lại xã, nêu lý do", DossierState.PROPOSED, DossierState.REVIEWING, LABOUR, OFFICERS,
               COMMUNE_REVIEW, needs_reason=True),
    Transition("appraise", "Thẩm định, trình quyết định", DossierState.PROPOSED, DossierState.APPRAISED, LABOUR,
               OFFICERS, CHAIR_DECISION),
    Transition("decide", "Ký quyết định", DossierState.APPRAISED, DossierState.DECIDED, DISTRICT, CHAIRS, None,
               checks="appraise"),
    Transition("refuse", "Không đủ điều kiện, trả lời bằng văn bản", DossierState.APPRAISED, DossierState.REFUSED,
               DISTRICT, CHAIRS, None, checks="appraise", needs_reason=True),
    _cancel(DossierState.DRAFT),
    _cancel(DossierState.REVIEWING),
)  # fmt: skip

# From 01/7/2025 (NĐ 147/2025/NĐ-CP): the commune reviews, posts, appraises; its chair decides.
GRANT_FLOW_2025: tuple[Transition, ...] = (
    Transition("submit", "Tiếp nhận hồ sơ", DossierState.DRAFT, DossierState.REVIEWING, COMMUNE, OFFICERS,
               COMMUNE_REVIEW),
    Transition("post", "Niêm yết công khai", DossierState.REVIEWING, DossierState.POSTED, COMMUNE, OFFICERS,
               PUBLIC_POSTING),
    Transition("appraise", "Thẩm định, trình quyết định", DossierState.POSTED, DossierState.APPRAISED, COMMUNE,
               OFFICERS, COMMUNE_CHAIR_DECISION),
    Transition("return", "Trả lại để xem xét lại, nêu lý do", DossierState.APPRAISED, DossierState.REVIEWING,
               COMMUNE, CHAIRS, COMMUNE_REVIEW, needs_reason=True),
    Transition("decide", "Ký quyết định", DossierState.APPRAISED, DossierState.DECIDED, COMMUNE, CHAIRS, None,
               checks="appraise"),
    Transition("refuse", "Không đủ điều kiện, trả lời bằng văn bản", DossierState.APPRAISED, DossierState.REFUSED,
               COMMUNE, CHAIRS, None, checks="appraise", needs_reason=True),
    _cancel(DossierState.DRAFT),
    _cancel(DossierState.REVIEWING),
)  # fmt: skip


# The social pension (Luật BHXH 41/2024 Art 22; NĐ 176/2025; procedure 1.014027), whatever the deployment's
# setting: the commune receives the request (Mẫu số 01), its officer checks it and drafts the decision, the
# commune chair decides or refuses in writing with reasons, all within 10 WD of receipt. No public posting.
PENSION_FLOW: tuple[Transition, ...] = (
    Transition("submit", "Tiếp nhận văn bản đề nghị", DossierState.DRAFT, DossierState.REVIEWING, COMMUNE, OFFICERS,
               SOCIAL_PENSION_DECISION),
    Transition("appraise", "Thẩm định, trình quyết định", DossierState.REVIEWING, DossierState.APPRAISED, COMMUNE,
               OFFICERS, None, keeps_due=True),
    Transition("return", "Trả lại để xem xét lại, nêu lý do", DossierState.APPRAISED, DossierState.REVIEWING,
               COMMUNE, CHAIRS, None, needs_reason=True, keeps_due=True),
    Transition("decide", "Ký quyết định", DossierState.APPRAISED, DossierState.DECIDED, COMMUNE, CHAIRS, None,
               checks="appraise"),
    Transition("refuse", "Không đủ điều kiện, trả lời bằng văn bản", DossierState.APPRAISED, DossierState.REFUSED,
               COMMUNE, CHAIRS, None, checks="appraise", needs_reason=True),
    _cancel(DossierState.DRAFT),
    _cancel(DossierState.REVIEWING),
)  # fmt: skip


def district_change_flow(commune_days: str, labour_days: str) -> tuple[Transition, ...]:
    """No public posting: the commune prepares, its chair proposes, the labour office appraises,
    the district chair decides."""
    return (
        Transition("submit", "Tiếp nhận, lập hồ sơ", DossierState.DRAFT, DossierState.REVIEWING, COMMUNE, OFFICERS,
                   commune_days),
        Transition("propose", "Ký tờ trình đề nghị", DossierState.REVIEWING, DossierState.PROPOSED, COMMUNE, CHAIRS,
                   labour_days, checks="submit"),
        Transition("return", "Trả lại xã, nêu lý do", DossierState.PROPOSED, DossierState.REVIEWING, LABOUR,
                   OFFICERS, commune_days, needs_reason=True),
        Transition("appraise", "Thẩm định, trình quyết định", DossierState.PROPOSED, DossierState.APPRAISED, LABOUR,
                   OFFICERS, CHAIR_DECISION),
        Transition("decide", "Ký quyết định", DossierState.APPRAISED, DossierState.DECIDED, DISTRICT, CHAIRS, None,
                   checks="appraise"),
        Transition("refuse", "Không chấp thuận, trả lời bằng văn bản", DossierState.APPRAISED, DossierState.REFUSED,
                   DISTRICT, CHAIRS, None, checks="appraise", needs_reason=True),
        _cancel(DossierState.DRAFT),
        _cancel(DossierState.REVIEWING),
    )  # fmt: skip


def commune_change_flow(commune_days: str) -> tuple[Transition, ...]:
    """From 01/7/2025: the commune officer prepares and appraises, the commune chair decides."""
    return (
        Transition("submit", "Tiếp nhận, lập hồ sơ", DossierState.DRAFT, DossierState.REVIEWING, COMMUNE, OFFICERS,
                   commune_days),
        Transition("appraise", "Thẩm định, trình quyết định", DossierState.REVIEWING, DossierState.APPRAISED,
                   COMMUNE, OFFICERS, COMMUNE_CHAIR_DECISION),
        Transition("return", "Trả lại để xem xét lại, nêu lý do", DossierState.APPRAISED, DossierState.REVIEWING,
                   COMMUNE, CHAIRS, commune_days, needs_reason=True),
        Transition("decide", "Ký quyết định", DossierState.APPRAISED, DossierState.DECIDED, COMMUNE, CHAIRS, None,
                   checks="appraise"),
        Transition("refuse", "Không chấp thuận, trả lời bằng văn bản", DossierState.APPRAISED, DossierState.REFUSED,
                   COMMUNE, CHAIRS, None, checks="appraise", needs_reason=True),
        _cancel(DossierState.DRAFT),
        _cancel(DossierState.REVIEWING),
    )  # fmt: skip


FLOWS: dict[str, tuple[Transition, ...]] = {
    "grant_district": GRANT_FLOW_2024,
    "grant_commune": GRANT_FLOW_2025,
    "change_district": district_change_flow(COMMUNE_REVIEW, LABOUR_APPRAISAL),
    "change_commune": commune_change_flow(COMMUNE_REVIEW),
    "funeral_district": district_change_flow(FUNERAL_COMMUNE, FUNERAL_LABOUR),
    "funeral_commune": commune_change_flow(FUNERAL_COMMUNE),
    # NQ 17/2019/NQ-HĐND Bắc Giang: the same steps as funeral support; its deadlines are unconfirmed parameters
    "cremation_district": district_change_flow(CREMATION_COMMUNE, CREMATION_LABOUR),
    "cremation_commune": commune_change_flow(CREMATION_COMMUNE),
    "move_district": district_change_flow(MOVE_COMMUNE, MOVE_LABOUR),
    "move_external_district": district_change_flow(MOVE_COMMUNE, MOVE_LABOUR_EXTERNAL),
    "move_commune": commune_change_flow(MOVE_COMMUNE),
    "pension_commune": PENSION_FLOW,
}

FLOW_LABELS: dict[str, str] = {
    "grant_district": "Hưởng trợ cấp: xã xét, niêm yết; Phòng LĐ-TB&XH thẩm định; Chủ tịch UBND huyện quyết định",
    "grant_commune": "Hưởng trợ cấp: xã xét, niêm yết, thẩm định; Chủ tịch UBND xã quyết định",
    "change_district": "Điều chỉnh, tạm dừng, tiếp tục, thôi hưởng: Chủ tịch UBND huyện quyết định",
    "change_commune": "Điều chỉnh, tạm dừng, tiếp tục, thôi hưởng: Chủ tịch UBND xã quyết định",
    "funeral_district": "Hỗ trợ mai táng: xã 2 ngày, Phòng LĐ-TB&XH 3 ngày làm việc",
    "funeral_commune": "Hỗ trợ mai táng: Chủ tịch UBND xã quyết định",
    "cremation_district": "Hỗ trợ hỏa táng: xã, Phòng LĐ-TB&XH thẩm định; Chủ tịch UBND huyện quyết định",
    "cremation_commune": "Hỗ trợ hỏa táng: Chủ tịch UBND xã quyết định",
    "move_district": "Chuyển nơi hưởng trong huyện: xã mới 3 ngày, Phòng LĐ-TB&XH 3 ngày làm việc",
    "move_external_district": "Chuyển nơi hưởng ngoài huyện: xã 3 ngày, Phòng LĐ-TB&XH 5 ngày làm việc",
    "move_commune": "Chuyển nơi hưởng: Chủ tịch UBND xã quyết định",
    "pension_commune": "Hưởng trợ cấp hưu trí xã hội: xã tiếp nhận, Chủ tịch UBND xã quyết định trong 10 ngày làm việc",
}

POSTED_FLOWS = frozenset({"grant_district", "grant_commune"})


def flow_name_for(kind: str, decision_flow: str, ground: str = "", category_code: str = "") -> str:
    """Which flow a dossier follows: its kind, and who decides on the day it is opened
    (`policies.decision_flow_for`, dated data: "district" as in 2024, "commune" from 7/2025); a grant of the
    social pension (`HTXH.*`) always follows the commune chair's flow (NĐ 176/2025)."""
    level = "commune" if decision_flow == "commune" else "district"
    if kind == "grant" and category_code.startswith("HTXH."):
        return "pension_commune"
    if kind == "grant":
        return f"grant_{level}"
    if kind in ("funeral", "cremation"):
        return f"{kind}_{level}"
    if kind == "move":
        if level == "commune":
            return "move_commune"
        return "move_district" if ground in ("", "within_district") else "move_external_district"
    return f"change_{level}"


def flow_named(name: str) -> tuple[Transition, ...]:
    return FLOWS.get(name, GRANT_FLOW_2024)


def all_transition_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for flow in FLOWS.values():
        for transition in flow:
            labels.setdefault(transition.name, transition.label)
    return labels


def transitions_from(flow: tuple[Transition, ...], state: str) -> list[Transition]:
    return [transition for transition in flow if transition.source == state]


def transition_named(flow: tuple[Transition, ...], name: str, state: str | None = None) -> Transition | None:
    """The transition called `name` (from `state` when given: "cancel" leaves several states)."""
    named = [transition for transition in flow if transition.name == name]
    if state is not None:
        return next((transition for transition in named if transition.source == state), named[0] if named else None)
    return named[0] if named else None


# Steps that move a dossier aside or back rather than on: offered, but never "the next step".
SIDE_STEPS = frozenset({"cancel", "return", "refuse"})


def next_step(flow: tuple[Transition, ...], state: str) -> Transition | None:
    """The step that moves a dossier in `state` on (None in a final state). Cancelling, returning
    and refusing are side steps: a dossier just received is waiting for its posting, not for a
    cancellation."""
    return next((t for t in flow if t.source == state and t.name not in SIDE_STEPS), None)


def holder_of(transition: Transition) -> str:
    """Who makes `transition`: the office and the roles, as the user reads them."""
    offices = ", ".join(str(kind.label) for kind in OfficeKind if kind in transition.office_kinds)
    roles = f" {_('hoặc')} ".join(str(role.label) for role in Role if role in transition.roles)
    return f"{offices} ({roles})"
