"""The append-only base model (rows written once, never changed or deleted), and rows created once per form
submission (`create_once`).

Append-only: a correction is a new row (a later fact, a retraction, a new version). The queryset refuses update(),
delete() and bulk_update(), save() refuses a second save of the same row, and on PostgreSQL a trigger
(`lhl_refuse_change()`, created by a migration of each app) refuses UPDATE and DELETE as well.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


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


def submission_field() -> models.CharField:
    """The one-time token of the form submission that created a row (common.forms.OneSubmissionForm)."""
    return models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)


def create_once(queryset: models.QuerySet, *, token: str, create: Callable[[], M]) -> tuple[M, bool]:
    """Create a row for one form submission: `(row, True)` the first time; `(the row the first submit created,
    False)` for the same `token` again, also when the two arrive at the same moment (the unique column decides).

    `create()` saves the row with `submission=token`; without a token (an old form) it simply creates.
    """
    if not token:
        return create(), True
    existing = queryset.filter(submission=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except (IntegrityError, ValidationError):
        existing = queryset.filter(submission=token).first()
        if existing is None:
            raise
        return existing, False


UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a unique constraint


@contextmanager
def unique_race_as(errors: dict[str, str] | str):
    """Turn a unique-constraint violation inside the block into a ValidationError with `errors` (a form's field →
    message, or one message): two submissions that both passed the form's check at the same moment then get a
    form error, not a 500. The block runs in a savepoint, so the surrounding transaction can go on or roll back."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if getattr(exc.__cause__, "pgcode", None) != UNIQUE_VIOLATION and "UNIQUE" not in str(exc):
            raise
        raise ValidationError(errors) from exc


class DataVersion(models.Model):
    """One row (id 1): a counter that moves on whenever a write changes what the dashboards and the grant pages
    show (common.data_version). Rendered pages and figures are cached under it."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"
