"""Municipalities reporting their own status: contact persons, status rounds, personal links and responses.

- A **contact** is a person at a municipality (personal data: read by their own office and the directorate
  only, corrected or deleted by the office). Every change is in `ContactChange`, without the personal data.
- A **round** asks some or all of an office's municipalities to confirm or update their status by a deadline.
  Each contact gets an **invitation** (one per contact and round) and a personal **link**: only the hash of its
  secret is stored; at most one link of an invitation is live (a resend or reminder replaces it); the office
  can revoke the invitation; links expire `ROUND_LINK_GRACE_DAYS` after the deadline.
- A **response** belongs to one invitation. Its **items** are what the contact changed (a fact, in the
  registry's codes, or a good example); the office accepts or returns each item. Nothing a municipality sends
  is a status fact until the office accepts it (then the item points at the fact it became).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel, submission_field


class Language(models.TextChoices):
    """The municipality's written standard: its e-mails and pages follow the contact's."""

    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class Contact(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    role = models.CharField(
        _("rolle"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Leve hele livet-koordinator» eller «kommunalsjef helse og omsorg»."),
    )
    language = models.CharField(
        _("målform"),
        max_length=2,
        choices=Language,
        default=Language.BOKMAL,
        help_text=_("E-poster og sidene kommunen svarer på, er på denne målformen."),
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("sist endret"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission = submission_field()

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["municipality__number", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "municipality",
                name="contact_email_once_per_municipality",
                violation_error_message=_("Kommunen har allerede en kontaktperson med denne e-postadressen."),
            ),
            models.CheckConstraint(condition=Q(language__in=["nb", "nn"]), name="contact_language_nb_or_nn"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactChange(AppendOnlyModel):
    """Who created, changed or deleted which contact, when (no personal data: it outlives a deletion)."""

    class Action(models.TextChoices):
        CREATED = "created", _("opprettet")
        CHANGED = "changed", _("endret")
        DELETED = "deleted", _("slettet")

    save_refusal = "Append-only: a contact change is recorded once."

    contact_id_at_change = models.PositiveBigIntegerField(_("kontaktperson (id)"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    fields = models.CharField(_("felt"), max_length=200, blank=True)
    source = models.CharField(_("kilde"), max_length=20, default="form")
    changed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("endring av kontaktperson")
        verbose_name_plural = _("endringer av kontaktpersoner")
        ordering = ["-changed_at", "-id"]


class Round(models.Model):
    """A status round: an office asks some or all of its municipalities to confirm their status by a deadline."""

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="status_rounds"
    )
    deadline = models.DateField(_("svarfrist"))
    message = models.TextField(_("melding til kommunene"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("startet"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission = submission_field()

    class Meta:
        verbose_name = _("statusrunde")
        verbose_name_plural = _("statusrunder")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.office.slug} {self.deadline.isoformat()}"

    @property
    def expires_on(self) -> datetime.date:
        """The last day its links open: the deadline plus ROUND_LINK_GRACE_DAYS."""
        return self.deadline + datetime.timedelta(days=settings.ROUND_LINK_GRACE_DAYS)

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.expires_on


class Invitation(models.Model):
    """One contact asked in one round. Kept when the contact is deleted (with the name they were asked by),
    since accepted facts are attributed to it."""

    round = models.ForeignKey(Round, verbose_name=_("runde"), on_delete=models.PROTECT, related_name="invitations")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("kontaktperson"), on_delete=models.SET_NULL, null=True, related_name="invitations"
    )
    contact_name = models.CharField(_("navn"), max_length=200)
    language = models.CharField(_("målform"), max_length=2, choices=Language, default=Language.BOKMAL)
    opened_at = models.DateTimeField(_("først åpnet"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["municipality__number", "contact_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "contact"], name="invitation_one_per_contact_and_round"),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.municipality_id})"


class InvitationLink(models.Model):
    """A personal link's secret, stored only as its SHA-256. At most one live link per invitation."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitasjon")
        RESENT = "resent", _("sendt på nytt")
        REMINDER = "reminder", _("påminnelse")
        RETURNED = "returned", _("sendt tilbake")

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("anledning"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(_("erstattet"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("sendt på e-post"), null=True, blank=True)

    class Meta:
        verbose_name = _("personlig lenke")
        verbose_name_plural = _("personlige lenker")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"], condition=Q(replaced_at__isnull=True), name="invitation_one_live_link"
            ),
        ]


class RoundReminder(models.Model):
    """A reminder sent for an invitation N days before the deadline: recorded once, so a rerun sends none."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "days_before"], name="round_reminder_once"),
        ]


class Response(models.Model):
    """A contact's answer in a round: a draft until submitted; the office accepts it or returns parts of it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("utkast")
        SUBMITTED = "submitted", _("sendt inn")
        RETURNED = "returned", _("sendt tilbake")
        ACCEPTED = "accepted", _("godkjent")

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="response")
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices, default=State.DRAFT)
    comment = models.TextField(_("kommentar til statsforvalteren"), max_length=2000, blank=True)
    saved_at = models.DateTimeField(_("sist lagret"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("kommentar fra statsforvalteren"), max_length=2000, blank=True)
    # Bumped by every save, submission and review: a stale form (another tab, a replayed POST) is detected.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self) -> str:
        return f"response {self.pk} ({self.state})"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class ResponseItem(models.Model):
    """One change a contact proposes: a fact (kind = its registry code, key = its detail for keyed facts) or a
    good example (kind "example"). `data` holds what they gave, as text, for the registry's input builder."""

    class State(models.TextChoices):
        PENDING = "pending", _("venter")
        ACCEPTED = "accepted", _("godkjent")
        RETURNED = "returned", _("sendt tilbake")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=120, blank=True)
    data = models.JSONField(default=dict)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fact = models.OneToOneField(
        "municipalities.StatusFact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    example = models.OneToOneField(
        "municipalities.GoodExample", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "kind", "key"], name="response_item_once"),
        ]


class ResponseEvent(AppendOnlyModel):
    """What happened to a response, when and by whom (the contact's submissions have no user)."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("sendt inn")
        RETURNED = "returned", _("sendt tilbake")
        ACCEPTED = "accepted", _("godkjent")

    save_refusal = "Append-only: an event is recorded once."

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(max_length=2000, blank=True)
    accepted = models.PositiveSmallIntegerField(default=0)
    returned = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]
