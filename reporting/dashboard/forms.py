"""The dashboard's choice of period or date."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, PortalForm
from reporting.periods.models import ReportingPeriod


class DashboardChoiceForm(PortalForm):
    """The period (its reference date) or any date; choices come from a list already loaded (no query)."""

    periode = forms.ChoiceField(label=_("Periode"), required=False)
    dato = forms.DateField(
        label=_("Per dato"), required=False, widget=DateInput(), help_text=_("Tom: periodens referansedato.")
    )

    def __init__(self, *args, periods: list[ReportingPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["periode"]).choices = [("", _("(ingen – velg dato)"))] + [
            (p.slug, p.name) for p in periods
        ]
