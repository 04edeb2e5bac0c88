"""Every inspection page and action for every kind of actor (the culture centre and the anonymous visitor
included). The supervising office plans and conducts; the commune reads its own, runs its
self-inspection and closes its recommendations; refused requests change nothing (tests/permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ansinh.core.tests import samples
from ansinh.inspections.actions import Choice, finding_add, plan_create, recommendation_add
from ansinh.inspections.models import ChecklistItem
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = pytest.mark.django_db

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
COMMUNE = {"own_commune_officer", "own_commune_chair"}
PLANNERS = {"labour_officer", "labour_head"}
READERS = COMMUNE | PLANNERS | {"other_commune_officer", "province_viewer", "admin"}
READERS_OF_DOI_NGO = COMMUNE | PLANNERS | {"province_viewer", "admin"}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


def check_write(endpoint: Endpoint, actors, allowed: set[str], expected: dict[str, int | str]) -> None:
    refused = {name: status for name, status in expected.items() if name not in allowed}
    check_endpoint(endpoint, {name: actors.named()[name] for name in refused}, refused)
    for name in sorted(allowed):
        check_allowed_write(endpoint, name, actors.named()[name])


@pytest.fixture
def world(actors, lucnam, today_is):
    today_is(date(2024, 9, 15))
    plan = plan_create(
        actor=actors.labour_officer,
        title="Kế hoạch",
        period_from=date(2024, 9, 1),
        period_to=date(2024, 12, 31),
        as_of=date(2024, 9, 15),
        choices=[Choice(lucnam.doi_ngo.pk, "Chi sai", date(2024, 9, 16), date(2024, 9, 17), "Ông A")],
    )
    inspection = plan.inspections.get()
    finding = finding_add(
        actor=actors.labour_officer,
        inspection=inspection,
        text="Thiếu giấy ủy quyền",
        evidence=ContentFile(samples.PDF, name="a.pdf"),  # type: ignore[arg-type]
    )
    recommendation = recommendation_add(
        actor=actors.labour_officer, finding=finding, text="Bổ sung", owner="Xã", due_on=date(2024, 10, 1)
    )
    return {"plan": plan, "inspection": inspection, "finding": finding, "recommendation": recommendation}


def test_pages(actors, world):
    check_endpoint(
        Endpoint("inspections:index", reverse("inspections:index")),
        actors.named(),
        expect(r=(READERS, 200), o=(EVERYONE, 403)),
    )
    check_endpoint(
        Endpoint("inspections:plan_create", reverse("inspections:plan_create")),
        actors.named(),
        expect(p=(PLANNERS, 200), o=(EVERYONE, 403)),
    )
    inspection = world["inspection"]
    for name, target in (
        ("inspections:plan_detail", world["plan"].pk),
        ("inspections:inspection_detail", inspection.pk),
        ("inspections:report_pdf", inspection.pk),
        ("inspections:report_docx", inspection.pk),
        ("inspections:finding_evidence", world["finding"].pk),
    ):
        expected = expect(r=(READERS_OF_DOI_NGO, 200), o=(EVERYONE, 404))
        check_endpoint(Endpoint(name, reverse(name, args=[target])), actors.named(), expected)


def test_planning_and_conducting(actors, world, lucnam):
    commune = lucnam.cam_ly.pk
    plan = Endpoint(
        "inspections:plan_create",
        reverse("inspections:plan_create"),
        "POST",
        {
            "title": "Kế hoạch 2",
            "period_from": "01/10/2024",
            "period_to": "31/12/2024",
            f"chon_{commune}": "1",
            f"ly_do_{commune}": "Chưa kiểm tra bao giờ",
            f"tu_{commune}": "02/10/2024",
            f"den_{commune}": "03/10/2024",
            f"doan_{commune}": "Ông A",
        },
    )
    check_write(plan, actors, PLANNERS, expect(p=(PLANNERS, 302), o=(EVERYONE, 403)))
    inspection = world["inspection"]
    item = ChecklistItem.objects.first()
    assert item is not None
    for name, data in (
        ("inspections:checklist_save", {f"ket_qua_{item.pk}": "issue", f"ghi_chu_{item.pk}": "Thiếu"}),
        ("inspections:finding_add", {"text": "Phát hiện mới"}),
        ("inspections:inspection_finish", {"done_on": "17/09/2024"}),
    ):
        endpoint = Endpoint(name, reverse(name, args=[inspection.pk]), "POST", data)
        check_write(
            endpoint, actors, PLANNERS, expect(p=(PLANNERS, 302), r=(READERS_OF_DOI_NGO, 403), o=(EVERYONE, 404))
        )
    add = Endpoint(
        "inspections:recommendation_add",
        reverse("inspections:recommendation_add", args=[world["finding"].pk]),
        "POST",
        {"text": "Kiến nghị", "owner": "Xã", "due_on": "01/11/2024"},
    )
    check_write(add, actors, PLANNERS, expect(p=(PLANNERS, 302), r=(READERS_OF_DOI_NGO, 403), o=(EVERYONE, 404)))
    close = Endpoint(
        "inspections:recommendation_close",
        reverse("inspections:recommendation_close", args=[world["recommendation"].pk]),
        "POST",
        {"note": "Đã bổ sung"},
    )
    closers = COMMUNE | PLANNERS
    check_write(close, actors, closers, expect(c=(closers, 302), r=(READERS_OF_DOI_NGO, 403), o=(EVERYONE, 404)))


def test_self_inspection(actors, world):
    start = Endpoint("inspections:self_start", reverse("inspections:self_start"), "POST", {"year": 2024, "half": 2})
    keepers = COMMUNE | {"other_commune_officer"}
    check_write(start, actors, keepers, expect(k=(keepers, 302), o=(EVERYONE, 403)))
