"""Writes of the annual summary: texts autosave as append-only rows, an old POST replayed after a finalisation is
refused, a final summary refuses texts until it is reopened with a reason, examples are chosen only from what
the offices submitted, marking final freezes a version whose document a job builds once (a re-run gives the
same bytes), and only the directorate writes."""

import hashlib

import pytest
from django.db import connection

from jobs.models import Job
from jobs.services import job_run
from summary.models import AnnualSummary, SummaryText, SummaryTransition, SummaryVersion
from summary.services import (
    SummaryRefused,
    summary_finalise,
    summary_reopen,
    summary_request_draft_document,
    summary_request_version_document,
    summary_texts_save,
)
from tests.factories import AdministratorFactory, record

from .conftest import YEAR, document, text_after

pytestmark = pytest.mark.django_db


def _read(job) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


def test_texts_are_saved_as_new_rows_and_unchanged_ones_are_skipped(hdir):
    first = summary_texts_save(year=YEAR, texts={"summary": "Første utkast."}, user=hdir, round=0, autosave=True)
    assert first.saved_sections == ["summary"]
    again = summary_texts_save(year=YEAR, texts={"summary": "Første utkast.", "next_steps": ""}, user=hdir, round=0)
    assert again.saved_sections == []
    summary_texts_save(year=YEAR, texts={"summary": "Andre utkast."}, user=hdir, round=0)
    texts = list(SummaryText.objects.filter(section="summary").values_list("text", "autosave", "saved_by"))
    assert texts == [("Første utkast.", True, hdir.pk), ("Andre utkast.", False, hdir.pk)]
    with pytest.raises(TypeError):
        SummaryText.objects.filter(section="summary").update(text="x")


def test_append_only_in_the_database_too(hdir):
    summary_texts_save(year=YEAR, texts={"summary": "Tekst."}, user=hdir, round=0)
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE summary_summarytext SET text = 'endret'")


def test_only_the_directorate_writes(year_data):
    for user in (year_data["staff"]["oslo"], AdministratorFactory(username="adm-summary")):
        with pytest.raises(SummaryRefused):
            summary_texts_save(year=YEAR, texts={"summary": "x"}, user=user, round=0)
        with pytest.raises(SummaryRefused):
            summary_finalise(year=YEAR, user=user)
        with pytest.raises(SummaryRefused):
            summary_request_draft_document(year=YEAR, user=user)
    assert not AnnualSummary.objects.exists()
    assert not Job.objects.filter(kind="annual_summary").exists()


def test_a_year_without_periods_and_an_overlong_text_are_refused(hdir):
    with pytest.raises(SummaryRefused, match="ingen rapporteringsperioder i 2019"):
        summary_texts_save(year=2019, texts={"summary": "x"}, user=hdir, round=0)
    with pytest.raises(SummaryRefused, match="for lang"):
        summary_texts_save(year=YEAR, texts={"summary": "x" * 20_001}, user=hdir, round=0)
    assert not SummaryText.objects.exists()


def test_examples_are_chosen_only_from_submitted_ones(year_data, hdir):
    example, not_submitted = year_data["example"], year_data["not_chosen"]
    summary_texts_save(year=YEAR, texts={}, example_ids=[not_submitted.pk, example.pk, 999999], user=hdir, round=0)
    chosen = SummaryText.objects.get(section="examples")
    assert chosen.example_ids == [example.pk]


def test_finalise_freezes_a_version_and_its_document_is_built_once(year_data, hdir, media):
    summary_texts_save(year=YEAR, texts={"summary": "Endelig sammendrag."}, user=hdir, round=0)
    version = summary_finalise(year=YEAR, user=hdir, round=0)
    summary = AnnualSummary.objects.get(year=YEAR)
    assert (summary.status, summary.version, version.version) == ("final", 1, 1)
    assert version.data["texts"]["summary"] == "Endelig sammendrag."
    assert version.data["state"] == "final"
    transition = SummaryTransition.objects.get()
    assert (transition.from_status, transition.to_status, transition.by) == ("draft", "final", hdir)

    job = Job.objects.get(kind="annual_summary")
    assert job.params == {"year": YEAR, "version": 1}
    job_run(job.pk)
    job.refresh_from_db()
    first = _read(job)
    assert job.filename == "arsrapport-leve-hele-livet-2021-versjon-1.docx"
    assert hashlib.sha256(first).hexdigest() == job.sha256
    doc = document(first)
    assert text_after(doc, "Sammendrag") == "Endelig sammendrag."
    assert doc.core_properties.comments == "Ferdigstilt, versjon 1"

    # Later facts and a re-run of the job (as after a worker died): the same bytes, from the frozen data.
    record("0301", "phase", "2", "2021-10-01", user=year_data["staff"]["oslo"])
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, file="", sha256="")
    job_run(job.pk)
    job.refresh_from_db()
    assert _read(job) == first
    # Asking for the version's document again gives the stored one, never a new build.
    again = summary_request_version_document(version=version, user=hdir)
    assert (again.job.pk, again.created) == (job.pk, False)


def test_a_final_summary_refuses_texts_and_an_old_form_until_reopened(hdir, media):
    summary_texts_save(year=YEAR, texts={"summary": "v1"}, user=hdir, round=0)
    summary_finalise(year=YEAR, user=hdir, round=0)
    with pytest.raises(SummaryRefused, match="ferdigstilt"):
        summary_texts_save(year=YEAR, texts={"summary": "endret"}, user=hdir, round=1)
    with pytest.raises(SummaryRefused, match="allerede ferdigstilt"):
        summary_finalise(year=YEAR, user=hdir, round=1)
    with pytest.raises(SummaryRefused, match="Oppgi hvorfor"):
        summary_reopen(year=YEAR, user=hdir, reason="  ")
    summary_reopen(year=YEAR, user=hdir, reason="Nye tall fra Agder.", version=1)
    summary = AnnualSummary.objects.get(year=YEAR)
    assert (summary.status, summary.version) == ("draft", 1)
    assert SummaryTransition.objects.order_by("at", "id").last().comment == "Nye tall fra Agder."
    # A form typed before the finalisation (round 0) is refused; one from this round saves.
    with pytest.raises(SummaryRefused, match="Last siden på nytt"):
        summary_texts_save(year=YEAR, texts={"summary": "gammel fane"}, user=hdir, round=0)
    summary_texts_save(year=YEAR, texts={"summary": "v2"}, user=hdir, round=1)
    second = summary_finalise(year=YEAR, user=hdir, round=1)
    assert second.version == 2
    assert list(SummaryVersion.objects.values_list("version", "data__texts__summary")) == [(1, "v1"), (2, "v2")]
    with pytest.raises(SummaryRefused, match="ikke ferdigstilt"):
        summary_reopen(year=2020, user=hdir, reason="x")


def test_the_draft_document_job_uses_what_was_known_when_asked(year_data, hdir, media):
    summary_texts_save(year=YEAR, texts={"summary": "Før bestillingen."}, user=hdir, round=0)
    job, created = summary_request_draft_document(year=YEAR, user=hdir)
    assert created
    again, created_again = summary_request_draft_document(year=YEAR, user=hdir)
    assert (again.pk, created_again) == (job.pk, False)  # two clicks, one job
    summary_texts_save(year=YEAR, texts={"summary": "Etter bestillingen."}, user=hdir, round=0)
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.filename == "arsrapport-leve-hele-livet-2021-utkast.docx"
    assert text_after(document(_read(job)), "Sammendrag") == "Før bestillingen."
