"""Writes of the annual summary: the directorate's texts and example choice (autosaved), marking it final (a
version with its data frozen and its document built once by a job) and reopening it; asking for documents.

Concurrency: every write locks the AnnualSummary row (select_for_update), so a text save racing a
finalisation either commits before the data is frozen (and is in it) or finds the summary final and is
refused. A save carries the `round` (number of final versions) it was typed in, so an old POST replayed after
a finalisation is refused too. Every change is attributed: texts to who saved them, transitions to who made
them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from jobs.selectors import job_latest_done_for_key
from jobs.services import JobRequest, job_request
from municipalities.models import Office
from reporting.reports.snapshot import display_name

from .data import Directorate, SummaryData, example_candidates, summary_data_build
from .models import (
    EXAMPLES_SECTION,
    SECTIONS,
    TEXT_MAX_LENGTH,
    AnnualSummary,
    SummaryText,
    SummaryTransition,
    SummaryVersion,
)
from .selectors import summary_texts_latest, year_periods

Status = AnnualSummary.Status
JOB_KIND = "annual_summary"


class SummaryRefused(Exception):
    """A write the summary's state or the user's role does not allow: nothing was written (Norwegian message)."""


def document_key(*, year: int, version: int | None) -> str:
    """At most one active document job per key: two clicks make one job."""
    return f"annual-summary:{year}:draft" if version is None else f"annual-summary:{year}:v{version}"


def _check_year(year: int) -> list:
    periods = year_periods(year)
    if not periods:
        raise SummaryRefused(_("Det finnes ingen rapporteringsperioder i %(year)s.") % {"year": year})
    return periods


def _lock(year: int) -> AnnualSummary:
    """The summary row, created as a draft if missing, locked for this transaction (call inside atomic)."""
    AnnualSummary.objects.get_or_create(year=year)
    return AnnualSummary.objects.select_for_update().get(year=year)


def _transition(*, summary: AnnualSummary, to: str, user: User, now: datetime.datetime, comment: str = "") -> None:
    SummaryTransition.objects.create(
        summary=summary,
        from_status=summary.status,
        to_status=to,
        version=summary.version,
        comment=comment,
        at=now,
        by=user,
    )
    summary.status = to
    summary.status_changed_at = now
    summary.save(update_fields=["status", "status_changed_at", "version"])


def directorate_part(summary: AnnualSummary | None, *, known_at: datetime.datetime | None = None) -> Directorate:
    """The directorate's latest texts and example choice (as saved by `known_at`)."""
    latest = summary_texts_latest(summary, known_at=known_at)
    chosen = latest.get(EXAMPLES_SECTION)
    return Directorate(
        texts={key: latest[key].text for key in SECTIONS if key in latest},
        example_ids=list(chosen.example_ids) if chosen else [],
    )


@dataclass
class TextSaveResult:
    summary: AnnualSummary
    saved_sections: list[str]
    saved_at: datetime.datetime | None
    # When the texts were last saved (now, or an earlier save or autosave when nothing changed); None: never.
    last_saved_at: datetime.datetime | None = None


def summary_texts_save(
    *,
    year: int,
    texts: dict[str, str],
    user: User,
    round: int | None,
    example_ids: list[int] | None = None,
    autosave: bool = False,
) -> TextSaveResult:
    """Save the sections whose text (or the chosen examples) differ from the latest saved ones.

    Refused (SummaryRefused, nothing written) for anyone but the directorate, for a year without periods,
    when the summary is final, or when the form was typed in an earlier round (a replayed old POST).
    """
    if not permissions.can_write_summary(user):
        raise SummaryRefused(_("Bare Helsedirektoratet kan skrive i årsrapporten."))
    periods = _check_year(year)
    if any(len(texts.get(key) or "") > TEXT_MAX_LENGTH for key in SECTIONS):
        raise SummaryRefused(_("Teksten er for lang (høyst %(n)s tegn per del).") % {"n": TEXT_MAX_LENGTH})
    now = timezone.now()
    with transaction.atomic():
        summary = _lock(year)
        if summary.is_final:
            raise SummaryRefused(
                _(
                    "Årsrapporten er ferdigstilt (versjon %(v)s). Gjenåpne den for å endre teksten; teksten din er "
                    "ikke lagret."
                )
                % {"v": summary.version}
            )
        if round is not None and round != summary.version:
            raise SummaryRefused(
                _(
                    "Skjemaet er fra før årsrapporten ble ferdigstilt (versjon %(v)s). Last siden på nytt; teksten "
                    "din er ikke lagret her."
                )
                % {"v": summary.version}
            )
        latest = summary_texts_latest(summary)
        saved = []
        wanted: dict[str, tuple[str, list[int]]] = {key: (texts[key], []) for key in SECTIONS if key in texts}
        if example_ids is not None:
            allowed = [e["id"] for e in example_candidates(periods, list(Office.objects.order_by("position")))]
            chosen = {int(i) for i in example_ids}
            wanted[EXAMPLES_SECTION] = ("", [i for i in allowed if i in chosen])
        for section, (text, ids) in wanted.items():
            previous = latest.get(section)
            if previous is None and not text and not ids:
                continue
            if previous is not None and previous.text == text and list(previous.example_ids) == ids:
                continue
            SummaryText.objects.create(
                summary=summary,
                section=section,
                text=text,
                example_ids=ids,
                round=summary.version,
                autosave=autosave,
                saved_at=now,
                saved_by=user,
            )
            saved.append(section)
    return TextSaveResult(
        summary=summary,
        saved_sections=saved,
        saved_at=now if saved else None,
        last_saved_at=now if saved else max((t.saved_at for t in latest.values()), default=None),
    )


def summary_finalise(*, year: int, user: User, round: int | None = None) -> SummaryVersion:
    """Mark the summary final: freeze everything it shows as a new version, record the transition, and ask
    for the version's document (built once by a job, then stored and re-downloaded as it is)."""
    if not permissions.can_write_summary(user):
        raise SummaryRefused(_("Bare Helsedirektoratet kan ferdigstille årsrapporten."))
    periods = _check_year(year)
    with transaction.atomic():
        summary = _lock(year)
        if summary.is_final:
            raise SummaryRefused(_("Årsrapporten er allerede ferdigstilt (versjon %(v)s).") % {"v": summary.version})
        if round is not None and round != summary.version:
            raise SummaryRefused(_("Årsrapporten er endret siden siden ble lastet. Se over og ferdigstill på nytt."))
        now = timezone.now()
        number = summary.version + 1
        data = summary_data_build(
            year=year,
            periods=periods,
            directorate=directorate_part(summary),
            generated_at=now,
            generated_by=display_name(user),
            known_at=now,
            state="final",
            version=number,
        )
        summary.version = number
        version = SummaryVersion.objects.create(
            summary=summary, version=number, finalised_at=now, finalised_by=user, data=data.to_json()
        )
        _transition(summary=summary, to=Status.FINAL, user=user, now=now)
        summary_request_version_document(version=version, user=user)
    return version


def summary_reopen(*, year: int, user: User, reason: str, version: int | None = None) -> AnnualSummary:
    """Reopen a final summary as a draft (the reason is mandatory). Its final versions stay as they are, and the
    latest stays readable by the offices until a new one is marked final."""
    if not permissions.can_write_summary(user):
        raise SummaryRefused(_("Bare Helsedirektoratet kan gjenåpne årsrapporten."))
    if not reason.strip():
        raise SummaryRefused(_("Oppgi hvorfor årsrapporten gjenåpnes."))
    with transaction.atomic():
        summary = AnnualSummary.objects.select_for_update().filter(year=year).first()
        if summary is None or not summary.is_final:
            raise SummaryRefused(_("Årsrapporten er ikke ferdigstilt, så den kan ikke gjenåpnes. Ingenting er endret."))
        if version is not None and version != summary.version:
            raise SummaryRefused(_("Årsrapporten er endret siden siden ble lastet. Ingenting er endret."))
        _transition(summary=summary, to=Status.DRAFT, user=user, now=timezone.now(), comment=reason.strip())
    return summary


def summary_request_draft_document(*, year: int, user: User) -> JobRequest:
    """One click: the draft as a Word document, with the figures and texts as known when it was asked for."""
    if not permissions.can_write_summary(user):
        raise SummaryRefused(_("Bare Helsedirektoratet kan lage utkast til årsrapporten."))
    _check_year(year)
    key = document_key(year=year, version=None)
    return job_request(kind=JOB_KIND, params={"year": year, "version": None}, key=key, user=user)


def summary_request_version_document(*, version: SummaryVersion, user: User) -> JobRequest:
    """The document of a final version. Asking again returns the stored one (or the job building it), so the
    file is built once; only a failed build is tried again, from the same frozen data."""
    year = version.summary.year
    key = document_key(year=year, version=version.version)
    done = job_latest_done_for_key(key=key)
    if done is not None:
        return JobRequest(done, False)
    return job_request(kind=JOB_KIND, params={"year": year, "version": version.version}, key=key, user=user)


def version_data(version: SummaryVersion) -> SummaryData:
    return SummaryData.from_json(version.data)
