"""The office's review: nothing a municipality sends is a fact until accepted; accepting (changed or not) records
the municipality's own confirmation and moves the data version in the same transaction; the same rules and
messages as every other way in; a replayed or incomplete decision is refused."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import GoodExample, StatusConfirmation, StatusFact
from reporting.dashboard.selectors import data_version
from selfreport.models import Response, ResponseItem
from selfreport.responses import response_save
from selfreport.review import ReviewRefused, response_review
from tests.factories import record

from .helpers import invitation_with_link, link_path, municipal_session


@pytest.fixture
def issued(office_a, kari):
    return invitation_with_link(office_a, kari, "0301", name="Per Post")


def _submit(invitation, changes, comment=""):
    response = Response.objects.filter(invitation=invitation).first()
    return response_save(
        invitation=invitation,
        changes=changes,
        comment=comment,
        expected_version=response.version if response else 0,
        submit=True,
    )


PHASE_3 = ("phase", "", {"value": "3", "effective_date": "2021-09-01", "target_date": "", "detail": "", "link": ""})


def test_an_unchanged_confirmation_accepted_counts_and_moves_the_data_version(issued, kari):
    response = _submit(issued.invitation, [], comment="Alt stemmer.")
    version_before = data_version()
    result = response_review(response=response, user=kari, decisions={}, comment="", expected_version=response.version)
    assert result.response.state == Response.State.ACCEPTED
    assert data_version() != version_before
    confirmation = StatusConfirmation.objects.get()
    assert (confirmation.changed, confirmation.confirmed_on, confirmation.source) == (
        0,
        timezone.localdate(),
        "selfreport",
    )
    assert not StatusFact.objects.exists()


def test_nothing_sent_moves_a_figure_until_the_office_accepts(issued, kari):
    version_before = data_version()
    _submit(issued.invitation, [PHASE_3])
    assert data_version() == version_before
    assert not StatusFact.objects.exists()


def test_accepting_records_every_fact_in_one_transaction_or_none(issued, kari, monkeypatch):
    from municipalities import services

    decision = (
        "decision",
        "",
        {"value": "plan_adopted", "effective_date": "2021-05-01", "target_date": "", "detail": "21/123", "link": ""},
    )
    response = _submit(issued.invitation, [PHASE_3, decision])
    decisions = {item.pk: "accept" for item in response.items.all()}

    def failing_confirm(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("selfreport.review.status_confirm", failing_confirm)
    with pytest.raises(RuntimeError):
        response_review(
            response=response, user=kari, decisions=decisions, comment="", expected_version=response.version
        )
    assert not StatusFact.objects.exists()
    assert Response.objects.get().state == Response.State.SUBMITTED
    monkeypatch.setattr("selfreport.review.status_confirm", services.status_confirm)
    response_review(response=response, user=kari, decisions=decisions, comment="", expected_version=response.version)
    facts = StatusFact.objects.order_by("fact")
    assert [(f.fact, f.value, f.detail, f.effective_date, f.reported_by) for f in facts] == [
        ("decision", "plan_adopted", "21/123", datetime.date(2021, 5, 1), "Per Post, Oslo"),
        ("phase", "3", "", datetime.date(2021, 9, 1), "Per Post, Oslo"),
    ]
    assert set(ResponseItem.objects.values_list("fact_id", flat=True)) == set(facts.values_list("pk", flat=True))


def test_refusals(issued, kari):
    response = _submit(issued.invitation, [PHASE_3])
    item = response.items.get()
    with pytest.raises(ReviewRefused, match="Velg «godta» eller «send tilbake»"):
        response_review(response=response, user=kari, decisions={}, comment="", expected_version=response.version)
    with pytest.raises(ReviewRefused, match="Skriv en kommentar"):
        response_review(
            response=response, user=kari, decisions={item.pk: "return"}, comment=" ", expected_version=response.version
        )
    with pytest.raises(ReviewRefused, match="endret siden"):
        response_review(
            response=response,
            user=kari,
            decisions={item.pk: "accept"},
            comment="",
            expected_version=response.version - 1,
        )
    response_review(
        response=response, user=kari, decisions={item.pk: "accept"}, comment="", expected_version=response.version
    )
    with pytest.raises(ReviewRefused, match="allerede behandlet"):  # a replayed decision
        response_review(
            response=response, user=kari, decisions={item.pk: "accept"}, comment="", expected_version=response.version
        )
    assert StatusFact.objects.count() == 1


def test_the_good_example_is_accepted_into_the_library(issued, kari):
    example = (
        "example",
        "",
        {"title": "Middag sammen", "text": "Felles middag hver torsdag.", "code": "mat", "link": ""},
    )
    response = _submit(issued.invitation, [example])
    response_review(
        response=response,
        user=kari,
        decisions={response.items.get().pk: "accept"},
        comment="",
        expected_version=response.version,
    )
    saved = GoodExample.objects.get()
    assert (saved.title, saved.code, saved.municipality.number, saved.recorded_by) == (
        "Middag sammen",
        "mat",
        "0301",
        kari,
    )
    assert StatusConfirmation.objects.get().changed == 0


def test_the_contacts_name_is_shown_to_their_office_and_the_directorate_only(issued, kari, staff_b, directorate_user):
    response = _submit(issued.invitation, [PHASE_3])
    response_review(
        response=response,
        user=kari,
        decisions={response.items.get().pk: "accept"},
        comment="",
        expected_version=response.version,
    )
    url = reverse("municipalities:municipality-detail", args=["0301"])
    for user, sees_name in ((kari, True), (directorate_user, True), (staff_b, False)):
        client = Client()
        client.force_login(user)
        html = client.get(url).content.decode()
        assert ("Rapportert av Per Post, Oslo; godkjent av Kari Saksbehandler" in html) is sees_name, user
        assert ("Rapportert av kommunen (Oslo); godkjent av Kari Saksbehandler" in html) is not sees_name, user


def test_the_form_meets_the_registrys_rules_and_messages_and_keeps_the_input(client, issued, kari):
    record("0301", "decision", "none", "2021-01-04", user=kari)
    municipal_session(client, issued.invitation)
    url = reverse("selfreport:response", args=["0301"])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = client.get(url)
    data = {
        "version": page.context["form"]["version"].value(),
        "decision-value": "process_described",
        "decision-date": "2021-03-01",
        "decision-link": "ikke en lenke",
        "phase-value": "3",
        "phase-date": future,
        "samfunnsdel-value": "anchored",
        "samfunnsdel-target": "2040-01-01",
        "prio-mat": "on",
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    # The registry's own sentences, as on the record form, the working sheet and import_status.
    assert errors["decision-target"] == ["Oppgi når planen skal vedtas (måldato) for en beskrevet prosess."]
    assert errors["decision-link"] == ["Lenken må være en gyldig nettadresse (https://…)."]
    assert errors["phase-date"] == ["Datoen kan ikke være senere enn i dag."]
    assert errors["samfunnsdel-date"] == ["Oppgi datoen endringen gjelder fra."]
    assert errors["samfunnsdel-target"] == ["Måldatoen må ligge mellom 2018 og 2035."]
    assert errors["priorities_date"] == ["Oppgi datoen endringen gjelder fra."]
    html = response.content.decode()
    assert 'value="ikke en lenke"' in html  # what was typed is kept
    assert not Response.objects.filter(state=Response.State.SUBMITTED).exists()
    assert not ResponseItem.objects.exists()


def test_a_replayed_or_stale_save_is_refused(client, issued):
    municipal_session(client, issued.invitation)
    url = reverse("selfreport:response", args=["0301"])
    data = {"version": "0", "phase-value": "3", "phase-date": "2021-09-01", "save": "1"}
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the same POST again, with the version it was loaded with
    assert Response.objects.get().version == 1
    submit = {**data, "version": "1", "submit": "1"}
    client.post(url, submit)
    assert Response.objects.get().state == Response.State.SUBMITTED
    replay = client.post(url, {**submit, "phase-value": "2"}, follow=True)
    assert "allerede sendt inn" in replay.content.decode()
    assert ResponseItem.objects.get().data["value"] == "3"


def test_the_office_review_page_shows_todays_status_beside_the_change(client, issued, kari, staff_b, directorate_user):
    record("0301", "phase", "2", "2021-01-04", user=kari)
    response = _submit(issued.invitation, [PHASE_3], comment="Vi gikk over i fase 3 i september.")
    url = reverse("selfreport:review", args=["oslo-og-viken", response.invitation.round_id, response.invitation_id])
    client.force_login(kari)
    html = client.get(url).content.decode()
    assert "Fase 2 – planlegging" in html
    assert "Fase 3 – gjennomføring" in html
    assert "01.09.2021" in html
    assert "Vi gikk over i fase 3 i september." in html
    client.force_login(directorate_user)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"] is None  # the directorate reads; the office decides
    assert client.post(url, {"accept_all": "1"}).status_code == 403
    client.force_login(staff_b)
    assert client.get(url).status_code == 404


def test_accepting_everything_at_once_through_the_office_page(client, issued, kari):
    """«Godta alt» on the review page: every change becomes a fact with the municipality's dates and the double
    attribution, the response and each item are accepted, the confirmation counts both changes, and the case
    officer is back on the round overview with the message saying so."""
    decision = (
        "decision",
        "",
        {"value": "plan_adopted", "effective_date": "2021-05-01", "target_date": "", "detail": "21/123", "link": ""},
    )
    response = _submit(issued.invitation, [PHASE_3, decision], comment="Planen ble vedtatt i mai.")
    round_url = reverse("selfreport:round", args=["oslo-og-viken", response.invitation.round_id])
    url = reverse("selfreport:review", args=["oslo-og-viken", response.invitation.round_id, response.invitation_id])
    client.force_login(kari)
    page = client.post(url, {"accept_all": "1", "version": str(response.version)}, follow=True)

    assert page.redirect_chain == [(round_url, 302)]
    assert "Svaret er godkjent, og endringene er registrert." in page.content.decode()
    facts = StatusFact.objects.order_by("fact")
    assert [(f.fact, f.value, f.detail, f.effective_date, f.reported_by, f.recorded_by) for f in facts] == [
        ("decision", "plan_adopted", "21/123", datetime.date(2021, 5, 1), "Per Post, Oslo", kari),
        ("phase", "3", "", datetime.date(2021, 9, 1), "Per Post, Oslo", kari),
    ]
    response.refresh_from_db()
    assert (response.state, response.reviewed_by) == (Response.State.ACCEPTED, kari)
    items = list(response.items.order_by("kind"))
    assert [(i.state, i.decided_by, i.fact_id is not None) for i in items] == [
        (ResponseItem.State.ACCEPTED, kari, True),
        (ResponseItem.State.ACCEPTED, kari, True),
    ]
    confirmation = StatusConfirmation.objects.get()
    assert (confirmation.municipality.number, confirmation.changed, confirmation.recorded_by) == ("0301", 2, kari)
    timeline = client.get(reverse("municipalities:municipality-detail", args=["0301"])).content.decode()
    assert timeline.count("Rapportert av Per Post, Oslo; godkjent av Kari Saksbehandler") >= 2
    # A second «Godta alt» (a double click, a stale tab) is refused and records nothing more.
    again = client.post(url, {"accept_all": "1", "version": str(response.version)}, follow=True)
    assert "Svaret er allerede behandlet." in again.content.decode()
    assert StatusFact.objects.count() == 2


def test_opening_through_the_link_shows_the_decision_afterwards(issued, kari):
    response = _submit(issued.invitation, [PHASE_3])
    response_review(
        response=response,
        user=kari,
        decisions={response.items.get().pk: "accept"},
        comment="",
        expected_version=response.version,
    )
    client = Client()
    client.get(link_path(issued.token))
    html = client.get(reverse("selfreport:response", args=["0301"])).content.decode()
    assert "Statsforvalteren godkjente svaret" in html
    assert "Vi har begynt å gjennomføre tiltakene (fase 3)" in html
    assert "Godkjent" in html
