"""Races between a check and the write it guards (two clicks, two officers at once).

Actions check uniqueness before they write, so the form shows a clear message. Two requests may
both pass the check; the database's unique constraint then refuses the second write. Inside
`rechecked_on_clash` the write runs in a savepoint: on an IntegrityError the check runs again (it
now sees the row the other request committed) and raises the same ValidationError the form gives
for a plain duplicate. An IntegrityError the check does not explain is raised as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction


@contextmanager
def rechecked_on_clash(check: Callable[[], object]) -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        check()
        raise
