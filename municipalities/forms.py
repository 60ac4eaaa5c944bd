"""Forms: catalogue names, the office overview's filters, retracting facts, good examples, the working-sheet
upload. The forms that record facts are in fact_forms.py."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, OneSubmissionForm, PortalForm, PortalModelForm, narrower_date_window
from common.uploads import MAX_UPLOAD_BYTES

from .fact_forms import VersionedForm, effective_date_field
from .facts import GoodExample
from .registry import check_effective_date, for_form
from .registry.rules import text_problem


class CatalogueNameForm(PortalForm):
    name = forms.CharField(
        label=_("Navn"), max_length=200, help_text=_("Koden endres aldri; bare navnet som vises i portalen.")
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Navnet kan ikke være tomt."))
        return name


PHASE_FILTERS = [("", _("Alle faser")), ("2", _("Fase 2")), ("3", _("Fase 3")), ("none", _("Ikke vurdert"))]
MISSING_FILTERS = [
    ("", _("Ingen filter")),
    ("data", _("Mangler data (som i rapportens kompletthetsliste)")),
    ("decision", _("Mangler vedtak")),
    ("target_date", _("Mangler planlagt vedtaksdato")),
    ("samfunnsdel", _("Mangler forankring i samfunnsdelen")),
    ("meeting", _("Mangler dialogmøte i år")),
    ("network", _("Mangler nettverk")),
    ("phase", _("Mangler fase")),
]
SORTS = [
    ("name", _("Navn (A–Å)")),
    ("-name", _("Navn (Å–A)")),
    ("number", _("Kommunenummer (stigende)")),
    ("-number", _("Kommunenummer (synkende)")),
    ("phase", _("Fase (lavest først)")),
    ("-phase", _("Fase (høyest først)")),
    ("last_change", _("Siste endring (nyeste først)")),
    ("-last_change", _("Siste endring (eldste først)")),
]


class OverviewFilterForm(PortalForm):
    """The office overview's filters, read from the query string (GET)."""

    q = forms.CharField(label=_("Søk etter navn eller nummer"), max_length=100, required=False)
    county = forms.ChoiceField(label=_("Fylke"), required=False)
    phase = forms.ChoiceField(label=_("Fase"), choices=PHASE_FILTERS, required=False)
    missing = forms.ChoiceField(label=_("Mangler"), choices=MISSING_FILTERS, required=False)
    sort = forms.ChoiceField(label=_("Sorter etter"), choices=SORTS, required=False)
    as_of = narrower_date_window(
        forms.DateField(
            label=_("Status per"),
            required=False,
            widget=DateInput(),
            help_text=_("Tom: i dag."),
            validators=[check_effective_date],
        )
    )

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["county"]).choices = [("", _("Alle fylker"))] + [
            (c.number, c.name) for c in counties
        ]

    def value_or_default(self, name: str):
        """The cleaned value, or the default when absent or invalid (the page still shows, with the error)."""
        if self.is_valid():
            return self.cleaned_data.get(name) or None
        return None


class RetractForm(VersionedForm):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hvorfor opplysningen var feil. Vises i historikken."),
    )

    def __init__(self, *args, municipality, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("status_version", municipality.status_version)
        kwargs["initial"].setdefault("loaded_at", timezone.now().isoformat())
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Skriv en begrunnelse."))
        return reason


class GoodExampleForm(OneSubmissionForm, PortalModelForm):
    link = forms.URLField(label=_("Lenke"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = GoodExample
        fields = ["title", "text", "code", "link", "date"]
        labels = {"text": _("Beskrivelse"), "code": _("Innsatsområde eller løsning")}
        help_texts = {
            "title": _("Et godt eksempel «fra plan til handling»."),
            "date": _("Når tiltaket ble satt i gang eller omtalt."),
        }
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices: list = [("", "—")]
        for area in areas:
            choices.append((area.name, [(area.code, area.name)] + [(s.code, s.name) for s in area.solutions.all()]))
        self.fields["code"] = forms.ChoiceField(
            label=_("Innsatsområde eller løsning"),
            choices=choices,
            required=False,
            error_messages={"invalid_choice": _("Ukjent innsatsområde eller løsning. Velg fra listen.")},
        )
        # The registry's window (2018 to today) instead of the portal's wider bounds.
        self.fields["date"].validators = [check_effective_date]
        narrower_date_window(self.fields["date"])


class SheetUploadForm(PortalForm):
    file = forms.FileField(
        label=_("Utfylt arbeidsark (.xlsx)"),
        help_text=_("Arbeidsarket du lastet ned her, med dine endringer. Høyst 5 MB."),
    )
    effective_date = effective_date_field(
        _("Endringene gjelder fra"), _("Datoen endringene trådte i kraft (for eksempel møtedatoen). Ikke fram i tid.")
    )
    note = forms.CharField(
        label=_("Merknad (valgfri)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        help_text=_("Lagres på hver endring, for eksempel «Etter nettverkssamling i Kristiansand»."),
    )

    def clean_note(self) -> str:
        problem = text_problem("note", self.cleaned_data["note"])
        if problem:
            raise forms.ValidationError(for_form(problem))
        return self.cleaned_data["note"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("Filen er for stor. Største tillatte størrelse er %(max)s MB.")
                % {"max": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload
