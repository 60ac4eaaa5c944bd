"""The append-only base model: rows that are written once and never changed or deleted.

A correction is a new row (a later fact, a retraction, a new version). The queryset refuses update(),
delete() and bulk_update(), save() refuses a second save of the same row, and on PostgreSQL a trigger
(`lhl_refuse_change()`, created by a migration of each app) refuses UPDATE and DELETE as well.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    """Rows are never changed in place: corrections are new rows."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Append-only: record a new row (a correction or a retraction) instead of update().")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Append-only: record a retraction or a new row instead of delete().")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise TypeError("Append-only: record new rows instead of bulk_update().")


class AppendOnlyModel(models.Model):
    """Abstract base of every append-only model. `save_refusal` says what to do instead of saving twice."""

    save_refusal: ClassVar[str] = "Append-only: record a new row instead."

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError(self.save_refusal)
        super().save(*args, **kwargs)
