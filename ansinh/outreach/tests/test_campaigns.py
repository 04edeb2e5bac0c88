"""Campaigns planned by the culture centre, activities logged by communes, coverage for the labour office."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ansinh.outreach.actions import activity_record, campaign_create
from ansinh.outreach.models import ActivityKind, Channel, Topic
from ansinh.outreach.policies import campaign_policy
from ansinh.outreach.selectors import coverage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_2024(today_is):
    today_is(date(2024, 9, 15))


def _campaign(actors):
    return campaign_create(
        actor=actors.culture_officer,
        title="Tuyên truyền trợ cấp người cao tuổi",
        topic=Topic.ELDERLY,
        channels=[Channel.RADIO, Channel.MEETING],
        audience="Người từ 75 tuổi và gia đình",
        starts_on=date(2024, 9, 1),
        ends_on=date(2024, 10, 31),
        material="Bài phát thanh 5 phút",
    )


def test_the_culture_centre_plans_and_the_commune_sees_it(actors):
    campaign = _campaign(actors)
    assert campaign_policy.visible(actors.own_commune_officer).filter(pk=campaign.pk).exists()
    assert campaign_policy.visible(actors.labour_officer).filter(pk=campaign.pk).exists()
    assert not campaign_policy.visible(actors.post_office_officer).exists()
    with pytest.raises(PermissionDenied, match="quyền"):
        campaign_create(
            actor=actors.labour_officer,
            title="x",
            topic=Topic.GENERAL,
            channels=[Channel.RADIO],
            audience="",
            starts_on=date(2024, 9, 1),
            ends_on=date(2024, 9, 2),
            material="x",
        )
    with pytest.raises(ValidationError, match="kênh"):
        campaign_create(
            actor=actors.culture_officer,
            title="x",
            topic=Topic.GENERAL,
            channels=[],
            audience="",
            starts_on=date(2024, 9, 1),
            ends_on=date(2024, 9, 2),
            material="x",
        )


def test_communes_log_and_the_labour_office_sees_coverage(actors, lucnam):
    campaign = _campaign(actors)
    activity_record(
        actor=actors.own_commune_officer,
        commune=lucnam.doi_ngo,
        kind=ActivityKind.BROADCAST,
        topic=Topic.ELDERLY,
        held_on=date(2024, 9, 5),
        times=6,
        campaign=campaign,
    )
    activity_record(
        actor=actors.own_commune_officer,
        commune=lucnam.doi_ngo,
        kind=ActivityKind.MEETING,
        topic=Topic.ELDERLY,
        held_on=date(2024, 9, 10),
        times=2,
        people=80,
    )
    with pytest.raises(PermissionDenied, match="quyền"):
        activity_record(
            actor=actors.other_commune_officer,
            commune=lucnam.doi_ngo,
            kind=ActivityKind.POSTING,
            topic=Topic.ELDERLY,
            held_on=date(2024, 9, 5),
        )
    rows = {
        row.commune_id: row
        for row in coverage(actors.labour_officer, date_from=date(2024, 1, 1), date_to=date(2024, 9, 15))
    }
    assert rows[lucnam.doi_ngo.pk].by_topic[Topic.ELDERLY] == 8
    assert rows[lucnam.doi_ngo.pk].people == 80
    assert rows[lucnam.cam_ly.pk].total == 0  # a commune with nothing logged is shown with zeros
    assert coverage(actors.own_commune_officer, date_from=date(2024, 1, 1), date_to=date(2024, 9, 15)) == []
