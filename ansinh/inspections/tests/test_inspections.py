"""Risk ranking (stable and explainable), plans, checklist, findings with evidence, recommendations on
the commune's to-do until closed, self-inspection in the labour office's view, the report read back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from ansinh.core.tests import samples
from ansinh.inspections.actions import (
    Choice,
    checklist_save,
    finding_add,
    inspection_finish,
    plan_create,
    recommendation_add,
    recommendation_close,
    self_inspection_start,
)
from ansinh.inspections.models import ChecklistItem, InspectionStatus, RiskFactor
from ansinh.inspections.risk import Weight, factor_values, rank, ranking, weights
from ansinh.inspections.selectors import home_panel, open_recommendations, self_inspections
from ansinh.outreach.actions import feedback_send
from ansinh.outreach.models import FeedbackKind
from tests.readback import docx_text, pdf_text

pytestmark = pytest.mark.django_db
DAY = date(2024, 9, 15)


@pytest.fixture(autouse=True)
def _in_2024(today_is):
    today_is(DAY)


def test_the_ranking_is_stable_and_explainable_on_a_fixed_dataset():
    factor_weights = [
        Weight("wrong_payee", "Chi sai", Decimal(5), None),
        Weight("complaints", "Khiếu nại", Decimal(2), None),
        Weight("months_since_inspection", "Tháng", Decimal("0.5"), 36),
    ]
    names = {1: "Xã B", 2: "Xã A", 3: "Xã C", 4: "Xã D"}
    values = {
        1: {"wrong_payee": 1, "complaints": 0, "months_since_inspection": 12},  # 5 + 0 + 6 = 11
        2: {"wrong_payee": 0, "complaints": 3, "months_since_inspection": 10},  # 0 + 6 + 5 = 11 (tie: A before B)
        3: {"wrong_payee": 0, "complaints": 0, "months_since_inspection": 90},  # capped: 18
        4: {},  # nothing known: 0
    }
    ranked = rank(values, names, factor_weights)
    assert [(r.rank, r.name, r.score) for r in ranked] == [
        (1, "Xã C", Decimal("18.0")),
        (2, "Xã A", Decimal("11.0")),
        (3, "Xã B", Decimal("11.0")),
        (4, "Xã D", Decimal("0")),
    ]
    c = ranked[0].factors[2]
    assert (c.value, c.counted, c.weight, c.contribution) == (90, 36, Decimal("0.5"), Decimal("18.0"))
    assert rank(dict(reversed(values.items())), dict(reversed(names.items())), factor_weights) == ranked


def test_the_weights_are_data(lucnam):
    assert {w.key for w in weights()} >= {"wrong_payee", "recoveries", "review_differences", "late_lists"}
    communes = [lucnam.doi_ngo, lucnam.cam_ly]
    feedback_send(commune=lucnam.cam_ly, kind=FeedbackKind.HANDLING, text="Xã chậm nhận hồ sơ")
    first = ranking(communes, DAY)
    assert first[0].name == lucnam.cam_ly.name  # a complaint; neither was ever inspected
    RiskFactor.objects.filter(key="complaints").update(weight=0)
    assert ranking(communes, DAY)[0].score == ranking(communes, DAY)[1].score


def test_factor_values_count_the_last_inspection(actors, lucnam):
    plan = plan_create(
        actor=actors.labour_officer,
        title="Kế hoạch 2024",
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        as_of=DAY,
        choices=[Choice(lucnam.doi_ngo.pk, "Chi sai", date(2024, 3, 1), date(2024, 3, 2), "Ông A")],
    )
    inspection_finish(actor=actors.labour_officer, inspection=plan.inspections.get(), done_on=date(2024, 3, 2))
    values = factor_values([lucnam.doi_ngo.pk, lucnam.cam_ly.pk], DAY)
    assert values[lucnam.doi_ngo.pk]["months_since_inspection"] == 6
    assert values[lucnam.cam_ly.pk]["months_since_inspection"] == 36


def test_a_plan_records_why_and_refuses_bad_choices(actors, lucnam):
    with pytest.raises(ValidationError, match="lý do"):
        plan_create(
            actor=actors.labour_officer,
            title="Kế hoạch",
            period_from=date(2024, 10, 1),
            period_to=date(2024, 12, 31),
            as_of=DAY,
            choices=[Choice(lucnam.doi_ngo.pk, " ", date(2024, 10, 2), date(2024, 10, 3), "Đoàn")],
        )
    with pytest.raises(PermissionDenied, match="quyền"):
        plan_create(
            actor=actors.own_commune_officer,
            title="K",
            period_from=DAY,
            period_to=DAY,
            as_of=DAY,
            choices=[],
        )
    plan = plan_create(
        actor=actors.labour_head,
        title="Kế hoạch quý IV",
        period_from=date(2024, 10, 1),
        period_to=date(2024, 12, 31),
        as_of=DAY,
        choices=[Choice(lucnam.cam_ly.pk, "Nhiều khiếu nại", date(2024, 10, 2), date(2024, 10, 3), "Bà B, ông C")],
    )
    inspection = plan.inspections.get()
    assert inspection.reason == "Nhiều khiếu nại" and inspection.rank is not None
    assert {f["key"] for f in inspection.factors} >= {"complaints", "months_since_inspection"}


def _conducted(actors, lucnam):
    plan = plan_create(
        actor=actors.labour_officer,
        title="Kế hoạch",
        period_from=date(2024, 9, 1),
        period_to=date(2024, 12, 31),
        as_of=DAY,
        choices=[Choice(lucnam.doi_ngo.pk, "Chi sai người nhận", date(2024, 9, 16), date(2024, 9, 17), "Ông A")],
    )
    inspection = plan.inspections.get()
    item = ChecklistItem.objects.get(topic__code="chi_tra", order=1)
    checklist_save(actor=actors.labour_officer, inspection=inspection, answers={item.pk: ("issue", "2 khoản")})
    finding = finding_add(
        actor=actors.labour_officer,
        inspection=inspection,
        item=item,
        text="Chi cho người không có giấy ủy quyền",
        evidence=ContentFile(samples.PDF, name="bien-nhan.pdf"),  # type: ignore[arg-type]
    )
    recommendation = recommendation_add(
        actor=actors.labour_officer,
        finding=finding,
        text="Thu hồi và lập giấy ủy quyền",
        owner="Công chức LĐ-TB&XH xã",
        due_on=date(2024, 10, 31),
    )
    return inspection, finding, recommendation


def test_recommendations_reach_the_communes_to_do_and_leave_it_when_closed(actors, lucnam, client):
    _inspection, finding, recommendation = _conducted(actors, lucnam)
    assert finding.evidence.name.endswith(".pdf")
    assert list(open_recommendations(actors.own_commune_officer)) == [recommendation]
    assert not open_recommendations(actors.other_commune_officer).exists()
    assert home_panel(actors.own_commune_officer, DAY).open_recommendations == 1
    client.force_login(actors.own_commune_officer)
    assert "1 kiến nghị chưa khắc phục" in client.get(reverse("web:home")).content.decode()
    with pytest.raises(ValidationError, match="kết quả khắc phục"):
        recommendation_close(actor=actors.own_commune_officer, recommendation=recommendation, note="")
    with pytest.raises(PermissionDenied, match="quyền"):
        recommendation_close(actor=actors.other_commune_officer, recommendation=recommendation, note="x")
    recommendation_close(actor=actors.own_commune_officer, recommendation=recommendation, note="Đã thu hồi đủ")
    assert not open_recommendations(actors.own_commune_officer).exists()
    assert home_panel(actors.own_commune_officer, DAY) is None
    assert "kiến nghị chưa khắc phục" not in client.get(reverse("web:home")).content.decode()


def test_the_report_reads_back_as_pdf_and_docx(actors, lucnam, client):
    inspection, _finding, _recommendation = _conducted(actors, lucnam)
    inspection_finish(actor=actors.labour_officer, inspection=inspection, done_on=date(2024, 9, 17))
    client.force_login(actors.labour_officer)
    for name, read in (("inspections:report_pdf", pdf_text), ("inspections:report_docx", docx_text)):
        response = client.get(reverse(name, args=[inspection.pk]))
        assert response.status_code == 200
        text = read(response.content)
        for phrase in (
            "Chi sai người nhận",  # why chosen
            "Chi trả và ủy quyền nhận thay",
            "NĐ 20/2021/NĐ-CP Điều 34",
            "Chi cho người không có giấy ủy quyền",
            "Công chức LĐ-TB&XH xã",
            "31/10/2024",
            "Có tồn tại",
        ):
            assert phrase in text, (name, phrase)
    evidence = client.get(reverse("inspections:finding_evidence", args=[_finding.pk]))
    assert evidence.status_code == 200
    content = b"".join(evidence.streaming_content) if evidence.streaming else evidence.content
    assert content.startswith(b"%PDF")


def test_self_inspection_each_half_year_in_the_labour_offices_view(actors, lucnam):
    own = self_inspection_start(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, year=2024, half=1)
    with pytest.raises(ValidationError, match="đã tự kiểm tra"):
        self_inspection_start(actor=actors.own_commune_officer, commune=lucnam.doi_ngo, year=2024, half=1)
    with pytest.raises(PermissionDenied, match="quyền"):
        self_inspection_start(actor=actors.own_commune_officer, commune=lucnam.cam_ly, year=2024, half=1)
    item = ChecklistItem.objects.get(topic__code="niem_yet", order=1)
    checklist_save(actor=actors.own_commune_officer, inspection=own, answers={item.pk: ("issue", "1 ngày")})
    finding = finding_add(actor=actors.own_commune_officer, inspection=own, text="Niêm yết thiếu 1 ngày")
    recommendation_add(
        actor=actors.own_commune_officer, finding=finding, text="Niêm yết lại", owner="Văn phòng", due_on=DAY
    )
    with pytest.raises(PermissionDenied, match="quyền"):  # the labour office reads, the commune conducts
        checklist_save(actor=actors.labour_officer, inspection=own, answers={item.pk: ("ok", "")})
    seen = self_inspections(actors.labour_officer).get()
    assert (seen.pk, seen.issues, seen.open_items) == (own.pk, 1, 1)
    assert open_recommendations(actors.labour_officer).count() == 1
    own = inspection_finish(actor=actors.own_commune_officer, inspection=own, done_on=date(2024, 6, 30))
    assert own.status == InspectionStatus.DONE


def test_the_report_names_the_office_as_on_its_own_date(actors, lucnam, today_is):
    """A dated office name (domain.md §2): a report done in 09/2024 keeps the name of that day after the
    office is renamed from 2025."""
    from ansinh.accounts.actions import office_rename
    from ansinh.inspections.documents import report_context

    inspection, _finding, _recommendation = _conducted(actors, lucnam)
    inspection_finish(actor=actors.labour_officer, inspection=inspection, done_on=date(2024, 9, 17))
    today_is(date(2026, 12, 7))
    office_rename(
        actor=actors.admin,
        office=inspection.plan.office,
        name="Phòng Văn hóa - Xã hội (tên thử)",
        valid_from=date(2025, 3, 1),
        source="Văn bản thử",
        reason="Thử đổi tên",
    )
    inspection.refresh_from_db()
    assert report_context(inspection)["issuer"] == "Phòng Lao động - Thương binh và Xã hội huyện Lục Nam"
    inspection.done_on = date(2025, 4, 2)
    assert report_context(inspection)["issuer"] == "Phòng Văn hóa - Xã hội (tên thử)"
