"""The municipality's writes: saving a draft and submitting it. Nothing here records a status fact; the office
decides (review.py). Every save is checked against the version the form was loaded with, so a second tab or a
replayed POST cannot overwrite a newer save or change a submitted response."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .mail import submitted_notice_send
from .models import Invitation, Response, ResponseEvent, ResponseItem


class ResponseRefused(Exception):
    """The save cannot be made (the message says why, in the contact's language)."""


@transaction.atomic
def response_save(
    *,
    invitation: Invitation,
    changes: list[tuple[str, str, dict[str, str]]],
    comment: str,
    expected_version: int | None,
    submit: bool,
) -> Response:
    """Store the contact's changes (replacing the items not yet accepted) and, with `submit`, send them to the
    office. Refused when the response was changed since the form was loaded or is with the office."""
    response, _created = Response.objects.select_for_update().get_or_create(invitation=invitation)
    if not response.editable:
        raise ResponseRefused(_("Svaret er allerede sendt inn. Statsforvalteren går gjennom det nå."))
    if expected_version is None or expected_version != response.version:
        raise ResponseRefused(
            _(
                "Svaret er endret et annet sted (for eksempel i en annen fane) siden du åpnet siden. "
                "Se over og lagre på nytt."
            )
        )
    accepted = set(response.items.filter(state=ResponseItem.State.ACCEPTED).values_list("kind", "key"))
    response.items.exclude(state=ResponseItem.State.ACCEPTED).delete()
    ResponseItem.objects.bulk_create(
        ResponseItem(response=response, kind=kind, key=key, data=data)
        for kind, key, data in changes
        if (kind, key) not in accepted
    )
    now = timezone.now()
    response.comment = comment
    response.saved_at = now
    fields = ["comment", "saved_at", "version"]
    if submit:
        response.state = Response.State.SUBMITTED
        response.submitted_at = now
        fields += ["state", "submitted_at"]
        ResponseEvent(response=response, action=ResponseEvent.Action.SUBMITTED, at=now).save()
        transaction.on_commit(lambda: submitted_notice_send(invitation=invitation))
    response.version = F("version") + 1
    response.full_clean(exclude=["invitation", "version"])
    response.save(update_fields=fields)
    response.refresh_from_db()
    return response


def invitation_opened(*, invitation: Invitation) -> None:
    """The first visit through a link (what the round overview shows as «opened»)."""
    Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=timezone.now())
