"""The progress box in a real browser: it follows the job without a reload and then offers the file."""

import pytest

from jobs.models import Job
from jobs.services import job_run
from tests.factories import UserFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def test_the_status_page_follows_the_job_and_offers_the_download(page):
    user = UserFactory(username="jobb-bruker")
    job = Job.objects.create(
        kind="test_echo",
        key="browser",
        params={"text": "fra nettleseren"},
        requested_by=user,
        status=Job.Status.QUEUED,
    )
    login(page, user.username)
    page.goto(f"/jobber/{job.pk}/")
    assert page.get_by_role("status").inner_text().startswith("I kø")
    assert page.get_by_text("Oppdater status").is_hidden()  # the script polls instead
    assert_accessible(page)
    job_run(job.pk)
    link = page.get_by_role("link", name="Last ned ekko.txt")
    link.wait_for(state="visible", timeout=10_000)
    assert page.get_by_role("status").inner_text().startswith("Ferdig")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "ekko.txt"
    with open(download.path(), "rb") as fh:
        assert fh.read() == b'{"kind": "test_echo", "text": "fra nettleseren"}\n'
    assert_accessible(page)
