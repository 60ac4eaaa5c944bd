"""Texts: the autosave endpoint and the save button; locked after submission, old POSTs refused (B-3)."""

import datetime
import re
from unittest import mock

from django.urls import reverse

from accounts.models import User
from municipalities.models import GoodExample
from reporting.models import ReportText
from reporting.reports.services import report_return, report_submit, report_texts_save
from tests.factories import municipality


def _urls(office, period):
    args = [office.slug, period.slug]
    return (
        reverse("reports:autosave", args=args),
        reverse("reports:save", args=args),
        reverse("reports:report", args=args),
    )


def _latest(section):
    return ReportText.objects.filter(section=section).order_by("-saved_at", "-id").first()


def test_autosave_saves_and_keeps_every_version(client_a, office_a, spring):
    autosave, _save, _page = _urls(office_a, spring)
    first = client_a.post(autosave, {"round": "0", "text_assessment": "Første utkast"})
    assert first.status_code == 200
    assert first.json()["ok"] is True
    assert first.json()["saved"] == ["assessment"]
    assert first.json()["status"] == "draft"
    # The same text again: nothing new is stored.
    again = client_a.post(autosave, {"round": "0", "text_assessment": "Første utkast"})
    assert again.json()["saved"] == []
    client_a.post(autosave, {"round": "0", "text_assessment": "Andre utkast"})
    assert list(ReportText.objects.filter(section="assessment").values_list("text", "autosave")) == [
        ("Første utkast", True),
        ("Andre utkast", True),
    ]
    # The report page shows the latest draft in the form.
    page = client_a.get(_page).content.decode()
    assert "Andre utkast" in page
    assert "report-autosave.js" in page


def test_save_button_without_javascript(client_a, office_a, spring):
    _autosave, save, page = _urls(office_a, spring)
    response = client_a.post(save, {"round": "0", "text_organisation": "Tverrfaglig gruppe"})
    assert response.status_code == 302
    assert _latest("organisation").text == "Tverrfaglig gruppe"
    assert _latest("organisation").autosave is False
    assert "Utkastet er lagret kl." in client_a.get(page).content.decode()


def _autosaved_at(moment, office, period, text):
    """The autosave's own service, at a known moment (the client's session would not survive a clock change)."""
    user = User.objects.get(username="staff-a")
    with mock.patch("django.utils.timezone.now", return_value=moment):
        report_texts_save(office=office, period=period, texts={"assessment": text}, user=user, round=0, autosave=True)


def test_autosave_answers_with_the_time_it_saved(client_a, office_a, spring):
    autosave, _save, _page = _urls(office_a, spring)
    first = client_a.post(autosave, {"round": "0", "text_assessment": "Tekst"})
    assert re.fullmatch(r"Utkastet er lagret kl\. \d\d\.\d\d\.", first.json()["message"])


def test_save_button_right_after_autosave_says_all_is_saved_and_when(client_a, office_a, spring):
    _autosave, save, _page = _urls(office_a, spring)
    moment = datetime.datetime(2021, 4, 20, 14, 32, tzinfo=datetime.UTC)  # 16.32 in Oslo (summer time)
    _autosaved_at(moment, office_a, spring, "Skrevet og autolagret")
    response = client_a.post(save, {"round": "0", "text_assessment": "Skrevet og autolagret"}, follow=True)
    html = response.content.decode()
    assert "Alt er lagret kl. 16.32." in html
    assert "Ingen endringer å lagre" not in html


def test_autosave_without_changes_names_the_time_of_the_last_save(client_a, office_a, spring):
    autosave, _save, _page = _urls(office_a, spring)
    moment = datetime.datetime(2021, 4, 20, 8, 5, tzinfo=datetime.UTC)
    _autosaved_at(moment, office_a, spring, "Tekst")
    again = client_a.post(autosave, {"round": "0", "text_assessment": "Tekst"})
    assert again.json()["message"] == "Alt er lagret kl. 10.05."


def test_save_of_an_empty_never_saved_draft_has_nothing_to_save(client_a, office_a, spring):
    _autosave, save, _page = _urls(office_a, spring)
    response = client_a.post(save, {"round": "0", "text_assessment": ""}, follow=True)
    assert "Ingen endringer å lagre." in response.content.decode()


def test_too_long_text_is_refused_and_kept_in_the_form(client_a, office_a, spring):
    autosave, save, _page = _urls(office_a, spring)
    text = "x" * 20_001
    response = client_a.post(autosave, {"round": "0", "text_assessment": text})
    assert response.status_code == 400
    assert response.json()["ok"] is False
    response = client_a.post(save, {"round": "0", "text_assessment": text})
    assert response.status_code == 200
    assert "Teksten er for lang" in response.content.decode()
    assert text in response.content.decode()
    assert not ReportText.objects.exists()


def test_examples_are_picked_from_the_offices_recorded_examples(client_a, office_a, office_b, spring, staff_a, staff_b):
    own = GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Måltidsvert",
        text="t",
        date=datetime.date(2021, 3, 1),
        recorded_by=staff_a,
    )
    foreign = GoodExample.objects.create(
        municipality=municipality("3401"),
        title="Seniorkafé",
        text="t",
        date=datetime.date(2021, 3, 1),
        recorded_by=staff_b,
    )
    autosave, _save, _page = _urls(office_a, spring)
    assert client_a.post(autosave, {"round": "0", "examples": [str(own.pk)]}).json()["saved"] == ["examples"]
    assert _latest("examples").example_ids == [own.pk]
    # Another office's example is not a choice.
    response = client_a.post(autosave, {"round": "0", "examples": [str(foreign.pk)]})
    assert response.status_code == 400
    assert _latest("examples").example_ids == [own.pk]
    submission = report_submit(office=office_a, period=spring, user=staff_a)
    assert submission.example_ids == [own.pk]
    assert submission.examples[0]["title"] == "Måltidsvert"


def test_texts_of_a_submitted_report_cannot_be_changed(client_a, office_a, spring, staff_a):
    autosave, save, _page = _urls(office_a, spring)
    old_post = {"round": "0", "text_assessment": "Skrevet før innsending"}
    client_a.post(autosave, {"round": "0", "text_assessment": "Sendt inn"})
    report_submit(office=office_a, period=spring, user=staff_a)
    # The autosave, and the save button (typed text kept on the page), are refused with a clear message.
    refused = client_a.post(autosave, old_post)
    assert refused.status_code == 409
    assert "sendt inn og kan ikke endres" in refused.json()["message"]
    page = client_a.post(save, old_post)
    assert page.status_code == 409
    body = page.content.decode()
    assert "sendt inn og kan ikke endres" in body
    assert "Skrevet før innsending" in body  # nothing typed is lost
    assert [t.text for t in ReportText.objects.filter(section="assessment")] == ["Sendt inn"]


def test_an_old_post_replayed_after_return_is_refused(client_a, office_a, spring, staff_a, directorate_user):
    autosave, save, _page = _urls(office_a, spring)
    old_post = {"round": "0", "text_assessment": "Gammel tekst"}
    client_a.post(autosave, old_post)
    report = report_submit(office=office_a, period=spring, user=staff_a).report
    report_return(report=report, user=directorate_user, comment="Rett")
    client_a.post(autosave, {"round": "1", "text_assessment": "Rettet tekst"})
    replay = client_a.post(autosave, {**old_post, "text_assessment": "Gammel tekst igjen"})
    assert replay.status_code == 409
    assert "Last siden på nytt" in replay.json()["message"]
    assert client_a.post(save, old_post).status_code == 409
    assert _latest("assessment").text == "Rettet tekst"


def test_a_round_that_is_missing_or_junk_is_refused(client_a, office_a, spring):
    autosave, _save, _page = _urls(office_a, spring)
    assert client_a.post(autosave, {"text_assessment": "x"}).status_code == 400
    assert client_a.post(autosave, {"round": "abc", "text_assessment": "x"}).status_code == 400
    assert client_a.post(autosave, {"round": "5", "text_assessment": "x"}).status_code == 409
    assert not ReportText.objects.exists()


def test_other_offices_and_the_directorate_get_404(client, office_a, spring, staff_b, directorate_user):
    autosave, save, page = _urls(office_a, spring)
    for user in (staff_b, directorate_user):
        client.force_login(user)
        assert client.post(autosave, {"round": "0", "text_assessment": "x"}).status_code == 404
        assert client.post(save, {"round": "0", "text_assessment": "x"}).status_code == 404
        assert client.get(page).status_code == 404
    assert not ReportText.objects.exists()
