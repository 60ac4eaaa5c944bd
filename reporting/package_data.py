"""The rows of a report package: everything the workbook shows, as plain JSON-serialisable data.

`PackageData` is what a submission freezes (the snapshot stores `to_json()`) and what the workbook renders
(`reporting.workbook`). It holds one `OfficePart` per office in the package: one for an office's package,
all ten for the national one, where each part says where it comes from (`live` or `submitted`).

Live data is computed here from the figure registry and the as-of query with a constant number of queries
per package, whatever the number of municipalities or facts:
`figure_table` (5) + municipalities (1) + grant confirmations (1) + plan versions (1) + the report's texts
and state (reporting.reports, written alongside).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from common.queries import latest_per_key
from municipalities.exporting import STATUS_COLUMNS, status_row
from municipalities.models import Municipality, Office
from municipalities.selectors import as_aware

from .figures import Catalogue, FigureEntry, figure_table
from .grant_xlsx import grant_sheet_rows
from .grants import GrantRow, criteria_failures, grant_criteria, grant_years, latest_confirmations
from .models import ReportingPeriod

if TYPE_CHECKING:
    from accounts.models import User

FORMAT = 1
LIVE, SUBMITTED = "live", "submitted"
# The Kommuner sheet: export_status's columns, then the decision's date and case number.
MUNICIPALITY_COLUMNS = (*STATUS_COLUMNS, "decision_date", "decision_case")
# Report states whose snapshot the national package takes (a returned report counts as live).
SUBMITTED_STATES = ("submitted", "accepted")


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def local_text(moment: datetime.datetime | None) -> str:
    """A time as Europe/Oslo ISO text (seconds), or ""."""
    if moment is None:
        return ""
    return timezone.localtime(as_aware(moment)).replace(microsecond=0).isoformat()


def submitted_status_text(version: int) -> str:
    """The status a submitted package shows: fixed at submission (not "accepted" later), so a rebuild is
    byte-identical."""
    return f"Sendt inn (versjon {version})"


@dataclass
class OfficePart:
    """One office's share of a package."""

    slug: str
    name: str  # "Statsforvalteren i …" as titled on the reference date
    source: str  # LIVE or SUBMITTED
    version: int | None
    status: str  # the report's state in Norwegian
    figures: dict  # FigureEntry.as_json()
    municipalities: list[list]  # MUNICIPALITY_COLUMNS, one row per municipality by number
    grants: list[list]  # grant_sheet_header() columns
    texts: dict[str, str] = field(default_factory=dict)  # section key → text
    plan: dict | None = None  # {"number", "published_at", "published_by", "sections": [[heading, text], …]}

    @property
    def entry(self) -> FigureEntry:
        return FigureEntry.from_json(self.figures)

    @property
    def is_live(self) -> bool:
        return self.source == LIVE


@dataclass
class PackageData:
    """Everything one package shows. JSON round trip: `PackageData.from_json(d.to_json()) == d`."""

    period: str
    period_name: str
    reference_date: str  # YYYY-MM-DD
    figure_keys: list[str]  # the figures the period asks for, in the period's order
    sections: list[list[str]]  # [key, Norwegian heading] of the text sections the period asks for
    office: str | None  # office slug; None for the national package
    office_name: str
    as_of: str  # YYYY-MM-DD
    known_at: str  # Europe/Oslo ISO time, or "" for "everything recorded"
    generated_at: str  # Europe/Oslo ISO time
    generated_by: str
    status: str
    grant_year: int
    catalogue: list[list]  # [code, name, is_area] in reading order (each area, then its solutions)
    parts: list[OfficePart]
    format: int = FORMAT

    @property
    def is_national(self) -> bool:
        return self.office is None

    @property
    def has_plan(self) -> bool:
        return any(key == "plan" for key, _heading in self.sections)

    @property
    def total(self) -> FigureEntry:
        return FigureEntry.total(p.entry for p in self.parts)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> PackageData:
        values = dict(data)
        values["parts"] = [OfficePart(**part) for part in data["parts"]]
        return cls(**values)


# --- live data ---------------------------------------------------------------------------------------------


def _published_plans(office_ids: list[int], *, known_at: datetime.datetime | None) -> dict[int, object]:
    """Each office's latest plan version published by `known_at` (default: now): one query."""
    from regional.models import PlanVersion

    qs = PlanVersion.objects.filter(office_id__in=office_ids, published_at__isnull=False)
    if known_at is not None:
        qs = qs.filter(published_at__lte=known_at)
    latest = latest_per_key(qs.select_related("published_by"), key=["office_id"], order_by=["-number"])
    return {plan.office_id: plan for plan in latest}


def plan_json(plan) -> dict | None:
    if plan is None:
        return None
    return {
        "number": plan.number,
        "published_at": local_text(plan.published_at),
        "published_by": display_name(plan.published_by),
        "sections": [[str(section.heading), text] for section, text in plan.sections()],
    }


def _reports_module():
    """reporting.reports (the office report), if it is there: texts and states come from it."""
    try:
        from . import reports
    except ImportError:  # pragma: no cover - only before the report module exists
        return None
    return reports


def _texts(office: Office, period: ReportingPeriod) -> dict[str, str]:
    reports = _reports_module()
    fn = getattr(reports, "report_texts_for_package", None)
    if fn is None:
        return {}
    texts = fn(office, period) or {}
    return {key: str(texts.get(key) or "") for key in period.sections}


def _live_statuses(offices: list[Office], period: ReportingPeriod) -> dict[int, str]:
    """Each office's report state in Norwegian (one or three queries)."""
    reports = _reports_module()
    if reports is None or not hasattr(reports, "report_states"):
        return {o.pk: "Ikke påbegynt" for o in offices}
    from .models import Report

    if len(offices) == 1:
        report = reports.report_get(office=offices[0], period=period)
        states = {offices[0].pk: (report.status, report.version) if report else (Report.Status.NOT_STARTED, None)}
    else:
        states = {pk: (s.status, s.version) for pk, s in reports.report_states(period=period).items()}
    result = {}
    for office in offices:
        status, version = states.get(office.pk, (Report.Status.NOT_STARTED, None))
        label = str(Report.Status(status).label)
        result[office.pk] = f"{label} (versjon {version})" if version and status != Report.Status.NOT_STARTED else label
    return result


def _parts_live(
    *,
    period: ReportingPeriod,
    offices: list[Office],
    known_at: datetime.datetime | None,
    texts: bool,
) -> list[OfficePart]:
    """Live parts for the offices, from one as-of computation over their municipalities."""
    ref = period.reference_date
    office_ids = [o.pk for o in offices]
    municipalities_qs = Municipality.objects.filter(office_id__in=office_ids)
    table = figure_table(as_of=ref, known_at=known_at, municipalities=municipalities_qs)
    municipalities = list(municipalities_qs.select_related("office", "county").order_by("number"))
    year = ref.year
    confirmations = (
        latest_confirmations(year=year, municipality_ids=[m.pk for m in municipalities], known_at=known_at)
        if year in grant_years()
        else {}
    )
    plans = _published_plans(office_ids, known_at=known_at) if "plan" in period.sections else {}
    statuses = _live_statuses(offices, period)
    rows: dict[int, list[list]] = {pk: [] for pk in office_ids}
    grants: dict[int, list[GrantRow]] = {pk: [] for pk in office_ids}
    for m in municipalities:
        status = table.statuses[m.pk]
        decision = status.facts.get("decision")
        rows[m.office_id].append(
            [
                *status_row(m, status, as_of=ref),
                decision.effective_date.isoformat() if decision else "",
                decision.detail if decision else "",
            ]
        )
        criteria = grant_criteria(status)
        grants[m.office_id].append(GrantRow(m, criteria, criteria_failures(status), confirmations.get(m.pk)))
    parts = []
    for office in offices:
        parts.append(
            OfficePart(
                slug=office.slug,
                name=office.title_on(ref),
                source=LIVE,
                version=None,
                status=statuses[office.pk],
                figures=table.offices[office.slug].as_json(),
                municipalities=rows[office.pk],
                grants=[list(r) for r in grant_sheet_rows(grants[office.pk])] if year in grant_years() else [],
                texts=_texts(office, period) if texts else {},
                plan=plan_json(plans.get(office.pk)),
            )
        )
    return parts


def _package(
    *,
    period: ReportingPeriod,
    office: Office | None,
    parts: list[OfficePart],
    known_at: datetime.datetime | None,
    generated_at: datetime.datetime,
    generated_by: str | User,
    status: str,
) -> PackageData:
    ref = period.reference_date
    if not isinstance(generated_by, str):
        generated_by = display_name(generated_by)
    catalogue = Catalogue.load()
    return PackageData(
        period=period.slug,
        period_name=period.name,
        reference_date=ref.isoformat(),
        figure_keys=list(period.figures),
        sections=[[key, label] for key, label in period.section_labels],
        office=office.slug if office else None,
        office_name=office.title_on(ref) if office else "Hele landet",
        as_of=ref.isoformat(),
        known_at=local_text(known_at),
        generated_at=local_text(generated_at),
        generated_by=generated_by,
        status=status,
        grant_year=ref.year,
        catalogue=[[code, name, is_area] for code, name, is_area in catalogue.rows()],
        parts=parts,
    )


def package_data_live(
    *,
    period: ReportingPeriod,
    office: Office | None,
    generated_at: datetime.datetime,
    generated_by: str | User,
    known_at: datetime.datetime | None = None,
) -> PackageData:
    """An office's package (or, with office None, the all-live national one) from the live data.

    `known_at` freezes what was recorded by then (a job uses its creation time, a submission its own time);
    None takes everything recorded. The national package holds no texts (only submitted texts go there).
    """
    if office is None:
        offices = list(Office.objects.order_by("position"))
        parts = _parts_live(period=period, offices=offices, known_at=known_at, texts=False)
        status = "Levende tall for alle embeter"
    else:
        parts = _parts_live(period=period, offices=[office], known_at=known_at, texts=True)
        status = parts[0].status
    return _package(
        period=period,
        office=office,
        parts=parts,
        known_at=known_at,
        generated_at=generated_at,
        generated_by=generated_by,
        status=status,
    )


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


def package_data_submitted(snapshot) -> PackageData:
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


def latest_snapshot(*, office: Office, period: ReportingPeriod):
    """The office's latest submitted snapshot for the period (reporting.reports), or None."""
    reports = _reports_module()
    fn = getattr(reports, "latest_submitted_snapshot", None)
    if fn is None:
        return None
    return fn(office=office, period=period)


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
    snapshots = {o.pk: latest_snapshot(office=o, period=period) for o in offices}
    submitted = {
        pk: s for pk, s in snapshots.items() if s is not None and str(getattr(s, "status", "")) in SUBMITTED_STATES
    }
    live_offices = [o for o in offices if o.pk not in submitted]
    live_parts = (
        _parts_live(period=period, offices=live_offices, known_at=known_at, texts=False) if live_offices else []
    )
    live = {p.slug: p for p in live_parts}
    parts = []
    for office in offices:
        if office.pk in submitted:
            snapshot = submitted[office.pk]
            parts.append(part_from_snapshot(snapshot.data, version=snapshot.version))
        else:
            parts.append(live[office.slug])
    return _package(
        period=period,
        office=None,
        parts=parts,
        known_at=known_at,
        generated_at=generated_at,
        generated_by=generated_by,
        status=_national_status(parts),
    )
