"""The directorate's form for a reporting period."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, PortalModelForm

from .models import FIGURE_KEYS, PERIOD_SLUG_RE, TEXT_SECTIONS, ReportingPeriod, figure_label


class PeriodForm(PortalModelForm):
    """Create or edit a reporting period (the directorate). The slug is fixed once created."""

    slug = forms.CharField(
        label=_("Kortnavn"),
        max_length=40,
        validators=[
            RegexValidator(
                PERIOD_SLUG_RE,
                _("Kortnavnet må være små bokstaver (a–z), en bindestrek og et årstall, for eksempel «host-2026»."),
            )
        ],
        help_text=_("Brukes i nettadressen, for eksempel «host-2026». Kan ikke endres senere."),
    )
    figures = forms.MultipleChoiceField(
        label=_("Tall som rapporteres"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sections = forms.MultipleChoiceField(
        label=_("Tekstdeler som rapporteres"),
        choices=[(key, label) for key, label in TEXT_SECTIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ReportingPeriod
        fields = ["slug", "name", "reference_date", "deadline", "figures", "sections"]
        widgets = {"reference_date": DateInput(), "deadline": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["figures"]).choices = [(key, figure_label(key)) for key in FIGURE_KEYS]
        if self.instance.pk:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Kortnavnet kan ikke endres.")

    def clean_figures(self) -> list[str]:
        chosen = set(self.cleaned_data["figures"])
        return [key for key in FIGURE_KEYS if key in chosen]  # registry order

    def clean_sections(self) -> list[str]:
        chosen = set(self.cleaned_data["sections"])
        return [key for key in TEXT_SECTIONS if key in chosen]
