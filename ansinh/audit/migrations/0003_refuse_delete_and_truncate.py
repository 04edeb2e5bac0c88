"""Close the gaps migration 0002 left in the audit table's triggers.

SQLite now refuses DELETE as well as UPDATE. PostgreSQL now refuses TRUNCATE too (a statement
trigger: row triggers do not see it). The test harness empties tables with DELETE on SQLite and
TRUNCATE on PostgreSQL; the root conftest.py lifts these two triggers around its flush only.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();
"""
POSTGRES_DOWN = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"
SQLITE_UP = """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events cannot be deleted');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_event_no_delete;"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_immutable_triggers")]
    operations = [migrations.RunPython(install, uninstall)]
