"""The permission matrix: every view and API endpoint, every kind of actor.

A feature adds its endpoints with the status each actor must get. For every actor the
helper asserts the response, and for every refused request that it wrote nothing at all
(design.md §3: a forbidden action changes nothing): every SQL statement the request runs is
watched, and a write to an application table fails the check. This is stricter than comparing
the tables before and after (even a write rolled back later counts) and costs nothing per request.

A write is found anywhere in a statement, not only at its start: INSERT INTO, UPDATE, DELETE FROM,
MERGE INTO, COPY … FROM, TRUNCATE and REPLACE INTO, also inside `WITH … AS (UPDATE …)`. The
statement is split into tokens first, so that quoted strings, quoted identifiers and comments never
count, and `SELECT … FOR UPDATE` (a row lock) is not a write. PostgreSQL COPY does not go through
`cursor.execute`: `ansinh.core.bulk.insert_all` passes it through the connection's execute wrappers
so that this watch sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client

LOGIN = "login"  # the anonymous visitor is sent to the login page
REFUSED = {LOGIN, 403, 404, 405}
# Tables that are not the application's data: sessions, login-failure counters, the task queue.
IGNORED_TABLES = ("django_session", "axes_", "django_tasks_database")

TOKEN = re.compile(
    r"""
      (?P<skip>--[^\n]*|/\*.*?\*/                     # comments
        |[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'       # strings (E'' with backslash escapes)
        |\$(?P<tag>[A-Za-z_]\w*)?\$.*?\$(?P=tag)?\$      # dollar-quoted strings
        |\s+)
    | "(?P<quoted>(?:[^"]|"")*)"                        # quoted identifier
    | `(?P<backquoted>[^`]*)`                           # MySQL quoted identifier
    | (?P<word>[A-Za-z_][\w$]*)
    | (?P<other>%s|%\(\w+\)s|.)
    """,
    re.VERBOSE | re.DOTALL,
)


def sql_tokens(sql: str) -> list[tuple[str, str]]:
    """(kind, text) of each token: "keyword" (an unquoted word, upper-cased: a keyword or a plain
    name), "name" (a quoted identifier, never a keyword) or "other" (punctuation, placeholders);
    strings, comments and white space are dropped."""
    tokens: list[tuple[str, str]] = []
    for match in TOKEN.finditer(sql):
        if match.group("skip") is not None:
            continue
        if match.group("quoted") is not None:
            tokens.append(("name", match.group("quoted").replace('""', '"')))
        elif match.group("backquoted") is not None:
            tokens.append(("name", match.group("backquoted")))
        elif match.group("word") is not None:
            tokens.append(("keyword", match.group("word").upper()))
        else:
            tokens.append(("other", match.group(0)))
    return tokens


def _table_at(tokens: list[tuple[str, str]], index: int, skip: tuple[str, ...] = ()) -> tuple[str | None, int]:
    """The (possibly schema-qualified) table name starting at `index`, after optional `skip` words."""
    while index < len(tokens) and tokens[index] in [("keyword", word) for word in skip]:
        index += 1
    if index >= len(tokens) or tokens[index][0] == "other":
        return None, index
    name = tokens[index][1]
    index += 1
    while index + 1 < len(tokens) and tokens[index] == ("other", ".") and tokens[index + 1][0] != "other":
        name = tokens[index + 1][1]
        index += 2
    return name.lower(), index


def _copy_target(tokens: list[tuple[str, str]], index: int) -> str | None:
    """COPY table [(columns)] FROM … writes; COPY … TO and COPY (query) TO read."""
    table, index = _table_at(tokens, index)
    if table is None:
        return None
    if index < len(tokens) and tokens[index] == ("other", "("):
        depth = 0
        while index < len(tokens):
            depth += {"(": 1, ")": -1}.get(tokens[index][1], 0) if tokens[index][0] == "other" else 0
            index += 1
            if depth == 0:
                break
    return table if index < len(tokens) and tokens[index] == ("keyword", "FROM") else None


def written_tables(sql: str) -> list[str]:
    """The tables a statement writes to, wherever the write stands in it (see the module's doc)."""
    tokens = sql_tokens(sql)
    written: list[str] = []
    for index, (kind, word) in enumerate(tokens):
        if kind != "keyword":
            continue
        before = tokens[index - 1] if index else ("other", "")
        table: str | None = None
        if word in ("INSERT", "REPLACE", "MERGE"):
            # INSERT INTO t; MERGE INTO t; MySQL REPLACE INTO t (not the replace() function). MERGE's
            # "THEN INSERT (…)" has no INTO: the MERGE itself names the table.
            if index + 1 < len(tokens) and tokens[index + 1] == ("keyword", "INTO"):
                table, _ = _table_at(tokens, index + 2)
        elif word == "UPDATE":
            # not a row lock (FOR [NO KEY] UPDATE), a foreign key's ON UPDATE, nor MERGE's / ON
            # CONFLICT's "UPDATE SET" (their statement names the table)
            if before not in (("keyword", "FOR"), ("keyword", "KEY"), ("keyword", "ON")):
                table, _ = _table_at(tokens, index + 1, ("ONLY",))
                table = None if table == "set" and tokens[index + 1] == ("keyword", "SET") else table
        elif word == "DELETE":
            if before != ("keyword", "ON") and index + 1 < len(tokens) and tokens[index + 1] == ("keyword", "FROM"):
                table, _ = _table_at(tokens, index + 2, ("ONLY",))
        elif word == "TRUNCATE":
            position = index + 1
            while True:
                table, position = _table_at(tokens, position, ("TABLE", "ONLY"))
                if table is None:
                    break
                written.append(table)
                while position < len(tokens) and tokens[position] == ("other", "*"):
                    position += 1
                if position >= len(tokens) or tokens[position] != ("other", ","):
                    break
                position += 1
            table = None
        elif word == "COPY":
            table = _copy_target(tokens, index + 1)
        if table is not None:
            written.append(table)
    return written


def application_writes(sql: str) -> list[str]:
    """The application tables `sql` writes to (sessions, login counters and the task queue aside)."""
    return [table for table in written_tables(sql) if not table.startswith(IGNORED_TABLES)]


@contextmanager
def writes_recorded() -> Iterator[list[str]]:
    """The write statements run on application tables inside the block."""
    writes: list[str] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if application_writes(sql):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield writes


@dataclass
class Endpoint:
    name: str
    url: str | Callable[[], str]
    method: str = "GET"
    data: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    htmx: bool = False

    def resolve(self) -> tuple[str, dict[str, Any]]:
        url = self.url() if callable(self.url) else self.url
        data = self.data() if callable(self.data) else self.data
        return url, data


def check_endpoint(endpoint: Endpoint, actors: dict[str, Any], expected: dict[str, int | str]) -> None:
    """Request `endpoint` as each actor in `expected` and compare statuses (collecting all failures)."""
    missing = set(actors) - set(expected)
    assert not missing, f"{endpoint.name}: no expectation for {sorted(missing)}"
    failures = []
    url = ""
    for actor_name, want in expected.items():
        url, got, writes, _response = _request(endpoint, actors[actor_name])
        if got != want:
            failures.append(f"{actor_name}: expected {want}, got {got}")
        elif want in REFUSED and writes:
            failures.append(f"{actor_name}: refused with {got} but it wrote: {writes[0][:120]}")
    assert not failures, f"{endpoint.name} {endpoint.method} {url}:\n  " + "\n  ".join(failures)


def check_allowed_write(endpoint: Endpoint, actor_name: str, user: Any, want: int = 302) -> list[str]:
    """The same request by an allowed actor answers `want` AND writes: the proof that the data posted
    by the refused actors is valid, so that their "nothing written" check could fail. Rolled back
    afterwards (a savepoint), so that the next form starts from the same data; returns the writes."""
    with transaction.atomic():
        url, got, writes, response = _request(endpoint, user)
        transaction.set_rollback(True)
    assert got == want, (
        f"{endpoint.name} {endpoint.method} {url}: {actor_name} expected {want}, got {got}; "
        f"errors on the page: {_errors_on(response) or 'none shown'}"
    )
    assert writes, f"{endpoint.name} {endpoint.method} {url}: {actor_name} got {got} but wrote nothing"
    return writes


def _errors_on(response: Any) -> str:
    """The form errors and error messages of a page, as plain text (for a failure message)."""
    html = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text/") else ""
    fields = re.findall(r'id="id_(\w+)_errors" class="invalid-feedback[^"]*">\s*<div>(.*?)</div>', html, re.S)
    alerts = re.findall(r'class="alert alert-danger[^"]*"[^>]*>(.*?)<', html, re.S)
    text = " | ".join([f"{name}: {error}" for name, error in fields] + [alert.strip() for alert in alerts])
    return re.sub(r"\s+", " ", text)[:400]


def _request(endpoint: Endpoint, user: Any) -> tuple[str, int | str, list[str], Any]:
    """Send `endpoint` as `user` (None: anonymous): its URL, status (LOGIN for the login page), writes
    and the response."""
    client = Client()
    if user is not None:
        client.force_login(user)
    url, data = endpoint.resolve()
    headers = {"HTTP_HX_REQUEST": "true"} if endpoint.htmx else {}
    with writes_recorded() as writes:
        response = client.generic(
            endpoint.method,
            url,
            data=_encode(data) if endpoint.method != "GET" else "",
            content_type="application/x-www-form-urlencoded",
            QUERY_STRING=_encode(data) if endpoint.method == "GET" else "",
            **headers,
        )
    got: int | str = response.status_code
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        got = LOGIN
    return url, got, writes, response


def _encode(data: dict[str, Any]) -> str:
    return urlencode(data, doseq=True)


def check_text_shown(endpoint: Endpoint, actors: dict[str, Any], text: re.Pattern[str], shown_to: set[str]) -> None:
    """Request `endpoint` as every actor: on each page answered (200), `text` is there for the
    actors in `shown_to` and for no one else. Someone of each group must get the page, so the
    check cannot pass by refusals alone."""
    failures, answered = [], set()
    for actor_name, user in actors.items():
        client = Client()
        if user is None:
            continue
        client.force_login(user)
        url, data = endpoint.resolve()
        response = client.get(url, data)
        if response.status_code != 200:
            continue
        answered.add(actor_name)
        found = bool(text.search(response.content.decode()))
        if found != (actor_name in shown_to):
            failures.append(f"{actor_name}: {'shown' if found else 'not shown'} {text.pattern!r}")
    assert shown_to & answered, f"{endpoint.name}: no reader with the right got the page"
    assert answered - shown_to, f"{endpoint.name}: no reader without the right got the page"
    assert not failures, f"{endpoint.name}:\n  " + "\n  ".join(failures)
