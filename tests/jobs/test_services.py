"""The job engine with the test builder, tasks run in-process: request, run, retry, fail, store, sweep."""

import datetime
import hashlib
import threading

import pytest
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from jobs import services
from jobs.models import Job
from jobs.services import job_request, job_run, job_sweep
from jobs.tasks import run_job_task
from tests.factories import UserFactory

from .conftest import echo, read, stored_files

pytestmark = pytest.mark.django_db


def test_request_runs_the_job_after_commit_and_stores_the_file(staff_a, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = echo(staff_a)
        job, created = result
        assert created
        assert Job.objects.get(pk=job.pk).status == Job.Status.NOT_QUEUED  # nothing runs before the commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.progress, job.attempts, job.filename, job.error) == (100, 1, "ekko.txt", "")
    content = read(job)
    assert content == '{"kind": "test_echo", "text": "hei på deg"}\n'.encode()
    assert (job.sha256, job.size) == (hashlib.sha256(content).hexdigest(), len(content))
    assert job.started_at <= job.finished_at
    assert result.queue_down is False
    # Stored under a generated name, never the user-facing one; no temp file left.
    assert [p.name for p in stored_files(media)] == [job.file.name.rsplit("/", 1)[-1]]
    assert "ekko" not in job.file.name
    assert job.file.name.endswith(".txt")


def test_a_second_request_for_the_same_key_gets_the_existing_job(staff_a, staff_a2, media):
    first, created_first = echo(staff_a)
    second, created_second = echo(staff_a2, text="annet")
    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert Job.objects.count() == 1


def test_a_new_request_after_the_job_is_done_makes_a_new_job(staff_a, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = echo(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        second, created = echo(staff_a)
    assert created
    assert second.pk != first.pk
    assert Job.objects.filter(status=Job.Status.DONE).count() == 2


def test_the_same_params_give_byte_identical_files(staff_a, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        one, _ = echo(staff_a, key="a", repeat=50)
        two, _ = echo(staff_a, key="b", repeat=50)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.file.name != two.file.name
    assert read(one) == read(two)
    assert one.sha256 == two.sha256


def test_an_unknown_kind_is_refused_before_anything_is_stored(staff_a):
    with pytest.raises(LookupError):
        job_request(kind="no_such_kind", params={}, key="x", user=staff_a)
    assert not Job.objects.exists()


def test_running_a_finished_job_again_is_a_noop(staff_a, media):
    job, _ = echo(staff_a)
    job_run(job.pk)
    job.refresh_from_db()
    first = (job.file.name, job.finished_at, job.attempts, job.sha256)
    job_run(job.pk)  # a duplicate delivery
    job.refresh_from_db()
    assert (job.file.name, job.finished_at, job.attempts, job.sha256) == first
    assert len(stored_files(media)) == 1


def test_a_job_leased_by_another_worker_is_left_alone(staff_a, media):
    job, _ = echo(staff_a)
    lease = timezone.now() + datetime.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, lease_until=lease, lease_token="x")
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (Job.Status.RUNNING, 1, "")
    assert stored_files(media) == []


def test_a_job_whose_lease_expired_is_taken_again_and_completed(staff_a, media):
    job, _ = echo(staff_a)
    expired = timezone.now() - datetime.timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, lease_until=expired, lease_token="x")
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)


def test_a_run_that_lost_its_lease_does_not_overwrite_the_result(staff_a, media):
    job, _ = echo(staff_a)
    taken_job, old_token = services._take(job.pk)
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    job_run(job.pk)  # another worker retakes the expired lease and finishes
    job.refresh_from_db()
    done = (job.file.name, job.sha256, job.attempts)
    services._store(taken_job, old_token, "sent.txt", b"late result")  # the first run wakes up late
    job.refresh_from_db()
    assert (job.file.name, job.sha256, job.attempts) == done
    assert len(stored_files(media)) == 1  # the late file was removed


def test_a_missing_job_is_tolerated():
    job_run(987654)


def test_a_transient_error_is_retried_and_then_succeeds(staff_a, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = echo(staff_a, fail_times=2)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.DONE, 3, "")


def test_the_task_retries_only_transient_errors_with_backoff():
    assert run_job_task.autoretry_for == services.TRANSIENT_ERRORS
    assert run_job_task.retry_backoff is True
    assert run_job_task.max_retries >= 1
    assert run_job_task.acks_late is True
    assert run_job_task.reject_on_worker_lost is True


def test_transient_errors_beyond_the_attempt_limit_end_in_error(
    settings, staff_a, media, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = echo(staff_a, fail_times=9)
    job.refresh_from_db()
    assert job.status == Job.Status.ERROR
    assert job.attempts == 2
    assert job.error == "Databasen svarte ikke etter 2 forsøk. Prøv igjen senere."
    assert job.file.name == ""


def test_a_permanent_error_ends_in_error_with_the_builders_message(staff_a, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = echo(staff_a, fail="permanent")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.ERROR, 1)
    assert job.error == "Testjobben kan ikke bygges: ugyldige parametre."
    assert stored_files(media) == []


def test_an_unexpected_error_is_logged_and_shown_as_a_readable_message(
    staff_a, media, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = echo(staff_a, fail="crash")
    job.refresh_from_db()
    assert job.status == Job.Status.ERROR
    assert job.error.startswith("Jobben feilet av en uventet grunn")
    assert "simulated unexpected error" not in job.error  # no internals shown to the user
    assert "simulated unexpected error" in caplog.text


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_storage_failure_ends_in_error_and_leaves_no_file(staff_a, media, monkeypatch, failing):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"jobs.storage.os.{failing}", disk_full)
    job, _ = echo(staff_a, repeat=1000)
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.ERROR
    assert job.error == services.STORAGE_FAILED_MESSAGE
    assert (job.file.name, job.sha256, job.size) == ("", "", None)
    assert stored_files(media) == []  # the temp file is gone too


def test_a_database_failure_after_the_file_is_written_removes_the_file(staff_a, media, monkeypatch):
    job, _ = echo(staff_a)
    original_save = Job.save

    def failing_save(self, *args, **kwargs):
        if "sha256" in (kwargs.get("update_fields") or []):
            raise RuntimeError("database went away")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Job, "save", failing_save)
    with pytest.raises(RuntimeError):
        job_run(job.pk)
    assert stored_files(media) == []


def _broker_down(monkeypatch, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def unreachable(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_job_task, "apply_async", unreachable)


def test_broker_down_leaves_the_job_not_queued_and_tells_the_caller(
    staff_a, media, monkeypatch, settings, caplog, django_capture_on_commit_callbacks
):
    _broker_down(monkeypatch, settings)
    with django_capture_on_commit_callbacks(execute=True):
        result = echo(staff_a)
    assert result.queue_down is True
    assert result.job.status == Job.Status.NOT_QUEUED
    assert "broker unreachable" in caplog.text
    # The broker is back: the sweep sends it and it runs.
    monkeypatch.undo()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    swept = job_sweep()
    assert swept.requeued == [result.job.pk]
    result.job.refresh_from_db()
    assert result.job.status == Job.Status.DONE


def test_the_sweep_sends_stale_queued_jobs_again_but_not_fresh_ones(staff_a, staff_a2, media, settings):
    settings.JOB_REQUEUE_SECONDS = 600
    stale, _ = echo(staff_a, key="stale")
    fresh, _ = echo(staff_a, key="fresh")
    now = timezone.now()
    Job.objects.filter(pk=stale.pk).update(status=Job.Status.QUEUED, queued_at=now - datetime.timedelta(minutes=11))
    Job.objects.filter(pk=fresh.pk).update(status=Job.Status.QUEUED, queued_at=now - datetime.timedelta(minutes=1))
    swept = job_sweep()
    assert swept.requeued == [stale.pk]
    assert Job.objects.get(pk=stale.pk).status == Job.Status.DONE
    assert Job.objects.get(pk=fresh.pk).status == Job.Status.QUEUED


def test_the_sweep_retakes_a_running_job_whose_worker_died(staff_a, media):
    job, _ = echo(staff_a)
    alive, _ = echo(staff_a, key="alive")
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=1, lease_until=now - datetime.timedelta(seconds=1), lease_token="dead"
    )
    Job.objects.filter(pk=alive.pk).update(
        status=Job.Status.RUNNING, attempts=1, lease_until=now + datetime.timedelta(minutes=5), lease_token="alive"
    )
    assert job_sweep().requeued == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert Job.objects.get(pk=alive.pk).status == Job.Status.RUNNING


def test_the_sweep_stops_a_job_after_too_many_attempts(staff_a, media, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    job, _ = echo(staff_a)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=3, lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    swept = job_sweep()
    assert swept.failed == [job.pk]
    job.refresh_from_db()
    assert job.status == Job.Status.ERROR
    assert job.error == "Jobben ble avbrutt for mange ganger (3 forsøk) og er stoppet."


def test_the_database_allows_one_active_job_per_key(staff_a, media):
    from django.db import IntegrityError, transaction

    Job.objects.create(kind="test_echo", key="k", requested_by=staff_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="test_echo", key="k", status=Job.Status.RUNNING, requested_by=staff_a)
    Job.objects.create(kind="test_echo", key="k", status=Job.Status.ERROR, requested_by=staff_a)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_clicks_make_one_job(transactional_country, settings, tmp_path):
    """C-6: two users ask at the same moment; one job, and both get it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    users = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def click(user):
        try:
            barrier.wait(timeout=10)
            results.append(echo(user, key="package-2027-h1", sleep=0.3))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.job.pk for r in results}) == 1
    assert Job.objects.count() == 1
    assert Job.objects.get().status == Job.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_running_at_once_build_one_file(transactional_country, settings, tmp_path):
    """F-5: the same job delivered twice at the same moment (a redelivery while the first still runs)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    job = Job.objects.create(kind="test_echo", key="twice", params={"text": "x", "sleep": 0.5})
    barrier = threading.Barrier(2)

    def deliver():
        try:
            barrier.wait(timeout=10)
            job_run(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 1)
    assert len(stored_files(tmp_path)) == 1


def test_the_system_check_demands_a_lease_longer_than_the_hard_limit(settings):
    from jobs.checks import job_settings_check

    assert job_settings_check(None) == []
    settings.JOB_LEASE_SECONDS = settings.CELERY_TASK_TIME_LIMIT
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": settings.CELERY_TASK_TIME_LIMIT}
    assert sorted(e.id for e in job_settings_check(None)) == ["jobs.E001", "jobs.E002"]


def test_the_latest_job_and_the_latest_file_for_a_key(staff_a, media):
    from jobs.selectors import job_latest_done_for_key, job_latest_for_key

    assert job_latest_for_key(key="k") is None
    first, _ = echo(staff_a, key="k")
    job_run(first.pk)
    second, _ = echo(staff_a, key="k")
    assert job_latest_for_key(key="k") == second
    assert job_latest_done_for_key(key="k") == first


def test_a_web_process_can_send_the_job_task():
    """A web process (gunicorn: no worker, so no Celery autodiscovery) knows the job task it sends by name; without
    it every package ordered through a real web server failed with NotRegistered (tests/scaleout)."""
    import subprocess
    import sys

    from django.conf import settings

    code = "import django; django.setup(); from celery import current_app; print('jobs.run_job' in current_app.tasks)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "True", result.stderr
