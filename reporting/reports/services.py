"""Writes of the office report: texts (autosaved), submission with its frozen snapshot, the directorate's decisions.

Every change of state is an append-only ReportTransition, e-mailed after commit. Concurrency: text saves and
submissions lock the Report row (select_for_update), so a save racing a submission either commits before the
snapshot is taken (and is in it) or finds the report submitted and is refused. A save carries the `round`
(number of submissions) it was typed in, so an old POST replayed after a submission is refused too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from common.numbers import parse_int
from municipalities.models import Office
from regional.selectors import published_plan
from reporting.periods.models import ReportingPeriod

from .mail import transition_mail_send
from .models import TEXT_MAX_LENGTH, Report, ReportSubmission, ReportText, ReportTransition
from .package_jobs import package_request_submitted
from .selectors import example_summary, office_examples, report_texts_latest
from .snapshot import package_data_live

Status = Report.Status


class ReportRefused(Exception):
    """A write the report's state does not allow (B-3): nothing was written. The message is Norwegian."""


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
    # When the texts were last saved (now, or an earlier save or autosave when nothing changed); None: never.
    last_saved_at: datetime.datetime | None = None


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
        if not Report.is_open_state(report.status):
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
                chosen = (parse_int(str(i)) for i in example_ids)
                ids = sorted({n for n in chosen if n is not None and n in allowed_examples})
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
    return TextSaveResult(
        report=report,
        saved_sections=saved,
        saved_at=now if saved else None,
        last_saved_at=now if saved else max((t.saved_at for t in latest.values()), default=None),
    )


def _plan_summary(office: Office) -> dict | None:
    plan = published_plan(office)
    if plan is None:
        return None
    assert plan.published_at is not None, "published_plan gives a published version"
    return {"id": plan.pk, "number": plan.number, "published_at": plan.published_at.isoformat()}


def report_submit(*, office: Office, period: ReportingPeriod, user: User, round: int | None = None) -> ReportSubmission:
    """Submit the office's report: freeze the snapshot as a new version, record and e-mail the transition.

    Refused when the user may not write the office, when the report is already submitted or accepted
    (a double click finds it submitted), or when the form is from an earlier round.
    """
    if not permissions.can_write_office(user, office):
        raise ReportRefused(_("Bare embetets egne ansatte kan sende inn rapporten."))
    with transaction.atomic():
        report = _lock(office=office, period=period)
        if not Report.is_open_state(report.status):
            raise ReportRefused(
                _("Rapporten er allerede sendt inn (versjon %(v)s).") % {"v": report.version}
                if report.status == Status.SUBMITTED
                else _refused_message(report)
            )
        if round is not None and round != report.version:
            raise ReportRefused(_("Rapporten er endret siden siden ble lastet. Se over og send inn på nytt."))
        now = timezone.now()
        # The package's complete description as known now; the submission shows the very numbers it holds.
        data = package_data_live(
            period=period, office=office, generated_at=now, generated_by=user, known_at=now
        ).to_json()
        figures = data["parts"][0]["figures"]
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
        package_request_submitted(submission=submission)
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
