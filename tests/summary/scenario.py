"""A year of office reports for the annual summary tests: facts in three offices, reports submitted, accepted,
returned and never started, good examples (one submitted, one not), a fact recorded after a submission, grant
confirmations (one confirmed, one overridden)."""

from __future__ import annotations

import datetime

from municipalities.models import GoodExample, Office
from reporting.grants.services import grant_confirmation_record
from reporting.models import ReportingPeriod
from reporting.reports.services import report_accept, report_return, report_submit, report_texts_save
from tests.factories import UserFactory, municipality, record

YEAR = 2021


def period(slug: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(slug=slug)


def _write_and_submit(office, slug: str, user, *, assessment: str, example_ids=None):
    p = period(slug)
    texts = {"assessment": assessment, "priorities": "Mat og måltider prioriteres."}
    report_texts_save(office=office, period=p, texts=texts, user=user, round=None, example_ids=example_ids)
    return report_submit(office=office, period=p, user=user)


def make_year(hdir) -> dict:
    """The scenario: Oslo og Viken delivers both periods (spring accepted, with an example), Agder delivers
    spring only (a fact recorded after its submission makes its live figures differ), Innlandet's spring
    report is returned (so: not delivered), the others never start."""
    oslo = Office.objects.get(slug="oslo-og-viken")
    agder = Office.objects.get(slug="agder")
    innlandet = Office.objects.get(slug="innlandet")
    staff = {
        "oslo": UserFactory(username="kari-oslo", office=oslo),
        "agder": UserFactory(username="ola-agder", office=agder),
        "innlandet": UserFactory(username="per-innlandet", office=innlandet),
    }
    for i, number in enumerate(("0301", "3001", "3002", "3003")):
        user = staff["oslo"]
        record(number, "decision", "plan_adopted" if i % 2 == 0 else "process_described", "2021-02-01", user=user)
        record(number, "areas_considered", "yes", "2021-02-01", user=user)
        record(number, "samfunnsdel", "anchored", "2021-02-01", user=user)
        record(number, "phase", "3" if i % 2 == 0 else "2", "2021-03-01", user=user)
        record(number, "priority", "yes", "2021-03-01", user=user, detail="maltidstider")
        record(number, "phase", "3", "2021-09-01", user=user)
    record("4201", "phase", "3", "2021-04-01", user=staff["agder"])
    record("4201", "priority", "yes", "2021-04-01", user=staff["agder"], detail="aktivitet")
    record("3401", "phase", "2", "2021-04-01", user=staff["innlandet"])

    for number, confirmed in (("0301", True), ("3002", False)):
        grant_confirmation_record(
            municipality=municipality(number),
            year=YEAR,
            confirmed=confirmed,
            reason="Bekreftet etter dialogmøte." if confirmed else "Overstyrt: planen er ikke forankret ennå.",
            as_of=datetime.date(YEAR, 10, 31),
            user=staff["oslo"],
        )
    example = GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Måltidsvert på sykehjemmet",
        text="Fast vert ved middagen.\n\nGir bedre matlyst.",
        code="maltidstider",
        link="https://example.invalid/maltidsvert",
        date=datetime.date(2021, 3, 1),
        recorded_by=staff["oslo"],
    )
    not_chosen = GoodExample.objects.create(
        municipality=municipality("3001"),
        title="Seniortrim i parken",
        text="Ukentlig trim.",
        date=datetime.date(2021, 3, 2),
        recorded_by=staff["oslo"],
    )
    spring_oslo = _write_and_submit(
        oslo, "spring-2021", staff["oslo"], assessment="Oslo og Viken: godt i gang.", example_ids=[example.pk]
    )
    report_accept(report=spring_oslo.report, user=hdir)
    _write_and_submit(oslo, "autumn-2021", staff["oslo"], assessment="Oslo og Viken: flere i fase 3 nå.")
    _write_and_submit(agder, "spring-2021", staff["agder"], assessment="Agder: nettverkene er etablert.")
    record("4202", "phase", "3", "2021-04-01", user=staff["agder"])  # after the submission: live differs
    returned = _write_and_submit(innlandet, "spring-2021", staff["innlandet"], assessment="Innlandet: utkast.")
    report_return(report=returned.report, user=hdir, comment="Mangler tall.")
    return {"staff": staff, "example": example, "not_chosen": not_chosen, "offices": (oslo, agder, innlandet)}
