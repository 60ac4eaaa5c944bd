"""Forms: catalogue names, the office overview's filters, recording and retracting facts, good examples."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput

from .fact_types import FACT_TYPES, MEETING_FORMATS
from .facts import EARLIEST_EFFECTIVE_DATE, GoodExample
from .services import FactInput, validate_fact


class CatalogueNameForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"), max_length=200, help_text=_("Koden endres aldri; bare navnet som vises i portalen.")
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Navnet kan ikke være tomt."))
        return name


LATEST_TARGET_DATE = datetime.date(2035, 12, 31)

PHASE_FILTERS = [("", _("Alle faser")), ("2", _("Fase 2")), ("3", _("Fase 3")), ("none", _("Ikke vurdert"))]
MISSING_FILTERS = [
    ("", _("Ingen filter")),
    ("decision", _("Mangler vedtak")),
    ("target_date", _("Mangler planlagt vedtaksdato")),
    ("samfunnsdel", _("Mangler forankring i samfunnsdelen")),
    ("meeting", _("Mangler dialogmøte i år")),
    ("network", _("Mangler nettverk")),
    ("phase", _("Mangler fase")),
]
SORTS = [
    ("name", _("Navn")),
    ("number", _("Kommunenummer")),
    ("last_change", _("Siste endring (nyeste først)")),
]


def _check_not_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Datoen kan ikke være senere enn i dag."))
    if value and value < EARLIEST_EFFECTIVE_DATE:
        raise forms.ValidationError(_("Datoen kan ikke være før 1. januar 2018."))


class OverviewFilterForm(forms.Form):
    """The office overview's filters, read from the query string (GET)."""

    county = forms.ChoiceField(label=_("Fylke"), required=False)
    phase = forms.ChoiceField(label=_("Fase"), choices=PHASE_FILTERS, required=False)
    missing = forms.ChoiceField(label=_("Mangler"), choices=MISSING_FILTERS, required=False)
    sort = forms.ChoiceField(label=_("Sorter etter"), choices=SORTS, required=False)
    as_of = forms.DateField(
        label=_("Status per"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: i dag."),
        validators=[_check_not_future],
    )

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("Alle fylker"))] + [(c.number, c.name) for c in counties]

    def value_or_default(self, name: str):
        """The cleaned value, or the default when absent or invalid (the page still shows, with the error)."""
        if self.is_valid():
            return self.cleaned_data.get(name) or None
        return None


def _value_choices() -> list:
    """Every fact's values, grouped by fact (the browser script shows only the chosen fact's group)."""
    return [("", "—")] + [(ft.label, list(ft.values.items())) for ft in FACT_TYPES.values()]


class VersionedForm(forms.Form):
    """Carries the municipality's status version and the time the page was loaded (optimistic concurrency)."""

    status_version = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def version(self) -> int | None:
        """The version the user saw; None when missing or tampered with (abc, -1)."""
        raw = (self.data.get(self.add_prefix("status_version")) or "").strip()
        if not raw.isdigit() or len(raw) > 9:
            return None
        return int(raw)

    def loaded_at_time(self) -> datetime.datetime | None:
        raw = (self.data.get(self.add_prefix("loaded_at")) or "").strip()
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            return None
        if timezone.is_naive(moment):
            return None
        return moment


class FactForm(VersionedForm):
    """Record one change of a municipality's status."""

    fact = forms.ChoiceField(
        label=_("Opplysning"),
        choices=[("", "—"), *((ft.key, ft.label) for ft in FACT_TYPES.values())],
        help_text=_("Hva endringen gjelder. Kriteriene står under hvert valg."),
        error_messages={"invalid_choice": _("Ukjent opplysning. Velg fra listen.")},
    )
    value = forms.ChoiceField(
        label=_("Verdi"),
        choices=_value_choices,
        error_messages={"invalid_choice": _("Ukjent verdi. Velg fra listen.")},
    )
    effective_date = forms.DateField(
        label=_("Gjelder fra"),
        widget=DateInput(),
        help_text=_("Datoen endringen trådte i kraft (ikke senere enn i dag)."),
        validators=[_check_not_future],
    )
    target_date = forms.DateField(
        label=_("Måldato"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Når planen skal vedtas eller forankringen er ventet. Påkrevd når en prosess er beskrevet "
            "(«hvordan og når det skal vedtas en plan»)."
        ),
    )
    meeting_date = forms.DateField(
        label=_("Møtedato"), required=False, widget=DateInput(), help_text=_("For dialogmøter; kan ligge fram i tid.")
    )
    meeting_format = forms.ChoiceField(
        label=_("Møteform"),
        required=False,
        choices=[("", "—"), *MEETING_FORMATS.items()],
        error_messages={"invalid_choice": _("Ukjent møteform.")},
    )
    participants = forms.CharField(
        label=_("Deltakere"),
        required=False,
        max_length=500,
        help_text=_("For eksempel ledere og ansatte, politisk ledelse, representanter for innbyggere og brukere."),
    )
    case_number = forms.CharField(
        label=_("Saksnummer"), required=False, max_length=120, help_text=_("For politisk vedtak.")
    )
    link = forms.URLField(
        label=_("Lenke"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Til vedtaket eller planen."),
    )
    # A CharField with a select: clean_network explains a bare slug of another office's network.
    network = forms.CharField(
        label=_("Nettverk"),
        required=False,
        max_length=120,
        widget=forms.Select,
        help_text=_("Embetets egne nettverk først; andre embeters nettverk vises som «Embete – Nettverk»."),
    )
    code = forms.ChoiceField(
        label=_("Innsatsområde eller løsning"),
        required=False,
        help_text=_("For prioriteringer."),
        error_messages={"invalid_choice": _("Ukjent innsatsområde eller løsning. Velg fra listen.")},
    )
    note = forms.CharField(
        label=_("Merknad"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, municipality, networks=(), areas=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("effective_date", timezone.localdate())
        kwargs["initial"].setdefault("status_version", municipality.status_version)
        kwargs["initial"].setdefault("loaded_at", timezone.now().isoformat())
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        own = [n for n in networks if n.office_id == municipality.office_id]
        other = [n for n in networks if n.office_id != municipality.office_id]
        self.networks = {n.qualified_slug: n for n in networks}
        self.own_networks = {n.slug: n for n in own}
        network_choices: list = [("", "—")] + [(n.qualified_slug, n.name) for n in own]
        if other:
            network_choices.append(
                (_("Andre embeters nettverk"), [(n.qualified_slug, f"{n.office.region} – {n.name}") for n in other])
            )
        self.fields["network"].widget.choices = network_choices
        code_choices: list = [("", "—")]
        self.codes: set[str] = set()
        for area in areas:
            group = [(area.code, f"{area.name} ({_('hele innsatsområdet')})")]
            group += [(s.code, s.name) for s in area.solutions.all()]
            self.codes |= {code for code, _label in group}
            code_choices.append((area.name, group))
        self.fields["code"].choices = code_choices
        self.item: FactInput | None = None

    def clean_network(self) -> str:
        value = (self.cleaned_data.get("network") or "").strip()
        if not value:
            return ""
        if value in self.networks:
            return value
        if value in self.own_networks:  # a bare slug names the municipality's own office's network
            return self.own_networks[value].qualified_slug
        if "/" not in value and any(key.endswith(f"/{value}") for key in self.networks):
            raise forms.ValidationError(
                _("«%(slug)s» er et nettverk i et annet embete: velg det fra listen (embete/nettverk).")
                % {"slug": value}
            )
        raise forms.ValidationError(_("Ukjent nettverk. Velg fra listen."))

    def clean(self):
        data = super().clean()
        fact = data.get("fact")
        value = data.get("value")
        if not fact or "effective_date" not in data:
            return data
        ft = FACT_TYPES[fact]
        if value and value not in ft.values:
            self.add_error(
                "value", _("«%(value)s» er ikke en gyldig verdi for %(fact)s.") % {"value": value, "fact": ft.label}
            )
            return data
        detail = ""
        network = None
        if fact == "dialogue_meeting":
            if not data.get("meeting_date"):
                self.add_error("meeting_date", _("Oppgi møtedatoen."))
            else:
                detail = data["meeting_date"].isoformat()
        elif fact == "decision":
            detail = data.get("case_number", "")
            if value == "process_described" and not data.get("target_date"):
                self.add_error("target_date", _("Oppgi når planen etter planen skal vedtas."))
        elif fact == "network":
            if not data.get("network"):
                if "network" not in self.errors:
                    self.add_error("network", _("Velg nettverket."))
            else:
                network = self.networks[data["network"]]
                detail = network.qualified_slug
        elif fact == "priority":
            if not data.get("code"):
                if "code" not in self.errors:
                    self.add_error("code", _("Velg innsatsområde eller løsning."))
            else:
                detail = data["code"]
        target = data.get("target_date")
        if target and not (EARLIEST_EFFECTIVE_DATE <= target <= LATEST_TARGET_DATE):
            self.add_error("target_date", _("Måldatoen må ligge mellom 2018 og 2035."))
        if target and not ft.has_target_date:
            self.add_error("target_date", _("%(fact)s har ingen måldato.") % {"fact": ft.label})
        if self.errors or not value:
            return data
        self.item = FactInput(
            municipality=self.municipality,
            fact=fact,
            value=value,
            effective_date=data["effective_date"],
            detail=detail,
            target_date=target if ft.has_target_date else None,
            link=data.get("link", "") if ft.has_link else "",
            note=data.get("note", ""),
            meeting_format=data.get("meeting_format", "") if fact == "dialogue_meeting" else "",
            participants=data.get("participants", "") if fact == "dialogue_meeting" else "",
            network=network,
        )
        for problem in validate_fact(self.item, codes=self.codes):
            self.add_error(None, problem[:1].upper() + problem[1:] + ".")
        return data


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


class GoodExampleForm(forms.ModelForm):
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
        self.fields["date"].validators.append(_check_not_future)
