"""The office report: reads (selectors) and writes (services) of texts, states, submissions and snapshots.

States: not_started → draft (first saved text) → submitted → accepted, or → returned (with a comment) →
submitted again; an accepted report may be reopened by the directorate with a reason (→ returned). Every
transition is an append-only ReportTransition, e-mailed after commit. Each submission is a new
ReportSubmission version holding a frozen snapshot; earlier versions stay readable. A returned report keeps
its last snapshot but counts as live until it is submitted again.

Concurrency (RELIABILITY C-5): text saves and submissions lock the Report row (select_for_update), so a save
racing a submission either commits before the snapshot is taken (and is in it) or finds the report
submitted and is refused. A save carries the `round` (number of submissions) it was typed in, so an old
POST replayed after a submission is refused too (B-3).
"""

from __future__ import annotations

import datetime
import inspect
import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from common.queries import latest_per_key
from municipalities.models import GoodExample, Office

from .figures import FigureEntry, figure_table
from .models import TEXT_MAX_LENGTH, Report, ReportingPeriod, ReportSubmission, ReportText, ReportTransition
from .reports_mail import transition_mail_send

logger = logging.getLogger("lhl.reports")

Status = Report.Status
EDITABLE = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)
SUBMITTABLE = EDITABLE
SUBMITTED_STATES = (Status.SUBMITTED, Status.ACCEPTED)


class ReportRefused(Exception):
    """A write the report's state does not allow (B-3): nothing was written. The message is Norwegian."""


def is_submitted_state(status: str) -> bool:
    """Submitted or accepted: the snapshot is what counts. A returned report counts as live."""
    return status in SUBMITTED_STATES


def is_editable_state(status: str) -> bool:
    return status in EDITABLE


# ---- reads -------------------------------------------------------------------------------------------------


def report_get(*, office: Office | int, period: ReportingPeriod | int) -> Report | None:
    return (
        Report.objects.select_related("office", "period")
        .filter(office_id=getattr(office, "pk", office), period_id=getattr(period, "pk", period))
        .first()
    )


def report_or_new(*, office: Office, period: ReportingPeriod) -> Report:
    """The stored report, or an unsaved one in state not_started (nothing is written by reading)."""
    return report_get(office=office, period=period) or Report(office=office, period=period)


def report_texts_latest(report: Report | None) -> dict[str, ReportText]:
    """The latest saved text per section: one query."""
    if report is None or report.pk is None:
        return {}
    texts = ReportText.objects.filter(report=report).select_related("saved_by")
    return {t.section: t for t in latest_per_key(texts, key=["section"], order_by=["-saved_at", "-id"])}


def office_examples(office: Office | int) -> list[GoodExample]:
    """The good examples recorded on the office's municipalities, newest first: one query."""
    return list(
        GoodExample.objects.filter(municipality__office_id=getattr(office, "pk", office))
        .select_related("municipality", "municipality__county")
        .order_by("-date", "-id")
    )


def example_summary(example: GoodExample) -> dict:
    return {
        "id": example.pk,
        "title": example.title,
        "municipality": example.municipality.display_name,
        "kommunenummer": example.municipality.number,
        "text": example.text,
        "code": example.code,
        "link": example.link,
        "date": example.date.isoformat(),
    }


def examples_text(examples: list[dict]) -> str:
    """The chosen examples as plain text lines (the package's Tekster sheet shows texts only)."""
    lines = [_("Valgte eksempler:")]
    lines += [f"- {e['title']} ({e['municipality']}, {e['date']})" for e in examples]
    return "\n".join(lines)


def report_texts_for_package(office: Office | int, period: ReportingPeriod | int) -> dict[str, str]:
    """The latest saved texts of the office's report for the period (empty dict if none).

    The `examples` text ends with the chosen examples, one per line, so the package shows them.
    """
    report = report_get(office=office, period=period)
    latest = report_texts_latest(report)
    texts = {section: t.text for section, t in latest.items()}
    chosen = latest.get("examples")
    if chosen is not None and chosen.example_ids:
        by_id = {e.pk: e for e in office_examples(office)}
        examples = [example_summary(by_id[i]) for i in chosen.example_ids if i in by_id]
        if examples:
            texts["examples"] = "\n\n".join(t for t in (texts.get("examples", ""), examples_text(examples)) if t)
    return texts


@dataclass
class SubmittedSnapshot:
    data: dict  # the package's description (PackageData.to_json()) as frozen on submission
    version: int
    submitted_at: datetime.datetime
    submitted_by: User
    status: str  # the report's current status: submitted, accepted or returned
    figures: dict = field(default_factory=dict)  # the office's FigureEntry.as_json() as submitted
    submission: ReportSubmission | None = None

    @property
    def counts(self) -> bool:
        """Whether this snapshot is what counts now (a returned report counts as live)."""
        return is_submitted_state(self.status)


def _snapshot_of(submission: ReportSubmission, status: str) -> SubmittedSnapshot:
    return SubmittedSnapshot(
        data=submission.data,
        version=submission.version,
        submitted_at=submission.submitted_at,
        submitted_by=submission.submitted_by,
        status=status,
        figures=submission.figures,
        submission=submission,
    )


def latest_submitted_snapshot(*, office: Office | int, period: ReportingPeriod | int) -> SubmittedSnapshot | None:
    """The latest submission of the office's report with the report's status (submitted, accepted or returned:
    callers decide; see `is_submitted_state`), or None when it was never submitted."""
    submission = (
        ReportSubmission.objects.select_related("report", "submitted_by")
        .filter(report__office_id=getattr(office, "pk", office), report__period_id=getattr(period, "pk", period))
        .order_by("-version")
        .first()
    )
    return None if submission is None else _snapshot_of(submission, submission.report.status)


def submitted_snapshot(
    *, office: Office | int, period: ReportingPeriod | int, version: int
) -> SubmittedSnapshot | None:
    """One submitted version's snapshot (any version, not only the latest), or None."""
    submission = (
        ReportSubmission.objects.select_related("report", "submitted_by")
        .filter(
            report__office_id=getattr(office, "pk", office),
            report__period_id=getattr(period, "pk", period),
            version=version,
        )
        .first()
    )
    return None if submission is None else _snapshot_of(submission, submission.report.status)


def report_status_text(*, office: Office | int, period: ReportingPeriod | int) -> str:
    """The report's state in Norwegian (what a live package shows as its status)."""
    report = report_get(office=office, period=period)
    if report is None:
        return str(Status.NOT_STARTED.label)
    text = str(report.get_status_display())
    if report.version:
        text = _("%(status)s (sist sendt inn: versjon %(v)s)") % {"status": text, "v": report.version}
    return text


def submission_get(*, report: Report, version: int) -> ReportSubmission | None:
    return ReportSubmission.objects.select_related("submitted_by").filter(report=report, version=version).first()


def submissions_of(report: Report | None) -> list[ReportSubmission]:
    if report is None or report.pk is None:
        return []
    return list(ReportSubmission.objects.filter(report=report).select_related("submitted_by").order_by("-version"))


def transitions_of(report: Report | None) -> list[ReportTransition]:
    if report is None or report.pk is None:
        return []
    return list(ReportTransition.objects.filter(report=report).select_related("by").order_by("at", "id"))


@dataclass
class ReportState:
    status: str
    status_changed_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    version: int | None
    submitted_figures: dict | None  # FigureEntry.as_json() of the snapshot while submitted/accepted, else None


def report_states(*, period: ReportingPeriod) -> dict[int, ReportState]:
    """Every office's report state for the period (not_started for an office without a report): three queries.

    `submitted_figures` is set only while the snapshot counts (submitted or accepted); `submitted_at` and
    `version` describe the latest submission whatever the state.
    """
    reports = {r.office_id: r for r in Report.objects.filter(period=period)}
    submissions = ReportSubmission.objects.filter(report__period=period)
    latest = {s.report_id: s for s in latest_per_key(submissions, key=["report_id"], order_by=["-version"])}
    result: dict[int, ReportState] = {}
    for office_id in Office.objects.order_by("position").values_list("pk", flat=True):
        report = reports.get(office_id)
        if report is None:
            result[office_id] = ReportState(Status.NOT_STARTED, None, None, None, None)
            continue
        submission = latest.get(report.pk)
        result[office_id] = ReportState(
            status=report.status,
            status_changed_at=report.status_changed_at,
            submitted_at=submission.submitted_at if submission else None,
            version=submission.version if submission else None,
            submitted_figures=submission.figures if submission and is_submitted_state(report.status) else None,
        )
    return result


def days_left(period: ReportingPeriod, today: datetime.date | None = None) -> int:
    """Days from today to the deadline (0 on the day, negative after it)."""
    return (period.deadline - (today or timezone.localdate())).days


def office_entry(*, office: Office, period: ReportingPeriod, known_at: datetime.datetime | None = None):
    """The live figure table of one office as of the period's reference date (five queries)."""
    return figure_table(as_of=period.reference_date, known_at=known_at, municipalities=office.municipalities.all())


def office_staff_emails(office: Office | int) -> list[str]:
    return list(
        User.objects.filter(office_id=getattr(office, "pk", office), role=User.Role.OFFICE_STAFF, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


# ---- writes ------------------------------------------------------------------------------------------------


def _lock(*, office: Office, period: ReportingPeriod) -> Report:
    """The report row, created if missing, locked for this transaction (call inside atomic)."""
    Report.objects.get_or_create(office=office, period=period)
    return Report.objects.select_for_update().select_related("office", "period").get(office=office, period=period)


def _transition(*, report: Report, to: str, user: User, comment: str = "", now: datetime.datetime) -> None:
    ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to, version=report.version, comment=comment, at=now, by=user
    )
    previous = report.status
    report.status = to
    report.status_changed_at = now
    report.save(update_fields=["status", "status_changed_at", "version"])
    if to != Status.DRAFT:
        transaction.on_commit(
            partial(transition_mail_send, report_id=report.pk, from_status=previous, to_status=to, comment=comment)
        )


@dataclass
class TextSaveResult:
    report: Report
    saved_sections: list[str]
    saved_at: datetime.datetime | None


def _refused_message(report: Report) -> str:
    if report.status == Status.ACCEPTED:
        return _("Rapporten er godkjent og kan ikke endres. Teksten din er ikke lagret.")
    return _(
        "Rapporten er sendt inn og kan ikke endres før direktoratet eventuelt returnerer den. "
        "Teksten din er ikke lagret."
    )


def report_texts_save(
    *,
    office: Office,
    period: ReportingPeriod,
    texts: dict[str, str],
    user: User,
    round: int | None,
    example_ids: list[int] | None = None,
    autosave: bool = False,
) -> TextSaveResult:
    """Save the sections whose text (or chosen examples) differs from the latest saved one.

    Refused (ReportRefused, nothing written) when the user may not write the office, when the report is
    submitted or accepted, or when the form was typed in an earlier round (a replayed old POST).
    """
    if not permissions.can_write_office(user, office):
        raise ReportRefused(_("Bare embetets egne ansatte kan skrive i rapporten."))
    sections = list(period.sections)
    too_long = [s for s, t in texts.items() if s in sections and len(t) > TEXT_MAX_LENGTH]
    if too_long:
        raise ReportRefused(_("Teksten er for lang (høyst %(n)s tegn per del).") % {"n": TEXT_MAX_LENGTH})
    now = timezone.now()
    with transaction.atomic():
        report = _lock(office=office, period=period)
        if not is_editable_state(report.status):
            raise ReportRefused(_refused_message(report))
        if round is not None and round != report.version:
            raise ReportRefused(
                _(
                    "Skjemaet er fra før rapporten ble sendt inn (versjon %(v)s). Last siden på nytt; "
                    "teksten din er ikke lagret her."
                )
                % {"v": report.version}
            )
        latest = report_texts_latest(report)
        allowed_examples = None
        saved = []
        for section in sections:
            if section not in texts and not (section == "examples" and example_ids is not None):
                continue
            previous = latest.get(section)
            text = texts.get(section, previous.text if previous else "")
            ids = list(previous.example_ids) if previous else []
            if section == "examples" and example_ids is not None:
                if allowed_examples is None:
                    allowed_examples = {e.pk for e in office_examples(office)}
                ids = sorted({int(i) for i in example_ids if str(i).isdigit() and int(i) in allowed_examples})
            if previous is None and not text and not ids:
                continue
            if previous is not None and previous.text == text and list(previous.example_ids) == ids:
                continue
            ReportText.objects.create(
                report=report,
                section=section,
                text=text,
                example_ids=ids,
                round=report.version,
                autosave=autosave,
                saved_at=now,
                saved_by=user,
            )
            saved.append(section)
        if saved and report.status == Status.NOT_STARTED:
            _transition(report=report, to=Status.DRAFT, user=user, now=now)
    return TextSaveResult(report=report, saved_sections=saved, saved_at=now if saved else None)


def _package_data_json(*, office: Office, period: ReportingPeriod, now: datetime.datetime, user: User) -> dict:
    """The package's complete description as of now (reporting.package_data); {} until that module exists."""
    try:
        from .package_data import package_data_live
    except ImportError:  # the package issue's module is not there yet
        logger.warning("reporting.package_data missing: submission stored without a package snapshot")
        return {}
    generated_by = user.get_full_name() or user.get_username()
    kwargs = {"period": period, "office": office, "generated_at": now, "generated_by": generated_by}
    if "known_at" in inspect.signature(package_data_live).parameters:
        kwargs["known_at"] = now
    return package_data_live(**kwargs).to_json()


def _plan_summary(office: Office) -> dict | None:
    from regional.selectors import published_plan

    plan = published_plan(office)
    if plan is None:
        return None
    return {"id": plan.pk, "number": plan.number, "published_at": plan.published_at.isoformat()}


def _request_package(submission: ReportSubmission) -> None:
    """Ask the package issue's builder for the submitted package (skipped until reporting.packages exists)."""
    try:
        from .packages import package_request_submitted
    except ImportError:
        logger.warning("reporting.packages missing: no submitted package requested for %s", submission)
        return
    package_request_submitted(report_version=submission)


def report_submit(*, office: Office, period: ReportingPeriod, user: User, round: int | None = None) -> ReportSubmission:
    """Submit the office's report: freeze the snapshot as a new version, record and e-mail the transition.

    Refused when the user may not write the office, when the report is already submitted or accepted
    (a double click finds it submitted), or when the form is from an earlier round.
    """
    if not permissions.can_write_office(user, office):
        raise ReportRefused(_("Bare embetets egne ansatte kan sende inn rapporten."))
    with transaction.atomic():
        report = _lock(office=office, period=period)
        if report.status not in SUBMITTABLE:
            raise ReportRefused(
                _("Rapporten er allerede sendt inn (versjon %(v)s).") % {"v": report.version}
                if report.status == Status.SUBMITTED
                else _refused_message(report)
            )
        if round is not None and round != report.version:
            raise ReportRefused(_("Rapporten er endret siden siden ble lastet. Se over og send inn på nytt."))
        now = timezone.now()
        data = _package_data_json(office=office, period=period, now=now, user=user)
        if data.get("parts"):
            figures = data["parts"][0]["figures"]  # the very numbers the package shows
        else:
            figures = office_entry(office=office, period=period, known_at=now).offices[office.slug].as_json()
        latest = report_texts_latest(report)
        chosen = latest.get("examples")
        by_id = {e.pk: e for e in office_examples(office)} if chosen and chosen.example_ids else {}
        report.version += 1
        submission = ReportSubmission.objects.create(
            report=report,
            version=report.version,
            submitted_at=now,
            submitted_by=user,
            as_of=period.reference_date,
            known_at=now,
            figures=figures,
            texts={s: t.text for s, t in latest.items() if s in period.sections},
            example_ids=list(chosen.example_ids) if chosen else [],
            examples=[example_summary(by_id[i]) for i in (chosen.example_ids if chosen else []) if i in by_id],
            plan=_plan_summary(office) if "plan" in period.sections else None,
            data=data,
        )
        _transition(report=report, to=Status.SUBMITTED, user=user, now=now)
        _request_package(submission)
    return submission


def _decide(*, report: Report, user: User, allowed_from: tuple, to: str, comment: str, version: int | None) -> Report:
    if not permissions.can_decide_reports(user):
        raise ReportRefused(_("Bare direktoratet kan godkjenne, returnere eller gjenåpne rapporter."))
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("office", "period").get(pk=report.pk)
        if locked.status not in allowed_from:
            raise ReportRefused(
                _("Rapporten har status «%(status)s» nå, så dette kan ikke gjøres. Ingenting er endret.")
                % {"status": locked.get_status_display()}
            )
        if version is not None and version != locked.version:
            raise ReportRefused(
                _("Embetet har sendt inn en ny versjon (versjon %(v)s) siden siden ble lastet. Ingenting er endret.")
                % {"v": locked.version}
            )
        _transition(report=locked, to=to, user=user, comment=comment, now=timezone.now())
    return locked


def report_accept(*, report: Report, user: User, comment: str = "", version: int | None = None) -> Report:
    return _decide(
        report=report, user=user, allowed_from=(Status.SUBMITTED,), to=Status.ACCEPTED, comment=comment, version=version
    )


def report_return(*, report: Report, user: User, comment: str, version: int | None = None) -> Report:
    if not comment.strip():
        raise ReportRefused(_("Skriv hva embetet må rette når rapporten returneres."))
    return _decide(
        report=report,
        user=user,
        allowed_from=(Status.SUBMITTED,),
        to=Status.RETURNED,
        comment=comment.strip(),
        version=version,
    )


def report_reopen(*, report: Report, user: User, reason: str, version: int | None = None) -> Report:
    """Reopen an accepted report (→ returned); the reason is mandatory. Earlier versions stay stored."""
    if not reason.strip():
        raise ReportRefused(_("Oppgi hvorfor den godkjente rapporten gjenåpnes."))
    return _decide(
        report=report,
        user=user,
        allowed_from=(Status.ACCEPTED,),
        to=Status.RETURNED,
        comment=reason.strip(),
        version=version,
    )


# ---- figures for report_figures --submitted ----------------------------------------------------------------


def submitted_or_live_entries(
    *, period: ReportingPeriod, live: dict[str, FigureEntry]
) -> dict[str, tuple[FigureEntry, str, int | None]]:
    """Per office slug: (entry, "submitted"|"live", version|None): the latest submitted or accepted snapshot's
    figures where there is one, else the live entry."""
    states = report_states(period=period)
    slugs = dict(Office.objects.values_list("pk", "slug"))
    by_slug = {slugs[office_id]: state for office_id, state in states.items()}
    result = {}
    for slug, entry in live.items():
        state = by_slug.get(slug)
        if state is not None and state.submitted_figures is not None:
            result[slug] = (FigureEntry.from_json(state.submitted_figures), "submitted", state.version)
        else:
            result[slug] = (entry, "live", None)
    return result
