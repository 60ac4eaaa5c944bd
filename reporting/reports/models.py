"""The office reports: the one mutable report row per office and period, and its append-only history (texts,
submissions with their frozen snapshots, transitions), and the deadline reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel
from reporting.periods.models import ReportingPeriod

TEXT_MAX_LENGTH = 20_000  # per section; a longer text is refused with a message, never cut


class Report(models.Model):
    """An office's report for a period: its state, and the number of submissions so far.

    The only mutable row of a report; every change of state is also an append-only ReportTransition, every
    saved text a ReportText, every submission a ReportSubmission with its frozen snapshot. Writers lock this
    row (select_for_update), so a text save racing a submission lands before the snapshot or is refused.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke påbegynt")
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        RETURNED = "returned", _("Sendt tilbake")
        ACCEPTED = "accepted", _("Godkjent")

    # The state groups, defined here only. Submitted-like: the latest submission's snapshot is what counts (a
    # returned report counts as live again until it is submitted anew). Open: the office may write and submit.
    SUBMITTED_STATES: tuple[str, ...] = (Status.SUBMITTED, Status.ACCEPTED)
    OPEN_STATES: tuple[str, ...] = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_changed_at = models.DateTimeField(_("status endret"), default=timezone.now)
    version = models.PositiveIntegerField(_("antall innsendinger"), default=0)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["period__reference_date", "office__position"]
        constraints = [
            models.UniqueConstraint(fields=["office", "period"], name="report_unique_per_office_period"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "draft"]) | Q(version__gte=1),
                name="report_submitted_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.period_id}: {self.status}"

    @classmethod
    def is_submitted_state(cls, status: str) -> bool:
        return status in cls.SUBMITTED_STATES

    @classmethod
    def is_open_state(cls, status: str) -> bool:
        return status in cls.OPEN_STATES

    @classmethod
    def status_label(cls, status: str) -> str:
        """The state's Norwegian name (an unknown stored value is shown as it is)."""
        return str(cls.Status(status).label) if status in cls.Status.values else status


class ReportText(AppendOnlyModel):
    """One saved text of a report section (append-only: every autosave is kept; the latest is the draft).

    `round` is the report's number of submissions when the text was typed: a POST from an earlier round
    (replayed after a submission) is refused. The `examples` section also stores the chosen GoodExample ids.
    """

    save_refusal = "Append-only: save a new text instead."

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="texts")
    section = models.CharField(_("tekstdel"), max_length=20)
    text = models.TextField(_("tekst"), max_length=TEXT_MAX_LENGTH, blank=True)
    example_ids = models.JSONField(_("valgte eksempler"), default=list, blank=True)
    round = models.PositiveIntegerField(default=0)
    autosave = models.BooleanField(default=False)
    saved_at = models.DateTimeField(_("lagret"), default=timezone.now, db_index=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rapporttekst")
        verbose_name_plural = _("rapporttekster")
        ordering = ["saved_at", "id"]
        indexes = [models.Index(fields=["report", "section", "saved_at"], name="report_text_latest_idx")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.section} {self.saved_at:%Y-%m-%d %H:%M}"


class ReportSubmission(AppendOnlyModel):
    """One submitted version of a report with its frozen snapshot (append-only, never changed).

    `data` is the package's complete description (reporting.package_data.PackageData.to_json()); `figures`,
    `texts`, `example_ids`, `plan_version` are what the report pages show, frozen at the same moment.
    """

    save_refusal = "Append-only: a submission is never changed."

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveIntegerField(_("versjon"))
    submitted_at = models.DateTimeField(_("sendt inn"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sendt inn av"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("per dato"))
    known_at = models.DateTimeField(_("kjent per"))
    figures = models.JSONField(_("tall"), default=dict)
    texts = models.JSONField(_("tekster"), default=dict)
    example_ids = models.JSONField(_("valgte eksempler"), default=list)
    examples = models.JSONField(_("eksempler"), default=list)
    plan = models.JSONField(_("regional plan"), null=True, blank=True)
    data = models.JSONField(_("øyeblikksbilde"), default=dict)

    class Meta:
        verbose_name = _("innsendt rapportversjon")
        verbose_name_plural = _("innsendte rapportversjoner")
        ordering = ["report", "version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="report_submission_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_submission_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version}"


class ReportTransition(AppendOnlyModel):
    """One change of a report's state: who, when, why (append-only)."""

    save_refusal = "Append-only: record a new transition instead."

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("fra"), max_length=20, choices=Report.Status.choices)
    to_status = models.CharField(_("til"), max_length=20, choices=Report.Status.choices)
    version = models.PositiveIntegerField(_("versjon"), default=0)
    comment = models.TextField(_("begrunnelse"), max_length=5000, blank=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("av"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statusendring for rapport")
        verbose_name_plural = _("statusendringer for rapporter")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class ReportReminder(models.Model):
    """A deadline reminder sent to an office for a period: at most one per office, period and kind."""

    office = models.ForeignKey("municipalities.Office", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    days_before = models.PositiveSmallIntegerField(_("dager før fristen"))
    sent_on = models.DateField(_("sendt dato"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("mottakere"), default=0)

    class Meta:
        verbose_name = _("påminnelse om rapportfrist")
        verbose_name_plural = _("påminnelser om rapportfrist")
        constraints = [
            models.UniqueConstraint(fields=["office", "period", "days_before"], name="report_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.period_id} −{self.days_before}"
