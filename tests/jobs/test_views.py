"""Job status and download: only who may see the job gets it; files never leave through a public URL."""

import hashlib

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from jobs.models import Job
from jobs.services import job_run

from .conftest import echo

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_job(staff_a, media):
    job, _ = echo(staff_a, filename='a"\r\nSet-Cookie: x=y.xlsx')
    job_run(job.pk)
    job.refresh_from_db()
    return job


def test_the_requester_polls_the_status_as_json(client_a, done_job):
    response = client_a.get(reverse("jobs:status", args=[done_job.pk]), headers={"accept": "application/json"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "done"
    assert data["progress"] == 100
    assert data["active"] is False
    assert data["download_url"] == reverse("jobs:download", args=[done_job.pk])
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_status_page_shows_progress_and_loads_the_script_without_inline_js(client_a, staff_a, media):
    job, _ = echo(staff_a)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=40, progress_text="Steg 4 av 10")
    response = client_a.get(reverse("jobs:status", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="40"' in html
    assert "Pågår" in html
    assert "Steg 4 av 10" in html
    assert "js/job-progress.js" in html
    assert "<script>" not in html


def test_a_job_waiting_for_the_queue_says_so(client_a, staff_a, media):
    job, _ = echo(staff_a)
    response = client_a.get(reverse("jobs:status", args=[job.pk]))
    assert "Bestillingen er registrert og starter når køtjenesten er tilbake." in response.content.decode()


def test_a_failed_job_shows_its_message(client_a, staff_a, media):
    job, _ = echo(staff_a, fail="permanent")
    job_run(job.pk)
    response = client_a.get(reverse("jobs:status", args=[job.pk]), headers={"accept": "application/json"})
    assert response.json()["error"] == "Testjobben kan ikke bygges: ugyldige parametre."
    assert response.json()["download_url"] is None


def test_the_download_serves_the_stored_bytes_with_a_safe_filename(client_a, done_job):
    response = client_a.get(reverse("jobs:download", args=[done_job.pk]))
    assert response.status_code == 200
    body = response.content
    assert hashlib.sha256(body).hexdigest() == done_job.sha256
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert "Set-Cookie" not in response.cookies
    assert response["Cache-Control"] == "private, no-store"
    assert done_job.filename == 'a"Set-Cookie: x=y.xlsx'
    response.close()


def test_a_long_unicode_filename_is_kept_within_bounds(client_a, staff_a, media):
    job, _ = echo(staff_a, filename="Rapport for Trøndelag – " + "æøå" * 100 + ".xlsx")
    job_run(job.pk)
    job.refresh_from_db()
    assert len(job.filename) <= 150
    assert job.filename.endswith(".xlsx")
    response = client_a.get(reverse("jobs:download", args=[job.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Rapport%20for%20Tr%C3%B8ndelag")
    response.close()


def test_another_user_gets_a_logged_404(client, staff_b, directorate_user, done_job):
    for user in (staff_b, directorate_user):
        client.force_login(user)
        assert client.get(reverse("jobs:status", args=[done_job.pk])).status_code == 404
        assert client.get(reverse("jobs:download", args=[done_job.pk])).status_code == 404
    targets = list(SecurityEvent.objects.values_list("username", "target"))
    assert (staff_b.username, f"job:{done_job.pk}") in targets
    assert (directorate_user.username, f"job:{done_job.pk}") in targets


def test_an_anonymous_user_is_sent_to_login_and_media_is_not_public(client, done_job):
    response = client.get(reverse("jobs:download", args=[done_job.pk]))
    assert response.status_code == 302
    assert "/konto/logg-inn/" in response["Location"]
    client.force_login(done_job.requested_by)
    assert client.get(f"/media/{done_job.file.name}").status_code == 404


def test_an_unfinished_job_has_no_download(client_a, staff_a, media):
    job, _ = echo(staff_a)
    assert client_a.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def directorate_may_see(user, job) -> bool:
    return user.is_directorate or user.pk == job.requested_by_id


def test_a_kind_can_register_its_own_permission(client, settings, directorate_user, staff_b, done_job):
    settings.JOB_PERMISSIONS = {"test_echo": "tests.jobs.test_views.directorate_may_see"}
    client.force_login(directorate_user)
    assert client.get(reverse("jobs:status", args=[done_job.pk])).status_code == 200
    client.force_login(staff_b)
    assert client.get(reverse("jobs:status", args=[done_job.pk])).status_code == 404


def test_a_deactivated_requester_loses_access(client, staff_a, done_job):
    client.force_login(staff_a)
    staff_a.is_active = False
    staff_a.save()
    assert client.get(reverse("jobs:status", args=[done_job.pk])).status_code in (302, 404)


def test_an_administrator_restarts_a_failed_job_from_the_admin(
    client, admin_user, staff_a, media, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 1
    job, _ = echo(staff_a, fail_times=1)
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.ERROR
    settings.JOB_MAX_ATTEMPTS = 5
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:jobs_job_changelist"), {"action": "retry", "_selected_action": [job.pk]}, follow=True
        )
    assert response.status_code == 200
    job.refresh_from_db()
    # The attempts start again from zero: the injected error hits the first one, the second succeeds.
    assert (job.status, job.attempts, job.error) == (Job.Status.DONE, 2, "")
