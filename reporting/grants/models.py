"""The grant schemes per year and the offices' grant-priority confirmations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel, submission_field

FIRST_GRANT_YEAR, LAST_GRANT_YEAR = 2021, 2023  # seed 003: "fra og med 2021"; the reform runs to 2023


class GrantScheme(models.Model):
    """A grant scheme (tilskuddsordning) of a year in which the four criteria give priority (seed 003)."""

    class Rule(models.TextChoices):
        LEVE_HELE_LIVET = "leve-hele-livet", _("Prioritering etter Leve hele livet-kriteriene")
        ANNOUNCED = "announced", _("Plankrav varslet")

    year = models.PositiveSmallIntegerField(_("år"))
    kap = models.PositiveSmallIntegerField(_("kapittel"))
    post = models.PositiveSmallIntegerField(_("post"))
    name = models.CharField(_("navn"), max_length=300)
    priority_rule = models.CharField(_("prioriteringsregel"), max_length=20, choices=Rule.choices)
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    changed_at = models.DateTimeField(_("sist endret"), default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("tilskuddsordning")
        verbose_name_plural = _("tilskuddsordninger")
        ordering = ["year", "priority_rule", "kap", "post", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kap", "post", "name"],
                name="grant_scheme_unique",
                violation_error_message=_("Ordningen finnes allerede for dette året."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_GRANT_YEAR, year__lte=LAST_GRANT_YEAR),
                name="grant_scheme_year",
                violation_error_message=_("Året må være mellom 2021 og 2023."),
            ),
        ]

    def __str__(self) -> str:
        return f"kap. {self.kap} post {self.post} {self.name}"


class GrantConfirmation(AppendOnlyModel):
    """An office's confirmation or override of one municipality's grant-priority proposal for a year.

    Append-only: a new confirmation replaces the previous one; the latest applies whatever the as-of date.
    It stores the four criterion values it saw, so a later change of status makes it stale.
    """

    save_refusal = "Append-only: record a new confirmation instead."

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="grant_confirmations",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    confirmed = models.BooleanField(_("prioriteres"))
    reason = models.CharField(_("begrunnelse"), max_length=1000)
    as_of = models.DateField(_("vurdert per"))
    criterion_1 = models.BooleanField()
    criterion_2 = models.BooleanField()
    criterion_3 = models.BooleanField()
    criterion_4 = models.BooleanField()
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )
    submission = submission_field()

    class Meta:
        verbose_name = _("bekreftet tilskuddsprioritering")
        verbose_name_plural = _("bekreftede tilskuddsprioriteringer")
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["year", "municipality", "recorded_at"], name="grant_conf_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_GRANT_YEAR, year__lte=LAST_GRANT_YEAR), name="grant_conf_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}: {'yes' if self.confirmed else 'no'}"

    @property
    def criteria(self) -> tuple[bool, bool, bool, bool]:
        return (self.criterion_1, self.criterion_2, self.criterion_3, self.criterion_4)
