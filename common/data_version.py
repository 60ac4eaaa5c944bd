"""The data version: one string that changes whenever a write changes what the dashboards, the map and the grant
pages show. Rendered figure tables, charts and maps are cached under it, and the conditional GETs' ETags carry it.

It is made of two parts, read with one query:

- a counter (`common.DataVersion`, one row) moved on *after* the commit of every write to an edited model:
  each app names its models in its `AppConfig.ready()` with `watch_edited()` (post_save/post_delete, the admin
  included), and a service whose write bypasses the signals (a bulk insert or update) calls `bump_on_commit()`;
- the newest id of each append-only table named with `watch_appended()` (facts, retractions, confirmations,
  report transitions and submissions): a new row moves the version with the commit that makes it, however it
  was inserted (a form, a sheet, an import, COPY).

Moving the counter after the commit means a reader never sees the new version with the old data; at worst an
entry computed just before the move is cached under the old version and never read again. The database is the
record, so every web process and worker agrees without a shared cache; when the row is missing (a flushed test
database) the first bump recreates it from a random start, so an old version is not met again.
"""

from __future__ import annotations

import secrets

from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save

from .models import DataVersion

_appended: list[type[models.Model]] = []


def watch_appended(*watched: type[models.Model]) -> None:
    """Append-only models: their newest id is part of the version."""
    for model in watched:
        if model not in _appended:
            _appended.append(model)


def _on_write(sender: type[models.Model], **kwargs: object) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    bump_on_commit()


def watch_edited(*watched: type[models.Model]) -> None:
    """Models edited in place (periods, schemes, networks, the catalogue, reports, offices): every save or
    delete moves the counter once its transaction commits."""
    for model in watched:
        uid = f"data-version:{model._meta.label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + ":delete")


def bump() -> None:
    """Move the counter now (one statement; the row is created when missing)."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, value) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET value = {table}.value + 1",
            [secrets.randbelow(2**40) + 1],
        )


def bump_on_commit() -> None:
    """Move the counter when the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(bump)


def data_version() -> str:
    """The current version, e.g. `"17-4213-0-0-2-12-3"`: one query."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT value FROM {quote(DataVersion._meta.db_table)} WHERE id = 1)"]
    parts += [f"(SELECT MAX(id) FROM {quote(model._meta.db_table)})" for model in _appended]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return "-".join(str(value or 0) for value in row)


def request_data_version(request: object) -> str:
    """data_version() read once per request (the ETag and the page's cache keys agree on it)."""
    version = getattr(request, "_data_version", None)
    if version is None:
        version = data_version()
        request._data_version = version  # type: ignore[attr-defined]
    return version
