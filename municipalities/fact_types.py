"""The kinds of status fact, their values and their Norwegian labels: defined once, used everywhere.

Criteria quoted in help texts are from Helsedirektoratet's letter to the municipalities of 9 January 2021
(seed 003) and the ministry's supplement no. 54 (seed 000).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FactType:
    key: str
    label: Promise
    values: dict[str, Promise]
    help_text: Promise
    keyed: bool = False  # detail identifies which one (a meeting's date, a network, a code)
    detail_label: Promise | None = None
    has_target_date: bool = False
    has_link: bool = False
    extra: tuple[str, ...] = field(default=())


THREE_STATE = {"none": _("Ikke forankret"), "planned": _("Planlagt"), "anchored": _("Forankret")}
YES_NO = {"yes": _("Ja"), "no": _("Nei")}

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
            keyed=True,
            detail_label=_("Møtedato"),
            extra=("meeting_format", "participants"),
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
            detail_label=_("Saksnummer"),
            has_target_date=True,
            has_link=True,
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
        FactType(
            "samfunnsdel",
            _("Forankret i kommuneplanens samfunnsdel"),
            THREE_STATE,
            _(
                "«Kommunen viser hvordan reformen er integrert i kommuneplanens samfunnsdel» "
                "(plan- og bygningsloven § 11-2)."
            ),
            has_target_date=True,
        ),
        FactType(
            "action_plan",
            _("Forankret i handlingsplan/økonomiplan"),
            THREE_STATE,
            _("Reformen er forankret i kommunens handlingsdel eller økonomiplan."),
            has_target_date=True,
        ),
        FactType(
            "other_plans",
            _("Forankret i andre planer"),
            THREE_STATE,
            _("For eksempel helhetlig helse- og omsorgsplan, sektorplaner eller planstrategi."),
            has_target_date=True,
        ),
        FactType(
            "phase",
            _("Fase"),
            {"2": _("Fase 2 – planlegging"), "3": _("Fase 3 – gjennomføring")},
            _("Fase 2 er planfasen, fase 3 er gjennomføringsfasen. Uten registrering er fasen «ikke vurdert»."),
        ),
        FactType(
            "network",
            _("Nettverk"),
            {"none": _("Deltar ikke"), "planned": _("Planlegger å delta"), "participating": _("Deltar")},
            _("«Kommunen deltar i, eller planlegger å delta i, regionalt nettverk for Leve hele livet.»"),
            keyed=True,
            detail_label=_("Nettverk"),
        ),
        FactType(
            "priority",
            _("Prioritering"),
            {"yes": _("Prioritert"), "no": _("Ikke prioritert")},
            _(
                "Innsatsområder og løsninger kommunen har prioritert i gjennomføringsfasen. «Nei» trekker "
                "prioriteringen tilbake."
            ),
            keyed=True,
            detail_label=_("Innsatsområde eller løsning"),
        ),
    ]
}

# The single-valued facts (one current value per municipality), in the order the pages show them.
SINGLE_FACTS = (
    "decision",
    "areas_considered",
    "involvement",
    "samfunnsdel",
    "action_plan",
    "other_plans",
    "phase",
)
KEYED_FACTS = ("dialogue_meeting", "network", "priority")

MEETING_FORMATS = {"single": _("Enkeltmøte"), "group": _("Gruppemøte")}

# Dialogue meeting states by how far they went; cancelled meetings do not count.
MEETING_RANK = {"held": 4, "planned": 3, "offered": 2, "declined": 1}


def fact_choices() -> list[tuple[str, Promise]]:
    return [(ft.key, ft.label) for ft in FACT_TYPES.values()]


def value_label(fact: str, value: str) -> str:
    ft = FACT_TYPES.get(fact)
    if ft is None:
        return value
    return str(ft.values.get(value, value))
