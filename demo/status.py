"""Fictional status history for the demo offices: facts, networks and good examples.

Everything here is made up: a fixed pseudo-random history (same every run) for about 20 municipalities of
each demo office, recorded by the office's demo user with source "demo". Notes, network names and good
examples say that they are fictional.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from municipalities.facts import GoodExample, StatusFact
from municipalities.models import Municipality, Office, Solution
from municipalities.services import FactInput, facts_record
from networks.models import Network

DEMO_SOURCE = "demo"
DEMO_NOTE = "Demodata – fiktiv opplysning."
DEMO_OFFICES = {
    "oslo-og-viken": ("demo-staff-oslo-og-viken", [("lhl-nettverk-vest", "Vest"), ("lhl-nettverk-ost", "Øst")]),
    "innlandet": ("demo-staff-innlandet", [("lhl-nettverk-nord", "Nord"), ("lhl-nettverk-sor", "Sør")]),
}
MUNICIPALITIES_PER_OFFICE = 20
PARTICIPANTS = (
    "Kommunedirektør og kommunalsjef for helse og omsorg (fiktivt)",
    "Ordfører, eldrerådet og ledere i helse og omsorg (fiktivt)",
    "Fagansatte i hjemmetjenesten og frivilligsentralen (fiktivt)",
)
EXAMPLES = (
    ("Fiktivt eksempel: Felles lunsj på dagsenteret", "det-gode-maltidet"),
    ("Fiktivt eksempel: Generasjonsmøter i skolen", "generasjonsmoter"),
    ("Fiktivt eksempel: Hverdagsmestring i hjemmetjenesten", "hverdagsmestring"),
)


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _history(municipality: Municipality, networks: list, codes: list[str], rng: random.Random) -> list[FactInput]:
    """A plausible, fictional history for one municipality, 2020–2021, in the order it happened."""
    today = timezone.localdate()
    facts: list[FactInput] = []

    def add(fact: str, value: str, date: datetime.date, **kwargs) -> None:
        if date <= today:
            facts.append(FactInput(municipality, fact, value, date, note=DEMO_NOTE, **kwargs))

    # Every municipality is offered a dialogue meeting in autumn 2020.
    meeting = _day(rng, datetime.date(2020, 9, 7), datetime.date(2020, 12, 11))
    detail = meeting.isoformat()
    add("dialogue_meeting", "offered", datetime.date(2020, 8, 24), detail=detail)
    roll = rng.random()
    if roll < 0.1:
        add("dialogue_meeting", "declined", datetime.date(2020, 9, 1), detail=detail)
    else:
        fmt = rng.choice(["single", "group"])
        add("dialogue_meeting", "planned", datetime.date(2020, 9, 1), detail=detail, meeting_format=fmt)
        if roll < 0.2:
            add("dialogue_meeting", "cancelled", meeting - datetime.timedelta(days=3), detail=detail)
        else:
            who = rng.choice(PARTICIPANTS)
            add("dialogue_meeting", "held", meeting, detail=detail, meeting_format=fmt, participants=who)

    add("phase", "2", datetime.date(2020, 6, 1))
    roll = rng.random()
    if roll < 0.75:
        described = _day(rng, datetime.date(2020, 10, 1), datetime.date(2021, 3, 31))
        planned_adoption = _day(rng, datetime.date(2021, 6, 1), datetime.date(2022, 6, 30))
        case = f"20/{rng.randrange(100, 999)}"
        add("decision", "process_described", described, detail=case, target_date=planned_adoption)
        add("samfunnsdel", "planned", described, target_date=planned_adoption)
        if roll < 0.45:
            adopted = _day(rng, datetime.date(2021, 2, 1), datetime.date(2021, 9, 30))
            add(
                "decision",
                "plan_adopted",
                adopted,
                detail=f"21/{rng.randrange(100, 999)}",
                link=f"https://example.invalid/demo/{municipality.number}/vedtak",
            )
            add("areas_considered", "yes", adopted)
            add("involvement", rng.choice(["yes", "yes", "no"]), adopted)
            add("samfunnsdel", rng.choice(["anchored", "planned"]), adopted)
            add("action_plan", rng.choice(["anchored", "planned", "none"]), adopted)
            add("other_plans", rng.choice(["anchored", "planned"]), adopted)
            if rng.random() < 0.7:
                phase3 = adopted + datetime.timedelta(days=rng.randrange(7, 60))
                add("phase", "3", phase3)
                for code in sorted(rng.sample(codes, rng.randrange(2, 5))):
                    add("priority", "yes", phase3, detail=code)

    if rng.random() < 0.75:
        network = rng.choice(networks)
        value = rng.choice(["participating", "participating", "planned"])
        add("network", value, _day(rng, datetime.date(2020, 11, 1), datetime.date(2021, 5, 31)), network=network)
    return facts


def _networks(office: Office, user, slugs: list[tuple[str, str]]) -> list:
    networks = []
    for slug, part in slugs:
        network, _created = Network.objects.get_or_create(
            office=office,
            slug=slug,
            defaults={
                "name": f"Leve hele livet-nettverk {part} (demo)",
                "operator": "Statsforvalteren, KS og USHT i fellesskap (fiktivt)",
                "target_group": "Ledere og fagfolk i helse og omsorg, frivillige og eldreråd",
                "practice": "Fiktivt demonettverk: fire samlinger i året og digitale møter mellom samlingene.",
                "support": "Kommunene deler erfaringer med løsningene i reformen og planarbeidet (demo).",
                "status": Network.Status.DEVELOPED if part in ("Vest", "Nord") else Network.Status.NEW,
                "created_by": user,
            },
        )
        networks.append(network)
    return networks


@transaction.atomic
def _office_demo_create(office: Office, user, slugs: list[tuple[str, str]]) -> None:
    if StatusFact.objects.filter(municipality__office=office, source=DEMO_SOURCE).exists():
        return
    networks = _networks(office, user, slugs)
    codes = sorted(Solution.objects.values_list("code", flat=True))
    rng = random.Random(f"lhl-demo-{office.slug}")
    chosen = list(Municipality.objects.filter(office=office).select_related("office").order_by("number"))[::2]
    chosen = chosen[:MUNICIPALITIES_PER_OFFICE]
    items = [item for municipality in chosen for item in _history(municipality, networks, codes, rng)]
    items.sort(key=lambda item: item.effective_date)  # stable: a municipality's same-day facts keep their order
    facts_record(items=items, user=user, source=DEMO_SOURCE)

    for (title, code), municipality in zip(EXAMPLES, chosen[1::6], strict=False):
        GoodExample.objects.create(
            municipality=municipality,
            title=title,
            text=(
                f"Dette er et oppdiktet eksempel for demonstrasjon. {municipality.name} kommune (fiktivt) "
                "beskriver her hvordan en løsning fra reformen ble tatt i bruk, hvem som var med, og hva de "
                "lærte."
            ),
            code=code if code in codes else "",
            date=datetime.date(2021, 5, 3),
            recorded_by=user,
        )


def demo_content_create(*, users: dict) -> None:
    """Idempotent: an office that already has demo facts is left alone."""
    for slug, (username, network_slugs) in DEMO_OFFICES.items():
        user = users.get(username)
        office = Office.objects.filter(slug=slug).first()
        if user is None or office is None:
            continue
        _office_demo_create(office, user, network_slugs)
