"""Dossiers (issue 5): opening with the declaration prefilled, refusals that change nothing, the
checklist before submission, public posting and complaints, the to-do list, who sees what, and
the one-step death and move reports."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ansinh.cases.complaints import complaint_record, complaint_resolve
from ansinh.cases.dossiers import dossier_declare, dossier_open
from ansinh.cases.models import Dossier, DossierAttachment, Posting
from ansinh.cases.policies import DossierAction, dossier_policy
from ansinh.cases.postings import posting_close, posting_open
from ansinh.cases.reports import report_death, report_move
from ansinh.cases.selectors import stop_month_for, todo_for, transitions_for
from ansinh.cases.steps import due_date
from ansinh.cases.tests.factories import (
    attach,
    disabled,
    elderly_poor,
    grant_until,
    open_grant,
    paper_entitlement,
    person,
    received_earlier,
)
from ansinh.cases.transitions import dossier_transition
from ansinh.cases.workflow import PUBLIC_POSTING
from ansinh.registry.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def test_opening_prefills_the_form_and_refuses_bad_input(actors, lucnam):
    someone = disabled(actors, lucnam.doi_ngo, name="Lê Văn Tật", born=date(1990, 6, 1), sex="male")
    dossier = open_grant(actors, someone, category="5.6")
    assert dossier.form_code == "1đ"
    assert dossier.flow == "grant_district"
    assert dossier.declaration["full_name"] == "LÊ VĂN TẬT"
    assert dossier.declaration["disability_level"] == "Nặng"

    bad = [
        ({"kind": "holiday"}, "kind"),
        ({"kind": "grant", "category_code": "9.9"}, "category_code"),
        ({"kind": "grant", "category_code": "5.6", "form_code": "04"}, "form_code"),
        ({"kind": "grant", "category_code": "5.6", "declaration": {"birth_date": "hôm qua"}}, "birth_date"),
        ({"kind": "stop", "ground": "holiday"}, "ground"),
        ({"kind": "funeral"}, "person"),
        ({"kind": "resume"}, "entitlement"),
    ]
    for arguments, field in bad:
        with pytest.raises(ValidationError, match=f"'{field}'") as error:
            dossier_open(actor=actors.own_commune_officer, person=someone, **arguments)
        assert field in error.value.message_dict, arguments
    with pytest.raises(ValidationError, match="đang xử lý"):
        open_grant(actors, someone, category="5.6")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        dossier_open(actor=actors.other_commune_officer, person=someone, kind="grant", category_code="5.6")
    assert Dossier.objects.count() == 1


def test_submission_needs_a_complete_declaration_and_the_checklist(actors, lucnam):
    someone = disabled(actors, lucnam.doi_ngo, born=date(1990, 6, 1))
    dossier = open_grant(actors, someone, category="5.6")
    dossier_declare(
        actor=actors.own_commune_officer, dossier=dossier, declaration={**dossier.declaration, "declared_on": ""}
    )
    with pytest.raises(ValidationError, match="Còn thiếu giấy tờ") as error:
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    assert "Ngày khai" in str(error.value)
    assert "giấy xác nhận khuyết tật" in str(error.value)
    dossier.refresh_from_db()
    assert dossier.state == "draft"

    dossier_declare(
        actor=actors.own_commune_officer,
        dossier=dossier,
        declaration={**dossier.declaration, "declared_on": str(timezone.localdate())},
    )
    attach(actors, dossier, "disability_certificate")
    with pytest.raises(ValidationError, match="danh mục"):
        attach(actors, dossier, "passport")
    dossier = dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="submit")
    assert dossier.state == "reviewing"
    assert DossierAttachment.objects.filter(dossier=dossier).count() == 1
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        dossier_transition(actor=actors.own_commune_chair, dossier=dossier, name="propose")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        dossier_transition(actor=actors.own_commune_officer, dossier=dossier, name="propose")


def test_posting_lasts_two_working_days_and_complaints_block_the_proposal(actors, lucnam):
    dossier = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo)), actors, "submit")
    other = dossier_open(
        actor=actors.other_commune_officer,
        person=elderly_poor(actors, lucnam.cam_ly, name="Cẩm Lý"),
        kind="grant",
        category_code="5.5a",
    )
    with pytest.raises(ValidationError, match="một xã"):
        posting_open(actor=actors.own_commune_officer, dossiers=[dossier, other])
    with pytest.raises(ValidationError, match="tương lai"):
        posting_open(actor=actors.own_commune_officer, dossiers=[dossier], starts_on=date(2099, 1, 1))
    assert not Posting.objects.exists()

    # Posted on Friday 1/3/2024: ends Tuesday 5/3/2024 (2 working days).
    received_earlier(dossier, date(2024, 3, 1))
    posting = posting_open(
        actor=actors.own_commune_officer, dossiers=[dossier], starts_on=date(2024, 3, 1), start_reason="Dán từ 1/3"
    )
    assert (posting.starts_on, posting.ends_on, posting.number) == (date(2024, 3, 1), date(2024, 3, 5), 1)
    dossier.refresh_from_db()
    assert dossier.state == "posted"
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        posting_open(actor=actors.own_commune_officer, dossiers=[dossier])

    complaint = complaint_record(
        actor=actors.own_commune_officer,
        dossier=dossier,
        received_on=date(2024, 4, 25),
        complainant="Trưởng thôn",
        content="Bà có con trai ở Hà Nội",
    )
    assert complaint.due_on == date(2024, 5, 13)  # 10 working days over the 30/4 holidays
    with pytest.raises(ValidationError, match="khiếu nại"):
        dossier_transition(actor=actors.own_commune_chair, dossier=dossier, name="propose")
    dossier.refresh_from_db()
    assert dossier.state == "posted"

    complaint_resolve(actor=actors.own_commune_officer, complaint=complaint, resolution="Con trai đã mất năm 2019")
    with pytest.raises(ValidationError, match="đã được giải quyết"):
        complaint_resolve(actor=actors.own_commune_officer, complaint=complaint, resolution="Lần hai")
    posting_close(actor=actors.own_commune_officer, posting=posting)
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        posting_close(actor=actors.own_commune_officer, posting=posting)
    dossier = dossier_transition(actor=actors.own_commune_chair, dossier=dossier, name="propose")
    assert dossier.state == "proposed"


def test_a_running_posting_blocks_the_proposal(actors, lucnam):
    dossier = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo)), actors, "submit")
    posting = posting_open(actor=actors.own_commune_officer, dossiers=[dossier])
    assert posting.ends_on > timezone.localdate()
    with pytest.raises(ValidationError, match="Đang niêm yết"):
        dossier_transition(actor=actors.own_commune_chair, dossier=dossier, name="propose")
    with pytest.raises(ValidationError, match="đủ 2 ngày làm việc"):
        posting_close(actor=actors.own_commune_officer, posting=posting)


def test_a_backdated_posting_needs_a_reason_and_cannot_precede_the_receipt(actors, lucnam):
    dossier = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo)), actors, "submit")
    officer = actors.own_commune_officer
    today = timezone.localdate()
    five_days_ago = today - timedelta(days=5)
    with pytest.raises(ValidationError, match="hãy ghi lý do"):
        posting_open(actor=officer, dossiers=[dossier], starts_on=five_days_ago)
    with pytest.raises(ValidationError, match=f"tiếp nhận ngày {today:%d/%m/%Y}"):
        posting_open(actor=officer, dossiers=[dossier], starts_on=five_days_ago, start_reason="Dán từ hôm đó")
    assert not Posting.objects.exists()
    dossier.refresh_from_db()
    assert dossier.state == "reviewing"

    # Received a week ago, put up five days ago and entered today: it runs from the real start.
    received_earlier(dossier, today - timedelta(days=7))
    posting = posting_open(actor=officer, dossiers=[dossier], starts_on=five_days_ago, start_reason="Dán từ hôm đó")
    assert posting.starts_on == five_days_ago
    assert posting.ends_on == due_date(PUBLIC_POSTING, five_days_ago)
    assert dossier.steps.get(transition="post").reason == "Dán từ hôm đó"


def test_the_todo_list_shows_each_actor_their_next_steps_overdue_first(actors, lucnam):
    late = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Trễ Hạn")), actors, "propose")
    Dossier.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    fresh = grant_until(open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Mới")), actors, "propose")

    items = todo_for(actor=actors.labour_officer)
    assert [item.dossier.pk for item in items] == [late.pk, fresh.pk]
    assert [item.overdue for item in items] == [True, False]
    assert {step.name for step in items[0].steps} == {"appraise", "return"}
    assert todo_for(actor=actors.district_chair) == []
    assert todo_for(actor=actors.other_commune_officer) == []
    assert transitions_for(actor=actors.own_commune_officer, dossier=late) == []


def test_who_sees_and_changes_dossiers(actors, lucnam):
    dossier = open_grant(actors, elderly_poor(actors, lucnam.doi_ngo))
    seeing = {name for name, actor in actors.named().items() if actor and dossier_policy.visible(actor).exists()}
    assert seeing == {
        "own_commune_officer",
        "own_commune_chair",
        "labour_officer",
        "labour_head",
        "district_chair",
        "province_viewer",
        "admin",
    }
    assert not dossier_policy.can(actors.province_viewer, DossierAction.CHANGE, dossier)
    assert not dossier_policy.can(actors.district_chair, DossierAction.CHANGE, dossier)
    assert dossier_policy.can(actors.own_commune_officer, DossierAction.CHANGE, dossier)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        dossier_declare(actor=actors.province_viewer, dossier=dossier, declaration={})


def test_a_death_report_stops_payment_from_the_next_month_and_prepares_the_stop(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    paper_entitlement(someone)
    pending = open_grant(actors, someone, category="5.5a")  # e.g. an unrelated pending grant
    died = timezone.localdate().replace(day=1) - timedelta(days=40)

    stop = report_death(actor=actors.own_commune_officer, person=someone, died_on=died, source="Trưởng thôn báo")

    someone.refresh_from_db()
    first_unpaid = (died.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert someone.life_status == "dead"
    assert stop_month_for(someone) == first_unpaid
    assert (stop.kind, stop.ground, stop.ground_date, stop.proposed_month) == ("stop", "death", died, first_unpaid)
    pending.refresh_from_db()
    assert pending.state == "cancelled"
    with pytest.raises(ValidationError, match="đã được ghi nhận chết"):
        report_death(actor=actors.own_commune_officer, person=someone, died_on=died, source="Lần hai")
    assert Dossier.objects.filter(kind="stop").count() == 1

    nobody = person(actors, lucnam.doi_ngo, name="Không Hưởng")
    assert report_death(actor=actors.own_commune_officer, person=nobody, died_on=died, source="Hộ tịch") is None
    assert stop_month_for(Person.objects.get(pk=nobody.pk)) == first_unpaid


def test_a_move_report_hands_the_dossier_to_the_new_commune(actors, lucnam):
    someone = elderly_poor(actors, lucnam.doi_ngo)
    paper_entitlement(someone)
    moved = timezone.localdate() - timedelta(days=3)

    dossier = report_move(
        actor=actors.own_commune_officer, person=someone, moved_on=moved, target_commune=lucnam.cam_ly, source="Đơn"
    )

    someone.refresh_from_db()
    assert someone.commune_id == lucnam.cam_ly.pk
    assert (dossier.kind, dossier.ground, dossier.flow) == ("move", "within_district", "move_district")
    assert dossier.commune_id == lucnam.cam_ly.pk
    assert dossier_policy.visible(actors.other_commune_officer).filter(pk=dossier.pk).exists()
    assert not dossier_policy.visible(actors.own_commune_officer).filter(pk=dossier.pk).exists()

    away = elderly_poor(actors, lucnam.doi_ngo, name="Đi Xa")
    paper_entitlement(away)
    with pytest.raises(ValidationError, match="Hãy chọn xã chuyển đến"):
        report_move(actor=actors.own_commune_officer, person=away, moved_on=moved)
    out = report_move(actor=actors.own_commune_officer, person=away, moved_on=moved, external_place="Hà Nội")
    assert (out.ground, out.flow, out.commune_id) == ("to_other_district", "move_external_district", lucnam.doi_ngo.pk)
    assert stop_month_for(away) == out.proposed_month
