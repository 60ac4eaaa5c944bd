"""Reads: contacts and rounds of an office (their own office and the directorate only: the permission checks
are the views'), a round's rows per contact, what a municipality's page shows, and response rates per office."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from common.queries import latest_per_key
from municipalities.models import Municipality, Office
from municipalities.selectors import catalogue_areas, network_list, status_as_of

from .models import Contact, Invitation, InvitationLink, Response, ResponseEvent, ResponseItem
from .models import Round as StatusRound
from .tokens import token_hash

# The states a contact's row shows (round_status and the round overview), in the order they progress.
STATES = ("invited", "opened", "draft", "submitted", "returned", "accepted")
ANSWERED = ("submitted", "returned", "accepted")


def contacts_of_office(*, office: Office) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(municipality__office=office)
        .select_related("municipality")
        .order_by("municipality__number", "name", "id")
    )


def contact_by_submission(*, office: Office, token: str) -> Contact | None:
    """The contact a form submission (its one-time token) already added, if any."""
    if not token or len(token) != 32 or not token.isascii() or not token.isalnum():
        return None
    return contacts_of_office(office=office).filter(submission=token).first()


def municipalities_of_office(*, office: Office) -> QuerySet[Municipality]:
    return Municipality.objects.filter(office=office).annotate(contact_count=Count("contacts")).order_by("number")


def rounds_of_office(*, office: Office) -> QuerySet[StatusRound]:
    return StatusRound.objects.filter(office=office).select_related("created_by").order_by("-created_at", "-id")


def round_latest(*, office: Office) -> StatusRound | None:
    return rounds_of_office(office=office).first()


def link_find(*, token: str) -> InvitationLink | None:
    return (
        InvitationLink.objects.select_related(
            "invitation__round__office",
            "invitation__round__created_by",
            "invitation__municipality",
            "invitation__contact",
        )
        .filter(token_hash=token_hash(token))
        .first()
    )


@dataclass
class InvitationRow:
    invitation: Invitation
    response: Response | None
    live_link: InvitationLink | None

    @property
    def state(self) -> str:
        if self.response is not None:
            return self.response.state
        return "opened" if self.invitation.opened_at else "invited"

    @property
    def answered(self) -> bool:
        return self.state in ANSWERED


def round_rows(*, round_: StatusRound) -> list[InvitationRow]:
    """One row per invitation (contact), by municipality number: three queries."""
    live = Prefetch("links", queryset=InvitationLink.objects.filter(replaced_at__isnull=True), to_attr="live_links")
    invitations = (
        round_.invitations.select_related("municipality", "contact", "response__reviewed_by", "revoked_by")
        .prefetch_related(live)
        .order_by("municipality__number", "contact_name", "id")
    )
    rows = []
    for invitation in invitations:
        response = getattr(invitation, "response", None) if hasattr(invitation, "response") else None
        rows.append(InvitationRow(invitation, response, invitation.live_links[0] if invitation.live_links else None))
    return rows


@dataclass
class RoundSummary:
    municipalities: int
    answered: int  # municipalities with a response submitted, returned or accepted
    accepted: int
    days_left: int

    @property
    def rate(self) -> float:
        return self.answered / self.municipalities if self.municipalities else 0.0


def round_summary(rows: list[InvitationRow], round_: StatusRound, today: datetime.date | None = None) -> RoundSummary:
    today = today or timezone.localdate()
    by_municipality: dict[int, set[str]] = {}
    for row in rows:
        by_municipality.setdefault(row.invitation.municipality_id, set()).add(row.state)
    return RoundSummary(
        municipalities=len(by_municipality),
        answered=sum(1 for states in by_municipality.values() if states & set(ANSWERED)),
        accepted=sum(1 for states in by_municipality.values() if "accepted" in states),
        days_left=(round_.deadline - today).days,
    )


@dataclass
class OfficeRates:
    office: Office
    round_: StatusRound | None
    municipalities: int
    answered: int
    accepted: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.municipalities if self.municipalities else None


def response_rates(*, today: datetime.date | None = None) -> list[OfficeRates]:
    """Per office, its latest round: municipalities asked, answered and accepted (four queries)."""
    offices = list(Office.objects.order_by("position"))
    latest: dict[int, StatusRound] = {}
    # The latest per office with a window query (DISTINCT ON is PostgreSQL's alone; the embedded default is SQLite).
    for round_ in latest_per_key(StatusRound.objects.all(), key=["office_id"], order_by=["-created_at", "-id"]):
        latest[round_.office_id] = round_
    asked = (
        Invitation.objects.filter(round__in=list(latest.values()))
        .values("round_id")
        .annotate(
            municipalities=Count("municipality", distinct=True),
            answered=Count("municipality", distinct=True, filter=Q(response__state__in=list(ANSWERED))),
            accepted=Count("municipality", distinct=True, filter=Q(response__state=Response.State.ACCEPTED)),
        )
    )
    counts: dict[int, dict] = {row["round_id"]: dict(row) for row in asked}
    result = []
    for office in offices:
        found = latest.get(office.pk)
        row: dict = counts.get(found.pk, {}) if found else {}
        result.append(
            OfficeRates(
                office=office,
                round_=found,
                municipalities=row.get("municipalities", 0),
                answered=row.get("answered", 0),
                accepted=row.get("accepted", 0),
            )
        )
    return result


# --- the municipality's page ----------------------------------------------------------------------------------


def networks_for(municipality: Municipality, status) -> list:
    """The networks a municipality is asked about: its office's, and any other it has a status for."""
    wanted = set(status.networks)
    return [n for n in network_list() if n.office_id == municipality.office_id or n.qualified_slug in wanted]


@dataclass
class PageData:
    status: object
    networks: list
    areas: list
    response: Response | None
    items: dict[tuple[str, str], ResponseItem]
    events: list[ResponseEvent]


def page_data(*, invitation: Invitation, today: datetime.date | None = None) -> PageData:
    municipality = invitation.municipality
    status = status_as_of([municipality], as_of=today or timezone.localdate())[municipality.pk]
    response = Response.objects.filter(invitation=invitation).first()
    items = {(i.kind, i.key): i for i in response.items.all()} if response else {}
    events = list(response.events.select_related("user")) if response else []
    return PageData(
        status=status,
        networks=networks_for(municipality, status),
        areas=list(catalogue_areas()),
        response=response,
        items=items,
        events=events,
    )


def response_get(*, round_: StatusRound, invitation_id: int) -> Response | None:
    return (
        Response.objects.select_related("invitation__municipality__office", "invitation__round", "reviewed_by")
        .filter(invitation__round=round_, invitation_id=invitation_id)
        .first()
    )


# --- the office's review ---------------------------------------------------------------------------------------


@dataclass
class ChangeRow:
    """A change as the office reviews it: today's status against what the municipality reported."""

    item: ResponseItem
    label: str
    what: str  # the detail in words (the network's or the focus area's name), or ""
    current: str
    current_date: datetime.date | None
    proposed: str
    proposed_date: datetime.date | None
    extra: list[tuple[str, str]]  # (label, value) of the target date, case number, link
    field: object = None  # the review form's decision field, while the change is pending


def _fact_text(kind: str, value: str) -> str:
    from municipalities.registry import FACT_TYPES

    return FACT_TYPES[kind].value_label(value) if kind in FACT_TYPES else value


def review_rows(*, response: Response, today: datetime.date | None = None) -> list[ChangeRow]:
    """Every item of the response with today's status beside it (a fixed number of queries)."""
    from django.utils.translation import gettext as _

    from municipalities.registry import FACT_TYPES

    from .items import EXAMPLE, Answer

    municipality = response.invitation.municipality
    status = status_as_of([municipality], as_of=today or timezone.localdate())[municipality.pk]
    names = {}
    for area in catalogue_areas():
        names[area.code] = area.name
        for solution in area.solutions.all():
            names[solution.code] = solution.name
    networks = {n.qualified_slug: n.name for n in network_list()}
    rows = []
    for item in response.items.select_related("fact", "example").order_by("id"):
        if item.kind == EXAMPLE:
            data = item.data
            extra = [(_("Tekst"), data.get("text", ""))]
            if data.get("code"):
                extra.append((_("Innsatsområde eller løsning"), names.get(data["code"], data["code"])))
            if data.get("link"):
                extra.append((_("Lenke"), data["link"]))
            rows.append(ChangeRow(item, _("Godt eksempel"), "", "–", None, data.get("title", ""), None, extra))
            continue
        ft = FACT_TYPES.get(item.kind)
        if ft is None:
            continue
        answer = Answer.from_data(item.kind, item.key, item.data)
        current = ft.current(status, item.key) if ft.keyed else status.facts.get(item.kind)
        what = networks.get(item.key, item.key) if item.kind == "network" else names.get(item.key, item.key)
        extra = []
        if answer.target_date:
            extra.append((_("Måldato"), answer.target_date.strftime("%d.%m.%Y")))
        if answer.detail:
            extra.append((_("Saksnummer"), answer.detail))
        if answer.link:
            extra.append((_("Lenke"), answer.link))
        rows.append(
            ChangeRow(
                item=item,
                label=str(ft.label),
                what=what if ft.keyed else "",
                current=ft.display(current),
                current_date=current.effective_date if current else None,
                proposed=_fact_text(item.kind, answer.value),
                proposed_date=answer.effective_date,
                extra=extra,
            )
        )
    return rows


@dataclass
class SubmittedRow:
    """A change as the municipality sees it after submitting (in its own words and language)."""

    question: str
    answer: str
    date: datetime.date | None
    state: str
    extra: list[tuple[str, str]]


def submitted_rows(data: PageData) -> list[SubmittedRow]:
    from django.utils.translation import gettext as _

    from .items import EXAMPLE, NETWORK_ANSWERS, QUESTION_BY_KIND, Answer

    names = {}
    for area in data.areas:
        names[area.code] = _(area.name)
        for solution in area.solutions.all():
            names[solution.code] = _(solution.name)
    networks = {n.qualified_slug: n.name for n in data.networks}
    rows = []
    for (kind, key), item in sorted(data.items.items(), key=lambda pair: pair[1].pk):
        if kind == EXAMPLE:
            rows.append(SubmittedRow(_("Godt eksempel"), item.data.get("title", ""), None, item.state, []))
            continue
        answer = Answer.from_data(kind, key, item.data)
        extra = []
        if kind in QUESTION_BY_KIND:
            question = QUESTION_BY_KIND[kind]
            text, shown = str(question.text), str(question.answers.get(answer.value, answer.value))
            if answer.target_date:
                extra.append((str(question.target_label or _("Måldato")), answer.target_date.strftime("%d.%m.%Y")))
            if answer.detail:
                extra.append((_("Saksnummer"), answer.detail))
            if answer.link:
                extra.append((_("Lenke"), answer.link))
        elif kind == "network":
            text, shown = networks.get(key, key), str(NETWORK_ANSWERS.get(answer.value, answer.value))
        else:
            text = names.get(key, key)
            shown = _("Prioritert") if answer.value == "yes" else _("Ikke prioritert")
        rows.append(SubmittedRow(text, shown, answer.effective_date, item.state, extra))
    return rows
