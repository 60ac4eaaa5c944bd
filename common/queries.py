"""Query helpers the apps share."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Expression, F, OrderBy, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber


def latest_per_key(
    queryset: QuerySet,
    *,
    key: Sequence[str | Expression],
    order_by: Sequence[str],
) -> QuerySet:
    """The first row of each group of `key` in `order_by` order ("-field" for descending): one query.

    `key` holds field names or expressions; `order_by` should end with a unique field (usually "-id") so the
    choice is deterministic. The result keeps the queryset's select_related and carries no ordering.
    """
    partition = [F(k) if isinstance(k, str) else k for k in key]
    ordering: list[OrderBy] = [F(o[1:]).desc() if o.startswith("-") else F(o).asc() for o in order_by]
    return (
        queryset.annotate(rank=Window(RowNumber(), partition_by=partition, order_by=ordering)).filter(rank=1).order_by()
    )
