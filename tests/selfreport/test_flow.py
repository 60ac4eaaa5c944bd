"""The whole round: three municipalities invited, a contact changes two items, saves a draft, comes back and
submits; the office accepts one change and returns the other with a comment; the accepted fact appears with
the double attribution; the returned item is corrected and resubmitted, and then accepted."""

import datetime
import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import StatusConfirmation, StatusFact
from municipalities.selectors import status_as_of
from selfreport.models import Response, ResponseItem
from tests.factories import municipality, record

from .helpers import contact

LINK = re.compile(r"(/svar/[A-Za-z0-9_-]{40,}/)")


def _link_in(message) -> str:
    return LINK.search(message.body).group(1)


def _form_data(client: Client, url: str) -> dict:
    """What the page's form would send unchanged: every field's current value."""
    page = client.get(url)
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def test_a_round_from_invitation_to_accepted_facts(client, kari, office_a, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    record("0301", "phase", "2", "2021-01-04", user=kari)
    record("0301", "samfunnsdel", "planned", "2021-01-04", user=kari)
    for number in ("0301", "3001", "3002"):
        contact(number, user=kari, name=f"Kontakt {number}" if number != "0301" else "Per Post")

    # --- The office starts a round for three municipalities: three e-mails, each with its own link ---------
    client.force_login(kari)
    deadline = today + datetime.timedelta(days=10)
    page = client.get(reverse("selfreport:round-new", args=[office_a.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("selfreport:round-new", args=[office_a.slug]),
            {
                "deadline": deadline.isoformat(),
                "message": "Vi trenger svar før rapporten 1. november.",
                "municipalities": ["0301", "3001", "3002"],
                "submission": page.context["form"]["submission"].value(),
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kontakt.3001@kommune.example",
        "kontakt.3002@kommune.example",
        "per.0301@kommune.example",
    ]
    oslo_mail = next(m for m in mail.outbox if m.to == ["per.0301@kommune.example"])
    assert "Vi trenger svar før rapporten 1. november." in oslo_mail.body
    link = _link_in(oslo_mail)
    assert len({_link_in(m) for m in mail.outbox}) == 3

    # --- The contact opens the link: a session, and an address without the secret -------------------------
    contact_client = Client()
    opened = contact_client.get(link)
    assert opened.status_code == 302
    page_url = reverse("selfreport:response", args=["0301"])
    assert opened["Location"] == page_url
    assert link.split("/")[2] not in opened["Location"]

    # --- Two changes, saved as a draft ---------------------------------------------------------------------
    data = _form_data(contact_client, page_url)
    data.update(
        {
            "phase-value": "3",
            "phase-date": "2021-09-01",
            "samfunnsdel-value": "anchored",
            "samfunnsdel-date": "2021-06-15",
            "save": "1",
        }
    )
    saved = contact_client.post(page_url, data)
    assert saved.status_code == 302
    response_row = Response.objects.get()
    assert response_row.state == Response.State.DRAFT
    assert sorted(response_row.items.values_list("kind", flat=True)) == ["phase", "samfunnsdel"]
    assert StatusFact.objects.filter(municipality__number="0301", source="selfreport").count() == 0

    # --- Coming back later through the same link: the draft is there, then submitted ------------------------
    later = Client()
    later.get(link)
    form = later.get(page_url).context["form"]
    assert form["phase-value"].value() == "3"
    assert form["samfunnsdel-date"].value() == datetime.date(2021, 6, 15)
    data = _form_data(later, page_url)
    data["submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        submitted = later.post(page_url, data)
    assert submitted.status_code == 302
    response_row.refresh_from_db()
    assert response_row.state == Response.State.SUBMITTED
    assert "Dette sendte dere inn" in later.get(page_url).content.decode()
    # Nothing a municipality sends changes a figure until the office accepts it.
    status = status_as_of([municipality("0301")], as_of=today)[municipality("0301").pk]
    assert (status.value("phase"), status.value("samfunnsdel")) == ("2", "planned")

    # --- The office accepts one change and returns the other with a comment --------------------------------
    review_url = reverse(
        "selfreport:review", args=[office_a.slug, response_row.invitation.round_id, response_row.invitation_id]
    )
    review = client.get(review_url)
    assert review.status_code == 200
    phase_item = response_row.items.get(kind="phase")
    plan_item = response_row.items.get(kind="samfunnsdel")
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            review_url,
            {
                f"item-{phase_item.pk}": "accept",
                f"item-{plan_item.pk}": "return",
                "comment": "Samfunnsdelen ble vedtatt i juni 2022, ikke 2021. Rett datoen.",
                "version": review.context["form"]["version"].value(),
            },
        )
    assert decided.status_code == 302
    response_row.refresh_from_db()
    assert response_row.state == Response.State.RETURNED
    returned_mail = mail.outbox[-1]
    assert returned_mail.to == ["per.0301@kommune.example"]
    assert "Rett datoen." in returned_mail.body

    # The accepted change is a fact now, with the municipality's date and both names.
    fact = StatusFact.objects.get(municipality__number="0301", fact="phase", source="selfreport")
    assert (fact.value, fact.effective_date, fact.recorded_by) == ("3", datetime.date(2021, 9, 1), kari)
    assert fact.reported_by == "Per Post, Oslo"
    timeline = client.get(reverse("municipalities:municipality-detail", args=["0301"])).content.decode()
    assert "Rapportert av Per Post, Oslo; godkjent av Kari Saksbehandler" in timeline
    assert not StatusFact.objects.filter(fact="samfunnsdel", source="selfreport").exists()

    # --- The returned item is corrected and resubmitted (through the newest link), then accepted ----------
    newest = _link_in(returned_mail)
    third = Client()
    assert third.get(link).status_code == 410  # the old link was replaced by the one in the newest e-mail
    assert third.get(newest).status_code == 302
    page = third.get(page_url)
    assert "Sendt tilbake" in page.content.decode()
    assert "Rett datoen." in page.content.decode()
    data = _form_data(third, page_url)
    assert "phase-value" not in data or page.context["form"].fields["phase-value"].disabled
    data.update({"samfunnsdel-value": "anchored", "samfunnsdel-date": "2022-06-15", "submit": "1"})
    third.post(page_url, data)
    response_row.refresh_from_db()
    assert response_row.state == Response.State.SUBMITTED
    plan_item = response_row.items.get(kind="samfunnsdel")  # the corrected change replaces the returned one
    assert plan_item.state == ResponseItem.State.PENDING
    assert response_row.items.get(kind="phase").state == ResponseItem.State.ACCEPTED
    assert plan_item.data["effective_date"] == "2022-06-15"

    review = client.get(review_url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url,
            {f"item-{plan_item.pk}": "accept", "version": review.context["form"]["version"].value()},
        )
    response_row.refresh_from_db()
    assert response_row.state == Response.State.ACCEPTED
    plan = StatusFact.objects.get(fact="samfunnsdel", source="selfreport")
    assert (plan.value, plan.effective_date, plan.reported_by) == (
        "anchored",
        datetime.date(2022, 6, 15),
        "Per Post, Oslo",
    )
    confirmation = StatusConfirmation.objects.get()
    assert (confirmation.municipality.number, confirmation.changed, confirmation.recorded_by) == ("0301", 2, kari)
    assert "godkjent" in mail.outbox[-1].subject
