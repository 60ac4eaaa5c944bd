"""What a submission freezes: the report's complete description, as the package workbook shows it.

`PackageData` is plain JSON-serialisable data: a submission stores its `to_json()` as the snapshot, and the
package workbook (`reporting.packages.workbook`) renders it. It holds one `OfficePart` per office in the
package: one for an office's package, all ten for the national one, where each part says where it comes from
(`live` or `submitted`; the national mix of both is `reporting.packages.data`).

An office's package also holds the country's figures beside its own (`national`), as known at the same moment:
from the cache when a build saw the same data before (`reporting.figures.selectors.country_entry_cached`), else
from one as-of computation over the whole country that gives the office's figures too. Municipalities are held
as `municipalities.status_table` records (codes, "" where never recorded, the gap kinds and messages), so the
workbook shows the registry's labels whenever it renders them.
`known_at` is the time of the newest recording the package was built from (facts, retractions, grant
confirmations), so two builds of the same data are the same whatever the moment they are built.

Live data is computed here from the figure registry and the as-of query with a constant number of queries
per package, whatever the number of municipalities or facts: `figure_table` (5) + municipalities (1) +
networks (1) + the recordings (newest time and data version, 1) + grant confirmations and schemes (2) + plan
versions (1) + the report's texts and state (reporting.reports.selectors).

FORMAT 1 snapshots (municipality rows in export_status's codes, no country figures) are read as FORMAT 2:
`PackageData.from_json` upgrades them as far as they allow.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from common.queries import latest_per_key
from municipalities.exporting import STATUS_COLUMNS
from municipalities.models import Municipality, Office
from municipalities.registry import FACT_TYPES, questions
from municipalities.selectors import Recordings, as_aware, network_names, recordings, self_confirmed_counts
from municipalities.status_table import status_record
from regional.models import PlanVersion
from reporting.figures.registry import Catalogue, FigureEntry, figure_table
from reporting.figures.selectors import country_entry_cached, country_entry_remember
from reporting.grants.models import GrantConfirmation
from reporting.grants.selectors import (
    GrantRow,
    criteria_failures,
    grant_criteria,
    grant_schemes,
    grant_years,
    latest_confirmations,
)
from reporting.grants.workbook import grant_sheet_rows, scheme_rows
from reporting.periods.models import ReportingPeriod

from .models import Report
from .selectors import ReportState, report_states, report_texts_for_package

if TYPE_CHECKING:
    from accounts.models import User

FORMAT = 2
LIVE, SUBMITTED = "live", "submitted"
# FORMAT 1 municipality rows: export_status's columns, then the decision's date and case number.
FORMAT_1_COLUMNS = (*STATUS_COLUMNS, "decision_date", "decision_case")


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
    municipalities: list  # status_table records, one per municipality by number
    grants: list[list]  # grant_sheet_header() columns
    texts: dict[str, str] = field(default_factory=dict)  # section key → text
    plan: dict | None = None  # {"number", "published_at", "published_by", "sections": [[heading, text], …]}
    region: str = ""  # the office's short name («Oslo og Viken»)
    # The report: {"status", "version", "first_submitted_at", "submitted_at", "status_changed_at"} (ISO times)
    report: dict = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        return self.region or self.name

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
    deadline: str = ""  # YYYY-MM-DD
    national: dict | None = None  # an office's package: the country's FigureEntry.as_json(), as of the same moment
    grant_schemes: list[list] = field(default_factory=list)  # scheme_rows() of the grant year

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

    @property
    def country(self) -> FigureEntry:
        """The whole country's figures: an office package's `national`, else the sum of the parts."""
        return FigureEntry.from_json(self.national) if self.national else self.total

    @property
    def region_names(self) -> dict[str, str]:
        return {part.slug: part.short_name for part in self.parts}

    @classmethod
    def from_json(cls, data: dict) -> PackageData:
        values = dict(data)
        values["parts"] = [OfficePart(**part) for part in data["parts"]]
        if values.get("format", 1) < 2:
            for part in values["parts"]:
                part.municipalities = [_record_from_format_1(row) for row in part.municipalities]
            values["format"] = FORMAT
        return cls(**values)


class _Values(dict):
    """A stored row read as a status, for the registry's questions."""

    def value(self, fact: str) -> str | None:
        return self.get(fact) or None


def _record_from_format_1(row: list) -> dict:
    """A FORMAT 1 row (export_status's codes) as a status_table record. Never recorded and a recorded «no»
    were both written `none` there, so they read as the recorded value; networks were only counted."""
    old = dict(zip(FORMAT_1_COLUMNS, row, strict=False))
    adopted = questions.plan_adopted(_Values(old))
    no_meeting = FACT_TYPES["dialogue_meeting"].unrecorded_export
    networks = str(_("%(count)s nettverk (deltar eller planlegger å delta)") % {"count": old["networks"]})
    return {
        "number": old["kommunenummer"],
        "name": old["navn"],
        "office": old["office"],
        "dialogue_meeting": "" if old["dialogue_meeting"] == no_meeting else old["dialogue_meeting"],
        "decision": old["decision"],
        "decision_date": old.get("decision_date", "") if adopted else "",
        "decision_target_date": "",
        "decision_case": old.get("decision_case", ""),
        **{fact: old[fact] for fact in ("areas_considered", "involvement", "samfunnsdel", "action_plan")},
        "other_plans": old["other_plans"],
        "phase": old["phase"],
        "networks": [[networks, ""]] if old["networks"] else [],
        "priorities": [code for code in str(old["priorities"]).split(";") if code],
        "priorities_recorded": bool(old["priorities"]),
        "gaps": None,
    }


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


def report_json(state: ReportState) -> dict:
    """A report's state as a package holds it (times as Europe/Oslo ISO text)."""
    return {
        "status": state.status,
        "version": state.version,
        "first_submitted_at": local_text(state.first_submitted_at),
        "submitted_at": local_text(state.submitted_at),
        "status_changed_at": local_text(state.status_changed_at) if state.status_changed_at else "",
    }


def status_label(state: ReportState) -> str:
    """The report's state in Norwegian, with the number of submissions once there is one."""
    label = Report.status_label(state.status)
    return f"{label} (versjon {state.version})" if state.version else label


@dataclass
class LiveParts:
    parts: list[OfficePart]
    national: FigureEntry | None  # the country's figures, when asked for
    catalogue: Catalogue


def office_parts_live(
    *,
    period: ReportingPeriod,
    offices: list[Office],
    known_at: datetime.datetime | None,
    texts: bool,
    national: bool = False,
    version: str | None = None,
) -> LiveParts:
    """Live parts for the offices, from one as-of computation over their municipalities; with `national`, the
    country's figures as known at the same moment come back beside the parts (`version`: the data's, see
    `reporting.figures.selectors.country_entry`)."""
    ref = period.reference_date
    office_ids = [o.pk for o in offices]
    own = Municipality.objects.filter(office_id__in=office_ids)
    # The country's figures beside the offices': from the cache when a build computed them for the same data,
    # else from one computation over the whole country that gives the offices' figures too.
    country = country_entry_cached(as_of=ref, version=version) if national and version else None
    whole = national and country is None
    table = figure_table(as_of=ref, known_at=known_at, municipalities=None if whole else own, full_statuses=True)
    if whole:
        country = table.national
        if version:
            country_entry_remember(as_of=ref, version=version, entry=country)
    municipalities = list(own.select_related("office", "county").order_by("number"))
    year = ref.year
    confirmations = (
        latest_confirmations(year=year, municipality_ids=[m.pk for m in municipalities], known_at=known_at)
        if year in grant_years()
        else {}
    )
    plans = _published_plans(office_ids, known_at=known_at) if "plan" in period.sections else {}
    states = report_states(period=period, offices=offices if len(offices) == 1 else None)
    names = network_names()
    records: dict[int, list[dict]] = {pk: [] for pk in office_ids}
    grants: dict[int, list[GrantRow]] = {pk: [] for pk in office_ids}
    for m in municipalities:
        status = table.statuses[m.pk]
        records[m.office_id].append(status_record(m, status, as_of=ref, network_names=names))
        criteria = grant_criteria(status)
        grants[m.office_id].append(GrantRow(m, criteria, criteria_failures(status, criteria), confirmations.get(m.pk)))
    parts = []
    for office in offices:
        state = states.get(office.pk) or ReportState()
        parts.append(
            OfficePart(
                slug=office.slug,
                name=office.title_on(ref),
                region=office.region,
                source=LIVE,
                version=None,
                status=status_label(state),
                report=report_json(state),
                figures=table.offices[office.slug].as_json(),
                municipalities=records[office.pk],
                grants=[list(r) for r in grant_sheet_rows(grants[office.pk])] if year in grant_years() else [],
                texts=_texts(office, period) if texts else {},
                plan=plan_json(plans.get(office.pk)),
            )
        )
    return LiveParts(parts=parts, national=country, catalogue=table.catalogue)


def package_recordings(known_at: datetime.datetime | None) -> Recordings:
    """What a package is built from: the facts, retractions and grant confirmations recorded by `known_at`."""
    return recordings(known_at, also=(GrantConfirmation,))


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
    national: FigureEntry | None = None,
    catalogue: Catalogue | None = None,
    recorded: Recordings | None = None,
) -> PackageData:
    ref = period.reference_date
    if not isinstance(generated_by, str):
        generated_by = display_name(generated_by)
    catalogue = catalogue or Catalogue.load()
    # The national package says how many municipalities confirmed their own status in the period.
    self_confirmed, window = self_confirmed_in_period(period, known_at=known_at) if office is None else (None, [])
    return PackageData(
        period=period.slug,
        period_name=period.name,
        reference_date=ref.isoformat(),
        deadline=period.deadline.isoformat(),
        figure_keys=list(period.figures),
        sections=[[key, label] for key, label in period.section_labels],
        office=office.slug if office else None,
        office_name=office.title_on(ref) if office else "Hele landet",
        as_of=ref.isoformat(),
        known_at=local_text((recorded or package_recordings(known_at)).newest),
        generated_at=local_text(generated_at),
        generated_by=generated_by,
        status=status,
        grant_year=ref.year,
        grant_schemes=scheme_rows(grant_schemes(year=ref.year)) if ref.year in grant_years() else [],
        catalogue=[[code, name, is_area] for code, name, is_area in catalogue.rows()],
        parts=parts,
        self_confirmed=self_confirmed,
        self_confirmed_window=window,
        national=national.as_json() if national is not None else None,
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
    None takes everything recorded. An office's package holds the country's figures as known at the same
    moment. The national package holds no texts (only submitted texts go there).
    """
    recorded = package_recordings(known_at)
    if office is None:
        offices = list(Office.objects.order_by("position"))
        live = office_parts_live(period=period, offices=offices, known_at=known_at, texts=False)
        status = "Levende tall for alle embeter"
    else:
        live = office_parts_live(
            period=period, offices=[office], known_at=known_at, texts=True, national=True, version=recorded.version
        )
        status = live.parts[0].status
    return package_data_of(
        period=period,
        office=office,
        parts=live.parts,
        known_at=known_at,
        generated_at=generated_at,
        generated_by=generated_by,
        status=status,
        national=live.national,
        catalogue=live.catalogue,
        recorded=recorded,
    )
