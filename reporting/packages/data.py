"""The data of the packages built from submissions: an office's submitted package exactly as frozen, and the
national package that mixes each office's submitted part with the live part of the others."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from municipalities.models import Office
from reporting.periods.models import ReportingPeriod
from reporting.reports.models import ReportSubmission
from reporting.reports.selectors import SubmittedSnapshot, latest_submitted_snapshot
from reporting.reports.snapshot import (
    SUBMITTED,
    OfficePart,
    PackageData,
    display_name,
    local_text,
    office_parts_live,
    package_data_of,
)

if TYPE_CHECKING:
    from accounts.models import User


def submitted_status_text(version: int) -> str:
    """The status a submitted package shows: fixed at submission (not "accepted" later), so a rebuild is
    byte-identical."""
    return f"Sendt inn (versjon {version})"


def _national_status(parts: list[OfficePart]) -> str:
    submitted = sum(1 for p in parts if not p.is_live)
    return f"{submitted} av {len(parts)} embeter har sendt inn; de øvrige med levende tall"


def part_from_snapshot(data: dict, *, version: int) -> OfficePart:
    """The office part of a stored snapshot (PackageData JSON of an office package), marked submitted."""
    part = PackageData.from_json(data).parts[0]
    part.source = SUBMITTED
    part.version = version
    part.status = submitted_status_text(version)
    return part


def package_data_submitted(snapshot: SubmittedSnapshot | ReportSubmission) -> PackageData:
    """An office's submitted package, exactly as frozen: generated at and by the submission itself.

    `snapshot` has `data` (the PackageData JSON stored on submission), `version`, `submitted_at` and
    `submitted_by` (a user or a name).
    """
    data = PackageData.from_json(snapshot.data)
    data.parts = [part_from_snapshot(snapshot.data, version=snapshot.version)]
    data.status = submitted_status_text(snapshot.version)
    data.generated_at = local_text(snapshot.submitted_at)
    by = snapshot.submitted_by
    data.generated_by = by if isinstance(by, str) else display_name(by)
    return data


def package_data_national(
    *,
    period: ReportingPeriod,
    generated_at: datetime.datetime,
    generated_by: str | User,
    known_at: datetime.datetime | None = None,
) -> PackageData:
    """The national package the portal builds: each office's submitted part where its report is submitted or
    accepted, its live part (marked) otherwise; texts only from submitted parts."""
    offices = list(Office.objects.order_by("position"))
    snapshots = {o.pk: latest_submitted_snapshot(office=o, period=period) for o in offices}
    submitted = {pk: s for pk, s in snapshots.items() if s is not None and s.counts}
    live_offices = [o for o in offices if o.pk not in submitted]
    live_parts = (
        office_parts_live(period=period, offices=live_offices, known_at=known_at, texts=False) if live_offices else []
    )
    live = {p.slug: p for p in live_parts}
    parts = []
    for office in offices:
        if office.pk in submitted:
            snapshot = submitted[office.pk]
            parts.append(part_from_snapshot(snapshot.data, version=snapshot.version))
        else:
            parts.append(live[office.slug])
    return package_data_of(
        period=period,
        office=None,
        parts=parts,
        known_at=known_at,
        generated_at=generated_at,
        generated_by=generated_by,
        status=_national_status(parts),
    )
