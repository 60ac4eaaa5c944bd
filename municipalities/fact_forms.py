"""The forms that record facts: one field set, shared by the record form on the municipality page and the group
change («Endre flere kommuner»), both checked by the registry's input builder (same input, same message).

Which fields a fact uses comes from the registry (`fact_fields`): the detail field, the meeting fields, the
link and the target date. The browser scripts hide the others; the server ignores them.
"""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from common.forms import DateInput, PortalForm, narrower_date_window
from common.numbers import parse_int

from .fact_builder import FactBuilder, RawFact
from .models import Municipality, Office
from .registry import FACT_TYPES, MEETING_FORMATS, FactType, check_effective_date, for_form
from .registry.rules import TEXT_LIMITS
from .registry.types import CASE_NUMBER, CATALOGUE_CODE, MEETING_DATE, NETWORK
from .services import FactInput


def fact_fields(ft: FactType, *, code_field: str = "code") -> list[str]:
    """The form fields a kind of fact uses, besides fact, value, effective date and note."""
    detail = {MEETING_DATE: "meeting_date", CASE_NUMBER: "case_number", NETWORK: "network", CATALOGUE_CODE: code_field}
    fields = [detail[ft.detail]] if ft.detail else []
    if ft.has_meeting_fields:
        fields += ["meeting_format", "participants"]
    if ft.has_link:
        fields.append("link")
    if ft.has_target_date:
        fields.append("target_date")
    return fields


def fact_form_data(*, code_field: str = "code") -> dict:
    """For the browser scripts: each fact's label (its group of values), criteria and detail fields."""
    return {
        key: {"label": str(ft.label), "help": str(ft.help_text), "fields": fact_fields(ft, code_field=code_field)}
        for key, ft in FACT_TYPES.items()
    }


def effective_date_field(label, help_text) -> forms.DateField:
    """The date a change took effect, within the registry's window."""
    return narrower_date_window(
        forms.DateField(label=label, widget=DateInput(), validators=[check_effective_date], help_text=help_text)
    )


def _text(label, limit: str, *, help_text=None, rows: int | None = None) -> forms.CharField:
    """A free-text field whose length the builder checks (so every path says the same); the browser caps it."""
    attrs = {"maxlength": TEXT_LIMITS[limit]}
    widget = forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, required=False, help_text=help_text, widget=widget, strip=True)


class FactFieldsForm(PortalForm):
    """The field set of one fact. Subclasses say which municipalities it is for and name the code field."""

    code_field = "code"

    fact = forms.CharField(
        label=gettext_lazy("Opplysning"),
        widget=forms.Select(choices=[("", "—"), *((ft.key, ft.label) for ft in FACT_TYPES.values())]),
        help_text=gettext_lazy("Hva endringen gjelder. Kriteriene står under hvert valg."),
    )
    value = forms.CharField(label=gettext_lazy("Verdi"), widget=forms.Select)
    effective_date = effective_date_field(
        gettext_lazy("Gjelder fra"), gettext_lazy("Datoen endringen trådte i kraft (ikke senere enn i dag).")
    )
    # The registry's rules check these two (2018–2035) when the chosen fact uses them; other facts ignore them.
    target_date = narrower_date_window(
        forms.DateField(
            label=gettext_lazy("Måldato"),
            required=False,
            widget=DateInput(),
            help_text=gettext_lazy(
                "Politisk vedtak: når kommunen skal vedta planen (påkrevd ved «Prosess beskrevet»). "
                "Forankring: når forankringen er ventet."
            ),
        )
    )
    meeting_date = narrower_date_window(
        forms.DateField(
            label=gettext_lazy("Møtedato"),
            required=False,
            widget=DateInput(),
            help_text=gettext_lazy("For dialogmøter; kan ligge fram i tid."),
        )
    )
    meeting_format = forms.ChoiceField(
        label=gettext_lazy("Møteform"),
        required=False,
        choices=[("", "—"), *MEETING_FORMATS.items()],
        error_messages={"invalid_choice": gettext_lazy("Ukjent møteform.")},
    )
    participants = _text(
        gettext_lazy("Deltakere"),
        "participants",
        help_text=gettext_lazy(
            "For eksempel ledere og ansatte, politisk ledelse, representanter for innbyggere og brukere."
        ),
    )
    case_number = _text(gettext_lazy("Saksnummer"), "detail", help_text=gettext_lazy("For politisk vedtak."))
    link = forms.URLField(
        label=gettext_lazy("Lenke"),
        required=False,
        max_length=TEXT_LIMITS["link"],
        assume_scheme="https",
        help_text=gettext_lazy("Til vedtaket eller planen."),
    )
    # A CharField with a select: the builder explains a bare slug of another office's network.
    network = forms.CharField(
        label=gettext_lazy("Nettverk"),
        required=False,
        widget=forms.Select,
        help_text=gettext_lazy("Embetets egne nettverk først; andre embeters nettverk vises som «Embete – Nettverk»."),
    )
    note = _text(gettext_lazy("Merknad"), "note", rows=2)

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.builder = FactBuilder(office=office)
        self.items: list[FactInput] = []

    def municipality_inputs(self) -> list:
        """The municipalities (or numbers) the fact is for."""
        raise NotImplementedError

    def value_text(self, fact: str, value: str) -> str | None:
        """The value without the "fact:" prefix the group change's list carries; None when the prefix names
        another fact."""
        prefix, sep, rest = value.partition(":")
        if not sep:
            return value
        return rest if prefix == fact else None

    def detail_text(self, ft: FactType) -> str:
        data = self.cleaned_data
        if ft.detail == MEETING_DATE:
            meeting = data.get("meeting_date")
            return meeting.isoformat() if isinstance(meeting, datetime.date) else ""
        name = {CASE_NUMBER: "case_number", NETWORK: "network", CATALOGUE_CODE: self.code_field}.get(ft.detail)
        return (data.get(name) or "").strip() if name else ""

    def field_for(self, ft: FactType | None, problem_field: str) -> str | None:
        if problem_field == "detail" and ft is not None:
            return fact_fields(ft, code_field=self.code_field)[0]
        if problem_field == "municipality":
            return "municipalities" if "municipalities" in self.fields else None
        return problem_field if problem_field in self.fields else None

    def clean(self):
        super().clean()
        data = self.cleaned_data
        fact, value = data.get("fact"), data.get("value")
        if not fact or not value:
            return data
        ft = FACT_TYPES.get(fact)
        if ft is not None:
            value = self.value_text(fact, value)
            if value is None:
                self.add_error("value", _("Velg en verdi som hører til opplysningen «%(fact)s».") % {"fact": ft.label})
                return data
        # Read once: add_error() drops a field from cleaned_data, and every municipality gets the same fact.
        given = {
            "fact": fact,
            "value": value,
            "effective_date": data.get("effective_date"),
            "detail": self.detail_text(ft) if ft else "",
            "target_date": data.get("target_date"),
            "link": data.get("link", ""),
            "note": data.get("note", ""),
            "meeting_format": data.get("meeting_format", ""),
            "participants": data.get("participants", ""),
        }
        items = []
        reported: set[str | tuple[str | None, str]] = set(self.errors)
        for municipality in self.municipality_inputs() or [None]:
            built = self.builder.build(RawFact(municipality=municipality, **given))
            for problem in built.problems:
                if municipality is None and problem.field == "municipality":
                    continue  # none chosen: the field says so already
                name = self.field_for(ft, problem.field)
                if name in reported or (name, problem.message) in reported:
                    continue  # a field Django already refused, or the same for every municipality: said once
                reported.add((name, problem.message))
                self.add_error(name, for_form(problem.message))
            if built.item is not None:
                items.append(built.item)
        if not self.errors:
            self.items = items
        return data


class VersionedForm(PortalForm):
    """Carries the municipality's status version and the time the page was loaded (optimistic concurrency)."""

    status_version = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def version(self) -> int | None:
        """The version the user saw; None when missing or tampered with (abc, -1, ², 20 digits)."""
        return parse_int((self.data.get(self.add_prefix("status_version")) or "").strip())

    def loaded_at_time(self) -> datetime.datetime | None:
        return dates.parse_aware_datetime(self.data.get(self.add_prefix("loaded_at")) or "")


def _value_choices() -> list:
    """Every fact's values, grouped by fact (the browser script shows only the chosen fact's group)."""
    return [("", "—")] + [(ft.label, list(ft.values.items())) for ft in FACT_TYPES.values()]


class FactForm(VersionedForm, FactFieldsForm):
    """Record one change of one municipality's status (the municipality page)."""

    # A CharField with a select: the builder names an unknown code.
    code = forms.CharField(
        label=gettext_lazy("Innsatsområde eller løsning"),
        required=False,
        widget=forms.Select,
        help_text=gettext_lazy("For prioriteringer."),
    )

    field_order = [
        "fact",
        "value",
        "effective_date",
        "target_date",
        "meeting_date",
        "meeting_format",
        "participants",
        "case_number",
        "link",
        "network",
        "code",
        "note",
    ]

    def __init__(self, *args, municipality: Municipality, networks=(), areas=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("effective_date", timezone.localdate())
        kwargs["initial"].setdefault("status_version", municipality.status_version)
        kwargs["initial"].setdefault("loaded_at", timezone.now().isoformat())
        super().__init__(*args, office=municipality.office, **kwargs)
        self.municipality = municipality
        self.fields["value"].widget.choices = _value_choices()
        own = [n for n in networks if n.office_id == municipality.office_id]
        other = [n for n in networks if n.office_id != municipality.office_id]
        network_choices: list = [("", "—")] + [(n.qualified_slug, n.name) for n in own]
        if other:
            network_choices.append(
                (_("Andre embeters nettverk"), [(n.qualified_slug, f"{n.office.region} – {n.name}") for n in other])
            )
        self.fields["network"].widget.choices = network_choices
        code_choices: list = [("", "—")]
        for area in areas:
            group = [(area.code, f"{area.name} ({_('hele innsatsområdet')})")]
            group += [(s.code, s.name) for s in area.solutions.all()]
            code_choices.append((area.name, group))
        self.fields["code"].widget.choices = code_choices

    def municipality_inputs(self) -> list:
        return [self.municipality]

    @property
    def item(self) -> FactInput | None:
        return self.items[0] if self.items else None


class _AnyMunicipality(forms.MultipleChoiceField):
    """The office's municipalities as check boxes; a number outside them is named by the builder."""

    def valid_value(self, value) -> bool:
        return True


class GroupChangeForm(FactFieldsForm):
    """The same fact for several municipalities of one office."""

    code_field = "priority"

    municipalities = _AnyMunicipality(
        label=gettext_lazy("Kommuner"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Velg minst én kommune.")},
    )
    priority = forms.CharField(
        label=gettext_lazy("Innsatsområde eller løsning (prioritering)"), required=False, widget=forms.Select
    )

    def __init__(self, *args, office: Office, municipalities, networks, catalogue, **kwargs):
        super().__init__(*args, office=office, **kwargs)
        self.municipality_objects = {m.number: m for m in municipalities}
        cast(forms.ChoiceField, self.fields["municipalities"]).choices = [
            (n, m.display_name) for n, m in self.municipality_objects.items()
        ]
        self.fields["value"].widget.choices = [
            (ft.label, [(f"{ft.key}:{code}", label) for code, label in ft.values.items()]) for ft in FACT_TYPES.values()
        ]
        self.fields["network"].widget.choices = [("", "—"), *((n.slug, n.name) for n in networks)]
        self.fields["priority"].widget.choices = [("", "—"), *((e.code, e.name) for e in catalogue)]
        self.fields["target_date"].label = gettext_lazy("Måldato")
        self.fields["target_date"].help_text = gettext_lazy(
            "For vedtak og forankring i planer: når det er planlagt. Påkrevd når en prosess er beskrevet."
        )

    def municipality_inputs(self) -> list:
        chosen = self.cleaned_data.get("municipalities") or []
        return [self.municipality_objects.get(number, number) for number in chosen]

    @property
    def fields_for(self) -> dict[str, str]:
        """Per detail field, the facts that use it (the template's data-for attributes)."""
        uses: dict[str, list[str]] = {}
        for key, ft in FACT_TYPES.items():
            for name in fact_fields(ft, code_field=self.code_field):
                uses.setdefault(name, []).append(key)
        return {name: " ".join(keys) for name, keys in uses.items()}
