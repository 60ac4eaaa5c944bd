from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput

from .figures import FIGURE_KEYS, figure_label
from .grants import grant_years
from .models import PERIOD_SLUG_RE, TEXT_SECTIONS, GrantScheme, ReportingPeriod


class PeriodForm(forms.ModelForm):
    """Create or edit a reporting period (the directorate). The slug is fixed once created."""

    slug = forms.CharField(
        label=_("Kortnavn"),
        max_length=40,
        validators=[
            RegexValidator(
                PERIOD_SLUG_RE,
                _("Kortnavnet må være små bokstaver (a–z), en bindestrek og et årstall, for eksempel «spring-2022»."),
            )
        ],
        help_text=_("For eksempel «spring-2022». Kan ikke endres senere."),
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
        self.fields["figures"].choices = [(key, figure_label(key)) for key in FIGURE_KEYS]
        if self.instance.pk:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Kortnavnet kan ikke endres.")

    def clean_figures(self) -> list[str]:
        chosen = set(self.cleaned_data["figures"])
        return [key for key in FIGURE_KEYS if key in chosen]  # registry order

    def clean_sections(self) -> list[str]:
        chosen = set(self.cleaned_data["sections"])
        return [key for key in TEXT_SECTIONS if key in chosen]


class GrantSchemeForm(forms.ModelForm):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, choices=[])

    class Meta:
        model = GrantScheme
        fields = ["year", "kap", "post", "name", "priority_rule", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in grant_years()]


class GrantConfirmForm(forms.Form):
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
    def seen_criteria(self) -> tuple[bool, ...]:
        return tuple(ch == "1" for ch in self.cleaned_data["seen"])


def criteria_code(criteria) -> str:
    return "".join("1" if c else "0" for c in criteria)


class AsOfForm(forms.Form):
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


class GrantFilterForm(forms.Form):
    aar = forms.TypedChoiceField(label=_("Tilskuddsår"), coerce=int, choices=[], required=False)
    dato = forms.DateField(
        label=_("Per dato"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: årets siste dag, eller i dag om den er tidligere."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(y, str(y)) for y in grant_years()]
