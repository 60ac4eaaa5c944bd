"""The country: offices (embeter), counties (fylker), municipalities (kommuner) and the reform's catalogue.

Status facts about municipalities live in facts.py (imported here so Django finds them).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel

from .collation import norwegian_sort_key

# The office was called "Fylkesmannen i …" until the end of 2020 and "Statsforvalteren i …" from 2021.
STATSFORVALTER_FROM = datetime.date(2021, 1, 1)


class Office(models.Model):
    """A statsforvalter office (embete)."""

    slug = models.SlugField(_("kortnavn"), max_length=50, unique=True)
    region = models.CharField(_("region"), max_length=100, help_text=_("For eksempel «Oslo og Viken»."))
    position = models.PositiveSmallIntegerField(_("rekkefølge"), unique=True)

    class Meta:
        verbose_name = _("embete")
        verbose_name_plural = _("embeter")
        ordering = ["position"]

    def __str__(self) -> str:
        from django.utils import timezone

        return self.title_on(timezone.localdate())

    def title_on(self, date: datetime.date) -> str:
        if date < STATSFORVALTER_FROM:
            return f"Fylkesmannen i {self.region}"
        return f"Statsforvalteren i {self.region}"

    @property
    def title(self) -> str:
        return str(self)


class County(models.Model):
    """A county (fylke) of the 2020–2023 division."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    office = models.ForeignKey(Office, verbose_name=_("embete"), on_delete=models.PROTECT, related_name="counties")

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{2}$"), name="county_number_two_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def by_name(self) -> "MunicipalityQuerySet":
        from .collation import order_by_name

        return order_by_name(self)


class Municipality(models.Model):
    """A municipality (kommune) of the 2020–2023 division."""

    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    sort_key = models.CharField(max_length=420, editable=False, db_index=True)
    county = models.ForeignKey(County, verbose_name=_("fylke"), on_delete=models.PROTECT, related_name="municipalities")
    office = models.ForeignKey(
        Office, verbose_name=_("embete"), on_delete=models.PROTECT, related_name="municipalities"
    )
    population = models.PositiveIntegerField(_("folketall 1. januar 2020"))
    # Every official name form (Norwegian, Sami, Kven), lower-cased, with and without diacritics: for search.
    search_names = models.CharField(_("navneformer"), max_length=600, blank=True, editable=False)
    # Bumped by a conditional UPDATE with every status write: a stale form or sheet is detected by it.
    status_version = models.PositiveIntegerField(_("statusversjon"), default=0, editable=False)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.sort_key = norwegian_sort_key(self.name)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name, with the county where two municipalities share it (Våler, Herøy)."""
        if self.name in DUPLICATE_NAMES:
            return f"{self.name} ({self.county.name})"
        return self.name


# Names that occur twice in the 2020–2023 division; shown with their county.
DUPLICATE_NAMES = frozenset({"Våler", "Herøy"})


class CatalogueEntry(models.Model):
    """Shared fields of focus areas and solutions: a stable code and an editable Norwegian name."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    source_status = models.CharField(_("kildestatus"), max_length=40, blank=True)
    # Set when the directorate corrects the name: load_reference_data then leaves the name alone.
    name_corrected_at = models.DateTimeField(_("navn rettet"), null=True, blank=True, editable=False)
    name_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class FocusArea(CatalogueEntry):
    """One of the reform's five focus areas (innsatsområder)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("innsatsområde")
        verbose_name_plural = _("innsatsområder")


class Solution(CatalogueEntry):
    """One of the reform's 25 solutions (løsninger), within a focus area."""

    area = models.ForeignKey(
        FocusArea, verbose_name=_("innsatsområde"), on_delete=models.PROTECT, related_name="solutions"
    )

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("løsning")
        verbose_name_plural = _("løsninger")


class CatalogueNameChange(AppendOnlyModel):
    """An attributed correction of a catalogue name (append-only)."""

    save_refusal = "Append-only: record a new correction instead."

    code = models.SlugField(_("kode"), max_length=60)
    old_name = models.CharField(_("gammelt navn"), max_length=200)
    new_name = models.CharField(_("nytt navn"), max_length=200)
    changed_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("navneretting")
        verbose_name_plural = _("navnerettinger")
        ordering = ["-changed_at", "-id"]


from .facts import FactRetraction, GoodExample, StatusConfirmation, StatusFact  # noqa: E402,F401
from .sheet_previews import SheetPreview  # noqa: E402,F401
