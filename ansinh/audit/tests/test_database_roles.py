"""The roles of `manage.py setup_database_roles`, checked by connecting as the application's role."""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are a PostgreSQL matter"),
    pytest.mark.django_db(transaction=True),
]

INSERT_EVENT = """
    INSERT INTO audit_auditevent (occurred_at, actor_name, action, object_id, object_repr, reason)
    VALUES (now(), 'hệ thống', 'test.role', '', '', '') RETURNING id
"""


@pytest.fixture
def roles():
    """A throwaway owner and application role; afterwards everything goes back to the test's user."""
    suffix = uuid.uuid4().hex[:10]
    owner, app = f"ansinh_t_owner_{suffix}", f"ansinh_t_app_{suffix}"
    yield owner, app
    with connection.cursor() as cursor:
        for role in (owner, app):
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                continue
            cursor.execute(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER')
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def _connect_as(role: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=role,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


def _refused(db: psycopg.Connection, sql: str, match: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=match):
        db.execute(sql)


def test_the_application_role_may_only_insert_and_read_events(roles):
    owner, app = roles
    call_command("setup_database_roles", owner=owner, app=app)
    call_command("setup_database_roles", owner=owner, app=app)  # idempotent

    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_auditevent'")
        assert cursor.fetchone()[0] == owner
    with _connect_as(app) as db:
        event_id = db.execute(INSERT_EVENT).fetchone()[0]
        assert db.execute("SELECT action FROM audit_auditevent WHERE id = %s", [event_id]).fetchone() == ("test.role",)
        _refused(db, "UPDATE audit_auditevent SET reason = 'sửa lén'", "permission denied")
        _refused(db, "DELETE FROM audit_auditevent", "permission denied")
        _refused(db, "TRUNCATE audit_auditevent", "permission denied")
        _refused(db, "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL", "must be owner")
        _refused(db, "DROP TRIGGER audit_event_no_update ON audit_auditevent", "must be owner")
        _refused(db, "CREATE TABLE audit_copy (id int)", "permission denied")
        # and the rest of the application works as before
        db.execute("UPDATE territory_administrativeunit SET name = name WHERE id = 0")
        db.execute("DELETE FROM django_session WHERE session_key = 'none'")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM audit_auditevent WHERE id = %s", [event_id])
        assert cursor.fetchone() == ("",)


def test_a_superuser_application_role_is_refused(roles):
    owner, _app = roles
    with pytest.raises(CommandError, match="superuser"):
        call_command("setup_database_roles", owner=owner, app=connection.settings_dict["USER"] or "postgres")
