"""Fixtures for the job engine tests: a private media folder, and helpers to ask for the test builder's job."""

import pytest

from jobs.services import job_request
from tests.services_fixtures import wait_for  # noqa: F401 (used by the tests of this folder)


@pytest.fixture
def media(settings, tmp_path):
    """Job files go to a folder of this test only."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    settings.MEDIA_ROOT = str(folder)
    return folder


def stored_files(folder) -> list:
    """Every file under the media folder, temp files included."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def echo(user, *, key: str = "echo-1", **params):
    return job_request(kind="test_echo", params={"text": "hei på deg", **params}, key=key, user=user)


def read(job) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()
