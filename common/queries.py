"""Query helpers the apps share."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression, F, OrderBy, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber


def _ordering(order_by: Sequence[str]) -> list[OrderBy]:
    return [F(o[1:]).desc() if o.startswith("-") else F(o).asc() for o in order_by]


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
    return (
        queryset.annotate(rank=Window(RowNumber(), partition_by=partition, order_by=_ordering(order_by)))
        .filter(rank=1)
        .order_by()
    )


def latest_rows_per_key(
    queryset: QuerySet,
    *,
    key: Sequence[str | Expression],
    order_by: Sequence[str],
    fields: Sequence[str],
) -> list[tuple]:
    """latest_per_key's rows as tuples of `fields`, read at once: the same rows, for reads of thousands.

    On PostgreSQL one `DISTINCT ON` over a sort (about twice as fast as the row-number window, which must
    number every row before it can keep the first); elsewhere latest_per_key's window.
    """
    if not connections[queryset.db].features.can_distinct_on_fields:
        return value_rows(latest_per_key(queryset, key=key, order_by=order_by).values_list(*fields))
    names = [k if isinstance(k, str) else f"key{i}_" for i, k in enumerate(key)]
    expressions = {f"key{i}_": k for i, k in enumerate(key) if not isinstance(k, str)}
    # Django resolves DISTINCT ON names among the selected columns only: the key expressions are read too, at the
    # end of each row, and cut off here.
    rows = (
        queryset.annotate(**expressions).order_by(*names, *order_by).distinct(*names).values_list(*fields, *expressions)
    )
    if not expressions:
        return value_rows(rows)
    width = len(fields)
    return [row[:width] for row in value_rows(rows)]


def value_rows(queryset: QuerySet) -> list[tuple]:
    """A `values_list()` queryset's rows, read with one fetchall. On PostgreSQL, plain columns (numbers, text,
    dates, times) need no converter, so these are the rows `list(queryset)` gives without Django's per-row
    iteration (a tenth of a cold dashboard page when thousands of facts are read); elsewhere `list(queryset)`."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
