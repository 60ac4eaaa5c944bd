"""Previews of uploaded working sheets, kept in the database between the upload and the confirmation.

Only the parsed cells (plain data) are kept, never the file, for the user who uploaded them alone, for at most
PREVIEW_MAX_AGE and at most PREVIEW_MAX_COUNT per user, until the preview is confirmed or abandoned. In the database
rather than in the session: any instance of the portal can confirm what another one previewed, and a request that
runs alongside (an autosave in another tab, which writes the whole session back) cannot lose a preview.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREVIEW_MAX_AGE = datetime.timedelta(minutes=30)
PREVIEW_MAX_COUNT = 3


class SheetPreview(models.Model):
    token = models.CharField(_("nøkkel"), max_length=43, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("lastet opp"), default=timezone.now, db_index=True)
    entry = models.JSONField(_("forhåndsvisning"), default=dict)

    class Meta:
        verbose_name = _("forhåndsvisning av arbeidsark")
        verbose_name_plural = _("forhåndsvisninger av arbeidsark")


def _live(user) -> models.QuerySet[SheetPreview]:
    return SheetPreview.objects.filter(user=user, created_at__gt=timezone.now() - PREVIEW_MAX_AGE)


def preview_store(*, user, entry: dict[str, Any]) -> str:
    """Keep a new preview for the user (dropping expired ones and the user's oldest beyond the limit); its token."""
    with transaction.atomic():
        SheetPreview.objects.filter(created_at__lte=timezone.now() - PREVIEW_MAX_AGE).delete()
        keep = list(_live(user).order_by("-created_at", "-id").values_list("pk", flat=True)[: PREVIEW_MAX_COUNT - 1])
        SheetPreview.objects.filter(user=user).exclude(pk__in=keep).delete()
        token = secrets.token_urlsafe(16)
        SheetPreview.objects.create(token=token, user=user, entry=entry)
    return token


def preview_get(*, user, token: str) -> dict[str, Any] | None:
    """The user's live preview under `token`, or None (unknown, another user's, used up or expired)."""
    found = _live(user).filter(token=token).first()
    return found.entry if found else None


def preview_update(*, user, token: str, entry: dict[str, Any]) -> None:
    _live(user).filter(token=token).update(entry=entry)


def preview_drop(*, user, token: str) -> bool:
    """Use a preview up; False when it was already gone (confirmed meanwhile, on this instance or another)."""
    deleted, _ = SheetPreview.objects.filter(user=user, token=token).delete()
    return bool(deleted)
