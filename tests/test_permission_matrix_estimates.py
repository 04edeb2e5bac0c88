"""The budget estimate (dự toán, issue 19 item 3) for every kind of actor.

District flow (prepared in December 2024): the labour office prepares, adjusts and sends the district's
estimate; the finance office receives it; the district committee and the province read what was sent;
the communes and the other offices nothing. Commune flow (prepared in December 2025): the commune office
prepares and adjusts its commune's estimate, the commune chair sends it, the province receives it; the
district offices, which no longer exist, read only their archive (tests/permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ansinh.core.access import Role
from ansinh.core.months import YearMonth
from ansinh.payments.tests.conftest import beneficiary
from ansinh.reports import actions
from tests.fixtures import make_user
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint
from tests.test_permission_matrix_reports import EVERYONE, FORM_READERS, check_refused, expect

pytestmark = pytest.mark.django_db

LABOUR = {"labour_officer", "labour_head"}
SENT_READERS = LABOUR | {"district_chair", "finance_officer", "province_viewer", "admin"}
DRAFT_READERS = LABOUR | {"admin"}


@pytest.fixture
def district_estimates(actors, lucnam, today_is):
    """The district's estimate of 2025 sent to the finance office; of 2024 still a draft."""
    today_is(date(2024, 12, 5))
    beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2024, 1))
    draft = actions.estimate_prepare(actor=actors.labour_officer, unit=lucnam.district, year=2024).estimate
    sent = actions.estimate_prepare(actor=actors.labour_officer, unit=lucnam.district, year=2025).estimate
    return {"draft": draft, "sent": actions.estimate_send(actor=actors.labour_head, estimate=sent)}


def test_district_flow_pages(actors, district_estimates):
    check_endpoint(
        Endpoint("list", reverse("reports:estimate_list")),
        actors.named(),
        expect(readers=(FORM_READERS, 200), others=(EVERYONE, 403)),
    )
    sent, draft = district_estimates["sent"], district_estimates["draft"]
    for name in ("reports:estimate_detail", "reports:estimate_xlsx"):
        check_endpoint(
            Endpoint(name, reverse(name, args=[sent.pk])),
            actors.named(),
            expect(readers=(SENT_READERS, 200), others=(EVERYONE, 404)),
        )
        check_endpoint(
            Endpoint(name, reverse(name, args=[draft.pk])),
            actors.named(),
            expect(readers=(DRAFT_READERS, 200), others=(EVERYONE, 404)),
        )


def test_district_flow_writes(actors, district_estimates):
    draft, sent = district_estimates["draft"], district_estimates["sent"]
    prepare = Endpoint("prepare", reverse("reports:estimate_prepare"), "POST", {"nam": "2024"})
    # the commune officers and chair do not prepare under the district flow: 403 like every other office
    check_refused(prepare, actors, expect(preparers=(LABOUR, 302), others=(EVERYONE, 403)), LABOUR)
    check_allowed_write(prepare, "labour_officer", actors.labour_officer)
    line = draft.lines.first()
    adjust_url = reverse("reports:estimate_adjust", args=[draft.pk, line.pk])
    check_endpoint(
        Endpoint("adjust form", adjust_url),
        actors.named(),
        expect(adjusters=(LABOUR, 200), refused=(DRAFT_READERS, 403), others=(EVERYONE, 404)),
    )
    adjust = Endpoint("adjust", adjust_url, "POST", {"amount": "1000", "people": "1", "reason": "Theo thực tế"})
    expected = expect(adjusters=(LABOUR, 302), refused=(DRAFT_READERS, 403), others=(EVERYONE, 404))
    check_refused(adjust, actors, expected, LABOUR)
    check_allowed_write(adjust, "labour_head", actors.labour_head)
    send = Endpoint("send", reverse("reports:estimate_send", args=[draft.pk]), "POST")
    expected = expect(senders=(LABOUR, 302), refused=(DRAFT_READERS, 403), others=(EVERYONE, 404))
    check_refused(send, actors, expected, LABOUR)
    check_allowed_write(send, "labour_officer", actors.labour_officer)
    # a sent estimate is frozen: adjusting it is refused to everyone
    sent_line = sent.lines.first()
    frozen = Endpoint(
        "frozen",
        reverse("reports:estimate_adjust", args=[sent.pk, sent_line.pk]),
        "POST",
        {"amount": "1000", "people": "1", "reason": "Sau khi gửi"},
    )
    check_endpoint(frozen, actors.named(), expect(readers=(SENT_READERS, 403), others=(EVERYONE, 404)))
    receive = Endpoint("receive", reverse("reports:estimate_receive", args=[sent.pk]), "POST")
    finance = {"finance_officer"}
    expected = expect(receivers=(finance, 302), refused=(SENT_READERS, 403), others=(EVERYONE, 404))
    check_refused(receive, actors, expected, finance)
    check_allowed_write(receive, "finance_officer", actors.finance_officer)


@pytest.fixture
def commune_actors(actors, lucnam, today_is):
    """Xã Lục Nam (from 01/07/2025): its officer and chair, the province's officer, and its estimate of 2026."""
    today_is(date(2025, 12, 5))
    new_lucnam = lucnam["07444@2025"]
    beneficiary(new_lucnam, "Nguyễn Văn An", coefficient="1.5", start=YearMonth(2025, 7))
    people = {
        "new_officer": make_user("xa.lucnam", "ubnd-07444-2025", Role.OFFICER),
        "new_chair": make_user("xa.lucnam.ct", "ubnd-07444-2025", Role.CHAIR),
        "province_officer": make_user("so.canbo", "so-ldtbxh-24", Role.OFFICER),
    }
    estimate = actions.estimate_prepare(actor=people["new_officer"], unit=new_lucnam, year=2026).estimate
    return {**actors.named(), **people}, estimate


def expect_new(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous", "new_officer", "new_chair", "province_officer"}
    return result


ALL_NEW = EVERYONE | {"new_officer", "new_chair", "province_officer"}
COMMUNE_OFFICE = {"new_officer", "new_chair"}


def test_commune_flow(commune_actors):
    named, estimate = commune_actors
    detail = Endpoint("draft", reverse("reports:estimate_detail", args=[estimate.pk]))
    check_endpoint(detail, named, expect_new(readers=(COMMUNE_OFFICE | {"admin"}, 200), others=(ALL_NEW, 404)))
    line = estimate.lines.first()
    adjust = Endpoint(
        "adjust",
        reverse("reports:estimate_adjust", args=[estimate.pk, line.pk]),
        "POST",
        {"amount": "1000", "people": "1", "reason": "Theo thực tế"},
    )
    expected = expect_new(officer=({"new_officer"}, 302), refused=({"new_chair", "admin"}, 403), others=(ALL_NEW, 404))
    check_endpoint(
        adjust,
        {name: named[name] for name in expected if name != "new_officer"},
        {name: status for name, status in expected.items() if name != "new_officer"},
    )
    check_allowed_write(adjust, "new_officer", named["new_officer"])
    send = Endpoint("send", reverse("reports:estimate_send", args=[estimate.pk]), "POST")
    expected = expect_new(chair=({"new_chair"}, 302), refused=({"new_officer", "admin"}, 403), others=(ALL_NEW, 404))
    check_endpoint(
        send,
        {name: named[name] for name in expected if name != "new_chair"},
        {name: status for name, status in expected.items() if name != "new_chair"},
    )
    check_allowed_write(send, "new_chair", named["new_chair"])
    actions.estimate_send(actor=named["new_chair"], estimate=estimate)
    sent_readers = COMMUNE_OFFICE | {"province_officer", "province_viewer", "admin"}
    detail = Endpoint("sent", reverse("reports:estimate_detail", args=[estimate.pk]))
    check_endpoint(detail, named, expect_new(readers=(sent_readers, 200), others=(ALL_NEW, 404)))
    receive = Endpoint("receive", reverse("reports:estimate_receive", args=[estimate.pk]), "POST")
    expected = expect_new(receiver=({"province_officer"}, 302), refused=(sent_readers, 403), others=(ALL_NEW, 404))
    check_endpoint(
        receive,
        {name: named[name] for name in expected if name != "province_officer"},
        {name: status for name, status in expected.items() if name != "province_officer"},
    )
    check_allowed_write(receive, "province_officer", named["province_officer"])
