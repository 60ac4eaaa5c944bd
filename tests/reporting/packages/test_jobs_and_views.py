"""Package jobs: one click builds, two clicks make one job, a re-run is byte-identical, the broker being down
is told, downloads are permission-checked, and the number of queries does not grow with the data."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from jobs.models import Job
from jobs.services import job_run
from jobs.tasks import run_job_task
from reporting.packages.services import package_build_now, package_request_live, package_request_national
from tests.factories import record

from .conftest import facts_for_office_a, summary_about, workbook

pytestmark = pytest.mark.django_db


def _read(job) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


def test_one_click_builds_the_package_and_two_clicks_make_one_job(
    client_a, spring, office_a, staff_a, media, django_capture_on_commit_callbacks
):
    url = reverse("packages:office", kwargs={"period": "spring-2021", "slug": office_a.slug})
    with django_capture_on_commit_callbacks(execute=True):
        first = client_a.post(url)
        second = client_a.post(url, follow=True)
    assert first.status_code == 302
    assert Job.objects.filter(kind="report_package").count() == 1
    assert "Pakken var allerede bestilt" in second.content.decode()
    job = Job.objects.get(kind="report_package")
    assert job.status == Job.Status.DONE
    assert job.filename == "rapportpakke-varen-2021-statsforvalteren-i-oslo-og-viken.xlsx"
    page = client_a.get(url).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page
    assert "js/job-progress.js" in page
    download = client_a.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert workbook(download.content).sheetnames[0] == "Sammendrag"


def test_the_broker_being_down_is_told_and_the_job_waits(
    client_a, office_a, media, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def unreachable(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_job_task, "apply_async", unreachable)
    url = reverse("packages:office", kwargs={"period": "spring-2021", "slug": office_a.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(url)
    job = Job.objects.get(kind="report_package")
    assert job.status == Job.Status.NOT_QUEUED
    page = client_a.get(url).content.decode()
    assert "Bestillingen er registrert og starter når køtjenesten er tilbake." in page


def test_a_job_run_twice_gives_a_byte_identical_file(spring, office_a, staff_a, media):
    facts_for_office_a(staff_a)
    job, _created = package_request_live(period=spring, office=office_a, user=staff_a)
    job_run(job.pk)
    job.refresh_from_db()
    first = _read(job)
    assert hashlib.sha256(first).hexdigest() == job.sha256
    # a later fact and a second run (as after a worker died): the same bytes, as of the job's creation
    record("3005", "decision", "plan_adopted", "2021-02-01", user=staff_a)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, file="", sha256="")
    job_run(job.pk)
    job.refresh_from_db()
    assert _read(job) == first
    summary = summary_about(workbook(first)["Sammendrag"])
    assert summary["Laget av"] == staff_a.get_full_name()


def test_downloads_are_permission_checked(
    client,
    spring,
    office_a,
    staff_a,
    staff_b,
    directorate_user,
    admin_user,
    media,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from reporting.reports import services as reports

    draft, _ = package_request_live(period=spring, office=office_a, user=staff_a)
    national, _ = package_request_national(period=spring, user=directorate_user)
    job_run(draft.pk)
    job_run(national.pk)
    monkeypatch.setattr(reports, "transition_mail_send", lambda **kwargs: None)  # mail is not under test
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_submit(office=office_a, period=spring, user=staff_a)
    submitted = Job.objects.get(key=f"report-package:spring-2021:{office_a.slug}:v1")
    expected = {
        staff_a: {draft: 200, submitted: 200, national: 200},
        staff_b: {draft: 404, submitted: 200, national: 200},
        directorate_user: {draft: 404, submitted: 200, national: 200},
        admin_user: {draft: 404, submitted: 200, national: 404},
    }
    for user, jobs in expected.items():
        client.force_login(user)
        for job, code in jobs.items():
            response = client.get(reverse("jobs:download", args=[job.pk]))
            assert response.status_code == code, (user.username, job.key)
    # staff B sees office A's submitted version on the page, never the draft
    client.force_login(staff_b)
    page = client.get(reverse("packages:office", kwargs={"period": "spring-2021", "slug": office_a.slug}))
    html = page.content.decode()
    assert reverse("jobs:download", args=[submitted.pk]) in html
    assert reverse("jobs:download", args=[draft.pk]) not in html
    assert "Lag rapportpakke" not in html


def test_only_the_directorate_builds_the_national_package(client, staff_a, directorate_user, media):
    url = reverse("packages:national", kwargs={"period": "spring-2021"})
    client.force_login(staff_a)
    assert client.post(url).status_code == 403
    client.force_login(directorate_user)
    assert client.post(url).status_code == 302
    assert Job.objects.get(kind="report_package").params == {
        "period": "spring-2021",
        "office": None,
        "submitted_version": None,
    }


def _queries(**kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        package_build_now(**kwargs)
    return len(ctx.captured_queries)


def test_queries_per_package_are_constant(spring, office_a, staff_a):
    from django.utils import timezone

    kwargs = {"period": spring, "generated_at": timezone.now(), "generated_by": "Test", "submitted": False}
    facts_for_office_a(staff_a, numbers=("0301",))
    small_office = _queries(office=office_a, **kwargs)
    small_national = _queries(office=None, **kwargs)
    small_mixed = _queries(office=None, **{**kwargs, "submitted": True})
    numbers = ["3001", "3002", "3003", "3004", "3005", "3006", "3007", "3011", "3012", "3013", "3014"]
    facts_for_office_a(staff_a, numbers=numbers)
    for number in numbers:
        record(number, "priority", "yes", "2021-03-01", user=staff_a, detail="planlegg-egen-alderdom")
    assert _queries(office=office_a, **kwargs) == small_office
    assert _queries(office=None, **kwargs) == small_national
    assert _queries(office=None, **{**kwargs, "submitted": True}) == small_mixed
    # 13: the figures (5: offices, municipalities, facts, focus areas, solutions), the office's municipalities,
    # the networks' names, grant confirmations and schemes, plan versions, the report's state, its texts, and the
    # newest recording («Kjent per»); the country's figures come from the same fact query
    assert small_office <= 13
