"""The next step of a dossier in every state of every flow, and who holds it: a step that moves
the dossier on, never a cancellation, return or refusal (issue 16)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.cases.selectors import todo_for
from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant
from ansinh.cases.workflow import FLOWS, SIDE_STEPS, DossierState, holder_of, next_step

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

COMMUNE = "UBND xã, thị trấn"
LABOUR = "Phòng Lao động - Thương binh và Xã hội"
DISTRICT = "UBND huyện"
OFFICERS = "(Cán bộ, công chức hoặc Trưởng phòng, thủ trưởng)"
CHAIRS = "(Chủ tịch, Phó Chủ tịch)"

GRANT_DISTRICT = {
    "draft": ("submit", f"{COMMUNE} {OFFICERS}"),
    "reviewing": ("post", f"{COMMUNE} {OFFICERS}"),
    "posted": ("propose", f"{COMMUNE} {CHAIRS}"),
    "proposed": ("appraise", f"{LABOUR} {OFFICERS}"),
    "appraised": ("decide", f"{DISTRICT} {CHAIRS}"),
}
GRANT_COMMUNE = {
    "draft": ("submit", f"{COMMUNE} {OFFICERS}"),
    "reviewing": ("post", f"{COMMUNE} {OFFICERS}"),
    "posted": ("appraise", f"{COMMUNE} {OFFICERS}"),
    "appraised": ("decide", f"{COMMUNE} {CHAIRS}"),
}
CHANGE_DISTRICT = {
    "draft": ("submit", f"{COMMUNE} {OFFICERS}"),
    "reviewing": ("propose", f"{COMMUNE} {CHAIRS}"),
    "proposed": ("appraise", f"{LABOUR} {OFFICERS}"),
    "appraised": ("decide", f"{DISTRICT} {CHAIRS}"),
}
CHANGE_COMMUNE = {
    "draft": ("submit", f"{COMMUNE} {OFFICERS}"),
    "reviewing": ("appraise", f"{COMMUNE} {OFFICERS}"),
    "appraised": ("decide", f"{COMMUNE} {CHAIRS}"),
}
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "grant_district": GRANT_DISTRICT,
    "grant_commune": GRANT_COMMUNE,
    "change_district": CHANGE_DISTRICT,
    "change_commune": CHANGE_COMMUNE,
    "funeral_district": CHANGE_DISTRICT,
    "funeral_commune": CHANGE_COMMUNE,
    "move_district": CHANGE_DISTRICT,
    "move_external_district": CHANGE_DISTRICT,
    "move_commune": CHANGE_COMMUNE,
    "cremation_district": CHANGE_DISTRICT,
    "cremation_commune": CHANGE_COMMUNE,
    "pension_commune": CHANGE_COMMUNE,  # Mẫu 01: received, appraised and decided at the commune (NĐ 176/2025)
}


def test_the_table_covers_every_flow():
    assert set(EXPECTED) == set(FLOWS)


@pytest.mark.parametrize("flow_name", sorted(FLOWS))
@pytest.mark.parametrize("state", [state.value for state in DossierState])
def test_the_next_step_of_every_state_of_every_flow(flow_name, state):
    step = next_step(FLOWS[flow_name], state)
    expected = EXPECTED[flow_name].get(state)
    if expected is None:
        assert step is None
        return
    assert step is not None
    assert step.name not in SIDE_STEPS
    assert (step.name, holder_of(step)) == expected


@pytest.mark.parametrize("flow_name", sorted(FLOWS))
def test_following_the_next_steps_reaches_a_decision(flow_name):
    state: str = DossierState.DRAFT
    seen = []
    while (step := next_step(FLOWS[flow_name], state)) is not None:
        seen.append(step.name)
        state = step.target
    assert state == DossierState.DECIDED
    assert "cancel" not in seen


@pytest.mark.django_db
def test_after_receipt_the_next_step_is_the_posting_not_a_cancellation(actors, lucnam):
    dossier = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo)), actors, "submit")
    officer = actors.own_commune_officer

    [item] = [item for item in todo_for(actor=officer) if item.dossier.pk == dossier.pk]
    assert item.next_step is not None
    assert item.next_step.name == "post"

    client = Client()
    client.force_login(officer)
    page = client.get(reverse("cases:dossier_detail", args=[dossier.pk])).content.decode()
    shown = re.sub(r"\s+", " ", page)
    assert (
        f'Bước tiếp theo: <strong>Niêm yết công khai</strong> <span class="text-body-secondary">· do {COMMUNE}' in shown
    )
    assert "Lập danh sách niêm yết" in shown  # the posting is made from the posting list
    before_side_steps, side_steps = shown.split('data-testid="side-steps"')
    assert "Hủy hồ sơ" not in before_side_steps
    assert "Hủy hồ sơ" in side_steps

    home = re.sub(r"\s+", " ", client.get(reverse("web:home")).content.decode())
    row = home.split(dossier.person.full_name, 1)[1].split("</tr>")[0]
    assert "Niêm yết công khai" in row
    assert "Hủy hồ sơ" not in row
    assert COMMUNE in row
