"""The directorate's annual summary: the one mutable row per year, and its append-only history (texts,
final versions with their frozen data, transitions).

States: draft (the first saved text creates the row) → final (a version with its data frozen, its document
built once by a job and stored) → draft again when the directorate reopens it with a reason, and so on. A
draft is the directorate's alone; the latest final version is readable by the offices too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEXT_MAX_LENGTH = 20_000  # per section; a longer text is refused with a message, never cut

# The directorate's own sections, in document order, with their Norwegian headings.
SECTIONS: dict[str, StrOrPromise] = {
    "summary": _("Sammendrag"),
    "assessment": _("Helsedirektoratets vurdering"),
    "next_steps": _("Videre arbeid"),
}
# The chosen good examples are kept as a text row of their own (its `example_ids`).
EXAMPLES_SECTION = "examples"


class AnnualSummary(models.Model):
    """The summary of one year: its state and the number of final versions so far.

    The only mutable row; writers lock it (select_for_update), so a save racing a finalisation lands before the
    data is frozen or is refused.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        FINAL = "final", _("Ferdigstilt")

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(_("status endret"), default=timezone.now)
    version = models.PositiveIntegerField(_("antall ferdigstilte versjoner"), default=0)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(version__gte=1),
                name="summary_final_has_version",
                violation_error_message=_("En ferdigstilt årsrapport har minst én versjon."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2018) & Q(year__lte=2035),
                name="summary_year_range",
                violation_error_message=_("Året må være mellom 2018 og 2035."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class SummaryText(AppendOnlyModel):
    """One saved text of a section (append-only: every autosave is kept; the latest is the draft).

    `round` is the summary's number of final versions when the text was typed: a POST from an earlier round
    (replayed after a finalisation) is refused. The examples row holds the chosen GoodExample ids.
    """

    save_refusal = "Append-only: save a new text instead."

    summary = models.ForeignKey(AnnualSummary, on_delete=models.PROTECT, related_name="texts")
    section = models.CharField(_("tekstdel"), max_length=20)
    text = models.TextField(_("tekst"), max_length=TEXT_MAX_LENGTH, blank=True)
    example_ids = models.JSONField(_("valgte eksempler"), default=list, blank=True)
    round = models.PositiveIntegerField(default=0)
    autosave = models.BooleanField(default=False)
    saved_at = models.DateTimeField(_("lagret"), default=timezone.now, db_index=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tekst i årsrapport")
        verbose_name_plural = _("tekster i årsrapporter")
        ordering = ["saved_at", "id"]
        indexes = [models.Index(fields=["summary", "section", "saved_at"], name="summary_text_latest_idx")]

    def __str__(self) -> str:
        return f"{self.summary_id}/{self.section} {self.saved_at:%Y-%m-%d %H:%M}"


class SummaryVersion(AppendOnlyModel):
    """One final version: everything the document shows, frozen when it was marked final (never changed).

    `data` is `summary.data.SummaryData.to_json()`; the version's document is rendered from it alone, so a
    rebuild gives the same bytes as the stored file.
    """

    save_refusal = "Append-only: a final version is never changed."

    summary = models.ForeignKey(AnnualSummary, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("versjon"))
    finalised_at = models.DateTimeField(_("ferdigstilt"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ferdigstilt av"), on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(_("innhold"), default=dict)

    class Meta:
        verbose_name = _("ferdigstilt versjon av årsrapport")
        verbose_name_plural = _("ferdigstilte versjoner av årsrapporter")
        ordering = ["summary", "version"]
        constraints = [
            models.UniqueConstraint(fields=["summary", "version"], name="summary_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="summary_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.summary_id} v{self.version}"


class SummaryTransition(AppendOnlyModel):
    """One change of the summary's state: who, when, why (append-only)."""

    save_refusal = "Append-only: record a new transition instead."

    summary = models.ForeignKey(AnnualSummary, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("fra"), max_length=20, choices=AnnualSummary.Status.choices)
    to_status = models.CharField(_("til"), max_length=20, choices=AnnualSummary.Status.choices)
    version = models.PositiveIntegerField(_("versjon"), default=0)
    comment = models.TextField(_("begrunnelse"), max_length=5000, blank=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("av"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statusendring for årsrapport")
        verbose_name_plural = _("statusendringer for årsrapporter")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.summary_id}: {self.from_status} → {self.to_status}"
