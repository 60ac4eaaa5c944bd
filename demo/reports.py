"""Fictional demo content: a few confirmed grant proposals for the demo offices, so the pages show something."""

from __future__ import annotations

from django.utils import timezone

from municipalities.models import Office
from reporting.grants.models import GrantConfirmation
from reporting.grants.selectors import default_as_of, grant_rows
from reporting.grants.services import grant_confirmation_record
from reporting.periods.models import ReportingPeriod
from reporting.reports.models import Report
from reporting.reports.selectors import office_examples
from reporting.reports.services import report_return, report_submit, report_texts_save

from .users import DEMO_OFFICE_STAFF

DEMO_YEAR = 2021
DEMO_OFFICES = DEMO_OFFICE_STAFF
PER_OFFICE = 3


def demo_content_create(*, users: dict) -> None:
    """Idempotent: confirms the first few proposals of each demo office once, and never again; then leaves
    one submitted report (oslo-og-viken) and one returned report (innlandet) for spring-2021."""
    _grant_confirmations(users)
    _reports(users)


def _grant_confirmations(users: dict) -> None:
    as_of = default_as_of(DEMO_YEAR, timezone.localdate())
    for slug, username in DEMO_OFFICES.items():
        user = users.get(username)
        office = Office.objects.filter(slug=slug).first()
        if user is None or office is None:
            continue
        if GrantConfirmation.objects.filter(year=DEMO_YEAR, municipality__office=office).exists():
            continue
        rows = grant_rows(year=DEMO_YEAR, as_of=as_of, office=office, order="name")[:PER_OFFICE]
        for index, row in enumerate(rows):
            override = index == len(rows) - 1  # one override, so the page shows both kinds
            confirmed = (not row.proposed) if override else row.proposed
            reason = (
                "Demo (fiktiv): overstyrt etter dialogmøte; kommunen har vedtak på vei."
                if override
                else "Demo (fiktiv): forslaget stemmer med det embetet kjenner til."
            )
            grant_confirmation_record(
                municipality=row.municipality,
                year=DEMO_YEAR,
                confirmed=confirmed,
                reason=reason,
                as_of=as_of,
                user=user,
            )


DEMO_REPORT_PERIOD = "spring-2021"
DEMO_REPORT_TEXTS = {
    "priorities": "Demo (fiktiv): Kommunene i fase 3 har særlig prioritert mat og måltider og aktivitet og fellesskap.",
    "examples": "Demo (fiktiv): Eksemplene under viser hvordan planene er blitt til tiltak.",
    "organisation": "Demo (fiktiv): Arbeidet er forankret i embetsledelsen, med en tverrfaglig gruppe fra helse, "
    "oppvekst og plan.",
    "assessment": "Demo (fiktiv): De fleste kommunene har beskrevet en prosess; flere mangler forankring i "
    "samfunnsdelen.",
    "plan": "Demo (fiktiv): Den reviderte planen er vedlagt.",
}
DEMO_REPORTS = {"oslo-og-viken": "submitted", "innlandet": "returned"}


def _reports(users: dict) -> None:
    """Submit the demo offices' spring-2021 reports; return innlandet's with a comment. Once only."""
    period = ReportingPeriod.objects.filter(slug=DEMO_REPORT_PERIOD).first()
    hdir = users.get("demo-hdir")
    if period is None:
        return
    for slug, outcome in DEMO_REPORTS.items():
        user = users.get(DEMO_OFFICES[slug])
        office = Office.objects.filter(slug=slug).first()
        if user is None or office is None:
            continue
        if Report.objects.filter(office=office, period=period, version__gte=1).exists():
            continue
        report = Report.objects.filter(office=office, period=period).first()
        texts = {key: text for key, text in DEMO_REPORT_TEXTS.items() if key in period.sections}
        examples = [e.pk for e in office_examples(office)[:2]]
        report_texts_save(
            office=office,
            period=period,
            texts=texts,
            example_ids=examples,
            user=user,
            round=report.version if report else 0,
        )
        submission = report_submit(office=office, period=period, user=user)
        if outcome == "returned" and hdir is not None:
            report_return(
                report=submission.report,
                user=hdir,
                comment="Demo (fiktiv): Vurderingen mangler omtale av nettverkene. Utfyll og send inn på nytt.",
            )
