"""Writes to the status record: every one atomic, attributed, and append-only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.models import create_once

from .facts import FactRetraction, GoodExample, StatusConfirmation, StatusFact
from .models import Municipality


class StaleStatusError(Exception):
    """The municipality's status changed since the form or sheet was loaded."""

    def __init__(self, municipality: Municipality, expected: int, current: int):
        super().__init__(f"{municipality.number}: version {expected} is stale (now {current})")
        self.municipality = municipality
        self.expected = expected
        self.current = current


class NetworkRef(Protocol):
    """A network as the status layer sees it (networks.Network): no networks module is imported here."""

    name: str

    @property
    def qualified_slug(self) -> str: ...


@dataclass
class FactInput:
    """One fact to record, as a form, import or sheet produced it (not yet validated)."""

    municipality: Municipality
    fact: str
    value: str
    effective_date: datetime.date
    detail: str = ""
    target_date: datetime.date | None = None
    link: str = ""
    note: str = ""
    meeting_format: str = ""
    participants: str = ""
    network: NetworkRef | None = None  # the network of a network fact (fact_builder resolves it from detail)
    extra: dict = field(default_factory=dict)

    def stored_fields(self) -> dict:
        """The StatusFact fields this input sets (a network fact's detail is the network's qualified slug)."""
        return {
            "municipality": self.municipality,
            "fact": self.fact,
            "value": self.value,
            "detail": self.network.qualified_slug if self.network is not None else self.detail,
            "effective_date": self.effective_date,
            "target_date": self.target_date,
            "link": self.link,
            "note": self.note,
            "meeting_format": self.meeting_format,
            "participants": self.participants,
            "network": self.network,
        }


def _bump_versions(*, expected: dict[int, int | None]) -> None:
    """Advance each municipality's status version; a stale expected version aborts the transaction."""
    for municipality_id, version in sorted(expected.items()):
        qs = Municipality.objects.filter(pk=municipality_id)
        if version is not None:
            qs = qs.filter(status_version=version)
        if qs.update(status_version=F("status_version") + 1) != 1:
            municipality = Municipality.objects.get(pk=municipality_id)
            raise StaleStatusError(municipality, version or 0, municipality.status_version)


def _build(item: FactInput, *, user: User, source: str, now: datetime.datetime, reported_by: str) -> StatusFact:
    return StatusFact(**item.stored_fields(), recorded_at=now, recorded_by=user, source=source, reported_by=reported_by)


@transaction.atomic
def facts_record(
    *,
    items: list[FactInput],
    user: User,
    source: str,
    expected_versions: dict[int, int] | None = None,
    reported_by: str = "",
) -> list[StatusFact]:
    """Record facts in one transaction, in the given order (later rows win ties on the same date).

    `expected_versions` maps municipality id to the status version the user saw; a municipality whose
    version moved on raises StaleStatusError and nothing is written. `reported_by` names who reported the
    facts when `user` only accepted them (a municipality's own response: «<contact>, <municipality>»).
    """
    if not items:
        return []
    touched: dict[int, int | None] = {item.municipality.pk: None for item in items}
    for mid, version in (expected_versions or {}).items():
        if mid in touched:
            touched[mid] = version
    _bump_versions(expected=touched)
    now = timezone.now()
    facts = [_build(item, user=user, source=source, now=now, reported_by=reported_by) for item in items]
    for fact in facts:
        fact.full_clean(exclude=["recorded_by", "municipality", "network"])
    return StatusFact.objects.bulk_create(facts)


def fact_record(
    *, item: FactInput, user: User, source: str = "form", expected_version: int | None = None
) -> StatusFact:
    expected = {item.municipality.pk: expected_version} if expected_version is not None else None
    return facts_record(items=[item], user=user, source=source, expected_versions=expected)[0]


@transaction.atomic
def fact_retract(*, fact: StatusFact, reason: str, user: User, expected_version: int | None = None) -> FactRetraction:
    _bump_versions(expected={fact.municipality_id: expected_version})
    retraction = FactRetraction(fact=fact, reason=reason, recorded_by=user)
    retraction.full_clean(exclude=["fact", "recorded_by"])
    if FactRetraction.objects.filter(fact=fact).exists():
        raise ValueError(_("Opplysningen er allerede trukket tilbake."))
    retraction.save()
    return retraction


@transaction.atomic
def status_confirm(
    *, municipality: Municipality, user: User, source: str, changed: int, confirmed_on: datetime.date | None = None
) -> StatusConfirmation:
    """Record that a municipality confirmed its own status and `user` accepted it (with `changed` changes).

    The caller records the accepted changes' facts in the same transaction.
    """
    confirmation = StatusConfirmation(
        municipality=municipality,
        confirmed_on=confirmed_on or timezone.localdate(),
        changed=changed,
        recorded_by=user,
        source=source,
    )
    confirmation.full_clean(exclude=["municipality", "recorded_by"])
    confirmation.save()
    return confirmation


@transaction.atomic
def example_record(
    *, municipality: Municipality, user: User, example: GoodExample, submission: str = ""
) -> GoodExample:
    """Record a good example (filled in by GoodExampleForm) on a municipality, attributed to `user`. The same form
    submitted twice (`submission`, its one-time token) records one example."""

    def create() -> GoodExample:
        example.municipality = municipality
        example.recorded_by = user
        example.recorded_at = timezone.now()
        example.submission = submission or None
        example.full_clean(exclude=["submission"])
        example.save()
        return example

    return create_once(GoodExample.objects.filter(municipality=municipality), token=submission, create=create)[0]
