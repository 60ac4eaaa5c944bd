"""E-mails to the municipalities' contacts, in each contact's written standard (bokmål or nynorsk), and the
notice to the office when a municipality has answered. Django's mail only; a mail server problem is logged,
never turned into an error for the change that caused it (the round overview shows what was not sent)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Invitation, Round
from .tokens import LINK_PREFIX

logger = logging.getLogger("lhl.selfreport")


def link_url(token: str) -> str:
    """The personal link: `<PORTAL_BASE_URL>/svar/<token>/` (a path when no base is set)."""
    return f"{settings.PORTAL_BASE_URL}{LINK_PREFIX}{token}/"


def office_name(round_: Round) -> str:
    """«Statsforvalteren i …» in the active language."""
    return _("Statsforvalteren i %(region)s") % {"region": round_.office.region}


def _date(value) -> str:
    return formats.date_format(value, "j. F Y")


def _recipient(invitation: Invitation) -> str:
    """The contact's address (the callers never mail an invitation whose contact was deleted)."""
    assert invitation.contact is not None
    return invitation.contact.email


def _send(subject: str, body: str, recipient: str, *, what: str) -> bool:
    try:
        return bool(send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False))
    except Exception:  # the change is committed; the overview offers to send again
        logger.exception("self-report mail (%s) to invitation could not be sent", what)
        return False


def _signature(round_: Round) -> str:
    sender = round_.created_by
    office = office_name(round_)
    if sender.email and sender.role == User.Role.OFFICE_STAFF:
        who = sender.get_full_name() or sender.username
        return _("Spørsmål? Kontakt %(who)s (%(email)s), %(office)s.") % {
            "who": who,
            "email": sender.email,
            "office": office,
        }
    return _("Spørsmål? Kontakt %(office)s.") % {"office": office}


def invitation_mail_send(*, invitation: Invitation, token: str, reminder_days: int | None = None) -> bool:
    """The invitation (or a reminder, or a new link sent again) with the personal link."""
    round_ = invitation.round
    with translation.override(invitation.language):
        names = {
            "municipality": invitation.municipality.name,
            "deadline": _date(round_.deadline),
            "office": office_name(round_),
            "name": invitation.contact_name,
            "expires": _date(round_.expires_on),
            "days": reminder_days,
        }
        if reminder_days is None:
            subject = _("Leve hele livet: bekreft statusen for %(municipality)s innen %(deadline)s") % names
        else:
            subject = _("Påminnelse: bekreft statusen for %(municipality)s innen %(deadline)s") % names
        parts = [
            _("Hei %(name)s,") % names,
            _(
                "%(office)s ber %(municipality)s kommune se over det som er registrert om arbeidet med Leve hele "
                "livet, og rette det som ikke stemmer."
            )
            % names,
        ]
        if reminder_days is not None:
            parts.append(_("Det er %(days)s dager igjen til fristen, og vi har ikke fått svaret ennå.") % names)
        if round_.message:
            parts.append(round_.message)
        parts += [
            _("Åpne lenken for å svare. Du trenger ikke brukernavn eller passord:") + "\n" + link_url(token),
            _(
                "Svarfristen er %(deadline)s. Du kan lagre underveis og fortsette senere med den samme lenken. "
                "Lenken er personlig, så ikke send den videre. Den virker til og med %(expires)s."
            )
            % names,
        ]
        if reminder_days is not None:
            parts.append(_("Lenker i tidligere e-poster virker ikke lenger. Bruk lenken i denne e-posten."))
        parts.append(_signature(round_))
        body = "\n\n".join(parts) + "\n"
    return _send(subject, body, _recipient(invitation), what="reminder" if reminder_days else "invitation")


def returned_mail_send(*, invitation: Invitation, token: str, comment: str) -> bool:
    round_ = invitation.round
    with translation.override(invitation.language):
        names = {"municipality": invitation.municipality.name, "office": office_name(round_)}
        subject = _("Leve hele livet: %(office)s har sendt tilbake deler av svaret") % names
        parts = [
            _("Hei %(name)s,") % {"name": invitation.contact_name},
            _(
                "%(office)s har gått gjennom svaret fra %(municipality)s kommune og ber deg se på noen av "
                "punktene igjen. Kommentar:"
            )
            % names,
            comment,
            _("Åpne lenken for å rette og sende inn på nytt:") + "\n" + link_url(token),
            _("Lenker i tidligere e-poster virker ikke lenger. Bruk lenken i denne e-posten."),
            _signature(round_),
        ]
        body = "\n\n".join(parts) + "\n"
    return _send(subject, body, _recipient(invitation), what="returned")


def accepted_mail_send(*, invitation: Invitation) -> bool:
    round_ = invitation.round
    with translation.override(invitation.language):
        names = {"municipality": invitation.municipality.name, "office": office_name(round_)}
        subject = _("Leve hele livet: svaret fra %(municipality)s er godkjent") % names
        body = (
            "\n\n".join(
                [
                    _("Hei %(name)s,") % {"name": invitation.contact_name},
                    _(
                        "%(office)s har godkjent svaret fra %(municipality)s kommune. Takk for hjelpen! Du trenger "
                        "ikke gjøre noe mer."
                    )
                    % names,
                    _signature(round_),
                ]
            )
            + "\n"
        )
    return _send(subject, body, _recipient(invitation), what="accepted")


def submitted_notice_send(*, invitation: Invitation) -> int:
    """Tell the office's staff that a municipality has answered (bokmål: the office's pages are)."""
    round_ = invitation.round
    recipients = list(
        User.objects.filter(office_id=round_.office_id, is_active=True, role=User.Role.OFFICE_STAFF)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    path = reverse("selfreport:review", args=[round_.office.slug, round_.pk, invitation.pk])
    names = {"municipality": invitation.municipality.name}
    subject = _("%(municipality)s har svart i statusrunden") % names
    body = _("%(municipality)s kommune har sendt inn svaret sitt. Gå gjennom det her:") % names
    try:
        return send_mail(
            subject, f"{body}\n\n{settings.PORTAL_BASE_URL}{path}\n", settings.DEFAULT_FROM_EMAIL, recipients
        )
    except Exception:
        logger.exception("self-report notice to the office could not be sent")
        return 0
