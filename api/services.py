"""Writes of the API: personal tokens (made, used, revoked) and facts recorded through the API, kept per
Idempotency-Key so that a retried request records nothing twice.

A fact sent to the API goes through the registry's one input builder (municipalities.fact_builder), exactly
as a form, a sheet or a CSV row does, and is recorded by the same service (municipalities.services).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from municipalities.fact_builder import FactBuilder, Problem, RawFact
from municipalities.facts import StatusFact
from municipalities.models import Municipality
from municipalities.services import fact_record

from .models import ApiToken, IdempotencyRecord

TOKEN_PREFIX = "lhl_"
SHOWN_PREFIX_LENGTH = 10  # "lhl_" and six characters: enough to tell one's tokens apart, useless to guess with
TOUCH_EVERY = datetime.timedelta(minutes=1)  # how often "last used" is written (not on every request)
API_SOURCE = "api"


class TokenRefused(Exception):
    """A token cannot be made as asked; the message is Norwegian and says why."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(
    *, user: User, name: str, days: int, scope: str = ApiToken.Scope.READ, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Make a token for `user`: (the stored token, the token itself, to be shown once and never stored)."""
    name = (name or "").strip()
    if not permissions.can_read(user):
        raise TokenRefused(_("Brukeren «%(user)s» kan ikke ha API-nøkler.") % {"user": user.get_username()})
    if not name:
        raise TokenRefused(_("Gi nøkkelen et navn."))
    if len(name) > 100:
        raise TokenRefused(_("Navnet kan ha 100 eller færre tegn (har %(n)s).") % {"n": len(name)})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise TokenRefused(
            _("Gyldigheten må være mellom 1 og %(max)s dager (fikk %(days)s).")
            % {"max": settings.API_TOKEN_MAX_DAYS, "days": days}
        )
    if scope not in ApiToken.Scope.values:
        raise TokenRefused(_("Ukjent tilgang «%(scope)s».") % {"scope": scope})
    if scope == ApiToken.Scope.WRITE and not permissions.can_hold_write_token(user):
        raise TokenRefused(_("Bare ansatte hos statsforvalteren kan få en API-nøkkel som skriver."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    stored = ApiToken(
        user=user,
        name=name,
        prefix=token[:SHOWN_PREFIX_LENGTH],
        digest=token_digest(token),
        scope=scope,
        role=user.role,
        office_id=user.office_id,
        created_at=now,
        created_by=created_by or user,
        expires_at=now + datetime.timedelta(days=days),
    )
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        raise TokenRefused(_("Du har allerede en gyldig API-nøkkel med navnet «%(name)s».") % {"name": name}) from None
    return stored, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> bool:
    """Revoke the token (False when it already was); `user` is who revoked it."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    return updated == 1


def api_token_touch(token: ApiToken, *, now: datetime.datetime | None = None) -> None:
    """Record the token's use, at most once a minute (a conditional UPDATE: no write on most requests)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


# ---- facts through the API -------------------------------------------------------------------------------------

FACT_FIELDS = ("fact", "value", "effective_date", "detail", "target_date", "note")


class FactRejected(Exception):
    """The builder found problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class KeyReused(Exception):
    """The Idempotency-Key was used before with another request body."""


@dataclass
class WriteAnswer:
    status: int
    body: dict[str, Any]
    replayed: bool = False


def request_fingerprint(*, method: str, path: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def _claim_key(*, user: User, key: str, fingerprint: str) -> IdempotencyRecord | WriteAnswer:
    """Claim the key for this request, or the answer kept for it. A request racing another with the same key
    waits for the other's transaction on the unique index, then finds its answer."""
    IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    ).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint)
    except IntegrityError:
        kept = IdempotencyRecord.objects.get(user=user, key=key)
    if kept.fingerprint != fingerprint:
        raise KeyReused
    return WriteAnswer(kept.status, kept.body, replayed=True)


def api_fact_record(
    *,
    user: User,
    municipality: Municipality,
    given: dict[str, Any],
    expected_version: int | None,
    idempotency_key: str | None,
    fingerprint: str,
    describe,
) -> WriteAnswer:
    """Record one fact for a municipality the caller has checked `user` may write.

    `given` holds the body's fields (FACT_FIELDS, as sent); `describe(fact, status_version)` turns the recorded
    fact into the answer's body. Raises FactRejected (the builder's problems), StaleStatusError (the status
    version moved on) or KeyReused; in each case nothing is written and no key is kept.
    """
    with transaction.atomic():
        claimed = _claim_key(user=user, key=idempotency_key, fingerprint=fingerprint) if idempotency_key else None
        if isinstance(claimed, WriteAnswer):
            return claimed
        built = FactBuilder(office=municipality.office).build(
            RawFact(
                municipality=municipality,
                fact=given.get("fact") or "",
                value=given.get("value") or "",
                effective_date=given.get("effective_date") or None,
                detail=given.get("detail") or "",
                target_date=given.get("target_date") or None,
                note=given.get("note") or "",
            )
        )
        if built.item is None:
            raise FactRejected(built.problems)
        fact: StatusFact = fact_record(item=built.item, user=user, source=API_SOURCE, expected_version=expected_version)
        version = Municipality.objects.values_list("status_version", flat=True).get(pk=municipality.pk)
        answer = WriteAnswer(201, describe(fact, version))
        if claimed is not None:
            claimed.status, claimed.body = answer.status, answer.body
            claimed.save(update_fields=["status", "body"])
        return answer
