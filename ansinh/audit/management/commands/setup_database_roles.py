"""Split the PostgreSQL roles so that the web and worker cannot rewrite the audit table.

Run by a superuser (or a role with CREATEROLE that may reassign the objects), after `migrate` and
again after every upgrade; it is idempotent:

    manage.py setup_database_roles --owner ansinh_owner --app ansinh_app

- the owner role owns the schema's tables, sequences, views and functions and runs the migrations;
- the app role (DATABASE_URL of gunicorn and db_worker) reads and writes every table, except the
  audit table where it may only INSERT and SELECT, so it can neither change, delete nor truncate
  an event, nor disable the triggers that refuse it (only an owner may ALTER a table).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from ansinh.audit.models import AuditEvent

SCHEMA = "public"
RELATION_KINDS = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật vai trò chủ sở hữu và vai trò ứng dụng (PostgreSQL); bảng nhật ký chỉ cho thêm và đọc."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="vai trò sở hữu bảng và chạy migrate")
        parser.add_argument("--app", required=True, help="vai trò của web và worker (DATABASE_URL của chúng)")

    def handle(self, *args: Any, owner: str, app: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Lệnh này chỉ dùng cho PostgreSQL.")
        if owner == app:
            raise CommandError("Vai trò ứng dụng phải khác vai trò chủ sở hữu.")
        with transaction.atomic(), connection.cursor() as cursor:
            for role in (owner, app):
                _ensure_role(cursor, role)
            if _is_superuser(cursor, app):
                raise CommandError(f"Vai trò ứng dụng {app} là superuser: hãy dùng một vai trò thường.")
            _give_ownership(cursor, owner)
            _grant_app(cursor, owner, app)
        self.stdout.write(
            f"Đã cấp quyền: {owner} sở hữu lược đồ {SCHEMA}; {app} đọc/ghi mọi bảng, "
            f"riêng {AuditEvent._meta.db_table} chỉ thêm và đọc."
        )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _ensure_role(cursor: Any, role: str) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE ROLE {_quote(role)} LOGIN")


def _is_superuser(cursor: Any, role: str) -> bool:
    cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
    return bool(cursor.fetchone()[0])


def _give_ownership(cursor: Any, owner: str) -> None:
    """Every table, view, sequence and function of the schema belongs to the owner (sequences
    owned by a column follow their table)."""
    cursor.execute(f"GRANT USAGE, CREATE ON SCHEMA {SCHEMA} TO {_quote(owner)}")
    cursor.execute(
        """
        SELECT c.relkind, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
          AND pg_get_userbyid(c.relowner) <> %s
        """,
        [SCHEMA, owner],
    )
    for kind, name in cursor.fetchall():
        cursor.execute(f"ALTER {RELATION_KINDS[kind]} {SCHEMA}.{_quote(name)} OWNER TO {_quote(owner)}")
    cursor.execute(
        """
        SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        """,
        [SCHEMA, owner],
    )
    for (signature,) in cursor.fetchall():
        cursor.execute(f"ALTER FUNCTION {signature} OWNER TO {_quote(owner)}")


def _grant_app(cursor: Any, owner: str, app: str) -> None:
    audit = _quote(AuditEvent._meta.db_table)
    database = _quote(connection.settings_dict["NAME"])
    cursor.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {_quote(app)}")
    cursor.execute(f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM {_quote(app)}")
    cursor.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {_quote(app)}")
    cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {_quote(app)}")
    cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {_quote(app)}")
    cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {_quote(app)}")
    cursor.execute(f"REVOKE ALL ON {SCHEMA}.{audit} FROM {_quote(app)}")
    cursor.execute(f"GRANT SELECT, INSERT ON {SCHEMA}.{audit} TO {_quote(app)}")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f"{SCHEMA}.{AuditEvent._meta.db_table}"])
    sequence = cursor.fetchone()[0]
    if sequence:
        cursor.execute(f"REVOKE ALL ON SEQUENCE {sequence} FROM {_quote(app)}")
        cursor.execute(f"GRANT USAGE ON SEQUENCE {sequence} TO {_quote(app)}")
    # Tables created by later migrations (run by the owner) are readable and writable at once;
    # rerun this command after each upgrade all the same, as a new table of events would need it.
    for kind, privileges in (("TABLES", "SELECT, INSERT, UPDATE, DELETE"), ("SEQUENCES", "USAGE, SELECT, UPDATE")):
        cursor.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {_quote(owner)} IN SCHEMA {SCHEMA} "
            f"GRANT {privileges} ON {kind} TO {_quote(app)}"
        )
