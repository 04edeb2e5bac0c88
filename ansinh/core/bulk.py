"""Set-based inserts for large batches (imports, demo data).

On PostgreSQL rows go in with COPY, their ids drawn from the table's sequence first so that the
objects carry primary keys as after bulk_create; elsewhere this is bulk_create.

COPY is not run by `cursor.execute`, so the connection's execute wrappers (`connection.execute_wrapper`,
what the permission matrix uses to see every write) would not see it: it is passed through them here,
as one statement whose parameters are the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.db import connection, models


def insert_all(objects: Sequence[models.Model], batch_size: int = 5000) -> None:
    """Insert `objects` (all of one model, none saved yet) and set their primary keys."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=batch_size)
        return
    meta = model._meta
    assert meta.pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
    fields = list(meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(meta.db_table)
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:

        def copy_rows(sql: str, params: Any, many: bool, context: dict[str, Any]) -> None:
            with cursor.cursor.copy(sql) as copy:
                for obj in objects:
                    copy.write_row([_database_value(field, obj) for field in fields])

        through_execute_wrappers(copy_rows, statement, cursor)


def through_execute_wrappers(run: Callable[..., Any], sql: str, cursor: Any) -> Any:
    """Call `run(sql, params, many, context)` inside the connection's execute wrappers, innermost
    last, as Django's cursor does for `execute` (a statement it does not run itself, like COPY)."""
    executor = run
    for wrapper in reversed(connection.execute_wrappers):
        executor = partial(wrapper, executor)
    return executor(sql, None, False, {"connection": connection, "cursor": cursor})


def _database_value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    return field.get_db_prep_save(field.pre_save(obj, add=True), connection)
