"""Backups: scripts/backup_roundtrip.py backs up a small test database and its stored packages,
restores both into a fresh database and folder, and finds the same report_figures and intact packages."""

import hashlib
import subprocess

import pytest

from jobs.models import Job
from jobs.services import job_request
from municipalities.models import Office
from tests.factories import UserFactory, record
from tests.services_fixtures import BASE_DIR, database_env

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    settings.MEDIA_ROOT = str(folder)
    return folder


def _roundtrip(media, tmp_path, *extra) -> subprocess.CompletedProcess:
    env = {**database_env(), "MEDIA_ROOT": str(media)}
    return subprocess.run(
        [
            str(BASE_DIR / ".venv" / "bin" / "python"),
            "scripts/backup_roundtrip.py",
            "--work-dir",
            str(tmp_path / "w"),
            *extra,
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_backup_restores_the_same_figures_and_intact_packages(transactional_country, media, tmp_path):
    staff = UserFactory(office=Office.objects.get(slug="oslo-og-viken"))
    for number, value in (("0301", "3"), ("3001", "2"), ("3403", "2")):
        record(number, "phase", value, "2021-03-01", user=staff)
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff)
    job = job_request(kind="test_echo", params={"text": "sikkerhetskopi", "repeat": 50}, key="bk", user=staff).job
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    stored = media / job.file.name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == job.sha256

    done = _roundtrip(media, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("backup_roundtrip: periods=")
    assert " packages=1 verified=1 equal=yes " in last
    assert "periods=0 " not in last


def test_a_package_changed_on_disk_is_caught_by_the_backup(transactional_country, media, tmp_path):
    staff = UserFactory(office=Office.objects.get(slug="oslo-og-viken"))
    job = job_request(kind="test_echo", params={"text": "ukjent endring"}, key="bk-bad", user=staff).job
    job.refresh_from_db()
    (media / job.file.name).write_bytes(b"changed behind the portal's back")
    done = _roundtrip(media, tmp_path)
    assert done.returncode != 0
    assert f"job {job.pk}: {job.file.name} has SHA-256" in done.stdout + done.stderr
