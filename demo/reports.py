"""Fictional demo content: a few confirmed grant proposals for the demo offices, so the pages show something."""

from __future__ import annotations

import datetime

from django.utils import timezone

from municipalities.models import Office
from reporting.grants.models import GrantConfirmation
from reporting.grants.selectors import default_as_of, grant_rows
from reporting.grants.services import grant_confirmation_record
from reporting.periods.models import ReportingPeriod
from reporting.periods.services import period_save
from reporting.reports.models import Report
from reporting.reports.selectors import office_examples
from reporting.reports.services import report_accept, report_return, report_submit, report_texts_save

from .users import DEMO_OFFICE_STAFF

DEMO_YEAR = 2021
DEMO_OFFICES = DEMO_OFFICE_STAFF
PER_OFFICE = 3


def demo_content_create(*, users: dict) -> None:
    """Idempotent: confirms the first few proposals of each demo office once, and never again; then leaves
    one submitted report (oslo-og-viken) and one returned report (innlandet) for spring-2021, an accepted one
    (oslo-og-viken) for autumn-2021, and a period open now with a draft (oslo-og-viken): every report state."""
    _grant_confirmations(users)
    _reports(users)
    _accepted_report(users)
    open_period = demo_open_period(users.get("demo-hdir"))
    if open_period is not None:
        _draft_report(users, open_period)


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


DEMO_ACCEPTED = ("autumn-2021", "oslo-og-viken")


def _save_texts(*, office: Office, period: ReportingPeriod, user, texts: dict) -> None:
    report = Report.objects.filter(office=office, period=period).first()
    report_texts_save(
        office=office,
        period=period,
        texts={key: text for key, text in texts.items() if key in period.sections},
        example_ids=[e.pk for e in office_examples(office)[:2]] if "examples" in period.sections else [],
        user=user,
        round=report.version if report else 0,
    )


def _accepted_report(users: dict) -> None:
    """Oslo og Viken's autumn-2021 report, submitted and accepted by the directorate. Once only."""
    slug, office_slug = DEMO_ACCEPTED
    period = ReportingPeriod.objects.filter(slug=slug).first()
    office = Office.objects.filter(slug=office_slug).first()
    user, hdir = users.get(DEMO_OFFICES[office_slug]), users.get("demo-hdir")
    if period is None or office is None or user is None or hdir is None:
        return
    if Report.objects.filter(office=office, period=period, version__gte=1).exists():
        return
    _save_texts(office=office, period=period, user=user, texts=DEMO_REPORT_TEXTS)
    submission = report_submit(office=office, period=period, user=user)
    report_accept(report=submission.report, user=hdir, comment="Demo (fiktiv): Takk for en grundig rapport.")


def open_period_dates(today: datetime.date) -> tuple[str, str, datetime.date, datetime.date]:
    """The next half-year period whose reference date is still ahead: (slug, name, reference date, deadline),
    spring on 1 April (deadline 1 May) or autumn on 1 October (deadline 1 November)."""
    for year in (today.year, today.year + 1):
        for season, name, month in (("spring", "Våren", 4), ("autumn", "Høsten", 10)):
            reference = datetime.date(year, month, 1)
            if reference > today:
                return f"{season}-{year}", f"{name} {year}", reference, datetime.date(year, month + 1, 1)
    raise AssertionError("unreachable: a reference date within a year always lies ahead")


def demo_open_period(hdir) -> ReportingPeriod | None:
    """A period open now (reference date and deadline in the coming months), asking what autumn-2021 asks.
    Created once per half-year; None without the directorate's demo user."""
    if hdir is None:
        return None
    slug, name, reference, deadline = open_period_dates(timezone.localdate())
    existing = ReportingPeriod.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    model = ReportingPeriod.objects.filter(slug="autumn-2021").first() or ReportingPeriod.objects.last()
    period = ReportingPeriod(
        slug=slug,
        name=name,
        reference_date=reference,
        deadline=deadline,
        figures=list(model.figures) if model else [],
        sections=list(model.sections) if model else [],
    )
    period.full_clean()
    return period_save(period=period, user=hdir)


def _draft_report(users: dict, period: ReportingPeriod) -> None:
    """A draft of Oslo og Viken's report for the open period: texts saved, not submitted. Once only."""
    office = Office.objects.filter(slug="oslo-og-viken").first()
    user = users.get(DEMO_OFFICES["oslo-og-viken"])
    if office is None or user is None or Report.objects.filter(office=office, period=period).exists():
        return
    _save_texts(office=office, period=period, user=user, texts={"assessment": DEMO_REPORT_TEXTS["assessment"]})
