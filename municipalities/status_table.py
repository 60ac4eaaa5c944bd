"""The municipalities' status as a table for people: the status workbooks and the report package's `Kommuner`
sheet show the same columns, with the registry's Norwegian labels.

Two steps, so that a report can freeze the first and render it later:
- `status_record()` turns one municipality's status as of a date into a plain JSON-able dict of *codes*
  ("" where never recorded), dates as `YYYY-MM-DD` and the gap kinds of `municipalities.gaps`;
- `status_cells()` turns a record into the cells people read: the registry's labels, «Ikke registrert» (the
  registry's never-recorded label, «Ikke vurdert» for the phase) kept apart from «Nei», «Ingen vedtak» or
  «Ikke forankret», names instead of codes and slugs (networks and priorities one per line), real dates.

The decision has three date-like parts, each in its own column: the date the plan was adopted (the decision's
effective date, only for an adopted plan), the target date of a described process, and the case number.
`STATUS_HELP` explains every column and lists its values, for the workbooks' `Forklaring` sheets.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.xlsx_tables import DATE, LONG_TEXT, Column

from .gaps import KIND_ACTIONS, KIND_LABELS, KINDS, gaps
from .registry import FACT_TYPES, questions
from .selectors import MunicipalityStatus

# The single-valued facts shown with their label, in the order of the columns.
LABELLED_FACTS = ("areas_considered", "involvement", "samfunnsdel", "action_plan", "other_plans", "phase")


def status_record(municipality, status: MunicipalityStatus, *, as_of: datetime.date, network_names: dict) -> dict:
    """One municipality's status as of `as_of` in codes (JSON-able). `network_names`: qualified slug → name
    (`selectors.network_names()`)."""
    decision = status.facts.get("decision")
    adopted = questions.plan_adopted(status)
    needs_target = decision is not None and decision.fact_type.needs_target_date(decision.value)
    return {
        "number": municipality.number,
        "name": municipality.name,
        "office": municipality.office.slug,
        "dialogue_meeting": status.meeting_state_in_year(as_of.year) or "",
        "decision": decision.value if decision else "",
        "decision_date": decision.effective_date.isoformat() if decision is not None and adopted else "",
        "decision_target_date": (
            decision.target_date.isoformat() if decision is not None and needs_target and decision.target_date else ""
        ),
        "decision_case": decision.detail if decision else "",
        **{fact: status.value(fact) or "" for fact in LABELLED_FACTS},
        "networks": [[str(network_names.get(key, key)), fact.value] for key, fact in sorted(status.networks.items())],
        "priorities": status.priority_codes(),
        "priorities_recorded": bool(status.priorities),
        "gaps": [[gap.kind, str(gap.message)] for gap in gaps(status, as_of=as_of)],
    }


def status_columns(year: int, *, with_office: bool = True) -> list[Column]:
    """The columns of the status table; `year` is the as-of date's (the dialogue meetings of that year). The
    office's column is left out of a table of one office (its footer names the office)."""
    label = {key: str(ft.label) for key, ft in FACT_TYPES.items()}
    return [
        Column(_("Kommunenummer")),
        Column(_("Kommune"), max_width=16),
        *([Column(_("Embete"), max_width=20)] if with_office else []),
        Column(_("%(fact)s i %(year)s") % {"fact": label["dialogue_meeting"], "year": year}, max_width=11),
        Column(label["decision"], max_width=14),
        Column(_("Vedtaksdato (plan vedtatt)"), DATE),
        Column(_("Planlagt vedtaksdato (prosess beskrevet)"), DATE),
        *(Column(label[fact], max_width=11) for fact in LABELLED_FACTS),
        Column(_("Nettverk"), LONG_TEXT, 22),
        Column(_("Prioriterte innsatsområder og løsninger"), LONG_TEXT, 24),
    ]


def gap_columns(*, with_office: bool = True) -> list[Column]:
    """The columns of the table of what is missing: one row per municipality and gap."""
    return [
        Column(_("Kommunenummer")),
        Column(_("Kommune"), max_width=16),
        *([Column(_("Embete"), max_width=20)] if with_office else []),
        Column(_("Mangler"), max_width=30),
        Column(_("Slik rettes det"), LONG_TEXT, 60),
    ]


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _label(fact: str, code: str, language: str | None = None) -> str:
    return _cached_label(fact, code, language or get_language())


@lru_cache(maxsize=16)
def _case_word(language: str | None) -> str:
    return str(FACT_TYPES["decision"].detail_label).lower()


@lru_cache(maxsize=1024)
def _cached_label(fact: str, code: str, language: str | None) -> str:
    """A value's label in the active language (tables show thousands of them)."""
    ft = FACT_TYPES[fact]
    return ft.value_label(code) if code else str(ft.unrecorded_label)


def status_cells(
    record: dict, *, office_names: dict[str, str], catalogue_names: dict[str, str], with_office: bool = True
) -> list[Any]:
    """The cells of one record, in `status_columns()` order. `office_names`: office slug → name;
    `catalogue_names`: focus-area and solution code → name."""
    language = get_language()
    priority_type = FACT_TYPES["priority"]
    if record["networks"]:
        networks = "\n".join(
            f"{name} – {_label('network', value, language)}" if value else name for name, value in record["networks"]
        )
    else:
        networks = _label("network", "", language)
    if record["priorities"]:
        priorities = "\n".join(catalogue_names.get(code, code) for code in record["priorities"])
    elif record["priorities_recorded"]:
        priorities = _label("priority", priority_type.unrecorded_means, language)
    else:
        priorities = _label("priority", "", language)
    office = [office_names.get(record["office"], record["office"])] if with_office else []
    decision = _label("decision", record["decision"], language)
    if record["decision_case"]:
        decision += f" ({_case_word(language)} {record['decision_case']})"
    return [
        record["number"],
        record["name"],
        *office,
        _label("dialogue_meeting", record["dialogue_meeting"], language),
        decision,
        _date(record["decision_date"]),
        _date(record["decision_target_date"]),
        *(_label(fact, record[fact], language) for fact in LABELLED_FACTS),
        networks,
        priorities,
    ]


def gap_rows(records: list[dict], *, office_names: dict[str, str], with_office: bool = True) -> list[list]:
    """The rows of the table of what is missing, by kind (in the gap definition's order), then by number."""
    rows = []
    for position, kind in enumerate(KINDS):
        for record in records:
            for found, _message in record.get("gaps") or []:
                if found != kind:
                    continue
                office = [office_names.get(record["office"], record["office"])] if with_office else []
                rows.append(
                    (
                        position,
                        record["number"],
                        [record["number"], record["name"], *office, str(KIND_LABELS[kind]), str(KIND_ACTIONS[kind])],
                    )
                )
    return [row for _position, _number, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _values(fact: str) -> str:
    ft = FACT_TYPES[fact]
    labels = [f"«{label}»" for label in ft.values.values()]
    return _("%(values)s, eller «%(unrecorded)s» når ingenting er registrert.") % {
        "values": ", ".join(labels),
        "unrecorded": ft.unrecorded_label,
    }


def status_help(year: int, *, with_office: bool = True) -> list[tuple[str, str]]:
    """(header, explanation) for every column of `status_columns(year)`, in the same order."""
    headers = [column.header for column in status_columns(year, with_office=with_office)]
    texts = [
        _("Kommunenummeret, fire sifre med ledende null."),
        _("Kommunens navn slik det står i kommuneinndelingen 2020–2023."),
        *([_("Statsforvalteren kommunen hører til.")] if with_office else []),
        _("Det lengst komne dialogmøtet med dato i %(year)s: %(values)s Avlyste møter telles ikke.")
        % {"year": year, "values": _values("dialogue_meeting")},
        _values("decision")
        + " "
        + _("Kommunestyrets saksnummer står i parentes når det er registrert.")
        + " "
        + str(FACT_TYPES["decision"].help_text),
        _("Datoen kommunestyret vedtok planen. Bare for «Plan vedtatt»."),
        _("Når kommunen har sagt at planen skal vedtas. Bare for «Prosess beskrevet»."),
        *(f"{FACT_TYPES[fact].help_text} {_values(fact)}" for fact in LABELLED_FACTS),
        _("Regionale Leve hele livet-nettverk kommunen er registrert i, ett per linje, med status: %(values)s")
        % {"values": _values("network")},
        _(
            "Innsatsområder og løsninger kommunen har prioritert, ett per linje. «%(none)s» når prioriteringer er "
            "trukket tilbake, «%(unrecorded)s» når ingen er registrert."
        )
        % {
            "none": FACT_TYPES["priority"].value_label(FACT_TYPES["priority"].unrecorded_means),
            "unrecorded": FACT_TYPES["priority"].unrecorded_label,
        },
    ]
    return list(zip(headers, texts, strict=True))


def gap_help() -> str:
    """What the table of what is missing holds."""
    return _(
        "Det som mangler eller bør sjekkes i registreringene per datoen, én rad per kommune og mangel: «Mangler» "
        "sier hva som mangler, «Slik rettes det» hva embetet kan registrere for å rette det. Samme liste som "
        "rapportens kompletthetssjekk og «mangler»-filtrene i embetsoversikten: %(kinds)s."
    ) % {"kinds": ", ".join(f"«{KIND_LABELS[kind]}»" for kind in KINDS)}
