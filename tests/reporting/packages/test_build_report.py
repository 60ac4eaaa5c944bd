"""build_report: the same workbook synchronously, byte-identical for the same arguments, no job recorded;
the submitted package survives later corrections; the national package marks live and submitted offices."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job
from reporting.reports.services import report_submit
from tests.factories import record

from .conftest import facts_for_office_a, rows, summary_figures, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_report_mail(monkeypatch):
    """The report's e-mails are the report issue's business; these tests look at the packages only."""
    from reporting.reports import services as reports

    monkeypatch.setattr(reports, "transition_mail_send", lambda **kwargs: None)


def build_report(tmp_path, name, *args) -> bytes:
    path = tmp_path / name
    call_command("build_report", *args, "--output", str(path))
    return path.read_bytes()


def test_two_builds_with_the_same_arguments_are_byte_identical_and_record_no_job(tmp_path, staff_a):
    facts_for_office_a(staff_a)
    args = ("--period", "spring-2021", "--office", "oslo-og-viken", "--generated-at", "2021-04-30T12:00:00")
    first = build_report(tmp_path, "a.xlsx", *args)
    second = build_report(tmp_path, "b.xlsx", *args)
    assert first == second
    assert Job.objects.count() == 0
    summary = {r[0]: r[1] for r in rows(workbook(first)["Sammendrag"])[1:9]}
    assert summary["Laget"] == "2021-04-30 12:00"
    assert summary["Laget av"] == "Systemet"
    national = ("--period", "spring-2021", "--national", "--generated-at", "2021-04-30T12:00:00+02:00")
    assert build_report(tmp_path, "n1.xlsx", *national) == build_report(tmp_path, "n2.xlsx", *national)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "nope-2021", "--office", "agder"), "error: unknown period 'nope-2021'"),
        (("--period", "spring-2021", "--office", "nowhere"), "error: unknown office 'nowhere'"),
        (("--period", "spring-2021"), "error: one of the arguments --office --national is required"),
        (("--period", "spring-2021", "--office", "agder", "--national"), "not allowed with argument"),
        (("--period", "spring-2021", "--office", "agder", "--generated-at", "soon"), "error: --generated-at must be"),
        (
            ("--period", "spring-2021", "--office", "agder", "--submitted"),
            "error: office 'agder' has no submitted report for 'spring-2021'",
        ),
    ],
)
def test_argument_errors_exit_2_and_write_nothing(tmp_path, capsys, args, message):
    path = tmp_path / "out.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        call_command("build_report", *args, "--output", str(path))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not path.exists()


def test_the_submitted_package_is_stored_and_rebuilt_byte_identical_after_a_correction(
    tmp_path, spring, office_a, staff_a, media, django_capture_on_commit_callbacks
):
    facts_for_office_a(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        submission = report_submit(office=office_a, period=spring, user=staff_a)
    job = Job.objects.get(key=f"report-package:spring-2021:{office_a.slug}:v1")
    assert job.status == Job.Status.DONE
    assert job.params == {"period": "spring-2021", "office": office_a.slug, "submitted_version": 1}
    with job.file.open("rb") as fh:
        stored = fh.read()
    # facts are corrected after the submission: the submitted package does not change
    record("0301", "decision", "none", "2021-03-01", user=staff_a)
    record("3005", "phase", "3", "2021-03-01", user=staff_a)
    rebuilt = build_report(tmp_path, "v1.xlsx", "--period", "spring-2021", "--office", office_a.slug, "--submitted")
    assert rebuilt == stored
    wb = workbook(stored)
    summary = {r[0]: r[1] for r in rows(wb["Sammendrag"])[1:9]}
    assert summary["Status"] == "Sendt inn (versjon 1)"
    assert summary["Laget av"] == staff_a.get_full_name()
    assert summary["Laget"] == timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert summary_figures(wb["Sammendrag"])["decided_or_in_process"][0] == 4
    live = workbook(build_report(tmp_path, "live.xlsx", "--period", "spring-2021", "--office", office_a.slug))
    assert summary_figures(live["Sammendrag"])["decided_or_in_process"][0] == 3


def test_the_national_package_marks_live_and_submitted_offices_and_holds_submitted_texts_only(
    tmp_path, spring, office_a, office_b, staff_a, staff_b, media, django_capture_on_commit_callbacks
):
    from reporting.reports.services import report_texts_save

    facts_for_office_a(staff_a)
    a_text, b_text = {"assessment": "Oslo og Viken vurderer."}, {"assessment": "Innlandet sitt utkast."}
    report_texts_save(office=office_a, period=spring, texts=a_text, user=staff_a, round=None)
    report_texts_save(office=office_b, period=spring, texts=b_text, user=staff_b, round=None)
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(office=office_a, period=spring, user=staff_a)
    # after the submission office A's facts change: the national package keeps A's submitted figures
    record("0301", "decision", "none", "2021-03-01", user=staff_a)
    content = build_report(tmp_path, "n.xlsx", "--period", "spring-2021", "--national", "--submitted")
    wb = workbook(content)
    summary = rows(wb["Sammendrag"])
    marks = {r[0]: r[1] for r in summary if r[0] and str(r[0]).startswith("Statsforvalteren")}
    assert marks["Statsforvalteren i Oslo og Viken"] == "Sendt inn (versjon 1)"
    assert marks["Statsforvalteren i Innlandet"] == "Levende tall"
    header = next(r for r in summary if r[0] is None and r[2] and "Oslo og Viken" in r[2])
    assert header[2] == "Statsforvalteren i Oslo og Viken (sendt inn)"
    assert header[4] == "Statsforvalteren i Innlandet (levende tall)"
    assert header[-2] == "Hele landet"
    decided = next(r for r in summary if r[0] == "decided_or_in_process")
    assert decided[2] == 4  # Oslo og Viken as submitted, not the corrected 3
    assert decided[-2] == 4  # the total sums the parts
    texts = rows(wb["Tekster"])[1:]
    assert ("Statsforvalteren i Oslo og Viken", "Sendt inn (versjon 1)", "assessment") in [r[:3] for r in texts]
    assert all("Innlandet" not in (r[0] or "") for r in texts)
    assert "Innlandet sitt utkast." not in [r[4] for r in texts]
    kommuner = rows(wb["Kommuner"])
    assert kommuner[0][-1] == "Grunnlag"
    assert len(kommuner) == 1 + 356
    # the all-live national package (no --submitted) takes A's live figures
    live = rows(workbook(build_report(tmp_path, "l.xlsx", "--period", "spring-2021", "--national"))["Sammendrag"])
    assert next(r for r in live if r[0] == "decided_or_in_process")[2] == 3
