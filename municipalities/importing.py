"""Importing status facts from rows of a file: parse, validate every row, then record all or nothing.

The rows come as (line number, {column: text}) pairs, from a CSV file (`import_status`) or a sheet (the
Excel import); the line is the file's line or the sheet's row. Columns: kommunenummer, fact, value,
effective_date, detail and the optional target_date.

- Every bad row is reported as a RowProblem (line, column, Norwegian message), in line order; if there is
  one, nothing is written (not even a network).
- A row is skipped as already recorded only when an unretracted fact with the same municipality, fact,
  detail, value, effective date and target date exists: re-importing a file adds nothing and never undoes a
  later correction.
- Rows are recorded in file order in one call to `facts_record`, so on the same effective date a later row
  wins over an earlier one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .fact_types import FACT_TYPES
from .models import Municipality, Office, StatusFact
from .services import FactInput, catalogue_codes, facts_record, validate_fact

IMPORT_COLUMNS = ("kommunenummer", "fact", "value", "effective_date", "detail")
OPTIONAL_COLUMNS = ("target_date",)
IMPORT_SOURCE = "import"

# Facts whose `detail` column means something; for the others it must be empty.
FACTS_WITH_DETAIL = frozenset({"dialogue_meeting", "network", "priority", "decision"})
NUMBER_RE = re.compile(r"^[0-9]{4}$")
SHORT_NUMBER_RE = re.compile(r"^[0-9]{1,3}$")
NORWEGIAN_DATE_RE = re.compile(r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}$")
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,60}$")


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str  # the column the problem is in ("" when it concerns the whole row)
    message: str


class ImportRejected(Exception):
    """The rows have problems; nothing was written."""

    def __init__(self, problems: Sequence[RowProblem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = sorted(problems, key=lambda p: p.line)


@dataclass
class ImportResult:
    recorded: int
    unchanged: int
    networks_created: list[str] = field(default_factory=list)  # qualified slugs


@dataclass
class CheckedRow:
    """A row that passed every check, ready to record (its network may still have to be created)."""

    line: int
    item: FactInput
    new_network: tuple[int, str] | None = None  # (office id, slug) of a network --create-networks makes


def _parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _date_problem(text: str, label: str) -> str:
    if NORWEGIAN_DATE_RE.match(text):
        return _(
            "%(label)s «%(text)s» ser ut som en norsk Excel-dato; skriv datoen som ÅÅÅÅ-MM-DD (for eksempel 2021-04-30)"
        ) % {"label": label, "text": text}
    return _("%(label)s «%(text)s» er ikke en dato på formen ÅÅÅÅ-MM-DD") % {"label": label, "text": text}


def _network_office_and_slug(
    detail: str, municipality: Municipality, offices: dict[str, Office]
) -> tuple[Office | None, str, str | None]:
    """(office, slug, problem) for a network named in a row: "slug" is a network of the municipality's own
    office, "office-slug/slug" one of any office."""
    if "/" in detail:
        office_slug, _sep, slug = detail.partition("/")
        office = offices.get(office_slug)
        if office is None:
            problem = _("ukjent embete «%(office)s» i nettverket «%(detail)s»")
            return None, slug, problem % {"office": office_slug, "detail": detail}
    else:
        office, slug = municipality.office, detail
    if not SLUG_RE.match(slug):
        return office, slug, _("«%(detail)s» er ikke et gyldig kortnavn for et nettverk") % {"detail": detail}
    return office, slug, None


def _number_problem(number: str, municipalities: dict[str, Municipality]) -> str:
    if SHORT_NUMBER_RE.match(number) and number.zfill(4) in municipalities:
        return _(
            "kommunenummeret «%(number)s» mangler ledende null (skriv %(padded)s); Excel fjerner nullen "
            "når kolonnen er formatert som tall – lagre kolonnen som tekst"
        ) % {"number": number, "padded": number.zfill(4)}
    if not number:
        return _("kommunenummer mangler")
    return _("ukjent kommunenummer «%(number)s»") % {"number": number}


def _column_of(message: str) -> str:
    """Which column a problem found by services.validate_fact concerns (for "line N: column X: ...")."""
    prefixes = {
        "value": _("ugyldig verdi"),
        "effective_date": _("datoen"),
        "detail": (_("dialogmøtet"), _("ukjent innsatsområde"), _("ukjent nettverk"), _("detaljen")),
    }
    for column, starts in prefixes.items():
        if message.startswith(starts):
            return column
    return ""


class _Checker:
    """Checks rows against the country, the catalogue and the networks, loaded once (a few queries)."""

    def __init__(self, *, office: Office | None, create_networks: bool, today: datetime.date):
        from networks.models import Network

        self.office = office
        self.create_networks = create_networks
        self.today = today
        self.municipalities = {m.number: m for m in Municipality.objects.select_related("office")}
        self.offices = {o.slug: o for o in Office.objects.all()}
        self.office_slugs = {o.pk: o.slug for o in self.offices.values()}
        self.codes = catalogue_codes()
        self.networks = {(n.office_id, n.slug): n for n in Network.objects.select_related("office")}

    def check(self, line: int, row: dict[str, str]) -> tuple[CheckedRow | None, list[RowProblem]]:
        problems: list[RowProblem] = []

        def problem(column: str, message: str) -> None:
            problems.append(RowProblem(line, column, message))

        number = (row.get("kommunenummer") or "").strip()
        municipality = self.municipalities.get(number) if NUMBER_RE.match(number) else None
        if municipality is None:
            problem("kommunenummer", _number_problem(number, self.municipalities))
        elif self.office is not None and municipality.office_id != self.office.pk:
            problem(
                "kommunenummer",
                _("%(number)s %(name)s hører til embetet %(other)s, ikke %(office)s")
                % {
                    "number": number,
                    "name": municipality.name,
                    "other": municipality.office.slug,
                    "office": self.office.slug,
                },
            )

        fact = (row.get("fact") or "").strip()
        value = (row.get("value") or "").strip()
        detail = (row.get("detail") or "").strip()
        ft = FACT_TYPES.get(fact)
        if ft is None:
            problem(
                "fact",
                _("ukjent opplysning «%(fact)s» (gyldige: %(valid)s)") % {"fact": fact, "valid": ", ".join(FACT_TYPES)},
            )
        elif detail and fact not in FACTS_WITH_DETAIL:
            problem("detail", _("%(fact)s har ingen detalj (fikk «%(detail)s»)") % {"fact": fact, "detail": detail})

        effective_text = (row.get("effective_date") or "").strip()
        effective_date = _parse_date(effective_text)
        if effective_date is None:
            problem("effective_date", _date_problem(effective_text, "effective_date"))

        target_text = (row.get("target_date") or "").strip()
        target_date = None
        if target_text:
            target_date = _parse_date(target_text)
            if target_date is None:
                problem("target_date", _date_problem(target_text, "target_date"))
            elif ft is not None and not ft.has_target_date:
                problem("target_date", _("%(fact)s har ingen måldato") % {"fact": fact})

        network, new_network, network_reported = None, None, False
        if fact == "network" and municipality is not None:
            network, new_network, network_problem = self._network(detail, municipality)
            if network_problem:
                problem("detail", network_problem)
            network_reported = network is None

        if municipality is None or ft is None or effective_date is None:
            return None, problems
        item = FactInput(
            municipality=municipality,
            fact=fact,
            value=value,
            effective_date=effective_date,
            detail=detail,
            target_date=target_date,
            network=network,
        )
        unknown_network = _("ukjent nettverk «%(slug)s»") % {"slug": detail}
        for message in validate_fact(item, codes=self.codes, today=self.today):
            if network_reported and message == unknown_network:
                continue  # reported above with more to go on, or created before recording
            problem(_column_of(message), message)
        if problems:
            return None, problems
        return CheckedRow(line, item, new_network), []

    def _network(self, detail: str, municipality: Municipality):
        """(network, (office id, slug) to create, problem)."""
        if not detail:
            return None, None, _("nettverket mangler: skriv nettverkets kortnavn i kolonnen detail")
        office, slug, problem = _network_office_and_slug(detail, municipality, self.offices)
        if problem:
            return None, None, problem
        network = self.networks.get((office.pk, slug))
        if network is not None:
            return network, None, None
        elsewhere = sorted(f"{self.office_slugs[o]}/{s}" for o, s in self.networks if s == slug and o != office.pk)
        if self.create_networks and office.pk == municipality.office_id and ("/" in detail or not elsewhere):
            # Not when another office has the slug: the row more likely means that network, unprefixed.
            return None, (office.pk, slug), None
        if "/" not in detail and elsewhere:
            return (
                None,
                None,
                _(
                    "%(office)s har ikke nettverket «%(slug)s»; et nettverk fra et annet embete skrives "
                    "embete/kortnavn, for eksempel %(example)s"
                )
                % {"slug": slug, "office": office.slug, "example": elsewhere[0]},
            )
        if self.create_networks:
            return (
                None,
                None,
                _("ukjent nettverk «%(detail)s»; nettverk opprettes bare under kommunens eget embete")
                % {"detail": detail},
            )
        return None, None, _("ukjent nettverk «%(slug)s» hos %(office)s") % {"slug": slug, "office": office.slug}


def status_rows_check(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    office: Office | None = None,
    create_networks: bool = False,
    today: datetime.date | None = None,
) -> tuple[list[CheckedRow], list[RowProblem]]:
    """Parse and check every row without writing: (rows ready to record, problems in line order).

    `office` limits the rows to that office's municipalities. With `create_networks`, a network slug that
    does not exist is to be created under the municipality's own office (never another office's).
    """
    checker = _Checker(office=office, create_networks=create_networks, today=today or timezone.localdate())
    checked: list[CheckedRow] = []
    problems: list[RowProblem] = []
    for line, row in rows:
        ok, row_problems = checker.check(line, row)
        if ok is not None:
            checked.append(ok)
        problems.extend(row_problems)
    return checked, sorted(problems, key=lambda p: p.line)


def _existing_keys(items: Sequence[FactInput]) -> set[tuple]:
    """Keys of the unretracted facts the items could repeat: one query."""
    if not items:
        return set()
    rows = StatusFact.objects.filter(
        municipality__in={item.municipality.pk for item in items},
        fact__in={item.fact for item in items},
        retraction__isnull=True,
    ).values_list("municipality_id", "fact", "detail", "value", "effective_date", "target_date")
    return set(rows)


def _key(item: FactInput) -> tuple:
    detail = item.network.qualified_slug if item.fact == "network" and item.network is not None else item.detail
    return (item.municipality.pk, item.fact, detail, item.value, item.effective_date, item.target_date)


@transaction.atomic
def status_import(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    user: User,
    office: Office | None = None,
    create_networks: bool = False,
    source: str = IMPORT_SOURCE,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check every row, then create the missing networks and record the new facts, in one transaction.

    Raises ImportRejected (nothing written) when any row has a problem. The caller decides who may import
    for which office (accounts.permissions); `office` limits the rows to that office's municipalities.
    """
    from networks.models import Network

    checked, problems = status_rows_check(rows, office=office, create_networks=create_networks, today=today)
    if problems:
        raise ImportRejected(problems)

    created: dict[tuple[int, str], Network] = {}
    for row in checked:
        if row.new_network is None:
            continue
        network = created.get(row.new_network)
        if network is None:
            _office_id, slug = row.new_network
            network = Network(office=row.item.municipality.office, slug=slug, name=slug, created_by=user)
            network.full_clean()
            network.save()
            created[row.new_network] = network
        row.item.network = network

    items = [row.item for row in checked]
    existing = _existing_keys(items)
    new = [item for item in items if _key(item) not in existing]
    facts_record(items=new, user=user, source=source)
    return ImportResult(
        recorded=len(new),
        unchanged=len(items) - len(new),
        networks_created=[n.qualified_slug for n in created.values()],
    )
