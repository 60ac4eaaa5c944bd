"""Forms for the office's own work. Every error is Norwegian and shown next to its field."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from common.dates import EARLIEST_YEAR, LATEST_YEAR
from common.forms import DateInput, DateTimeInput, OneSubmissionForm, PortalForm, PortalModelForm
from common.numbers import parse_int
from municipalities.models import County, FocusArea, Municipality, Office, Solution

from .models import Event, FollowUp, Nomination, StatusMeeting
from .sections import SECTION_MAX_LENGTH, SECTIONS
from .selectors import SIZE_BANDS


class PlanForm(PortalForm):
    """All seven sections; saving makes a new draft version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.heading,
                help_text=section.help_text,
                required=False,
                max_length=SECTION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 8}),
                error_messages={
                    "max_length": _("Delen kan ha høyst %(limit_value)d tegn (den har %(show_value)d). Kort den ned."),
                },
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not self.errors and not any((data.get(s.key) or "").strip() for s in SECTIONS):
            raise forms.ValidationError(_("Planen er tom. Skriv minst én av delene."))
        return data


class EventForm(OneSubmissionForm, PortalModelForm):
    """An event; `start` and `end` as YYYY-MM-DDTHH:MM (the browser's picker), within the portal's dates."""

    class Meta:
        model = Event
        fields = ["title", "start", "end", "target_group", "theme", "hdir_wanted", "ministry_wanted", "place"]
        widgets = {"start": DateTimeInput(), "end": DateTimeInput()}
        error_messages = {
            "start": {"invalid": _("Skriv dato og klokkeslett, for eksempel 2021-05-04 09:00.")},
            "end": {"invalid": _("Skriv dato og klokkeslett, for eksempel 2021-05-04 15:00.")},
        }

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        for name in ("start", "end"):
            field = cast(forms.DateTimeField, self.fields[name])
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class _MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.display_name} ({obj.number})"


class NominationForm(PortalModelForm):
    class Meta:
        model = Nomination
        fields = ["year", "county", "municipality", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"municipality": _MunicipalityChoiceField}

    def __init__(self, *args, office: Office, refresh_url: str = "", county_hint: object = None, **kwargs):
        """`county_hint`: the county chosen on the page so far (the county list's htmx request sends it), so the
        municipality list holds only that county's municipalities. The model's clean() still refuses a
        municipality outside the chosen county, whatever is posted."""
        super().__init__(*args, **kwargs)
        self.instance.office = office
        counties = County.objects.filter(office=office).order_by("number")
        county_field = cast(forms.ModelChoiceField, self.fields["county"])
        county_field.queryset = counties
        municipalities = Municipality.objects.filter(office=office).select_related("county").by_name()
        chosen = parse_int(self.data.get("county") if self.is_bound else county_hint, max_digits=9)
        if chosen is None and not self.is_bound and self.instance.county_id:
            chosen = self.instance.county_id
        county = counties.filter(pk=chosen).first() if chosen is not None else None
        if county is not None:
            municipalities = municipalities.filter(county=county)
            self.fields["municipality"].error_messages["invalid_choice"] = _("Kommunen ligger ikke i %(county)s.") % {
                "county": county.name
            }
            if not self.is_bound:
                self.initial["county"] = county.pk
        else:
            self.fields["municipality"].help_text = _("Velg fylket først; da viser listen bare fylkets kommuner.")
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        if refresh_url:
            # Choosing a county fetches this page again and swaps in the municipality field for that county.
            county_field.widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-include": "closest form",
                    "hx-select": "#div_id_municipality",
                    "hx-target": "#div_id_municipality",
                    "hx-swap": "outerHTML",
                    "aria-controls": "id_municipality",
                }
            )
        cast(forms.IntegerField, self.fields["year"]).validators += [
            MinValueValidator(2019),
            MaxValueValidator(LATEST_YEAR),
        ]
        self.fields["year"].widget.attrs.update({"min": 2019, "max": LATEST_YEAR})


class StatusMeetingForm(PortalModelForm):
    class Meta:
        model = StatusMeeting
        fields = ["date", "participants", "minutes"]
        widgets = {
            "date": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office


FollowUpFormSet = inlineformset_factory(
    StatusMeeting,
    FollowUp,
    form=PortalModelForm,
    fields=["text", "done"],
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class EventFilterForm(PortalForm):
    maned = forms.CharField(
        label=_("Måned"), required=False, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2021-05"})
    )
    deltakelse = forms.ChoiceField(
        label=_("Deltakelse ønskes"),
        required=False,
        choices=[
            ("", _("Alle arrangementer")),
            ("hdir", _("Fra Helsedirektoratet")),
            ("hod", _("Fra HOD/politisk ledelse")),
            ("enten", _("Fra Helsedirektoratet eller HOD")),
        ],
    )

    def clean_maned(self):
        from .selectors import parse_month

        value = self.cleaned_data["maned"]
        if value and parse_month(value) is None:
            raise forms.ValidationError(
                _("Skriv måneden som ÅÅÅÅ-MM mellom %(first)s-01 og %(last)s-12, for eksempel 2021-05.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            )
        return value


class LibraryFilterForm(PortalForm):
    q = forms.CharField(label=_("Fritekst"), required=False, max_length=200)
    omrade = forms.ChoiceField(label=_("Innsatsområde"), required=False)
    losning = forms.ChoiceField(label=_("Løsning"), required=False)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    storrelse = forms.ChoiceField(
        label=_("Kommunestørrelse"),
        required=False,
        choices=[("", _("Alle størrelser")), *((k, _(v[0])) for k, v in SIZE_BANDS.items())],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["omrade"]).choices = [("", _("Alle innsatsområder"))] + [
            (a.code, a.name) for a in FocusArea.objects.order_by("position")
        ]
        cast(forms.ChoiceField, self.fields["losning"]).choices = [("", _("Alle løsninger"))] + [
            (s.code, s.name) for s in Solution.objects.order_by("area__position", "position")
        ]
        cast(forms.ChoiceField, self.fields["fylke"]).choices = [("", _("Alle fylker"))] + [
            (c.number, f"{c.name} ({c.number})") for c in County.objects.order_by("number")
        ]
