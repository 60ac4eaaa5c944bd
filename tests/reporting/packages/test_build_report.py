"""build_report: the same workbook synchronously, byte-identical for the same arguments, no job recorded;
the submitted package survives later corrections; the national package marks live and submitted offices."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job
from municipalities.models import Office
from reporting.reports.services import report_submit
from tests.factories import record
from tests.workbook_checks import chart_references

from .conftest import (
    facts_for_office_a,
    national_rows,
    report_figures,
    summary_about,
    summary_country,
    summary_figures,
    table,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_report_mail(monkeypatch):
    """The report's e-mails are tested with the reports; these tests look at the packages only."""
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
    summary = summary_about(workbook(first)["Sammendrag"])
    assert summary["Laget"] == datetime.datetime(2021, 4, 30, 12, 0)
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
    summary = summary_about(wb["Sammendrag"])
    day = timezone.localtime(submission.submitted_at).strftime("%d.%m.%Y")
    assert summary["Status"].startswith(f"Sendt inn (versjon 1), sendt inn {day}")
    assert summary["Grunnlag"] == "Innsendt (versjon 1)"
    assert summary["Laget av"] == staff_a.get_full_name()
    assert summary["Laget"] == timezone.localtime(submission.submitted_at).replace(tzinfo=None, microsecond=0)
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
    offices = {r["Embete"]: r for r in table(wb["Embeter"])}
    assert offices["Oslo og Viken"]["Grunnlag i pakken"] == "Innsendt (versjon 1)"
    assert offices["Innlandet"]["Grunnlag i pakken"] == "Levende tall"
    figures = national_rows(wb["Sammendrag"])
    decided = {r["Embete"]: r for r in figures if r["Kode"] == "decided_or_in_process"}
    assert decided["Oslo og Viken"]["Grunnlag"] == "Innsendt (versjon 1)"
    assert decided["Innlandet"]["Grunnlag"] == "Levende tall"
    assert decided["Oslo og Viken"]["Antall"] == 4  # Oslo og Viken as submitted, not the corrected 3
    assert decided["Hele landet"]["Antall"] == 4  # the total sums the parts
    assert list(decided) == ["Hele landet", *[o.region for o in Office.objects.order_by("position")]]
    texts = table(wb["Tekster"])
    assert ("Oslo og Viken", "Sendt inn (versjon 1)", "Kort vurdering av status opp mot målene") in [
        (r["Embete"], r["Grunnlag"], r["Del"]) for r in texts
    ]
    innlandet = [r for r in texts if r["Embete"] == "Innlandet"]
    assert [(r["Grunnlag"], r["Del"]) for r in innlandet] == [(None, None)]
    assert innlandet[0]["Tekst"].startswith("Ingen tekster i pakken: embetet har ikke sendt inn rapporten")
    assert "Innlandet sitt utkast." not in [r["Tekst"] for r in texts]
    kommuner = table(wb["Kommuner"])
    assert list(kommuner[0])[-1] == "Grunnlag"
    assert len(kommuner) == 356
    # the all-live national package (no --submitted) takes A's live figures
    live = workbook(build_report(tmp_path, "l.xlsx", "--period", "spring-2021", "--national"))
    live_decided = {r["Embete"]: r for r in national_rows(live["Sammendrag"]) if r["Kode"] == "decided_or_in_process"}
    assert live_decided["Oslo og Viken"]["Antall"] == 3
    # its texts say the facts: Oslo og Viken's as submitted, the others none (never «no office has submitted»)
    live_texts = table(live["Tekster"])
    assert [(r["Embete"], r["Tekst"]) for r in live_texts if r["Grunnlag"] == "Sendt inn (versjon 1)"] == [
        (r["Embete"], r["Tekst"]) for r in texts if r["Grunnlag"] == "Sendt inn (versjon 1)"
    ]
    assert {r["Embete"] for r in live_texts if r["Grunnlag"] is None} == {
        o.region for o in Office.objects.exclude(slug="oslo-og-viken")
    }
    assert not [r for r in live_texts if "Ingen embeter" in (r["Tekst"] or "")]


def test_the_submitted_package_puts_the_country_as_known_at_submission_beside_the_office(
    tmp_path, spring, office_a, staff_a, media, django_capture_on_commit_callbacks
):
    facts_for_office_a(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        submission = report_submit(office=office_a, period=spring, user=staff_a)
    known_at = submission.submitted_at.isoformat()
    then = report_figures("--period", "spring-2021", "--known-at", known_at)["national"]
    # later, another office records: the live package counts it, the submitted one does not
    record("4201", "phase", "3", "2021-03-01", user=staff_a)
    now = report_figures("--period", "spring-2021")["national"]
    assert now["phase_3"]["count"] == then["phase_3"]["count"] + 1
    submitted = workbook(
        build_report(tmp_path, "s.xlsx", "--period", "spring-2021", "--office", office_a.slug, "--submitted")
    )
    live = workbook(build_report(tmp_path, "l.xlsx", "--period", "spring-2021", "--office", office_a.slug))
    assert summary_country(submitted["Sammendrag"])["phase_3"][0] == then["phase_3"]["count"]
    assert summary_country(live["Sammendrag"])["phase_3"][0] == now["phase_3"]["count"]
    for key in ("decided_or_in_process", "in_networks_or_planned", "phase_2"):
        assert summary_country(submitted["Sammendrag"])[key][0] == then[key]["count"], key


def test_laget_is_the_generated_at_argument_and_kjent_per_the_newest_recording(tmp_path, staff_a):
    facts_for_office_a(staff_a, numbers=("0301",))
    newest = record("3001", "phase", "2", "2021-02-01", user=staff_a)
    args = ("--period", "spring-2021", "--office", "oslo-og-viken")
    first = build_report(tmp_path, "a.xlsx", *args, "--generated-at", "2021-05-02T08:00:00")
    about = summary_about(workbook(first)["Sammendrag"])
    assert about["Laget"] == datetime.datetime(2021, 5, 2, 8, 0)
    assert about["Kjent per"] == timezone.localtime(newest.recorded_at).replace(tzinfo=None, microsecond=0)
    # another moment changes «Laget» and the file's dates only: the figures are the same
    second = workbook(build_report(tmp_path, "b.xlsx", *args, "--generated-at", "2021-06-01T08:00:00"))
    assert summary_figures(second["Sammendrag"]) == summary_figures(workbook(first)["Sammendrag"])


def test_the_national_package_holds_report_figures_for_every_office_and_the_country(tmp_path, staff_a):
    from reporting.figures.registry import FIGURES

    facts_for_office_a(staff_a)
    record("4201", "phase", "3", "2021-03-01", user=staff_a)
    printed = report_figures("--period", "spring-2021")
    content = build_report(tmp_path, "n.xlsx", "--period", "spring-2021", "--national")
    wb = workbook(content)
    regions = dict(Office.objects.values_list("region", "slug"))
    rows_by = {(r["Kode"], r["Embete"]): r for r in national_rows(wb["Sammendrag"])}
    for key in FIGURES:
        national = rows_by[(key, "Hele landet")]
        assert national["Antall"] == printed["national"][key]["count"], key
        for region, slug in regions.items():
            row = rows_by[(key, region)]
            assert row["Antall"] == printed["offices"][slug][key]["count"], (key, slug)
            assert row["Andel"] == pytest.approx(printed["offices"][slug][key]["share"], rel=1e-15), (key, slug)
    assert rows_by[("municipalities", "Hele landet")]["Antall"] == printed["national"]["municipalities"] == 356
    # a chart per figure the period asks for, each on the country's and the offices' shares (column E) in Sammendrag
    references = chart_references(content, "Sammendrag")
    charted = [key for key in workbook_period_figures() if key in FIGURES]
    values = [r for r in references if re.fullmatch(r"'Sammendrag'!\$E\$\d+:\$E\$\d+", r)]
    assert len(values) == len(charted)
    first = int(re.search(r"\$E\$(\d+):", values[0]).group(1))
    assert wb["Sammendrag"][f"A{first}"].value == charted[0]
    assert wb["Sammendrag"][f"C{first}"].value == "Hele landet"


def workbook_period_figures() -> list[str]:
    from reporting.models import ReportingPeriod

    return ReportingPeriod.objects.get(slug="spring-2021").figures
