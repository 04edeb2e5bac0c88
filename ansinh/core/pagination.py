"""Pagination that never counts more than it shows: at national scale an exact COUNT(*) of a
broad search costs more than the page itself."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows; `count_is_capped` tells the page to say "hơn 1.000"."""

    @cached_property
    def count(self) -> int:
        sliced = self.object_list[: COUNT_CAP + 1]
        return sliced.count() if isinstance(sliced, QuerySet) else len(sliced)

    @property
    def count_is_capped(self) -> bool:
        return self.count > COUNT_CAP
