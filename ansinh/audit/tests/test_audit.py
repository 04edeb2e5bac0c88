import pytest
from django.db import DatabaseError, connection, transaction

from ansinh.audit.events import record_event, snapshot
from ansinh.audit.models import AuditEvent, AuditEventImmutable
from ansinh.audit.selectors import events_for_object
from ansinh.territory.actions import village_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(actors, lucnam):
    village = village_create(
        actor=actors.own_commune_officer, commune=lucnam.doi_ngo, name="Gạo", valid_from=lucnam.doi_ngo.valid_from
    )
    return events_for_object(village).get()


def test_an_action_records_who_for_which_office_what_and_after(event, actors, lucnam):
    assert event.actor == actors.own_commune_officer
    assert event.actor_name == actors.own_commune_officer.full_name
    assert event.office == actors.own_commune_officer.office
    assert event.action == "territory.village_create"
    assert event.object_repr == "Thôn Gạo"
    assert event.territory == lucnam.doi_ngo
    assert event.before is None
    assert event.after["name"] == "Gạo"
    assert event.after["parent"] == lucnam.doi_ngo.pk


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(transaction.TransactionManagementError, match="recorded inside the action"):
        record_event(actor=None, action="test.outside")
    assert not AuditEvent.objects.filter(action="test.outside").exists()


def test_the_application_cannot_change_or_delete_an_event(event):
    event.reason = "sửa lén"
    with pytest.raises(AuditEventImmutable, match="audit events cannot be changed"):
        event.save()
    with pytest.raises(AuditEventImmutable, match="audit events cannot be deleted"):
        event.delete()
    with pytest.raises(AuditEventImmutable, match="audit events cannot be changed"):
        AuditEvent.objects.filter(pk=event.pk).update(reason="sửa lén")
    with pytest.raises(AuditEventImmutable, match="audit events cannot be deleted"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_database_refuses_a_raw_update(event):
    with pytest.raises(DatabaseError, match="changed"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'sửa lén' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_database_refuses_a_raw_delete(event):
    with pytest.raises(DatabaseError, match="deleted"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_postgresql_refuses_truncate(event):
    refused = pytest.raises(DatabaseError, match="cannot be changed or deleted")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks to refuse it first
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_changes_lists_only_the_fields_that_differ():
    event = AuditEvent(before={"name": "A", "note": "x"}, after={"name": "B", "note": "x", "valid_to": "2025-06-30"})

    assert event.changes() == [("name", "A", "B"), ("valid_to", None, "2025-06-30")]


def test_snapshot_makes_dates_json_safe(lucnam):
    assert snapshot(lucnam.doi_ngo, ["name", "valid_from", "parent"]) == {
        "name": "Đồi Ngô",
        "valid_from": "1997-01-01",
        "parent": lucnam.district.pk,
    }
