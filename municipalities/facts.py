"""Status facts: append-only, dated records of where a municipality stands in the reform.

A fact took effect on `effective_date` and was recorded by `recorded_by` at `recorded_at`. A mistaken fact is
retracted by a FactRetraction row; nothing is ever changed in place (the queryset refuses update() and
delete(), and on PostgreSQL a trigger refuses UPDATE and DELETE).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel, submission_field

from .registry import EARLIEST_DATE, FACT_TYPES, MEETING_FORMATS, effective_date_problem, fact_choices

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StatusFact(AppendOnlyModel):
    save_refusal = "Append-only: a fact is never saved twice."

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="facts",
    )
    fact = models.CharField(_("opplysning"), max_length=30, choices=fact_choices())
    value = models.CharField(_("verdi"), max_length=30)
    # Which one, for keyed facts: a meeting's date, a network's "office/slug", a focus-area or solution code;
    # the case number for a decision.
    detail = models.CharField(_("detalj"), max_length=120, blank=True)
    effective_date = models.DateField(_("gjelder fra"))
    target_date = models.DateField(_("måldato"), null=True, blank=True)
    link = models.URLField(_("lenke"), max_length=500, blank=True)
    meeting_format = models.CharField(_("møteform"), max_length=10, choices=list(MEETING_FORMATS.items()), blank=True)
    participants = models.CharField(_("deltakere"), max_length=500, blank=True)
    note = models.TextField(_("merknad"), max_length=2000, blank=True)
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("nettverk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facts",
    )
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("kilde"), max_length=20, default="form")
    # Who reported the fact when it came from outside the portal's staff: «<contact>, <municipality>» for a
    # status the municipality reported itself and the office accepted (recorded_by is then the one who accepted).
    # A person's name: shown in full only to the municipality's own office and the directorate.
    reported_by = models.CharField(_("rapportert av"), max_length=300, blank=True)

    detail_text: str  # not stored: the detail in words, set by the pages that list facts

    class Meta:
        verbose_name = _("statusopplysning")
        verbose_name_plural = _("statusopplysninger")
        ordering = ["effective_date", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["municipality", "fact", "detail", "effective_date"], name="fact_asof_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_date__gte=EARLIEST_DATE),
                name="fact_effective_not_before_2018",
            ),
            models.CheckConstraint(
                condition=~Q(fact="network") | Q(network__isnull=False), name="fact_network_has_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.fact}={self.value} ({self.effective_date})"

    def clean(self) -> None:
        ft = FACT_TYPES.get(self.fact)
        errors: dict[str, StrOrPromise] = {}
        if ft is None:
            errors["fact"] = _("Ukjent opplysning.")
        elif self.value not in ft.values:
            errors["value"] = _("Ugyldig verdi for %(fact)s.") % {"fact": ft.label}
        problem = effective_date_problem(self.effective_date) if self.effective_date else None
        if problem:
            errors["effective_date"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def fact_type(self):
        return FACT_TYPES[self.fact]

    @property
    def value_label(self) -> str:
        return self.fact_type.value_label(self.value)

    @property
    def lacks_target_date(self) -> bool:
        return self.fact_type.lacks_target_date(self)


class FactRetraction(AppendOnlyModel):
    """Voids one fact, with a reason. The as-of query ignores retracted facts; the timeline shows both."""

    save_refusal = "Append-only: a retraction is never saved twice."

    fact = models.OneToOneField(
        StatusFact, verbose_name=_("opplysning"), on_delete=models.PROTECT, related_name="retraction"
    )
    reason = models.CharField(_("begrunnelse"), max_length=500)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tilbaketrekking")
        verbose_name_plural = _("tilbaketrekkinger")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"retraction of {self.fact_id}"


class StatusConfirmation(AppendOnlyModel):
    """A municipality confirmed its status itself, and its office accepted it, changed or not (append-only).

    Written with the accepted changes' facts in one transaction by the way in that received the confirmation
    (the municipalities' own status responses); packages and summaries count these per period.
    """

    save_refusal = "Append-only: a confirmation is never saved twice."

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="confirmations",
    )
    confirmed_on = models.DateField(_("godkjent dato"))
    changed = models.PositiveSmallIntegerField(_("antall endringer"), default=0)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("godkjent av"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("kilde"), max_length=20)

    class Meta:
        verbose_name = _("statusbekreftelse")
        verbose_name_plural = _("statusbekreftelser")
        ordering = ["confirmed_on", "id"]
        indexes = [models.Index(fields=["confirmed_on", "municipality"], name="confirmation_period_idx")]

    def __str__(self) -> str:
        return f"{self.municipality_id} confirmed {self.confirmed_on}"


class GoodExample(models.Model):
    """A good example "from plan to action" recorded on a municipality; the example library reads these."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="examples",
    )
    title = models.CharField(_("tittel"), max_length=200)
    text = models.TextField(_("beskrivelse"), max_length=5000)
    code = models.SlugField(
        _("innsatsområde eller løsning"),
        max_length=60,
        blank=True,
        help_text=_("Koden til innsatsområdet eller løsningen eksempelet gjelder."),
    )
    link = models.URLField(_("lenke"), max_length=500, blank=True)
    date = models.DateField(_("dato"))
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )
    submission = submission_field()

    code_name: str  # not stored: the code's name in the catalogue, set by the pages that list examples

    class Meta:
        verbose_name = _("godt eksempel")
        verbose_name_plural = _("gode eksempler")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title
