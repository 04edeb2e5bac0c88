"""The council: members and their history, training, duties, quorum and voting, who may act."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.audit.models import AuditEvent
from ansinh.disability import councils, selectors
from ansinh.disability.models import Council, CouncilMember, CouncilRole, MemberTraining
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.disability.tests.conftest import members
from ansinh.disability.voting import VoteError, quorum, quorum_needed, vote


@pytest.mark.parametrize(
    ("sitting", "share", "needed"),
    [(7, "0.6667", 5), (8, "0.6667", 6), (9, "0.6667", 6), (9, "0.6666", 6), (6, "0.6667", 4), (3, "0.6667", 2),
     (4, "0.5", 2), (0, "0.6667", 1)],
)  # fmt: skip
def test_quorum_is_two_thirds_of_sitting_members(sitting, share, needed):
    assert quorum_needed(sitting, Decimal(share)) == needed


def test_quorum_describes_itself():
    assert quorum(7, 4, Decimal("0.6667")).met is False
    assert "cần ít nhất 5" in quorum(7, 4, Decimal("0.6667")).describe()
    assert quorum(7, 5, Decimal("0.6667")).met is True


@pytest.mark.parametrize(
    ("votes_for", "against", "present", "casting", "adopted", "by_casting"),
    [
        (4, 1, 5, None, True, False),
        (2, 3, 5, None, False, False),
        (3, 3, 6, True, True, True),
        (3, 3, 6, False, False, True),
        (3, 2, 6, None, True, False),  # an abstention does not count against
    ],
)
def test_majority_and_the_chairs_casting_vote(votes_for, against, present, casting, adopted, by_casting):
    result = vote(votes_for, against, present, casting)
    assert (result.adopted, result.by_casting_vote) == (adopted, by_casting)


@pytest.mark.parametrize(
    ("votes_for", "against", "present", "casting", "field", "message"),
    [
        (4, 3, 6, None, "votes_for", r"Tổng số ý kiến \(7\) nhiều hơn số thành viên có mặt \(6\)"),
        (0, 0, 5, None, "votes_for", "Chưa có ý kiến biểu quyết nào"),
        (2, 2, 5, None, "chair_casting_vote", "hãy ghi ý kiến của Chủ tịch Hội đồng"),
    ],
)
def test_impossible_votes_are_refused(votes_for, against, present, casting, field, message):
    with pytest.raises(VoteError, match=message) as caught:
        vote(votes_for, against, present, casting)
    assert caught.value.field == field


def test_membership_changes_keep_history(actors, council):
    secretary = council.members.get(role=CouncilRole.SECRETARY)
    new = councils.member_add(
        actor=actors.own_council_officer,
        council=council,
        full_name="Ngô Thị Mới",
        role=CouncilRole.SECRETARY,
        joined_on=date(2026, 6, 1),
        replaces=secretary,
    )
    secretary.refresh_from_db()
    assert secretary.left_on == date(2026, 5, 31)
    assert "Ngô Thị Mới" in secretary.left_reason
    assert new.replaces == secretary
    assert [m.full_name for m in selectors.sitting_members(council, date(2026, 5, 31)) if m.role == "secretary"] == [
        "Trần Thị Thư"
    ]
    assert [m.full_name for m in selectors.sitting_members(council, date(2026, 6, 1)) if m.role == "secretary"] == [
        "Ngô Thị Mới"
    ]
    assert AuditEvent.objects.filter(action="disability.member_add", object_id=str(new.pk)).exists()


def test_a_second_chair_needs_the_first_replaced(actors, council):
    count = CouncilMember.objects.count()
    with pytest.raises(ValidationError, match="hãy chọn người được thay") as caught:
        councils.member_add(
            actor=actors.own_council_officer,
            council=council,
            full_name="Người Khác",
            role=CouncilRole.CHAIR,
            joined_on=date(2026, 2, 1),
        )
    assert "role" in caught.value.message_dict
    assert CouncilMember.objects.count() == count


def test_leaving_twice_changes_nothing(actors, council):
    veteran = council.members.get(role=CouncilRole.VETERANS)
    councils.member_leave(actor=actors.own_council_officer, member=veteran, left_on=date(2026, 4, 1), reason="Nghỉ hưu")
    with pytest.raises(ValidationError, match="đã thôi tham gia"):
        councils.member_leave(actor=actors.own_council_officer, member=veteran, left_on=date(2026, 5, 1), reason="x")
    veteran.refresh_from_db()
    assert veteran.left_on == date(2026, 4, 1)


def test_new_term_closes_the_old_council_and_its_members(actors, council, lucnam):
    renewed = councils.council_create(
        actor=actors.own_council_officer, commune=lucnam.doi_ngo, term_start=date(2026, 7, 1)
    )
    council.refresh_from_db()
    assert council.term_end == date(2026, 6, 30)
    assert not council.members.filter(left_on__isnull=True).exists()
    assert selectors.open_council(lucnam.doi_ngo.pk) == renewed


def test_training_duties_and_completeness(actors, council, lucnam):
    completeness = selectors.council_completeness(lucnam.doi_ngo.pk, date(2026, 2, 1))
    assert completeness.complete
    assert len(completeness.untrained) == 7 and len(completeness.without_duties) == 7
    member = members(council)[2]
    councils.training_record(
        actor=actors.own_council_officer,
        member=member,
        trained_on=date(2026, 2, 3),
        material="Tài liệu tập huấn TT 01/2019",
        organiser="Phòng LĐ-TB&XH",
    )
    councils.member_duties_set(
        actor=actors.own_council_officer,
        member=member,
        duties="Khám, quan sát dạng khuyết tật vận động",
        notice_number="05/TB-HĐ",
        notified_on=date(2026, 2, 4),
    )
    after = selectors.council_completeness(lucnam.doi_ngo.pk, date(2026, 2, 5))
    assert member not in after.untrained and member not in after.without_duties
    assert MemberTraining.objects.get(member=member).material == "Tài liệu tập huấn TT 01/2019"
    councils.member_leave(
        actor=actors.own_council_officer, member=member, left_on=date(2026, 3, 1), reason="Chuyển công tác"
    )
    assert (
        "Trạm trưởng trạm y tế xã" in selectors.council_completeness(lucnam.doi_ngo.pk, date(2026, 3, 2)).missing_roles
    )


@pytest.mark.parametrize(
    "name",
    ["other_commune_officer", "labour_officer", "district_chair", "post_office_officer", "province_viewer", "admin"],
)
def test_only_the_communes_own_offices_manage_the_council(actors, council, lucnam, name):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        councils.member_add(
            actor=getattr(actors, name), council=council, full_name="X", role="other", joined_on=date(2026, 2, 1)
        )
    assert CouncilMember.objects.count() == 7
    assert Council.objects.count() == 1


def test_who_reads(actors, council):
    readers = {name for name, user in actors.named().items() if user and disability_policy.councils(user).exists()}
    assert readers == {
        "own_commune_officer",
        "own_commune_chair",
        "own_council_officer",
        "labour_officer",
        "labour_head",
    }
    assert disability_policy.can(actors.own_commune_chair, DisabilityAction.SIGN, council)
    assert not disability_policy.can(actors.own_council_officer, DisabilityAction.SIGN, council)
    assert not disability_policy.can(actors.labour_head, DisabilityAction.MANAGE, council)
