"""The office's decisions on a submitted response: each change accepted or returned, or all accepted at once.

Accepted changes become status facts in one transaction through the registry's input builder and the status
layer's own service, attributed «rapportert av <contact>, <municipality>; godkjent av <the user>» (the fact's
`reported_by` and `recorded_by`) with the municipality's dates. A response fully accepted, changed or not, is
recorded as the municipality's own confirmation of its status. Both writes move the portal's data version in
the same transaction, so cached dashboard figures never outlive the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from municipalities.fact_builder import FactBuilder
from municipalities.models import GoodExample
from municipalities.registry import FACT_TYPES
from municipalities.services import example_record, facts_record, status_confirm

from .items import EXAMPLE, Answer, build
from .mail import accepted_mail_send, returned_mail_send
from .models import InvitationLink, Response, ResponseEvent, ResponseItem
from .rounds import link_issue

SOURCE = "selfreport"
ACCEPT, RETURN = "accept", "return"


class ReviewRefused(Exception):
    """The decision cannot be recorded (the message says why)."""


@dataclass
class ReviewResult:
    response: Response
    accepted: int
    returned: int


def reporter(response: Response) -> str:
    """«<contact>, <municipality>»: who reported the facts the office accepts."""
    invitation = response.invitation
    return f"{invitation.contact_name}, {invitation.municipality.display_name}"


def _example(item: ResponseItem, response: Response, user: User) -> GoodExample:
    data = item.data
    example = GoodExample(
        title=data.get("title", ""),
        text=data.get("text", ""),
        code=data.get("code", ""),
        link=data.get("link", ""),
        date=timezone.localdate(response.submitted_at) if response.submitted_at else timezone.localdate(),
    )
    return example_record(municipality=response.invitation.municipality, user=user, example=example)


@transaction.atomic
def response_review(
    *,
    response: Response,
    user: User,
    decisions: dict[int, str],
    comment: str,
    expected_version: int | None,
) -> ReviewResult:
    """Record the office's decision on every pending item of a submitted response (`decisions`: item id →
    "accept" or "return"); a comment is required when anything is returned."""
    locked = Response.objects.select_for_update().select_related("invitation__municipality__office").get(pk=response.pk)
    if locked.state != Response.State.SUBMITTED:
        raise ReviewRefused(_("Svaret er allerede behandlet."))
    if expected_version is None or expected_version != locked.version:
        raise ReviewRefused(_("Svaret er endret siden siden ble lastet. Last siden på nytt og se over det igjen."))
    pending = list(locked.items.filter(state=ResponseItem.State.PENDING).order_by("id"))
    undecided = [item for item in pending if decisions.get(item.pk) not in (ACCEPT, RETURN)]
    if undecided:
        raise ReviewRefused(_("Velg «godta» eller «send tilbake» for hver endring."))
    returned = [item for item in pending if decisions[item.pk] == RETURN]
    accepted = [item for item in pending if decisions[item.pk] == ACCEPT]
    comment = comment.strip()
    if returned and not comment:
        raise ReviewRefused(_("Skriv en kommentar til kommunen om det du sender tilbake."))
    invitation = locked.invitation
    if returned and (invitation.round.is_expired() or invitation.contact_id is None or invitation.revoked_at):
        raise ReviewRefused(_("Kommunen kan ikke lenger svare i denne runden, så ingenting kan sendes tilbake."))

    municipality = invitation.municipality
    builder = FactBuilder(office=municipality.office)
    fact_items, inputs, problems = [], [], []
    for item in accepted:
        if item.kind == EXAMPLE:
            continue
        built = build(Answer.from_data(item.kind, item.key, item.data), municipality, builder)
        if built.item is None:
            label = FACT_TYPES[item.kind].label if item.kind in FACT_TYPES else item.kind
            problems += [f"{label}: {p.message}" for p in built.problems]
            continue
        fact_items.append(item)
        inputs.append(built.item)
    if problems:
        raise ReviewRefused(_("Kan ikke godta: %(problems)s.") % {"problems": "; ".join(problems)})

    now = timezone.now()
    facts = facts_record(items=inputs, user=user, source=SOURCE, reported_by=reporter(locked))
    for item, fact in zip(fact_items, facts, strict=True):
        item.fact = fact
    for item in accepted:
        if item.kind == EXAMPLE:
            item.example = _example(item, locked, user)
        item.state, item.decided_at, item.decided_by = ResponseItem.State.ACCEPTED, now, user
    for item in returned:
        item.state, item.decided_at, item.decided_by = ResponseItem.State.RETURNED, now, user
    ResponseItem.objects.bulk_update([*accepted, *returned], ["state", "decided_at", "decided_by", "fact", "example"])

    locked.reviewed_at, locked.reviewed_by = now, user
    locked.review_comment = comment
    if returned:
        locked.state = Response.State.RETURNED
        action = ResponseEvent.Action.RETURNED
        issued, link = link_issue(invitation=invitation, kind=InvitationLink.Kind.RETURNED, user=user)

        def send_returned() -> None:
            if returned_mail_send(invitation=invitation, token=issued.token, comment=comment):
                InvitationLink.objects.filter(pk=link.pk).update(emailed_at=timezone.now())

        transaction.on_commit(send_returned)
    else:
        locked.state = Response.State.ACCEPTED
        action = ResponseEvent.Action.ACCEPTED
        changed = locked.items.filter(state=ResponseItem.State.ACCEPTED).exclude(kind=EXAMPLE).count()
        status_confirm(municipality=municipality, user=user, source=SOURCE, changed=changed)
        if invitation.contact_id is not None:
            transaction.on_commit(lambda: accepted_mail_send(invitation=invitation))
    ResponseEvent(
        response=locked,
        action=action,
        at=now,
        user=user,
        comment=comment,
        accepted=len(accepted),
        returned=len(returned),
    ).save()
    locked.version = F("version") + 1
    locked.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_comment", "version"])
    locked.refresh_from_db()
    return ReviewResult(response=locked, accepted=len(accepted), returned=len(returned))
