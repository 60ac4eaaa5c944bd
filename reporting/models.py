"""Reporting periods, the grant schemes per year, and the offices' grant-priority confirmations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel

PERIOD_SLUG_RE = r"^[a-z]+-[0-9]{4}$"  # e.g. autumn-2021, spring-2022

# The text sections a period may ask the offices for (issue 7 writes them), with their Norwegian names.
TEXT_SECTIONS = {
    "priorities": _("Prioriterte innsatsområder og løsninger"),
    "examples": _("Gode eksempler «fra plan til handling»"),
    "organisation": _("Hvordan embetet har organisert arbeidet"),
    "assessment": _("Kort vurdering av status opp mot målene"),
    "plan": _("Revidert regional gjennomføringsplan"),
}

FIRST_GRANT_YEAR, LAST_GRANT_YEAR = 2021, 2023  # seed 003: "fra og med 2021"; the reform runs to 2023


class ReportingPeriod(models.Model):
    """A period the offices report for: the figures and text sections asked for, as of a reference date."""

    slug = models.SlugField(
        _("kortnavn"),
        max_length=40,
        unique=True,
        help_text=_("Små bokstaver, bindestrek og årstall, for eksempel «spring-2022». Kan ikke endres senere."),
    )
    name = models.CharField(_("navn"), max_length=100, help_text=_("For eksempel «Våren 2022»."))
    reference_date = models.DateField(_("referansedato"), help_text=_("Tallene gjelder per denne datoen."))
    deadline = models.DateField(_("frist"))
    figures = models.JSONField(_("tall som rapporteres"), default=list, blank=True)
    sections = models.JSONField(_("tekstdeler som rapporteres"), default=list, blank=True)
    changed_at = models.DateTimeField(_("sist endret"), default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("rapporteringsperiode")
        verbose_name_plural = _("rapporteringsperioder")
        ordering = ["reference_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slug__regex=PERIOD_SLUG_RE),
                name="period_slug_format",
                violation_error_message=_("Kortnavnet må være små bokstaver, bindestrek og årstall (spring-2022)."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("reference_date")),
                name="period_deadline_after_ref",
                violation_error_message=_("Fristen må være etter referansedatoen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .figures import FIGURE_KEYS

        errors: dict[str, list] = {}
        if self.reference_date and self.deadline and self.deadline <= self.reference_date:
            errors["deadline"] = [_("Fristen må være etter referansedatoen.")]
        unknown = [k for k in self.figures or [] if k not in FIGURE_KEYS]
        if not isinstance(self.figures, list) or unknown:
            errors["figures"] = [_("Ukjente tall: %(keys)s.") % {"keys": ", ".join(map(str, unknown))}]
        unknown = [k for k in self.sections or [] if k not in TEXT_SECTIONS]
        if not isinstance(self.sections, list) or unknown:
            errors["sections"] = [_("Ukjente tekstdeler: %(keys)s.") % {"keys": ", ".join(map(str, unknown))}]
        if errors:
            raise ValidationError(errors)

    @property
    def section_labels(self) -> list[tuple[str, str]]:
        return [(key, str(TEXT_SECTIONS.get(key, key))) for key in self.sections]

    @property
    def figure_labels(self) -> list[tuple[str, str]]:
        from .figures import figure_label

        return [(key, figure_label(key)) for key in self.figures]


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


# ---- office reports (issue 7) ----------------------------------------------------------------------------------

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
