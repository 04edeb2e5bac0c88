"""Audit events as readers see them: restricted facts and categories 5.3/5.8 masked for readers
without the right (the log, the home page and every record's history use `events_shown`)."""

import pytest

from ansinh.audit.models import AuditEvent
from ansinh.registry.history import events_shown

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)


def hiv_fact_event() -> AuditEvent:
    return AuditEvent(
        actor_name="Cán bộ xã",
        action="registry.fact_add",
        object_repr="Lò Văn Bé (2016)",
        after={"kind": "hiv", "effective_from": "2024-01-01"},
        reason="Giấy xác nhận HIV số 12/TTYT",
    )


def entitlement_event() -> AuditEvent:
    return AuditEvent(
        actor_name="Chủ tịch",
        action="cases.dossier_open",
        object_repr="12 5.3 từ 01/2025",
        before={"category_code": "5.5a", "lines": [{"category_code": "5.8"}]},
        after={"category_code": "5.3", "lines": [{"category_code": "5.8"}], "amount": "1.665.300"},
        reason="Trẻ em diện 5.3 (Điều 5 khoản 3)",
    )


def test_an_event_about_a_restricted_fact_keeps_only_who_and_when(actors):
    (shown,) = events_shown(actors.own_commune_chair, [hiv_fact_event()])

    assert shown.restricted
    assert shown.actor_name == "Cán bộ xã"
    assert (shown.action_label, shown.object_repr, shown.reason, shown.changes) == ("Thông tin hạn chế", "", "", ())


def test_a_fact_nested_in_the_values_is_found_too(actors):
    event = AuditEvent(action="registry.person_merge", before={"facts": [{"kind": "hiv", "value": {}}]})

    assert events_shown(actors.district_chair, [event])[0].restricted


def test_categories_5_3_and_5_8_read_bao_mat_in_the_object_values_and_reason(actors):
    (shown,) = events_shown(actors.district_chair, [entitlement_event()])

    assert not shown.restricted
    assert shown.object_repr == "12 Bảo mật từ 01/2025"
    assert shown.reason == "Thông tin bảo mật"
    assert shown.changes == (("category_code", "5.5a", "Bảo mật"), ("amount", None, "1.665.300"))


def test_readers_with_the_right_see_everything(actors):
    fact, entitlement = events_shown(actors.own_commune_officer, [hiv_fact_event(), entitlement_event()])

    assert fact.reason == "Giấy xác nhận HIV số 12/TTYT" and fact.action_label == "Thêm thông tin theo thời gian"
    assert entitlement.object_repr == "12 5.3 từ 01/2025"
    assert ("category_code", "5.5a", "5.3") in entitlement.changes
