"""Writes for the office's own work: atomic and attributed."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import create_once, unique_race_as
from municipalities.models import Office

from .models import Event, FeedToken, Nomination, PlanVersion, StatusMeeting
from .sections import SECTION_KEYS


@transaction.atomic
def plan_version_create(*, office: Office, sections: dict[str, str], user) -> PlanVersion:
    """Save a revision as a new draft version numbered after the office's latest."""
    # Lock the office row so two revisions saved at once get distinct numbers.
    Office.objects.select_for_update().filter(pk=office.pk).first()
    latest = PlanVersion.objects.filter(office=office).aggregate(n=Max("number"))["n"] or 0
    version = PlanVersion(office=office, number=latest + 1, created_by=user, created_at=timezone.now())
    for key in SECTION_KEYS:
        setattr(version, key, sections.get(key, ""))
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def plan_version_publish(*, version: PlanVersion, user) -> bool:
    """Publish a draft; False when it was already published (nothing changes)."""
    locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if locked.published_at is not None:
        return False
    locked.published_at = timezone.now()
    locked.published_by = user
    locked.save(update_fields=["published_at", "published_by"])
    version.published_at, version.published_by = locked.published_at, user
    return True


@transaction.atomic
def feed_token_create(*, user) -> FeedToken:
    return FeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def feed_token_revoke(*, token: FeedToken) -> bool:
    locked = FeedToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    return True


@transaction.atomic
def event_save(*, form, user) -> Event:
    """Save a validated event form; a new event is attributed to the user, and the same form submitted twice
    (its one-time token) creates one event."""
    event: Event = form.save(commit=False)
    if event.pk is not None:
        event.save()
        return event

    def create() -> Event:
        event.created_by = user
        event.submission = form.submission_token or None
        event.save()
        return event

    return create_once(Event.objects.filter(office=event.office), token=form.submission_token, create=create)[0]


@transaction.atomic
def nomination_save(*, form, user) -> Nomination:
    """Save a validated nomination form; a new nomination is attributed to the user. A nomination for the same
    county and year saved at the same moment by someone else is a form error (ValidationError), not a 500."""
    nomination: Nomination = form.save(commit=False)
    if nomination.pk is None:
        nomination.created_by = user
    with unique_race_as({"county": _("Fylket har allerede en nominert kommune dette året.")}):
        nomination.save()
    return nomination


@transaction.atomic
def event_delete(*, event: Event) -> None:
    event.delete()


@transaction.atomic
def meeting_save(*, form, formset, user) -> StatusMeeting:
    """Save a validated meeting form and its follow-up formset together, attributed to the user."""
    meeting: StatusMeeting = form.save(commit=False)
    now = timezone.now()
    if meeting.pk is None:
        meeting.created_by = user
        meeting.created_at = now
    meeting.updated_by = user
    meeting.updated_at = now
    meeting.save()
    formset.instance = meeting
    formset.save()
    return meeting
