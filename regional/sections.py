"""The seven sections of the regional implementation plan (seed 001), with Norwegian headings and help texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Characters per section: room for a few pages of text, short enough to keep the plan readable.
SECTION_MAX_LENGTH = 10000


@dataclass(frozen=True)
class Section:
    key: str
    heading: StrOrPromise
    help_text: StrOrPromise


SECTIONS: tuple[Section, ...] = (
    Section(
        "common_progress",
        _("Felles framdrift i arbeidet i regionen"),
        _(
            "Hvordan dere i 2021 parallelt støtter kommuner som sluttfører fase 2 (planfasen), bistår i "
            "overgangen til fase 3 (gjennomføringsfasen) og støtter kommuner i fase 3, og hvordan dere "
            "reetablerer felles framdrift i kommunene."
        ),
    ),
    Section(
        "roles",
        _("Ansvar, roller og oppgaver i det regionale støtteapparatet"),
        _(
            "Hvordan oppgavene fordeles mellom statsforvalteren, KS og utviklingssentrene for sykehjem og "
            "hjemmetjenester (USHT), ut fra hver aktørs samfunnsoppdrag."
        ),
    ),
    Section(
        "other_actors",
        _("Inkludering av andre aktører"),
        _(
            "Hvordan som et minimum eldrerådene, fylkeskommunen og helseforetakene er inkludert i arbeidet, "
            "og eventuelt andre aktører som regionale fagmiljø."
        ),
    ),
    Section(
        "involvement",
        _("Medvirkning og involvering"),
        _("Hvordan dere, utover samarbeidet med eldrerådene, legger til rette for gode medvirkningsprosesser."),
    ),
    Section(
        "cooperation",
        _("Samarbeid og dialog på tvers av regionene"),
        _("Hvordan dere etablerer kontaktflater på tvers av regionene og deler erfaringer og løsninger."),
    ),
    Section(
        "networks",
        _("Plan for nettverksarbeid"),
        _(
            "Hvilke nettverk som brukes, videreutvikles eller etableres, hvem som drifter dem, hvem som er "
            "målgruppen, hvordan man jobber i praksis og hvordan nettverket støtter kommunenes gjennomføring. "
            "Embetets registrerte nettverk vises sammen med denne delen."
        ),
    ),
    Section(
        "communication",
        _("Kommunikasjonsplan"),
        _("Den oppdaterte regionale kommunikasjonsplanen: forankring, kunnskap, motivasjon og prosess i kommunene."),
    ),
)

SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
SECTIONS_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}
