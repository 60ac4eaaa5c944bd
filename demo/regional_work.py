"""Fictional demo content for the regional work of the two demo offices. Idempotent: adds only what is
missing (plans and meetings once per office, events, nominations and examples by title or county)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from municipalities.models import GoodExample, Municipality, Office, Solution
from regional.models import Event, FollowUp, Nomination, PlanVersion, StatusMeeting
from regional.sections import SECTION_KEYS
from regional.services import plan_version_create, plan_version_publish

from .users import DEMO_OFFICE_STAFF

DEMO_OFFICES = DEMO_OFFICE_STAFF
FICTIONAL = "(Oppdiktet demotekst.)"

PLAN_TEXT = {
    "common_progress": (
        "Vi deler kommunene i tre grupper etter hvor langt de har kommet: sluttføring av planfasen, overgang "
        "til gjennomføring og gjennomføring. Hver gruppe får egne samlinger hvert kvartal."
    ),
    "roles": (
        "Statsforvalteren koordinerer og følger opp planarbeidet. KS driver ledernettverkene. USHT har ansvar "
        "for fagnettverkene innen ernæring og hverdagsmestring."
    ),
    "other_actors": (
        "Fylkeseldrerådet deltar i styringsgruppen. Fylkeskommunen bidrar med folkehelsearbeid og "
        "helseforetaket med overgangene mellom sykehus og kommune."
    ),
    "involvement": (
        "Kommunene inviteres til å bruke innbyggerdialog og brukerpaneler. Vi deler en enkel veileder for "
        "medvirkning med eldre og pårørende."
    ),
    "cooperation": ("Vi møter to nabo-embeter digitalt annenhver måned for å dele erfaringer og gode eksempler."),
    "networks": (
        "Eksisterende nettverk brukes der det er mulig. Ett nytt nettverk for aldersvennlige lokalsamfunn "
        "etableres i år."
    ),
    "communication": (
        "Nyhetsbrev hver måned, en felles nettside for støtteapparatet og korte filmer om gode eksempler."
    ),
}

EVENTS = [
    (
        "Demo: Regional Leve hele livet-konferanse",
        "Ledere og politikere i kommunene",
        "Fra plan til handling",
        True,
        True,
        "Demohotellet (fiktivt), Storgata 1",
        21,
    ),
    (
        "Demo: Webinar om måltidsglede",
        "Ansatte i hjemmetjenesten og sykehjem",
        "Mat og måltider",
        False,
        False,
        "https://example.invalid/webinar-maltid",
        35,
    ),
    (
        "Demo: Nettverkssamling aldersvennlige kommuner",
        "Kommunenes kontaktpersoner for reformen",
        "Et aldersvennlig samfunn",
        False,
        False,
        "Kulturhuset (fiktivt)",
        56,
    ),
]

EXAMPLES = [
    ("Seniorkafé i biblioteket", "generasjonsmoter"),
    ("Fast måltidsvert på sykehjemmet", "det-gode-maltidet"),
    ("Hverdagsmestring fra første dag", "hverdagsmestring"),
    ("Pårørendeskole på kveldstid", "avlastning-parorende"),
    ("Eldreråd som medplanlegger", "eldrestyrt-planlegging"),
]


def _demo_title(office: Office, title: str) -> str:
    return f"{title} ({office.region}, demo)"


def _plan(office: Office, user) -> None:
    if PlanVersion.objects.filter(office=office).exists():
        return
    first = plan_version_create(
        office=office,
        sections={k: f"{PLAN_TEXT[k]} {FICTIONAL}" for k in SECTION_KEYS},
        user=user,
    )
    plan_version_publish(version=first, user=user)
    revised = {k: f"{PLAN_TEXT[k]} {FICTIONAL}" for k in SECTION_KEYS}
    revised["common_progress"] += "\nRevidert våren 2021: alle kommuner får tilbud om et oppfølgingsmøte før sommeren."
    second = plan_version_create(office=office, sections=revised, user=user)
    plan_version_publish(version=second, user=user)


def _events(office: Office, user) -> None:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    for title, target, theme, hdir, ministry, place, days in EVENTS:
        full_title = _demo_title(office, title)
        if Event.objects.filter(office=office, title=full_title).exists():
            continue
        day = today + datetime.timedelta(days=days)
        Event.objects.create(
            office=office,
            title=full_title,
            start=datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz),
            end=datetime.datetime.combine(day, datetime.time(15, 30), tzinfo=tz),
            target_group=target,
            theme=theme,
            hdir_wanted=hdir,
            ministry_wanted=ministry,
            place=place,
            created_by=user,
        )


def _nominations(office: Office, user) -> None:
    year = timezone.localdate().year
    for county in office.counties.order_by("number"):
        if Nomination.objects.filter(year=year, county=county).exists():
            continue
        municipality = Municipality.objects.filter(county=county).order_by("-population", "number").first()
        if municipality is None:
            continue
        Nomination.objects.create(
            office=office,
            year=year,
            county=county,
            municipality=municipality,
            justification=(
                f"{municipality.name} har vedtatt en plan for reformen og tatt i bruk flere løsninger. {FICTIONAL}"
            ),
            created_by=user,
        )


def _meetings(office: Office, hdir) -> None:
    if hdir is None or StatusMeeting.objects.filter(office=office).exists():
        return
    now = timezone.now()
    for date, follow_ups in (
        (datetime.date(2021, 3, 10), [("Sende utkast til revidert plan", True)]),
        (
            datetime.date(2021, 4, 14),
            [("Avklare tema for høstens konferanse", False), ("Dele nettverksoversikt", True)],
        ),
    ):
        meeting = StatusMeeting.objects.create(
            office=office,
            date=date,
            participants=f"Helsedirektoratet (demo), {office.title_on(date)} (demo)",
            minutes=(
                "Status for kommunenes planarbeid og nettverk ble gjennomgått. Embetet orienterte om "
                f"revisjonen av den regionale planen. {FICTIONAL}"
            ),
            created_by=hdir,
            created_at=now,
            updated_by=hdir,
            updated_at=now,
        )
        FollowUp.objects.bulk_create([FollowUp(meeting=meeting, text=t, done=d) for t, d in follow_ups])


def _examples(office: Office, user) -> None:
    codes = set(Solution.objects.values_list("code", flat=True))
    municipalities = list(Municipality.objects.filter(office=office).order_by("number"))[1::7]
    for (title, code), municipality in zip(EXAMPLES, municipalities, strict=False):
        full_title = _demo_title(office, title)
        if GoodExample.objects.filter(municipality__office=office, title=full_title).exists():
            continue
        GoodExample.objects.create(
            municipality=municipality,
            title=full_title,
            text=(
                f"{municipality.name} kommune (fiktivt eksempel) forteller hvordan løsningen ble tatt i bruk, "
                f"hvem som var med og hva de lærte. {FICTIONAL}"
            ),
            code=code if code in codes else "",
            date=datetime.date(2021, 4, 20),
            recorded_by=user,
        )


@transaction.atomic
def demo_content_create(*, users: dict) -> None:
    hdir = users.get("demo-hdir")
    for slug, username in DEMO_OFFICES.items():
        user = users.get(username)
        office = Office.objects.filter(slug=slug).first()
        if user is None or office is None:
            continue
        _plan(office, user)
        _events(office, user)
        _nominations(office, user)
        _meetings(office, hdir)
        _examples(office, user)
