"""The summary pages: the directorate writes (autosave and the save button), picks examples, asks for a draft
document, marks the summary final and reopens it; the draft is the directorate's alone (offices and the
administrator get a logged 404); a final version and its document are read by the offices, and the document
re-downloads byte-identical."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SecurityEvent
from jobs.models import Job
from summary.data import SummaryData
from summary.document import summary_document_bytes
from summary.models import AnnualSummary, SummaryText, SummaryVersion
from summary.services import summary_texts_save
from tests.factories import AdministratorFactory

from .conftest import YEAR, make_year

pytestmark = pytest.mark.django_db

DETAIL = reverse("summary:detail", args=[YEAR])


def _post(client, name: str, data: dict, **kwargs):
    return client.post(reverse(f"summary:{name}", args=[YEAR]), data, **kwargs)


def test_the_directorate_writes_with_autosave_and_the_save_button(client, hdir, year_data):
    client.force_login(hdir)
    page = client.get(DETAIL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-autosave-url="/arsrapport/2021/autolagre/"' in html
    assert "js/report-autosave.js" in html
    assert "Måltidsvert på sykehjemmet – Oslo (Statsforvalteren i Oslo og Viken, Våren 2021)" in html
    assert "Seniortrim" not in html  # recorded, but never submitted
    assert "2 av 10 embeter har levert" in html  # spring: Oslo og Viken and Agder; Innlandet's was returned

    answer = _post(client, "autosave", {"round": "0", "text_summary": "Skrevet i nettleseren."})
    assert answer.status_code == 200
    assert answer.json()["ok"] is True
    assert answer.json()["saved"] == ["summary"]
    example = year_data["example"]
    saved = _post(client, "save", {"round": "0", "text_summary": "Skrevet i nettleseren.", "examples": [example.pk]})
    assert saved.status_code == 302
    latest = {t.section: t for t in SummaryText.objects.order_by("saved_at", "id")}
    assert latest["summary"].text == "Skrevet i nettleseren."
    assert latest["summary"].autosave is True
    assert latest["examples"].example_ids == [example.pk]
    assert latest["examples"].saved_by == hdir


def test_bad_input_is_refused_with_the_text_kept(client, hdir):
    client.force_login(hdir)
    long_text = "x" * 20_001
    page = _post(client, "save", {"round": "0", "text_summary": "Behold meg.", "text_next_steps": long_text})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Teksten er for lang" in html
    assert "Behold meg." in html
    answer = _post(client, "autosave", {"round": "abc", "text_summary": "x"})
    assert answer.status_code == 400
    assert answer.json()["ok"] is False
    assert not SummaryText.objects.exists()


def test_the_draft_is_the_directorates_alone(client, hdir, year_data):
    summary_texts_save(year=YEAR, texts={"summary": "Hemmelig utkast."}, user=hdir, round=0)
    for user in (year_data["staff"]["oslo"], AdministratorFactory(username="adm-view")):
        client.force_login(user)
        before = SecurityEvent.objects.count()
        assert client.get(DETAIL).status_code == 404
        assert _post(client, "autosave", {"round": "0", "text_summary": "x"}).status_code == 404
        assert _post(client, "finalise", {"round": "0"}).status_code == 404
        assert _post(client, "document", {}).status_code == 404
        assert SecurityEvent.objects.count() == before + 4
        index = client.get(reverse("summary:index")).content.decode()
        assert "Årsrapport 2021" not in index
    assert SummaryText.objects.get().text == "Hemmelig utkast."
    assert not Job.objects.filter(kind="annual_summary").exists()


def test_finalised_it_is_read_by_the_offices_and_re_downloads_byte_identical(
    client, hdir, year_data, media, django_capture_on_commit_callbacks
):
    client.force_login(hdir)
    _post(client, "save", {"round": "0", "text_summary": "Til departementet."})
    confirm = client.get(reverse("summary:finalise", args=[YEAR])).content.decode()
    assert "Helsedirektoratets vurdering" in confirm  # named among the empty sections
    with django_capture_on_commit_callbacks(execute=True):
        answer = _post(client, "finalise", {"round": "0"}, follow=True)
    assert "ferdigstilt som versjon 1" in answer.content.decode()
    job = Job.objects.get(kind="annual_summary")
    assert job.status == Job.Status.DONE
    download_url = reverse("jobs:download", args=[job.pk])

    staff = year_data["staff"]["agder"]
    client.force_login(staff)
    page = client.get(DETAIL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Til departementet." in html
    assert download_url in html
    first = client.get(download_url)
    assert first.status_code == 200
    assert first["Content-Disposition"].startswith('attachment; filename="arsrapport-leve-hele-livet-2021-versjon-1')
    second = client.get(download_url)
    version = SummaryVersion.objects.get()
    rebuilt = summary_document_bytes(SummaryData.from_json(version.data))
    assert first.content == second.content == rebuilt
    assert "Årsrapport 2021" in client.get(reverse("summary:index")).content.decode()
    # Reopening is the directorate's: the office reads the final version but may not reopen it (403).
    assert client.get(reverse("summary:reopen", args=[YEAR])).status_code == 403

    client.force_login(AdministratorFactory(username="adm-final"))
    assert client.get(DETAIL).status_code == 404
    assert client.get(download_url).status_code == 404

    # Reopened: a draft again for the directorate; the offices still read version 1.
    client.force_login(hdir)
    reopened = _post(client, "reopen", {"version": "1", "reason": "Agder sendte nye tall."}, follow=True)
    assert "gjenåpnet som utkast" in reopened.content.decode()
    assert AnnualSummary.objects.get().status == "draft"
    client.force_login(staff)
    assert "Til departementet." in client.get(DETAIL).content.decode()


def test_a_draft_document_is_asked_for_once_and_only_the_directorate_downloads_it(
    client, hdir, year_data, media, django_capture_on_commit_callbacks
):
    client.force_login(hdir)
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, "document", {}, follow=True)
    assert "Dokumentet lages" in first.content.decode()
    job = Job.objects.get(kind="annual_summary")
    assert job.params == {"year": YEAR, "version": None}
    assert reverse("jobs:download", args=[job.pk]) in client.get(DETAIL).content.decode()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    client.force_login(year_data["staff"]["oslo"])
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 404


def test_the_page_runs_the_same_number_of_queries_whatever_was_delivered(client, hdir, media):
    client.force_login(hdir)
    summary_texts_save(year=YEAR, texts={"summary": "x"}, user=hdir, round=0)
    client.get(DETAIL)  # warm up (session, user)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(DETAIL).status_code == 200
    data = make_year(hdir)  # three offices' reports, examples, texts
    summary_texts_save(year=YEAR, texts={"summary": "y"}, example_ids=[data["example"].pk], user=hdir, round=0)
    with CaptureQueriesContext(connection) as full:
        assert client.get(DETAIL).status_code == 200
    assert len(full) == len(empty)


def test_a_year_without_periods_is_not_found(client, hdir):
    client.force_login(hdir)
    assert client.get(reverse("summary:detail", args=[2019])).status_code == 404
    index = client.get(reverse("summary:index")).content.decode()
    assert "Årsrapport 2020" in index
    assert "Årsrapport 2021" in index
    assert "Årsrapport 2019" not in index


def test_the_save_button_after_autosave_says_all_is_saved(client, hdir, year_data):
    client.force_login(hdir)
    _post(client, "autosave", {"round": "0", "text_summary": "Autolagret."})
    saved = _post(client, "save", {"round": "0", "text_summary": "Autolagret."}, follow=True)
    html = saved.content.decode()
    assert re.search(r"Alt er lagret kl\. \d\d\.\d\d\.", html)
    assert "Ingen endringer å lagre" not in html
