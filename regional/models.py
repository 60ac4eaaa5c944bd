"""The office's own reform work: implementation plan versions, events, calendar feed tokens, prize
nominations and monthly status meetings with the directorate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import submission_field

from .sections import SECTION_KEYS, SECTION_MAX_LENGTH, SECTIONS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PlanVersion(models.Model):
    """One version of an office's regional implementation plan (regional gjennomføringsplan).

    A revision is always a new row; earlier versions stay as they were. A version is a draft (visible to its
    own office only) until the office publishes it.
    """

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="plan_versions"
    )
    number = models.PositiveIntegerField(_("versjon"))
    common_progress = models.TextField(SECTIONS[0].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    roles = models.TextField(SECTIONS[1].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    other_actors = models.TextField(SECTIONS[2].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    involvement = models.TextField(SECTIONS[3].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    cooperation = models.TextField(SECTIONS[4].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    networks = models.TextField(SECTIONS[5].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    communication = models.TextField(SECTIONS[6].heading, max_length=SECTION_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("lagret"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lagret av"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisert av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("planversjon")
        verbose_name_plural = _("planversjoner")
        ordering = ["office__position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="plan_version_number_unique_in_office"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(published_by__isnull=False),
                name="plan_version_published_has_publisher",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def sections(self) -> list[tuple]:
        """(section, text) pairs in the plan's order."""
        return [(section, getattr(self, section.key)) for section in SECTIONS]

    def section_texts(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in SECTION_KEYS}


class Event(models.Model):
    """A conference or seminar the regional support apparatus holds with the municipalities."""

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="events"
    )
    start = models.DateTimeField(_("starter"))
    end = models.DateTimeField(_("slutter"))
    title = models.CharField(_("tittel"), max_length=200)
    target_group = models.CharField(_("målgruppe"), max_length=300)
    theme = models.CharField(_("hovedtema"), max_length=300)
    hdir_wanted = models.BooleanField(
        _("deltakelse fra Helsedirektoratet ønskes"),
        default=False,
    )
    ministry_wanted = models.BooleanField(
        _("deltakelse fra HOD/politisk ledelse ønskes"),
        default=False,
    )
    place = models.CharField(
        _("sted eller lenke"), max_length=500, help_text=_("Adressen, eller lenken til et digitalt arrangement.")
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )
    submission = submission_field()

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="event_ends_after_start",
                violation_error_message=_("Arrangementet kan ikke slutte før det starter."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Arrangementet kan ikke slutte før det starter.")})

    @property
    def participation_wanted(self) -> bool:
        return self.hdir_wanted or self.ministry_wanted


class FeedToken(models.Model):
    """The secret in a user's calendar feed URL. A calendar client cannot log in; the user can revoke it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="feed_tokens"
    )
    token = models.CharField(_("nøkkel"), max_length=64, unique=True)
    created = models.DateTimeField(_("opprettet"), default=timezone.now)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderlenke")
        verbose_name_plural = _("kalenderlenker")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"feed token {self.pk} of {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Nomination(models.Model):
    """The office's candidate for the Leve hele livet prize: one municipality per county and year."""

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    county = models.ForeignKey(
        "municipalities.County", verbose_name=_("fylke"), on_delete=models.PROTECT, related_name="nominations"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="+"
    )
    justification = models.TextField(_("begrunnelse"), max_length=5000)
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("nominasjon")
        verbose_name_plural = _("nominasjoner")
        ordering = ["year", "county__number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "county"],
                name="nomination_one_per_county_and_year",
                violation_error_message=_("Fylket har allerede en nominert kommune dette året."),
            ),
            models.CheckConstraint(condition=Q(year__gte=2019) & Q(year__lte=2100), name="nomination_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.county_id}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        county = self.county if self.county_id else None
        if county is not None and self.office_id and county.office_id != self.office_id:
            errors["county"] = _("Fylket hører ikke til embetet.")
        if county is not None and self.municipality_id and self.municipality.county_id != county.pk:
            errors["municipality"] = _("Kommunen ligger ikke i %(county)s.") % {"county": county.name}
        if errors:
            raise ValidationError(errors)


class StatusMeeting(models.Model):
    """A monthly status meeting between the directorate and one office; the directorate writes the minutes."""

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="status_meetings"
    )
    date = models.DateField(_("dato"))
    participants = models.TextField(_("deltakere"), max_length=2000, blank=True)
    minutes = models.TextField(_("referat"), max_length=20000, blank=True)
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("sist endret"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sist endret av"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("statusmøte")
        verbose_name_plural = _("statusmøter")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.office_id} {self.date}"


class FollowUp(models.Model):
    """A follow-up point from a status meeting."""

    meeting = models.ForeignKey(
        StatusMeeting, verbose_name=_("statusmøte"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("oppfølgingspunkt"), max_length=500)
    done = models.BooleanField(_("utført"), default=False)

    class Meta:
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text
