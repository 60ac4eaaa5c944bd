"""Each kind of status fact, defined once: its code, Norwegian label and help text, its values and the spellings
accepted for them, what its detail is, what «never recorded» reads as, and how it is written out.

Criteria quoted in help texts are from Helsedirektoratet's letter to the municipalities of 9 January 2021
(seed 003) and the ministry's supplement no. 54 (seed 000).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What the detail of a fact is (the field a form shows for it).
MEETING_DATE = "meeting_date"  # a dialogue meeting's date, YYYY-MM-DD: which meeting
CASE_NUMBER = "case_number"  # the council's case number of a decision
NETWORK = "network"  # the network, "office/slug": which network
CATALOGUE_CODE = "code"  # a focus-area or solution code: which priority

# Where a fact's current value sits in a municipality's status (selectors.MunicipalityStatus).
SLOTS = {MEETING_DATE: "meetings", NETWORK: "networks", CATALOGUE_CODE: "priorities"}

UNRECORDED = _("Ikke registrert")


def normalise(text: Any) -> str:
    """The form a spelling is compared in: case-folded, white space collapsed (an int 3 reads "3")."""
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class FactType:
    key: str
    label: Promise
    values: Mapping[str, Promise]
    help_text: Promise
    detail: str = ""  # MEETING_DATE, CASE_NUMBER, NETWORK, CATALOGUE_CODE or "" (none)
    detail_label: Promise | None = None
    has_target_date: bool = False
    target_required_for: frozenset[str] = frozenset()  # values that need a target date on interactive paths
    has_link: bool = False
    has_meeting_fields: bool = False  # meeting format and participants
    short_forms: dict[str, str] = field(default_factory=dict)  # extra accepted spellings → value code
    unrecorded_label: Promise = UNRECORDED  # what pages, sheets and workbooks show when never recorded
    unrecorded_export: str = ""  # what CSV and JSON show when never recorded ("none" or empty)
    unrecorded_means: str = ""  # a value that changes nothing when never recorded (a priority's "no")
    # Each value in plain words, as a municipality is asked about its own status (selfreport), in the order it is
    # asked; a value left out is asked in its label's words. Never accepted as input, never shown to the offices.
    plain_labels: Mapping[str, Promise] = field(default_factory=dict)

    @property
    def keyed(self) -> bool:
        """Several current facts per municipality, one per detail (meetings, networks, priorities)."""
        return self.detail in SLOTS

    @property
    def slot(self) -> str:
        return SLOTS.get(self.detail, "facts")

    @property
    def spellings(self) -> dict[str, str]:
        """Every accepted spelling (normalised) → value code: the code, the full label, the short forms."""
        accepted: dict[str, str] = {}
        for code, label in self.values.items():
            accepted[normalise(code)] = code
            accepted[normalise(label)] = code
        for spelling, code in self.short_forms.items():
            accepted[normalise(spelling)] = code
        return accepted

    def parse(self, text: Any) -> str | None:
        """The value code a spelling means, or None when it means none of them."""
        return self.spellings.get(normalise(text))

    def value_label(self, code: str) -> str:
        return str(self.values.get(code, code))

    def plain_answers(self) -> dict[str, Promise]:
        """Every value in plain words (`plain_labels`, else its label), in the order a municipality is asked."""
        order = [*self.plain_labels, *(code for code in self.values if code not in self.plain_labels)]
        return {code: self.plain_labels.get(code, self.values[code]) for code in order}

    def valid_text(self) -> str:
        """The values as the messages list them: «code (label)»."""
        return ", ".join(f"{code} ({label})" for code, label in self.values.items())

    def current(self, status, key: str = "") -> Any:
        """The current fact of this type in a MunicipalityStatus (for a keyed type: the one with `key`)."""
        if self.keyed:
            return getattr(status, self.slot).get(key)
        return status.facts.get(self.key)

    def display(self, fact) -> str:
        """How pages, sheets and workbooks show a current fact (or its absence)."""
        return self.value_label(fact.value) if fact is not None else str(self.unrecorded_label)

    def export_value(self, fact) -> str:
        """How CSV and JSON show a current fact: the code, or `unrecorded_export` when never recorded."""
        return fact.value if fact is not None else self.unrecorded_export

    def needs_target_date(self, value: str) -> bool:
        return value in self.target_required_for

    def lacks_target_date(self, fact) -> bool:
        """A recorded fact whose value needs a target date but has none (imported history, say)."""
        return fact is not None and self.needs_target_date(fact.value) and not fact.target_date

    def detail_text(self, fact, *, office_id: int, names: dict[str, str], networks: dict[str, Any]) -> str:
        """What a fact's detail means, in words (the network's name, the code's name, the meeting date...)."""
        if self.detail == NETWORK:
            network = networks.get(fact.detail)
            if network is None:
                return fact.detail
            if network.office_id == office_id:
                return network.name
            return f"{network.office.region} – {network.name}"
        if self.detail == CATALOGUE_CODE:
            return names.get(fact.detail, fact.detail)
        if self.detail == MEETING_DATE:
            try:
                return datetime.date.fromisoformat(fact.detail).strftime("%d.%m.%Y")
            except ValueError:
                return fact.detail
        if self.detail == CASE_NUMBER and fact.detail:
            return str(_("saksnr. %(case)s")) % {"case": fact.detail}
        return fact.detail


THREE_STATE = {"none": _("Ikke forankret"), "planned": _("Planlagt"), "anchored": _("Forankret")}
THREE_STATE_PLAIN = {"anchored": _("Ja, det står i planen"), "planned": _("Det er planlagt"), "none": _("Nei")}
YES_NO = {"yes": _("Ja"), "no": _("Nei")}


def _anchoring(key: str, label: Promise, help_text: Promise) -> FactType:
    return FactType(
        key,
        label,
        THREE_STATE,
        help_text,
        has_target_date=True,
        unrecorded_export="none",
        plain_labels=THREE_STATE_PLAIN,
    )


FACT_TYPES: dict[str, FactType] = {
    ft.key: ft
    for ft in [
        FactType(
            "dialogue_meeting",
            _("Dialogmøte"),
            {
                "offered": _("Tilbudt"),
                "declined": _("Takket nei"),
                "planned": _("Planlagt"),
                "held": _("Gjennomført"),
                "cancelled": _("Avlyst"),
            },
            _(
                "Dialogmøte mellom statsforvalteren og kommunen om gjennomføringen av reformen. "
                "Alle kommuner skulle få tilbud om dialogmøte høsten 2020."
            ),
            detail=MEETING_DATE,
            detail_label=_("Møtedato"),
            has_meeting_fields=True,
            unrecorded_export="none",
        ),
        FactType(
            "decision",
            _("Politisk vedtak"),
            {
                "none": _("Ingen vedtak"),
                "process_described": _("Prosess beskrevet"),
                "plan_adopted": _("Plan vedtatt"),
            },
            _(
                "«Kommunen har vedtatt en plan, eller beskrevet en prosess for hvordan og når det skal vedtas "
                "en plan for gjennomføring av reformen.» Ved beskrevet prosess: oppgi når planen skal vedtas."
            ),
            detail=CASE_NUMBER,
            detail_label=_("Saksnummer"),
            has_target_date=True,
            target_required_for=frozenset({"process_described"}),
            has_link=True,
            unrecorded_export="none",
            plain_labels={
                "plan_adopted": _("Ja, planen er vedtatt"),
                "process_described": _("Nei, men vi har beskrevet hvordan og når planen skal vedtas"),
                "none": _("Nei, ikke ennå"),
            },
        ),
        FactType(
            "areas_considered",
            _("Tatt stilling til innsatsområder og løsninger"),
            YES_NO,
            _(
                "«Kommunestyret har tatt stilling til reformens innsatsområder og løsninger, og hvordan disse "
                "skal gjennomføres lokalt, basert på en kartlegging av egne utfordringer og behov.»"
            ),
        ),
        FactType(
            "involvement",
            _("Medvirkning fra innbyggere"),
            YES_NO,
            _("Eldre, pårørende og frivillige har medvirket i planarbeidet."),
        ),
        _anchoring(
            "samfunnsdel",
            _("Forankret i kommuneplanens samfunnsdel"),
            _(
                "«Kommunen viser hvordan reformen er integrert i kommuneplanens samfunnsdel» "
                "(plan- og bygningsloven § 11-2)."
            ),
        ),
        _anchoring(
            "action_plan",
            _("Forankret i handlingsplan/økonomiplan"),
            _("Reformen er forankret i kommunens handlingsdel eller økonomiplan."),
        ),
        _anchoring(
            "other_plans",
            _("Forankret i andre planer"),
            _("For eksempel helhetlig helse- og omsorgsplan, sektorplaner eller planstrategi."),
        ),
        FactType(
            "phase",
            _("Fase"),
            {"2": _("Fase 2 – planlegging"), "3": _("Fase 3 – gjennomføring")},
            _("Fase 2 er planfasen, fase 3 er gjennomføringsfasen. Uten registrering er fasen «ikke vurdert»."),
            short_forms={"Fase 2": "2", "Fase 3": "3", "Fase 2 - planlegging": "2", "Fase 3 - gjennomføring": "3"},
            unrecorded_label=_("Ikke vurdert"),
            plain_labels={
                "2": _("Vi planlegger fortsatt (fase 2)"),
                "3": _("Vi har begynt å gjennomføre tiltakene (fase 3)"),
            },
        ),
        FactType(
            "network",
            _("Nettverk"),
            {"none": _("Deltar ikke"), "planned": _("Planlegger å delta"), "participating": _("Deltar")},
            _("«Kommunen deltar i, eller planlegger å delta i, regionalt nettverk for Leve hele livet.»"),
            detail=NETWORK,
            detail_label=_("Nettverk"),
            unrecorded_export="none",
            plain_labels={
                "participating": _("Vi deltar"),
                "planned": _("Vi planlegger å delta"),
                "none": _("Vi deltar ikke"),
            },
        ),
        FactType(
            "priority",
            _("Prioritering"),
            {"yes": _("Prioritert"), "no": _("Ikke prioritert")},
            _(
                "Innsatsområder og løsninger kommunen har prioritert i gjennomføringsfasen. «Nei» trekker "
                "prioriteringen tilbake."
            ),
            detail=CATALOGUE_CODE,
            detail_label=_("Innsatsområde eller løsning"),
            short_forms={"Ja": "yes", "Nei": "no"},
            unrecorded_means="no",
        ),
    ]
}

# The single-valued facts (one current value per municipality), in the order the pages show them.
SINGLE_FACTS = tuple(key for key, ft in FACT_TYPES.items() if not ft.keyed)
KEYED_FACTS = tuple(key for key, ft in FACT_TYPES.items() if ft.keyed)

MEETING_FORMATS = {"single": _("Enkeltmøte"), "group": _("Gruppemøte")}

# Dialogue meeting states by how far they went; cancelled meetings do not count.
MEETING_RANK = {"held": 4, "planned": 3, "offered": 2, "declined": 1}
MEETING_HELD_OR_PLANNED = ("held", "planned")
# Values that count as taking part: a network joined or planned, an anchoring done or planned.
NETWORK_MEMBER_STATES = ("planned", "participating")
NETWORK_PARTICIPATING = ("participating",)
ANCHORED_OR_PLANNED = ("planned", "anchored")
DECIDED = ("process_described", "plan_adopted")
PRIORITISED = ("yes",)


def fact_choices() -> list[tuple[str, Promise]]:
    return [(ft.key, ft.label) for ft in FACT_TYPES.values()]


def fact_type(key: str) -> FactType | None:
    return FACT_TYPES.get(key)


def value_label(fact: str, value: str) -> str:
    ft = FACT_TYPES.get(fact)
    return ft.value_label(value) if ft is not None else value
