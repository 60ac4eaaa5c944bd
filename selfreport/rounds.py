"""Writes for status rounds: starting one (an invitation and a personal link per contact), sending a link
again, revoking an invitation, and the reminders before the deadline.

A link's secret exists only in memory: the e-mail that carries it is sent after the transaction commits, and
`start_round` prints it once. Issuing a link replaces the invitation's live one (the old address then shows a
page saying a newer e-mail was sent); revoking closes the invitation until a link is sent again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import system_actor
from common.models import create_once
from municipalities.models import Municipality, Office

from .mail import invitation_mail_send
from .models import Contact, Invitation, InvitationLink, Response, RoundReminder
from .models import Round as StatusRound
from .tokens import new_token, token_hash

logger = logging.getLogger("lhl.selfreport")

MESSAGE_LIMIT = 1000


class RoundRefused(Exception):
    """A round that cannot be started as asked (the message says why, in Norwegian)."""


@dataclass
class IssuedLink:
    invitation: Invitation
    token: str


def deadline_problem(deadline: datetime.date, *, today: datetime.date | None = None) -> str | None:
    today = today or timezone.localdate()
    if deadline < today:
        return _("svarfristen kan ikke være tilbake i tid")
    if deadline > today + datetime.timedelta(days=365):
        return _("svarfristen kan ikke være mer enn ett år fram i tid")
    return None


def _mark_emailed(link_id: int, sent: bool) -> None:
    if sent:
        InvitationLink.objects.filter(pk=link_id).update(emailed_at=timezone.now())


def _send_after_commit(issued: IssuedLink, link: InvitationLink, *, reminder_days: int | None = None) -> None:
    def send() -> None:
        sent = invitation_mail_send(invitation=issued.invitation, token=issued.token, reminder_days=reminder_days)
        _mark_emailed(link.pk, sent)

    transaction.on_commit(send)


def link_issue(*, invitation: Invitation, kind: str, user: User) -> tuple[IssuedLink, InvitationLink]:
    """A new personal link for the invitation, replacing its live one (the caller holds the transaction)."""
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    now = timezone.now()
    InvitationLink.objects.filter(invitation=invitation, replaced_at__isnull=True).update(replaced_at=now)
    token = new_token()
    link = InvitationLink.objects.create(
        invitation=invitation, token_hash=token_hash(token), kind=kind, created_at=now, created_by=user
    )
    return IssuedLink(invitation=invitation, token=token), link


@transaction.atomic
def round_start(
    *,
    office: Office,
    user: User,
    deadline: datetime.date,
    message: str = "",
    municipalities: Iterable[Municipality] | None = None,
    send_email: bool = True,
    submission: str = "",
) -> tuple[StatusRound, list[IssuedLink]]:
    """Start a round for some (or all) of the office's municipalities that have contacts: one invitation and
    one link per contact. E-mails go out after the commit unless `send_email` is off. A second submit of the
    same form (`submission`) starts nothing and answers with the round the first one started (no links)."""
    problem = deadline_problem(deadline)
    if problem:
        raise RoundRefused(problem)
    if len(message) > MESSAGE_LIMIT:
        raise RoundRefused(_("meldingen kan ha høyst %(limit)s tegn") % {"limit": MESSAGE_LIMIT})
    found = Contact.objects.filter(municipality__office=office).select_related("municipality")
    if municipalities is not None:
        chosen = {m.pk: m for m in municipalities}
        outside = sorted(m.number for m in chosen.values() if m.office_id != office.pk)
        if outside:
            raise RoundRefused(_("hører ikke til embetet: %(numbers)s") % {"numbers": ", ".join(outside)})
        found = found.filter(municipality__in=list(chosen))
        with_contacts = set(found.values_list("municipality_id", flat=True))
        missing = sorted(m.number for pk, m in chosen.items() if pk not in with_contacts)
        if missing:
            raise RoundRefused(_("mangler kontaktperson: %(numbers)s") % {"numbers": ", ".join(missing)})
    contacts = list(found.order_by("municipality__number", "name", "id"))
    if not contacts:
        raise RoundRefused(_("ingen av kommunene har kontaktpersoner"))
    issued: list[IssuedLink] = []

    def create() -> StatusRound:
        round_ = StatusRound(
            office=office, deadline=deadline, message=message.strip(), created_by=user, submission=submission or None
        )
        round_.full_clean()
        round_.save()
        issued.extend(_invite(round_, contacts, user=user, send_email=send_email))
        return round_

    round_, created = create_once(StatusRound.objects.filter(office=office), token=submission, create=create)
    return round_, issued if created else []


def _invite(round_: StatusRound, contacts: list[Contact], *, user: User, send_email: bool) -> list[IssuedLink]:
    issued = []
    for contact in contacts:
        invitation = Invitation.objects.create(
            round=round_,
            municipality=contact.municipality,
            contact=contact,
            contact_name=contact.name,
            language=contact.language,
        )
        one, link = link_issue(invitation=invitation, kind=InvitationLink.Kind.INVITATION, user=user)
        issued.append(one)
        if send_email:
            _send_after_commit(one, link)
    return issued


@transaction.atomic
def invitation_resend(*, invitation: Invitation, user: User) -> IssuedLink:
    """Send a new link (the old one stops working); reopens a revoked invitation."""
    if invitation.contact_id is None:
        raise RoundRefused(_("kontaktpersonen er slettet"))
    if invitation.round.is_expired():
        raise RoundRefused(_("runden er avsluttet, og lenkene virker ikke lenger"))
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=False).update(revoked_at=None, revoked_by=None)
    invitation.revoked_at = None
    issued, link = link_issue(invitation=invitation, kind=InvitationLink.Kind.RESENT, user=user)
    _send_after_commit(issued, link)
    return issued


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, user: User) -> bool:
    """Close the invitation: its links no longer open and a session it started ends. False if already closed."""
    updated = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    return bool(updated)


# --- reminders --------------------------------------------------------------------------------------------------

REMINDER_DAYS = (7, 2)
OPEN_STATES = (None, Response.State.DRAFT, Response.State.RETURNED)


def reminder_kind(days_left: int) -> int | None:
    """Which reminder is due with this many days left: the 7-day one from 7 to 3 days before, the 2-day one
    from 2 days before to the deadline itself (a missed day is caught up)."""
    if 0 <= days_left <= 2:
        return 2
    if 3 <= days_left <= 7:
        return 7
    return None


def round_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind every contact who has not submitted: a new link (replacing the old) in their language.
    Idempotent: each (invitation, reminder) is recorded once. Returns how many were reminded."""
    today = today or timezone.localdate()
    actor = system_actor()
    sent = 0
    rounds = StatusRound.objects.filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7))
    for round_ in rounds.select_related("office", "created_by"):
        kind = reminder_kind((round_.deadline - today).days)
        if kind is None:
            continue
        invitations = (
            round_.invitations.filter(revoked_at__isnull=True, contact__isnull=False)
            .exclude(reminders__days_before=kind)
            .select_related("contact", "municipality", "response")
        )
        for invitation in invitations:
            response = getattr(invitation, "response", None)
            if (response.state if response else None) not in OPEN_STATES:
                continue
            invitation.round = round_
            try:
                with transaction.atomic():
                    RoundReminder.objects.create(invitation=invitation, days_before=kind)
                    issued, link = link_issue(invitation=invitation, kind=InvitationLink.Kind.REMINDER, user=actor)
                    _send_after_commit(issued, link, reminder_days=(round_.deadline - today).days)
            except IntegrityError:  # another run recorded it first
                continue
            sent += 1
    return sent
