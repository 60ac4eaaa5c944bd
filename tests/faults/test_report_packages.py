"""Report packages against a real Redis broker and a real Celery worker (F-3 through the package page, D-2, D-3).

The private redis-server and worker come from tests/services_fixtures.py; every wait is bounded."""

import datetime
import hashlib
import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobs.models import Job
from jobs.services import QUEUE_DOWN_MESSAGE, job_sweep
from municipalities.models import Municipality, Office
from reporting.models import Report, ReportSubmission, ReportTransition
from tests.factories import DirectorateFactory, UserFactory, record
from tests.reporting.packages.conftest import facts_for_office_a
from tests.services_fixtures import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PERIOD = "spring-2021"
SLUG = "oslo-og-viken"
FIGURE = "decided_or_in_process"


def _job(key: str) -> Job | None:
    return Job.objects.filter(key=key).order_by("-pk").first()


def _wait_done(services, key: str, *, timeout: float = 45, sweep: bool = False) -> Job:
    def done():
        if sweep:
            job_sweep()
        job = _job(key)
        assert job is None or job.status != Job.Status.ERROR, job.error
        return job if job is not None and job.status == Job.Status.DONE else None

    return wait_for(
        done,
        timeout=timeout,
        what=f"the package {key} to be built",
        interval=0.3,
        on_timeout=lambda: f"job: {_job(key) and _job(key).__dict__}\nworker log:\n{services.worker.log_tail()}",
    )


def _download(client, job: Job) -> bytes:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _report_figures(*args: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):  # PortalCommand writes to the sys.stdout of its creation (stdout= is ignored)
        call_command("report_figures", "--period", PERIOD, "--office", SLUG, *args)
    return json.loads(out.getvalue())


@pytest.fixture
def office_a(transactional_country):
    return Office.objects.get(slug=SLUG)


@pytest.fixture
def staff(office_a):
    return UserFactory(username="pk-staff", office=office_a)


def _twenty_others(office_a) -> list[Municipality]:
    """Twenty municipalities of office A without facts from facts_for_office_a."""
    others = list(
        Municipality.objects.filter(office=office_a)
        .exclude(number__in=["0301", "3001", "3002", "3003", "3004"])
        .order_by("number")[:20]
    )
    assert len(others) == 20
    return others


def _submit(client, *, round_: int):
    response = client.post(reverse("reports:submit", args=[SLUG, PERIOD]), {"round": str(round_)})
    assert response.status_code == 302


def test_f3_broker_down_when_the_package_is_asked_for(services, client, staff):
    """F-3 through the package page: the user is told the order is registered; once the broker is back the
    sweep sends it and the package is built once."""
    client.force_login(staff)
    url = reverse("packages:office", args=[PERIOD, SLUG])
    services.redis.stop()
    try:
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert QUEUE_DOWN_MESSAGE in response.content.decode()  # «Bestillingen er registrert og starter når …»
        job = _job(f"report-package:{PERIOD}:{SLUG}:live")
        assert job.status == Job.Status.NOT_QUEUED
        again = client.post(url, follow=True)  # a second click while down: still the one order
        assert again.status_code == 200
        assert Job.objects.filter(key=job.key).count() == 1
    finally:
        services.redis.start()
    done = _wait_done(services, job.key, sweep=True)
    assert (done.pk, done.attempts) == (job.pk, 1)
    content = _download(client, done)
    assert hashlib.sha256(content).hexdigest() == done.sha256
    assert content[:2] == b"PK"  # an .xlsx


def test_d2_a_submitted_package_stays_byte_identical_after_20_changes(services, client, staff, office_a, tmp_path):
    facts_for_office_a(staff)
    client.force_login(staff)
    _submit(client, round_=0)
    key = f"report-package:{PERIOD}:{SLUG}:v1"
    job = _wait_done(services, key)
    stored = _download(client, job)
    recorded_sha = job.sha256
    assert hashlib.sha256(stored).hexdigest() == recorded_sha
    submitted = _report_figures("--submitted")["offices"][SLUG]
    assert (submitted["source"], submitted["version"]) == ("submitted", 1)

    # 20 municipalities of the office get a decision before the reference date after the submission
    for i, m in enumerate(_twenty_others(office_a)):
        record(
            m.number,
            "decision",
            "process_described",
            "2021-02-01",
            user=staff,
            detail=f"21/{500 + i}",
            target_date=datetime.date(2021, 12, 1),
        )

    again = _download(client, Job.objects.get(pk=job.pk))
    assert again == stored
    assert Job.objects.get(pk=job.pk).sha256 == recorded_sha
    output = tmp_path / "rebuilt.xlsx"
    call_command("build_report", "--period", PERIOD, "--office", SLUG, "--submitted", "--output", str(output))
    assert output.read_bytes() == stored

    live = _report_figures()["offices"][SLUG]
    after = _report_figures("--submitted")["offices"][SLUG]
    assert after == submitted  # the snapshot, not the corrected facts
    assert live[FIGURE]["count"] == submitted[FIGURE]["count"] + 20


def test_d2_the_dashboard_shows_the_snapshot_values_with_the_live_beside_them(services, client, staff, office_a):
    facts_for_office_a(staff)
    client.force_login(staff)
    _submit(client, round_=0)
    _wait_done(services, f"report-package:{PERIOD}:{SLUG}:v1")  # nothing left running for the next test
    submitted = _report_figures("--submitted")["offices"][SLUG]
    for i, m in enumerate(_twenty_others(office_a)):
        record(
            m.number,
            "decision",
            "process_described",
            "2021-02-01",
            user=staff,
            detail=f"21/{500 + i}",
            target_date=datetime.date(2021, 12, 1),
        )
    directorate = DirectorateFactory(username="pk-hdir")
    client.force_login(directorate)
    page = client.get(reverse("dashboard:overview"), {"periode": PERIOD})
    row = next(r for r in page.context["data"].rows if r.office.slug == SLUG)
    cell = next(c for c in row.cells if c.key == FIGURE)
    assert (row.source, cell.count, cell.live_count) == (
        "submitted",
        submitted[FIGURE]["count"],
        submitted[FIGURE]["count"] + 20,
    )


def test_d3_reopen_is_controlled_and_the_first_submission_is_kept(services, client, staff, office_a):
    facts_for_office_a(staff)
    client.force_login(staff)
    _submit(client, round_=0)
    first = _wait_done(services, f"report-package:{PERIOD}:{SLUG}:v1")
    first_bytes = _download(client, first)
    report = Report.objects.get(office=office_a, period__slug=PERIOD)

    directorate = DirectorateFactory(username="d3-hdir")
    hdir = client.__class__()
    hdir.force_login(directorate)
    assert hdir.post(reverse("reports:accept", args=[SLUG, PERIOD]), {"version": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED

    # staff cannot reopen
    refused = client.post(reverse("reports:reopen", args=[SLUG, PERIOD]), {"version": "1", "comment": "x"})
    assert refused.status_code == 403
    # the directorate must give a reason
    no_reason = hdir.post(reverse("reports:reopen", args=[SLUG, PERIOD]), {"version": "1", "comment": "  "})
    assert no_reason.status_code == 200
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    reason = "Tallene for fase må rettes etter kommunens melding."
    reopened = hdir.post(reverse("reports:reopen", args=[SLUG, PERIOD]), {"version": "1", "comment": reason})
    assert reopened.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    event = ReportTransition.objects.filter(report=report).order_by("-pk").first()
    assert (event.from_status, event.to_status, event.comment) == ("accepted", "returned", reason)
    assert event.by == directorate
    assert event.at is not None

    # the original submission and its file stay; the new submission is version 2
    record("0301", "phase", "2", "2021-03-15", user=staff)
    _submit(client, round_=1)
    second = _wait_done(services, f"report-package:{PERIOD}:{SLUG}:v2")
    assert list(ReportSubmission.objects.filter(report=report).values_list("version", flat=True)) == [1, 2]
    kept = Job.objects.get(pk=first.pk)
    assert (kept.status, kept.sha256) == (Job.Status.DONE, first.sha256)
    assert _download(client, kept) == first_bytes
    assert second.sha256 != first.sha256


def test_f5_two_workers_given_the_same_job_at_once_build_one_file(services, staff, tmp_path):
    """F-5: the same job delivered twice, to two real workers at the same time (as after a visibility timeout
    shorter than the run): one run builds and completes it, the other finds it leased and does nothing."""
    from jobs.services import job_request
    from jobs.tasks import run_job_task
    from tests.services_fixtures import Worker

    second = Worker(services.worker.env, tmp_path / "second-worker.log")
    second.start()
    try:
        wait_for(_inspect_ping, timeout=20, what="two workers to be up", interval=0.5)
        result = job_request(
            kind="test_echo", params={"text": "to ganger", "sleep": 3, "repeat": 20}, key="f5-twice", user=staff
        )
        run_job_task.apply_async(kwargs={"job_id": result.job.pk})  # the duplicate delivery
        job = _wait_done(services, "f5-twice", timeout=40)
    finally:
        second.stop()
    assert job.attempts == 1  # taken once: the other delivery found it leased
    assert job.progress == 100
    files = [p for p in services.media.rglob("*") if p.is_file() and job.file.name.endswith(p.name)]
    assert len(files) == 1
    assert not list(services.media.rglob(".part-*"))
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == job.sha256


def _inspect_ping() -> bool:
    from lhl_portal.celery import app

    replies = app.control.ping(timeout=1.0) or []
    return len(replies) >= 2
