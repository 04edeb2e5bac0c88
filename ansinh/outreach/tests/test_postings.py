from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.models import Posting

pytestmark = pytest.mark.django_db


def test_the_index_links_each_commune_posting_today(client, actors, lucnam):
    today = timezone.localdate()
    Posting.objects.create(
        commune=lucnam.doi_ngo,
        title="Niêm yết",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
        created_by=actors.own_commune_officer,
    )
    Posting.objects.create(
        commune=lucnam.cam_ly,
        title="Đã hết",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 1, 3),
        created_by=actors.other_commune_officer,
    )
    html = client.get(reverse("outreach:posting_index")).content.decode()
    assert reverse("cases:public_posting", args=[lucnam.doi_ngo.pk]) in html
    assert reverse("cases:public_posting", args=[lucnam.cam_ly.pk]) not in html
