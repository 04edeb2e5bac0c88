"""The permission matrix's write watch sees writes to application tables and nothing else."""

import pytest
from django.db import connection

from ansinh.accounts.models import Office
from ansinh.audit.models import AuditEvent
from ansinh.core.bulk import insert_all
from tests.permissions import application_writes, writes_recorded, written_tables


def test_a_write_to_an_application_table_is_seen(lucnam):
    with writes_recorded() as writes:
        office = Office.objects.first()
        office.name = office.name + " (sửa)"
        office.save()
    assert writes and writes[0].lstrip().upper().startswith("UPDATE")


def test_reads_and_sessions_are_not_writes(lucnam, client, actors):
    client.force_login(actors.own_commune_officer)
    with writes_recorded() as writes:
        list(Office.objects.all())
        client.get("/")
    assert writes == []


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('INSERT INTO "accounts_office" ("name") VALUES (%s)', ["accounts_office"]),
        ('UPDATE "accounts_office" SET "name" = %s', ["accounts_office"]),
        ('DELETE FROM "accounts_office" WHERE "id" = %s', ["accounts_office"]),
        ("REPLACE INTO accounts_office (name) VALUES ('x')", ["accounts_office"]),
        # a data-modifying CTE (payments/payroll.py)
        (
            "WITH paid AS (UPDATE payments_payrollline SET paid_on = %s WHERE id = 1 RETURNING id) "
            "SELECT count(*) FROM paid",
            ["payments_payrollline"],
        ),
        (
            "WITH old AS (SELECT id FROM cases_entitlement) "
            "INSERT INTO payments_payrollline (entitlement_id) SELECT id FROM old",
            ["payments_payrollline"],
        ),
        (
            "WITH gone AS (DELETE FROM payments_arrearsmonth WHERE payroll_id = 3 RETURNING id) SELECT 1",
            ["payments_arrearsmonth"],
        ),
        (
            "MERGE INTO payments_payrollline l USING src s ON s.id = l.id "
            "WHEN MATCHED THEN UPDATE SET total = s.total WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)",
            ["payments_payrollline"],
        ),
        ('COPY "audit_auditevent" ("id", "action") FROM STDIN', ["audit_auditevent"]),
        ("TRUNCATE payments_recovery, public.payments_payrollline", ["payments_recovery", "payments_payrollline"]),
        ("TRUNCATE TABLE ONLY cases_decision CASCADE", ["cases_decision"]),
        (
            "INSERT INTO registry_person (full_name) VALUES ('a') ON CONFLICT (id) DO UPDATE SET full_name = 'b'",
            ["registry_person"],
        ),
        ("/* batch */ UPDATE ONLY registry_person SET phone = ''", ["registry_person"]),
    ],
)
def test_writes_are_found_anywhere_in_a_statement(sql, tables):
    assert written_tables(sql) == tables


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "id" FROM "payments_payrollmonth" WHERE "id" = %s FOR UPDATE',
        "SELECT id FROM payments_payrollmonth FOR NO KEY UPDATE OF payments_payrollmonth",
        "SELECT id FROM registry_person WHERE note = 'update registry_person set x = 1; delete from t'",
        "SELECT id FROM registry_person WHERE note = E'it\\'s an update to x' AND n = 'insert into y'",
        "SELECT $$DELETE FROM registry_person$$, $q$TRUNCATE registry_person$q$",
        "SELECT 1 -- UPDATE registry_person SET x = 1\n",
        "SELECT /* DELETE FROM registry_person */ 1",
        'SELECT "update", "delete" FROM "insert"',
        "SELECT replace(full_name, 'đ', 'd') FROM registry_person",
        "COPY registry_person TO STDOUT",
        "COPY (SELECT * FROM registry_person) TO STDOUT",
        "SELECT updated_at, deleted FROM copy_log",
    ],
)
def test_reads_are_not_writes(sql):
    assert written_tables(sql) == []


def test_sessions_and_login_counters_are_not_application_writes():
    assert application_writes('UPDATE "django_session" SET "expire_date" = %s') == []
    assert application_writes('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)') == []
    assert application_writes('UPDATE "accounts_office" SET "name" = %s') == ["accounts_office"]


def test_a_write_in_a_cte_is_seen_by_the_watch(lucnam):
    office = Office.objects.first()
    with writes_recorded() as writes, connection.cursor() as cursor:
        cursor.execute(
            'WITH chosen AS (SELECT "id" FROM "accounts_office" WHERE "id" = %s) '
            'UPDATE "accounts_office" SET "name" = %s WHERE "id" IN (SELECT "id" FROM chosen)',
            [office.pk, "Đổi tên"],
        )
    assert len(writes) == 1 and writes[0].startswith("WITH chosen")
    office.refresh_from_db()
    assert office.name == "Đổi tên"


@pytest.mark.django_db
def test_a_bulk_insert_is_seen_by_the_watch():
    """insert_all: COPY on PostgreSQL (outside cursor.execute), bulk_create elsewhere."""
    events = [AuditEvent(action="test.bulk", actor_name="hệ thống") for _ in range(3)]
    with writes_recorded() as writes:
        insert_all(events)
    copied = [sql for sql in writes if sql.startswith("COPY")]
    assert AuditEvent.objects.filter(action="test.bulk").count() == 3
    if connection.vendor == "postgresql":
        assert len(copied) == 1 and '"audit_auditevent"' in copied[0]
    else:
        assert writes and all(sql.startswith("INSERT") for sql in writes)
