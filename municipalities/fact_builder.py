"""The one input builder: raw input from any way in (the record form, a working-sheet row, a group change, a CSV
row) becomes a validated fact to record, or a list of problems, each naming the field it concerns.

Every path hands the builder what it read, in plain values:
- `municipality`: a Municipality, or the number as typed;
- `fact`, `value`: as typed (the value in any spelling the registry accepts: code, label, short form);
- `effective_date`, `target_date`: a date, or text (ISO) from a file;
- `detail`: what the fact's detail is (types.FactType.detail): a meeting date (YYYY-MM-DD), a case number,
  a network ("slug" of the municipality's own office, or "office/slug"), a focus-area or solution code;
- `link`, `note`, `meeting_format`, `participants`.

Problems name fields by these names; a path maps them to its own (a form field, a CSV column, a sheet column).
The builder loads what it checks against (municipalities, networks through their offices, catalogue codes)
once, on first use, so a file of many rows costs a few queries.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from common import dates
from common.text import excerpt

from .models import FocusArea, Municipality, Office, Solution
from .registry import rules
from .registry.types import CASE_NUMBER, CATALOGUE_CODE, FACT_TYPES, MEETING_DATE, MEETING_FORMATS, NETWORK, FactType
from .services import FactInput

NUMBER_RE = re.compile(r"^[0-9]{4}$")
SHORT_NUMBER_RE = re.compile(r"^[0-9]{1,3}$")
NORWEGIAN_DATE_RE = re.compile(r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}$")
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,60}$")


@dataclass(frozen=True)
class Problem:
    field: str  # municipality, fact, value, effective_date, target_date, detail, link, note, ...
    message: str


@dataclass
class RawFact:
    municipality: Any  # a Municipality, or the number as typed
    fact: str
    value: Any
    effective_date: datetime.date | str | None
    detail: str = ""
    target_date: datetime.date | str | None = None
    link: str = ""
    note: str = ""
    meeting_format: str = ""
    participants: str = ""


@dataclass
class Built:
    """The builder's answer: the fact to record (None when there are problems) and the problems."""

    item: FactInput | None
    problems: list[Problem] = field(default_factory=list)
    new_network: tuple[Office, str] | None = None  # a network the import is to create (office, slug)


def municipality_office_problem(municipality: Municipality, office: Office) -> str | None:
    """A municipality of another office than the one the path writes for."""
    if municipality.office_id == office.pk:
        return None
    return _("%(number)s %(name)s hører til et annet embete (%(other)s), ikke %(office)s") % {
        "number": municipality.number,
        "name": municipality.name,
        "other": municipality.office.slug,
        "office": office.slug,
    }


def unknown_value_problem(ft: FactType, value: Any) -> str:
    return _("ukjent verdi: «%(value)s» er ikke en gyldig verdi for %(fact)s (gyldige: %(valid)s)") % {
        "value": excerpt(value),
        "fact": ft.label,
        "valid": ", ".join(f"{code} = {label}" for code, label in ft.values.items()),
    }


def _date_text_problem(text: str, label: str) -> str:
    if NORWEGIAN_DATE_RE.match(text):
        return _(
            "%(label)s «%(text)s» ser ut som en norsk Excel-dato; skriv datoen som ÅÅÅÅ-MM-DD (for eksempel 2021-04-30)"
        ) % {"label": label, "text": excerpt(text)}
    return _("%(label)s «%(text)s» er ikke en dato på formen ÅÅÅÅ-MM-DD") % {"label": label, "text": excerpt(text)}


class FactBuilder:
    """Builds facts for one way in. `office` limits the municipalities to one office; `require_target_date`
    is off only for historical imports (import_status); `create_networks` lets an import name a network of
    the municipality's own office that does not exist yet."""

    def __init__(
        self,
        *,
        office: Office | None = None,
        require_target_date: bool = True,
        create_networks: bool = False,
        today: datetime.date | None = None,
    ):
        self.office = office
        self.require_target_date = require_target_date
        self.create_networks = create_networks
        self.today = today or timezone.localdate()
        self._municipalities: dict[str, Municipality] | None = None
        self._offices: dict[str, Office] | None = None
        self._networks: dict[tuple[int, str], Any] | None = None
        self._codes: set[str] | None = None

    # --- what the rows are checked against, loaded once ---------------------------------------------------

    @property
    def municipalities(self) -> dict[str, Municipality]:
        if self._municipalities is None:
            self._municipalities = {m.number: m for m in Municipality.objects.select_related("office")}
        return self._municipalities

    def _load_offices(self) -> None:
        """The offices and every office's networks (reached through the relation): two queries."""
        offices = list(Office.objects.prefetch_related("networks"))
        self._offices = {o.slug: o for o in offices}
        self._networks = {}
        for office in offices:
            for network in office.networks.all():
                network.office = office  # its qualified slug then needs no query
                self._networks[(office.pk, network.slug)] = network

    @property
    def offices(self) -> dict[str, Office]:
        if self._offices is None:
            self._load_offices()
        assert self._offices is not None, "_load_offices sets it"
        return self._offices

    @property
    def networks(self) -> dict[tuple[int, str], Any]:
        if self._networks is None:
            self._load_offices()
        assert self._networks is not None, "_load_offices sets it"
        return self._networks

    @property
    def codes(self) -> set[str]:
        if self._codes is None:
            self._codes = set(FocusArea.objects.values_list("code", flat=True)) | set(
                Solution.objects.values_list("code", flat=True)
            )
        return self._codes

    # --- the checks -----------------------------------------------------------------------------------------

    def municipality(self, given: Any) -> tuple[Municipality | None, str | None]:
        """(municipality, problem) for a Municipality or a number as typed, within the builder's office."""
        if isinstance(given, Municipality):
            municipality = given
        else:
            number = str(given or "").strip()
            found = self.municipalities.get(number) if NUMBER_RE.match(number) else None
            if found is None:
                if SHORT_NUMBER_RE.match(number) and number.zfill(4) in self.municipalities:
                    return None, _(
                        "kommunenummeret «%(number)s» mangler ledende null (skriv %(padded)s); Excel fjerner nullen "
                        "når kolonnen er formatert som tall – lagre kolonnen som tekst"
                    ) % {"number": number, "padded": number.zfill(4)}
                if not number:
                    return None, _("kommunenummer mangler")
                return None, _("ukjent kommunenummer «%(number)s»") % {"number": excerpt(number)}
            municipality = found
        if self.office is not None:
            problem = municipality_office_problem(municipality, self.office)
            if problem:
                return None, problem
        return municipality, None

    def value(self, ft: FactType, given: Any) -> tuple[str | None, str | None]:
        code = ft.parse(given)
        if code is None:
            return None, unknown_value_problem(ft, given)
        return code, None

    def _date(self, given: datetime.date | str | None, name: str) -> tuple[datetime.date | None, str | None]:
        if given is None or isinstance(given, datetime.date):
            return given, None
        text = given.strip()
        if not text:
            return None, None
        found = dates.parse_iso_date(text, bounded=False)
        return (found, None) if found is not None else (None, _date_text_problem(text, name))

    def build(self, raw: RawFact) -> Built:
        problems: list[Problem] = []

        def problem(name: str, message: str | None) -> None:
            if message:
                problems.append(Problem(name, message))

        municipality, message = self.municipality(raw.municipality)
        problem("municipality", message)
        fact = str(raw.fact or "").strip()
        ft = FACT_TYPES.get(fact)
        if ft is None:
            problem(
                "fact",
                _("ukjent opplysning «%(fact)s» (gyldige: %(valid)s)")
                % {"fact": excerpt(fact), "valid": ", ".join(FACT_TYPES)},
            )
        detail = str(raw.detail or "").strip()
        if ft is not None and detail and not ft.detail:
            problem(
                "detail",
                _("%(fact)s har ingen detalj (fikk «%(detail)s»)") % {"fact": ft.label, "detail": excerpt(detail)},
            )

        effective_date, message = self._date(raw.effective_date, "effective_date")
        problem("effective_date", message)
        if effective_date is None and not message:
            problem("effective_date", _("oppgi datoen endringen gjelder fra"))
        target_date, message = self._date(raw.target_date, "target_date")
        problem("target_date", message)

        if ft is None:
            return Built(None, problems)
        value, message = self.value(ft, raw.value)
        problem("value", message)
        if effective_date is not None:
            problem("effective_date", rules.effective_date_problem(effective_date, today=self.today))
        if target_date is not None:
            if not ft.has_target_date:
                problem("target_date", _("%(fact)s har ingen måldato") % {"fact": ft.label})
            else:
                problem("target_date", rules.target_date_problem(target_date))
        elif value is not None and self.require_target_date and ft.needs_target_date(value):
            problem("target_date", _("oppgi når planen skal vedtas (måldato) for en beskrevet prosess"))

        network, new_network = None, None
        if ft.detail == MEETING_DATE:
            problem("detail", self._meeting_problem(detail))
        elif ft.detail == CATALOGUE_CODE:
            if not detail:
                problem("detail", _("oppgi innsatsområde eller løsning"))
            elif detail not in self.codes:
                problem("detail", _("ukjent innsatsområde eller løsning «%(code)s»") % {"code": detail})
        elif ft.detail == NETWORK and municipality is not None:
            network, new_network, message = self._network(detail, municipality)
            problem("detail", message)
            if network is not None:
                detail = network.qualified_slug
        if ft.detail in (CASE_NUMBER, CATALOGUE_CODE, MEETING_DATE):
            problem("detail", rules.text_problem("detail", detail))

        link = str(raw.link or "").strip() if ft.has_link else ""
        if link:
            problem("link", rules.text_problem("link", link))
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                problem("link", _("lenken må være en gyldig nettadresse (https://…)"))
        meeting_format = str(raw.meeting_format or "").strip() if ft.has_meeting_fields else ""
        if meeting_format and meeting_format not in MEETING_FORMATS:
            problem("meeting_format", _("ukjent møteform «%(format)s»") % {"format": meeting_format})
        participants = str(raw.participants or "") if ft.has_meeting_fields else ""
        problem("participants", rules.text_problem("participants", participants))
        note = str(raw.note or "")
        problem("note", rules.text_problem("note", note))

        if problems or municipality is None or value is None or effective_date is None:
            return Built(None, problems)
        item = FactInput(
            municipality=municipality,
            fact=ft.key,
            value=value,
            effective_date=effective_date,
            detail=detail,
            target_date=target_date,
            link=link,
            note=note,
            meeting_format=meeting_format,
            participants=participants,
            network=network,
        )
        return Built(item, [], new_network)

    def _meeting_problem(self, detail: str) -> str | None:
        if not detail:
            return _("oppgi møtedatoen")
        meeting = dates.parse_iso_date(detail, bounded=False)
        if meeting is None:
            return _("«%(detail)s» er ikke en møtedato på formen ÅÅÅÅ-MM-DD") % {"detail": excerpt(detail)}
        return rules.meeting_date_problem(meeting)

    def _network(self, detail: str, municipality: Municipality) -> tuple[Any, tuple[Office, str] | None, str | None]:
        """(network, (office, slug) to create, problem) for a network named "slug" (the municipality's own
        office) or "office-slug/slug" (any office)."""
        if not detail:
            return None, None, _("oppgi nettverket")
        if "/" in detail:
            office_slug, _sep, slug = detail.partition("/")
            office = self.offices.get(office_slug)
            if office is None:
                message = _("ukjent embete «%(office)s» i nettverket «%(detail)s»")
                return None, None, message % {"office": excerpt(office_slug), "detail": excerpt(detail)}
        else:
            office, slug = self.offices[municipality.office.slug], detail
        if not SLUG_RE.match(slug):
            return (
                None,
                None,
                _("«%(detail)s» er ikke et gyldig kortnavn for et nettverk") % {"detail": excerpt(detail)},
            )
        network = self.networks.get((office.pk, slug))
        if network is not None:
            return network, None, None
        elsewhere = sorted(n.qualified_slug for (o, s), n in self.networks.items() if s == slug and o != office.pk)
        if self.create_networks and office.pk == municipality.office_id and ("/" in detail or not elsewhere):
            # Not when another office has the slug: the row more likely means that network, unprefixed.
            return None, (office, slug), None
        if "/" not in detail and elsewhere:
            return (
                None,
                None,
                _(
                    "«%(slug)s» er et nettverk i et annet embete, ikke %(office)s; et nettverk fra et annet embete "
                    "skrives embete/kortnavn, for eksempel %(example)s"
                )
                % {"slug": slug, "office": office.slug, "example": elsewhere[0]},
            )
        if self.create_networks:
            return (
                None,
                None,
                _("ukjent nettverk «%(detail)s»; nettverk opprettes bare under kommunens eget embete")
                % {"detail": excerpt(detail)},
            )
        return None, None, _("ukjent nettverk «%(slug)s» hos %(office)s") % {"slug": slug, "office": office.slug}
