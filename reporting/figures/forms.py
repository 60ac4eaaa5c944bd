"""The figures page's choice of period or date."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, PortalForm
from reporting.periods.models import ReportingPeriod


class AsOfForm(PortalForm):
    """The figures page's choice: a period (its reference date), or any date."""

    periode = forms.ModelChoiceField(
        label=_("Periode"),
        queryset=ReportingPeriod.objects.order_by("reference_date", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("(ingen – velg dato)"),
    )
    dato = forms.DateField(
        label=_("Per dato"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: periodens referansedato."),
    )
