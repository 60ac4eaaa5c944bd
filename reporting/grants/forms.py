"""Forms of grant priority: the year and date of the lists, an office's confirmation, the directorate's schemes."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, OneSubmissionForm, PortalForm, PortalModelForm

from .models import GrantScheme
from .selectors import Criteria, grant_years


class GrantSchemeForm(PortalModelForm):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, choices=[])

    class Meta:
        model = GrantScheme
        fields = ["year", "kap", "post", "name", "priority_rule", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in grant_years()]


class GrantConfirmForm(OneSubmissionForm, PortalForm):
    prioritised = forms.TypedChoiceField(
        label=_("Skal kommunen prioriteres i tilskuddsordningene?"),
        choices=[("yes", _("Ja, prioriteres")), ("no", _("Nei, prioriteres ikke"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=1000,
        error_messages={"required": _("Skriv en begrunnelse.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvorfor forslaget bekreftes eller overstyres. Lagres med ditt navn og tidspunktet."),
    )
    seen = forms.RegexField(regex=r"^[01]{4}$", widget=forms.HiddenInput)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Skriv en begrunnelse."))
        return reason

    @property
    def seen_criteria(self) -> Criteria:
        return cast(Criteria, tuple(ch == "1" for ch in self.cleaned_data["seen"]))  # the regex holds four digits


def criteria_code(criteria) -> str:
    return "".join("1" if c else "0" for c in criteria)


class GrantFilterForm(PortalForm):
    aar = forms.TypedChoiceField(label=_("Tilskuddsår"), coerce=int, choices=[], required=False)
    dato = forms.DateField(
        label=_("Per dato"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: årets siste dag, eller i dag om den er tidligere."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["aar"]).choices = [(y, str(y)) for y in grant_years()]
