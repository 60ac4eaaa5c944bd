"""Reporting periods: what the offices report, as of which date, by which deadline.

A period asks for figures and text sections by their codes. Their Norwegian names are defined here, with the
period; how each figure is computed is the figure registry's (`reporting.figures.registry`, keyed by the same
codes), and the texts are written in the office reports (`reporting.reports`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PERIOD_SLUG_RE = r"^[a-z]+-[0-9]{4}$"  # e.g. autumn-2021, spring-2022

# The figures a period may ask for, in the order pages show them, with their Norwegian names.
PRIORITIES_KEY = "phase3_priorities"
FIGURE_NAMES: dict[str, Promise] = {
    "dialogue_offered": _("Har fått tilbud om dialogmøte i året"),
    "dialogue_meetings": _("Har gjennomført eller planlagt dialogmøte i året"),
    "plan_or_process": _("Har vedtatt plan eller beskrevet prosess fram mot vedtak"),
    "decided_or_in_process": _(
        "Har tatt stilling til løsningene og vedtatt politisk, eller er i prosess fram mot vedtak"
    ),
    "plan_adopted": _("Har fattet politisk vedtak (plan vedtatt)"),
    "in_networks_or_planned": _("Deltar eller planlegger å delta i nettverk"),
    "in_networks": _("Deltar i nettverk"),
    "samfunnsdel_anchored_or_planned": _("Forankret eller planlagt forankret i kommuneplanens samfunnsdel"),
    "other_plans_anchored_or_planned": _(
        "Forankret eller planlagt forankret i øvrige plandokumenter (handlingsplan/økonomiplan)"
    ),
    "phase_2": _("I fase 2 (planlegging)"),
    "phase_3": _("I fase 3 (gjennomføring)"),
    "phase_not_assessed": _("Fase ikke vurdert"),
    PRIORITIES_KEY: _("Prioriterte innsatsområder og løsninger blant kommuner i fase 3"),
}
FIGURE_KEYS: tuple[str, ...] = tuple(FIGURE_NAMES)

# The text sections a period may ask the offices for, with their Norwegian names.
TEXT_SECTIONS = {
    "priorities": _("Prioriterte innsatsområder og løsninger"),
    "examples": _("Gode eksempler «fra plan til handling»"),
    "organisation": _("Hvordan embetet har organisert arbeidet"),
    "assessment": _("Kort vurdering av status opp mot målene"),
    "plan": _("Revidert regional gjennomføringsplan"),
}


def figure_label(key: str) -> str:
    name = FIGURE_NAMES.get(key)
    return str(name) if name is not None else key


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
        return [(key, figure_label(key)) for key in self.figures]
