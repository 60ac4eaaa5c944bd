"""What the report pages show: live figures, the submitted snapshot beside them with drift markers, the
completeness list, texts and history. A constant number of queries whatever the office's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import overload

from django.utils import timezone

from municipalities.models import GoodExample, Municipality, Office
from regional.models import PlanVersion
from regional.selectors import published_plan
from reporting.figures.registry import FIGURES, PRIORITIES_KEY, FigureEntry, figure_label
from reporting.periods.models import ReportingPeriod

from .completeness import completeness_groups, completeness_items
from .models import Report, ReportSubmission, ReportText, ReportTransition
from .selectors import (
    days_late,
    days_left,
    lateness_text,
    office_entry,
    office_examples,
    report_or_new,
    report_texts_latest,
    submissions_of,
    transitions_of,
)


@dataclass
class FigureRow:
    key: str
    label: str
    value: int
    share: float
    live: int | None = None  # set when a snapshot is shown
    live_share: float | None = None

    @property
    def drift(self) -> bool:
        return self.live is not None and self.live != self.value

    @property
    def percent(self) -> float:
        return self.share * 100

    @property
    def live_percent(self) -> float | None:
        return None if self.live_share is None else self.live_share * 100


@dataclass
class PriorityRow:
    code: str
    name: str
    is_area: bool
    value: int
    live: int | None = None

    @property
    def drift(self) -> bool:
        return self.live is not None and self.live != self.value


@dataclass
class ReportPage:
    office: Office
    period: ReportingPeriod
    report: Report
    today: datetime.date
    live: FigureEntry
    shown: ReportSubmission | None  # the version whose values are shown (None: live values)
    figure_rows: list[FigureRow]
    priority_rows: list[PriorityRow]
    phase_3: int
    completeness: list[dict]
    completeness_count: int
    texts: dict[str, ReportText]
    examples: list[GoodExample]
    plan: PlanVersion | None  # the live published plan version
    submissions: list[ReportSubmission]
    transitions: list[ReportTransition]
    extra: dict = field(default_factory=dict)

    @property
    def days_left(self) -> int:
        return days_left(self.period, self.today)

    @property
    def editable(self) -> bool:
        return Report.is_open_state(self.report.status)

    @property
    def submitted(self) -> bool:
        return Report.is_submitted_state(self.report.status)

    @property
    def last_decision(self) -> ReportTransition | None:
        """The latest return, reopening or acceptance (what the office should read)."""
        decisions = [t for t in self.transitions if t.to_status in (Report.Status.RETURNED, Report.Status.ACCEPTED)]
        return decisions[-1] if decisions else None

    @property
    def plan_drift(self) -> bool:
        if self.shown is None or "plan" not in self.period.sections:
            return False
        shown = (self.shown.plan or {}).get("number")
        live = self.plan.number if self.plan is not None else None
        return shown != live

    @property
    def shown_sections(self) -> list[dict]:
        """The shown version's texts, section by section in the period's order."""
        texts = self.shown.texts if self.shown is not None else {}
        return [{"key": k, "label": label, "text": texts.get(k, "")} for k, label in self.period.section_labels]

    @property
    def lateness(self) -> str:
        """«levert N dager etter fristen» once submitted after the deadline (the one rule: `days_late`)."""
        first = min(self.submissions, key=lambda s: s.version) if self.submissions else None
        days = days_late(deadline=self.period.deadline, first_submitted_at=first.submitted_at if first else None)
        return lateness_text(days)

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def priorities_asked(self) -> bool:
        return PRIORITIES_KEY in self.period.figures or "priorities" in self.period.sections

    @property
    def drift(self) -> bool:
        return any(r.drift for r in self.figure_rows) or any(r.drift for r in self.priority_rows) or self.plan_drift


def _figure_rows(period: ReportingPeriod, live: FigureEntry, shown: FigureEntry | None) -> list[FigureRow]:
    keys = [k for k in period.figures if k in FIGURES] or list(FIGURES)
    rows = []
    for key in keys:
        if shown is None:
            rows.append(FigureRow(key, figure_label(key), live.counts[key], live.share(key)))
        else:
            rows.append(
                FigureRow(
                    key,
                    figure_label(key),
                    shown.counts[key],
                    shown.share(key),
                    live=live.counts[key],
                    live_share=live.share(key),
                )
            )
    return rows


@overload
def report_page(
    *,
    office: Office,
    period: ReportingPeriod,
    version: None = None,
    show_latest_submission: bool = False,
    today: datetime.date | None = None,
) -> ReportPage: ...
@overload
def report_page(
    *,
    office: Office,
    period: ReportingPeriod,
    version: int | None,
    show_latest_submission: bool = False,
    today: datetime.date | None = None,
) -> ReportPage | None: ...


def report_page(
    *,
    office: Office,
    period: ReportingPeriod,
    version: int | None = None,
    show_latest_submission: bool = False,
    today: datetime.date | None = None,
) -> ReportPage | None:
    """The page's data. The shown version: `version` when given (None when it does not exist), else the
    latest submission while the report is submitted or accepted (or whatever its state, with
    `show_latest_submission`, for readers outside the office), else none (live values)."""
    report = report_or_new(office=office, period=period)
    submissions = submissions_of(report)
    shown = None
    if version is not None:
        shown = next((s for s in submissions if s.version == version), None)
        if shown is None:
            return None
    elif submissions and (Report.is_submitted_state(report.status) or show_latest_submission):
        shown = submissions[0]
    table = office_entry(office=office, period=period)
    live = table.offices[office.slug]
    shown_entry = FigureEntry.from_json(shown.figures) if shown is not None else None
    priority_rows = [
        PriorityRow(
            code,
            name,
            is_area,
            shown_entry.priorities.get(code, 0) if shown_entry else live.priorities.get(code, 0),
            live=live.priorities.get(code, 0) if shown_entry else None,
        )
        for code, name, is_area in table.catalogue.rows()
    ]
    municipalities = list(Municipality.objects.filter(office=office).select_related("county").by_name())
    items = completeness_items(municipalities=municipalities, statuses=table.statuses, as_of=period.reference_date)
    return ReportPage(
        office=office,
        period=period,
        report=report,
        today=today or timezone.localdate(),
        live=live,
        shown=shown,
        figure_rows=_figure_rows(period, live, shown_entry),
        priority_rows=priority_rows,
        phase_3=(shown_entry or live).counts["phase_3"],
        completeness=completeness_groups(items),
        completeness_count=len(items),
        texts=report_texts_latest(report),
        examples=office_examples(office) if "examples" in period.sections else [],
        plan=published_plan(office) if "plan" in period.sections else None,
        submissions=submissions,
        transitions=transitions_of(report),
    )
