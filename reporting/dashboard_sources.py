"""Where the dashboard reads office report state: ONE adapter, so the reports issue can wire it in one place.

The office reports (issue 7) are read through `reporting.reports.report_states`; nothing else in the dashboard
knows how reports are stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from municipalities.models import Office

from .models import ReportingPeriod

NOT_STARTED, DRAFT, SUBMITTED, RETURNED, ACCEPTED = "not_started", "draft", "submitted", "returned", "accepted"
STATUS_LABELS = {
    NOT_STARTED: _("Ikke påbegynt"),
    DRAFT: _("Utkast"),
    SUBMITTED: _("Sendt inn"),
    RETURNED: _("Sendt tilbake"),
    ACCEPTED: _("Godkjent"),
}
# A report in these states shows its snapshot; a returned one counts as live until it is submitted again.
SNAPSHOT_STATES = (SUBMITTED, ACCEPTED)


@dataclass(frozen=True)
class ReportState:
    """One office's report for one period, as the dashboard needs it."""

    status: str = NOT_STARTED
    status_changed_at: datetime.datetime | None = None
    submitted_at: datetime.datetime | None = None
    version: int | None = None
    # The snapshot's figure entry, in the shape of FigureEntry.as_json() (report_figures' per-office entry).
    submitted_figures: dict | None = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def uses_snapshot(self) -> bool:
        return self.status in SNAPSHOT_STATES and self.submitted_figures is not None


NOT_STARTED_STATE = ReportState()


def office_report_states(period: ReportingPeriod, offices: Iterable[Office]) -> dict[int, ReportState]:
    """The report state of each office for the period, by office id (reads reporting.reports.report_states)."""
    from .reports import report_states

    states = report_states(period=period)
    result = {}
    for office in offices:
        state = states.get(office.pk)
        if state is None:
            result[office.pk] = NOT_STARTED_STATE
            continue
        result[office.pk] = ReportState(
            status=str(state.status),
            status_changed_at=state.status_changed_at,
            submitted_at=state.submitted_at,
            version=state.version,
            submitted_figures=state.submitted_figures,
        )
    return result
