"""The report's states: every transition and refusal, recorded (who, when, why) and e-mailed; versions."""

import pytest
from django.core import mail

from reporting.models import Report, ReportSubmission, ReportText, ReportTransition
from reporting.reports.services import (
    ReportRefused,
    report_accept,
    report_reopen,
    report_return,
    report_submit,
    report_texts_save,
)

from .conftest import texts


def _save(staff, office, period, round=0, **kw):
    return report_texts_save(office=office, period=period, texts=texts(**kw), user=staff, round=round)


def test_first_saved_text_makes_a_draft_and_records_it(staff_a, office_a, spring):
    result = _save(staff_a, office_a, spring)
    report = Report.objects.get(office=office_a, period=spring)
    assert report.status == "draft"
    assert sorted(result.saved_sections) == sorted(spring.sections)
    [t] = ReportTransition.objects.filter(report=report)
    assert (t.from_status, t.to_status, t.by) == ("not_started", "draft", staff_a)


def test_full_cycle_submit_return_resubmit_accept_reopen(
    staff_a, staff_a2, office_a, spring, directorate_user, hdir_mail, django_capture_on_commit_callbacks
):
    _save(staff_a, office_a, spring)
    with django_capture_on_commit_callbacks(execute=True):
        first = report_submit(office=office_a, period=spring, user=staff_a)
    assert first.version == 1
    report = first.report
    assert report.status == "submitted"
    [sent] = mail.outbox
    assert sent.to == [hdir_mail]
    assert "versjon 1" in sent.subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, user=directorate_user, comment="Mangler vurdering av nettverk.")
    report.refresh_from_db()
    assert report.status == "returned"
    [returned] = mail.outbox
    assert {staff_a.email, staff_a2.email} <= set(returned.to)
    assert directorate_user.email not in returned.to
    assert "Mangler vurdering av nettverk." in returned.body

    _save(staff_a, office_a, spring, round=1, assessment="Nettverkene er omtalt.")
    second = report_submit(office=office_a, period=spring, user=staff_a)
    assert second.version == 2
    assert second.texts["assessment"] == "Nettverkene er omtalt."
    # The earlier version stays as it was.
    assert ReportSubmission.objects.get(report=report, version=1).texts["assessment"] == "God fremdrift."

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report=report, user=directorate_user)
    report.refresh_from_db()
    assert report.status == "accepted"
    [accepted] = mail.outbox
    assert {staff_a.email, staff_a2.email} <= set(accepted.to)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_reopen(report=report, user=directorate_user, reason="Feil i tallgrunnlaget for Oslo.")
    report.refresh_from_db()
    assert report.status == "returned"
    assert "gjenåpnet" in mail.outbox[0].subject
    third = report_submit(office=office_a, period=spring, user=staff_a, round=2)
    assert third.version == 3

    history = [
        (t.from_status, t.to_status, t.by.username, t.comment)
        for t in ReportTransition.objects.filter(report=report).order_by("at", "id")
    ]
    assert history == [
        ("not_started", "draft", "staff-a", ""),
        ("draft", "submitted", "staff-a", ""),
        ("submitted", "returned", "hdir", "Mangler vurdering av nettverk."),
        ("returned", "submitted", "staff-a", ""),
        ("submitted", "accepted", "hdir", ""),
        ("accepted", "returned", "hdir", "Feil i tallgrunnlaget for Oslo."),
        ("returned", "submitted", "staff-a", ""),
    ]
    assert list(ReportSubmission.objects.filter(report=report).values_list("version", flat=True)) == [1, 2, 3]


def test_a_report_without_texts_can_be_submitted_from_not_started(staff_a, office_a, autumn2020):
    submission = report_submit(office=office_a, period=autumn2020, user=staff_a)
    assert submission.report.status == "submitted"
    assert submission.texts == {}


def test_refusals(staff_a, staff_b, office_a, spring, directorate_user, admin_user):
    _save(staff_a, office_a, spring)
    report = Report.objects.get(office=office_a, period=spring)
    # Only the directorate decides; nothing to decide on a draft.
    with pytest.raises(ReportRefused):
        report_accept(report=report, user=staff_a)
    with pytest.raises(ReportRefused, match="status «Utkast»"):
        report_accept(report=report, user=directorate_user)
    with pytest.raises(ReportRefused):
        report_return(report=report, user=directorate_user, comment="x")
    # Only the office's own staff submit.
    for user in (staff_b, directorate_user, admin_user):
        with pytest.raises(ReportRefused):
            report_submit(office=office_a, period=spring, user=user)
    submission = report_submit(office=office_a, period=spring, user=staff_a)
    # A second submission (double click) is refused: exactly one version.
    with pytest.raises(ReportRefused, match="allerede sendt inn"):
        report_submit(office=office_a, period=spring, user=staff_a, round=0)
    with pytest.raises(ReportRefused, match="allerede sendt inn"):
        report_submit(office=office_a, period=spring, user=staff_a, round=1)
    # Return needs a comment; reopen only from accepted and with a reason.
    with pytest.raises(ReportRefused, match="Skriv hva"):
        report_return(report=report, user=directorate_user, comment="  ")
    with pytest.raises(ReportRefused, match="status «Sendt inn»"):
        report_reopen(report=report, user=directorate_user, reason="Fordi")
    report_accept(report=report, user=directorate_user)
    with pytest.raises(ReportRefused):
        report_accept(report=report, user=directorate_user)
    with pytest.raises(ReportRefused, match="Oppgi hvorfor"):
        report_reopen(report=report, user=directorate_user, reason="")
    with pytest.raises(ReportRefused):
        report_reopen(report=report, user=staff_a, reason="Jeg vil endre")  # staff cannot reopen (D-3)
    report.refresh_from_db()
    assert report.status == "accepted"
    assert ReportSubmission.objects.filter(report=report).count() == 1
    assert submission.version == 1


def test_a_decision_on_a_stale_version_is_refused(staff_a, office_a, spring, directorate_user):
    report = report_submit(office=office_a, period=spring, user=staff_a).report
    report_return(report=report, user=directorate_user, comment="Rett", version=1)
    report_submit(office=office_a, period=spring, user=staff_a, round=1)
    with pytest.raises(ReportRefused, match="ny versjon"):
        report_accept(report=report, user=directorate_user, version=1)
    report_accept(report=report, user=directorate_user, version=2)


def test_history_rows_are_append_only(staff_a, office_a, spring):
    _save(staff_a, office_a, spring)
    submission = report_submit(office=office_a, period=spring, user=staff_a)
    for model in (ReportText, ReportTransition, ReportSubmission):
        with pytest.raises(TypeError):
            model.objects.all().update(saved_at=None) if model is ReportText else model.objects.all().delete()
    with pytest.raises(TypeError):
        submission.save()
