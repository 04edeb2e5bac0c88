"""Dossier workflows as data (design.md §3): states, the transitions between them, who may make
each, and the deadline of the step that follows, in working days from a dated parameter.

The grant flow of NĐ 20/2021 Art 8(1) as run by the district in 2024 (domain.md §7): the commune
reviews (7 WD), posts publicly (2 WD), proposes (3 WD), the labour office appraises (7 WD) or
returns, the district chair decides (3 WD). Maker and checker differ: whoever made the step named
in `checks` may not make this one.
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


COMMUNE = frozenset({OfficeKind.COMMUNE})
LABOUR = frozenset({OfficeKind.LABOUR_OFFICE})
DISTRICT = frozenset({OfficeKind.DISTRICT_COMMITTEE})
OFFICERS = frozenset({Role.OFFICER, Role.HEAD})
CHAIRS = frozenset({Role.CHAIR})

GRANT_FLOW_2024: tuple[Transition, ...] = (
    Transition("submit", "Tiếp nhận hồ sơ", DossierState.DRAFT, DossierState.REVIEWING, COMMUNE, OFFICERS,
               "deadline.commune_review"),
    Transition("post", "Niêm yết công khai", DossierState.REVIEWING, DossierState.POSTED, COMMUNE, OFFICERS,
               "deadline.public_posting"),
    Transition("propose", "Ký tờ trình đề nghị", DossierState.POSTED, DossierState.PROPOSED, COMMUNE, CHAIRS,
               "deadline.labour_appraisal", checks="post"),
    Transition("return", "Trả lại xã, nêu lý do", DossierState.PROPOSED, DossierState.REVIEWING, LABOUR, OFFICERS,
               "deadline.commune_review", needs_reason=True),
    Transition("appraise", "Thẩm định, trình quyết định", DossierState.PROPOSED, DossierState.APPRAISED, LABOUR,
               OFFICERS, "deadline.chair_decision"),
    Transition("decide", "Ký quyết định", DossierState.APPRAISED, DossierState.DECIDED, DISTRICT, CHAIRS, None,
               checks="appraise"),
    Transition("refuse", "Không đủ điều kiện, trả lời bằng văn bản", DossierState.APPRAISED, DossierState.REFUSED,
               DISTRICT, CHAIRS, None, checks="appraise", needs_reason=True),
)  # fmt: skip


def transitions_from(flow: tuple[Transition, ...], state: str) -> list[Transition]:
    return [transition for transition in flow if transition.source == state]


def transition_named(flow: tuple[Transition, ...], name: str) -> Transition | None:
    return next((transition for transition in flow if transition.name == name), None)
