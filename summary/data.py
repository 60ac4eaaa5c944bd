"""What the annual summary shows, as plain JSON-serialisable data: computed live here, frozen in a final version,
rendered by `summary.document`. `SummaryData.from_json(d.to_json()) == d`.

- Figures per period are exactly what `report_figures --period P --submitted` prints: each office's latest
  submitted or accepted snapshot, live (as of the reference date) where there is none, and the national entry
  as their sum. Every part says where it comes from, so live figures are marked wherever they are shown.
- Office texts (assessments) and good examples come only from submitted or accepted reports.
- Grant priority: the year's mapping (2021–2023) as of the year's last day or today, whichever is earlier.

Queries: per period, figure_table (5) and the report states (3); the delivered submissions (1); the grant
list (4); the directorate's texts (1); offices and catalogue (3). None of them grows with the data.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from municipalities.models import Office
from municipalities.selectors import as_aware
from reporting.figures.registry import FIGURES, Catalogue, FigureEntry, figure_table
from reporting.grants.selectors import default_as_of, grant_rows, grant_years
from reporting.periods.models import ReportingPeriod, figure_label
from reporting.reports.selectors import submitted_or_live_entries

from .models import SECTIONS
from .selectors import delivered_submissions, due_date, self_confirmed_statuses

FORMAT = 1
LIVE, SUBMITTED = "live", "submitted"


def local_text(moment: datetime.datetime | None) -> str:
    """A time as Europe/Oslo ISO text (seconds), or ""."""
    if moment is None:
        return ""
    return timezone.localtime(as_aware(moment)).replace(microsecond=0).isoformat()


@dataclass
class SummaryData:
    year: int
    due: str  # YYYY-MM-DD
    state: str  # "draft" or "final"
    version: int | None  # the final version's number
    generated_at: str  # Europe/Oslo ISO time
    generated_by: str
    known_at: str  # Europe/Oslo ISO time, or "" for everything recorded
    figures: list[list[str]]  # [key, Norwegian name] of every registry figure, in registry order
    catalogue: list[list]  # [code, name, is_area] in reading order
    offices: list[dict]  # {"slug", "region", "title"}
    periods: list[dict]  # see period_figures()
    texts: dict[str, str]  # the directorate's sections
    examples: list[dict]  # the chosen examples, as the offices submitted them
    assessments: list[dict]  # per office: {"slug", "title", "texts": [{"period", "text" or None, "version"}]}
    assessment_periods: list[list[str]]  # [slug, name] of the periods that asked for an assessment
    grants: dict | None  # {"year", "as_of", "rows": [...], "total": [...]} or None outside 2021–2023
    self_confirmed: dict | None = None
    format: int = FORMAT

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SummaryData:
        return cls(**data)

    @property
    def is_final(self) -> bool:
        return self.state == "final"

    def entry(self, period: dict, slug: str | None = None) -> FigureEntry:
        """The national entry of a period (or an office's, by slug)."""
        if slug is None:
            return FigureEntry.from_json(period["national"])
        return FigureEntry.from_json(next(o for o in period["offices"] if o["slug"] == slug)["figures"])

    def live_offices(self, period: dict) -> list[str]:
        """The regions of the offices whose figures in the period are live (no submitted report)."""
        regions = {o["slug"]: o["region"] for o in self.offices}
        return [regions[o["slug"]] for o in period["offices"] if o["source"] == LIVE]


def period_figures(period: ReportingPeriod, *, known_at: datetime.datetime | None) -> dict:
    """One period's figures as `report_figures --period P --submitted` prints them (the same three calls)."""
    table = figure_table(as_of=period.reference_date, known_at=known_at)
    entries = submitted_or_live_entries(period=period, live=table.offices)
    return {
        "slug": period.slug,
        "name": period.name,
        "reference_date": period.reference_date.isoformat(),
        "deadline": period.deadline.isoformat(),
        "asked": list(period.figures),  # the codes the period asks for (figures and phase3_priorities)
        "national": FigureEntry.total(entry for entry, _source, _version in entries.values()).as_json(),
        "offices": [
            {"slug": slug, "source": source, "version": version, "figures": entry.as_json()}
            for slug, (entry, source, version) in entries.items()
        ],
    }


def example_candidates(periods: list[ReportingPeriod], offices: list[Office], delivered=None) -> list[dict]:
    """The good examples the offices submitted for the year's periods (submitted or accepted reports only),
    in period, office and submission order; an example submitted in two periods is listed once (the latest)."""
    delivered = delivered_submissions(periods) if delivered is None else delivered
    found: dict[int, dict] = {}
    for period in periods:
        for office in offices:
            submission = delivered.get((office.pk, period.pk))
            for example in submission.examples if submission else []:
                found.pop(example["id"], None)
                found[example["id"]] = {
                    **example,
                    "office": office.slug,
                    "office_title": office.title_on(period.reference_date),
                    "period": period.slug,
                    "period_name": period.name,
                }
    return list(found.values())


def _assessments(periods, offices, delivered, year: int) -> tuple[list[dict], list[list[str]]]:
    asked = [p for p in periods if "assessment" in p.sections]
    result = []
    for office in offices:
        texts = []
        for period in asked:
            submission = delivered.get((office.pk, period.pk))
            texts.append(
                {
                    "period": period.slug,
                    "text": None if submission is None else str(submission.texts.get("assessment") or ""),
                    "version": None if submission is None else submission.version,
                }
            )
        result.append({"slug": office.slug, "title": _office_title(office, year), "texts": texts})
    return result, [[p.slug, p.name] for p in asked]


def _office_title(office: Office, year: int) -> str:
    return office.title_on(datetime.date(year, 12, 31))


def _grants(year: int, offices: list[Office], known_at: datetime.datetime | None) -> dict | None:
    if year not in grant_years():
        return None
    as_of = default_as_of(year)
    rows = grant_rows(year=year, as_of=as_of, known_at=known_at)
    totals: dict[int, list[int]] = {office.pk: [0, 0, 0, 0, 0, 0] for office in offices}
    for row in rows:
        counts = totals[row.municipality.office_id]
        counts[0] += 1
        counts[1] += row.proposed
        counts[2] += row.confirmation is not None and row.confirmation.confirmed
        counts[3] += row.confirmation is not None and not row.confirmation.confirmed
        counts[4] += row.confirmation is None
        counts[5] += row.prioritised
    table = [[office.region, *totals[office.pk]] for office in offices]
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "rows": table,
        "total": [sum(r[i] for r in table) for i in range(1, 7)],
    }


@dataclass
class Directorate:
    """The directorate's part: its texts and its choice of examples (ids)."""

    texts: dict[str, str] = field(default_factory=dict)
    example_ids: list[int] = field(default_factory=list)


def summary_data_build(
    *,
    year: int,
    periods: list[ReportingPeriod],
    directorate: Directorate,
    generated_at: datetime.datetime,
    generated_by: str,
    known_at: datetime.datetime | None = None,
    state: str = "draft",
    version: int | None = None,
) -> SummaryData:
    """The summary of `year` from the live data (facts as known at `known_at`, default everything recorded).

    Builds with no periods' submissions and no saved texts: empty sections, live figures marked as live.
    """
    offices = list(Office.objects.order_by("position"))
    delivered = delivered_submissions(periods)
    candidates = {e["id"]: e for e in example_candidates(periods, offices, delivered)}
    chosen = [candidates[i] for i in directorate.example_ids if i in candidates]
    assessments, assessment_periods = _assessments(periods, offices, delivered, year)
    return SummaryData(
        year=year,
        due=due_date(year).isoformat(),
        state=state,
        version=version,
        generated_at=local_text(generated_at),
        generated_by=generated_by,
        known_at=local_text(known_at),
        figures=[[key, figure_label(key)] for key in FIGURES],
        catalogue=[[code, name, is_area] for code, name, is_area in Catalogue.load().rows()],
        offices=[{"slug": o.slug, "region": o.region, "title": _office_title(o, year)} for o in offices],
        periods=[period_figures(p, known_at=known_at) for p in periods],
        texts={key: str(directorate.texts.get(key) or "") for key in SECTIONS},
        examples=chosen,
        assessments=assessments,
        assessment_periods=assessment_periods,
        grants=_grants(year, offices, known_at),
        self_confirmed=self_confirmed_statuses(year, known_at=known_at),
    )
