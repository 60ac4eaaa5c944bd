"""What a submission freezes: the report's complete description, as the package workbook shows it.

`PackageData` is plain JSON-serialisable data: a submission stores its `to_json()` as the snapshot, and the
package workbook (`reporting.packages.workbook`) renders it. It holds one `OfficePart` per office in the
package: one for an office's package, all ten for the national one, where each part says where it comes from
(`live` or `submitted`; the national mix of both is `reporting.packages.data`).

Live data is computed here from the figure registry and the as-of query with a constant number of queries
per package, whatever the number of municipalities or facts:
`figure_table` (5) + municipalities (1) + grant confirmations (1) + plan versions (1) + the report's texts
and state (reporting.reports.selectors).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from common.queries import latest_per_key
from municipalities.exporting import STATUS_COLUMNS, status_row
from municipalities.models import Municipality, Office
from municipalities.selectors import as_aware, self_confirmed_counts
from regional.models import PlanVersion
from reporting.figures.registry import Catalogue, FigureEntry, figure_table
from reporting.grants.selectors import GrantRow, criteria_failures, grant_criteria, grant_years, latest_confirmations
from reporting.grants.workbook import grant_sheet_rows
from reporting.periods.models import ReportingPeriod

from .models import Report
from .selectors import report_get, report_states, report_texts_for_package

if TYPE_CHECKING:
    from accounts.models import User

FORMAT = 1
LIVE, SUBMITTED = "live", "submitted"
# The Kommuner sheet: export_status's columns, then the decision's date and case number.
MUNICIPALITY_COLUMNS = (*STATUS_COLUMNS, "decision_date", "decision_case")


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def local_text(moment: datetime.datetime | None) -> str:
    """A time as Europe/Oslo ISO text (seconds), or ""."""
    if moment is None:
        return ""
    return timezone.localtime(as_aware(moment)).replace(microsecond=0).isoformat()


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
    # How many municipalities confirmed their own status in the period (a response the office accepted, changed
    # or not), and the period's window [after, until] in YYYY-MM-DD; None in packages from before it was counted.
    self_confirmed: int | None = None
    self_confirmed_window: list[str] = field(default_factory=list)

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


def _texts(office: Office, period: ReportingPeriod) -> dict[str, str]:
    texts = report_texts_for_package(office, period)
    return {key: str(texts.get(key) or "") for key in period.sections}


def _live_statuses(offices: list[Office], period: ReportingPeriod) -> dict[int, str]:
    """Each office's report state in Norwegian (one or three queries)."""
    if len(offices) == 1:
        report = report_get(office=offices[0], period=period)
        states: dict[int, tuple[str, int | None]] = {
            offices[0].pk: (report.status, report.version) if report else (Report.Status.NOT_STARTED, None)
        }
    else:
        states = {pk: (s.status, s.version) for pk, s in report_states(period=period).items()}
    result = {}
    for office in offices:
        status, version = states.get(office.pk, (Report.Status.NOT_STARTED, None))
        label = Report.status_label(status)
        result[office.pk] = f"{label} (versjon {version})" if version and status != Report.Status.NOT_STARTED else label
    return result


def office_parts_live(
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


def self_confirmed_in_period(period: ReportingPeriod, *, known_at: datetime.datetime | None) -> tuple[int, list[str]]:
    """How many municipalities confirmed their own status in the period, nationally: after the previous period's
    deadline, up to and including this one's (one query)."""
    previous = ReportingPeriod.objects.filter(deadline__lt=period.deadline).order_by("-deadline").first()
    after = previous.deadline if previous else None
    counts = self_confirmed_counts(after=after, until=period.deadline, known_at=known_at)
    return sum(counts.values()), [after.isoformat() if after else "", period.deadline.isoformat()]


def package_data_of(
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
    # The national package says how many municipalities confirmed their own status in the period.
    self_confirmed, window = self_confirmed_in_period(period, known_at=known_at) if office is None else (None, [])
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
        self_confirmed=self_confirmed,
        self_confirmed_window=window,
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
        parts = office_parts_live(period=period, offices=offices, known_at=known_at, texts=False)
        status = "Levende tall for alle embeter"
    else:
        parts = office_parts_live(period=period, offices=[office], known_at=known_at, texts=True)
        status = parts[0].status
    return package_data_of(
        period=period,
        office=office,
        parts=parts,
        known_at=known_at,
        generated_at=generated_at,
        generated_by=generated_by,
        status=status,
    )
