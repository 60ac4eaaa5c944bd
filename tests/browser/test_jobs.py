"""The progress box in a real browser: it follows the job without a reload and then offers the file."""

import pytest

from jobs.models import Job
from jobs.services import job_run
from reporting.reports.package_jobs import package_key
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


def _banner(page):
    return page.locator("main .alert", has_text="bygges")


def test_the_package_banner_goes_when_the_box_says_ferdig(page, settings, tmp_path):
    """«Pakken bygges…» and «Ferdig» never stand together: a job that ended at once gets no banner, and a job
    that ends while the page is open takes its banner with it."""
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(username="pakke-bruker")
    login(page, user.username)
    page.goto("/rapportering/spring-2021/embeter/oslo-og-viken/pakke/")
    page.get_by_role("button", name="Lag rapportpakke").click()  # tasks run in-process: done at once
    progress = page.locator("[data-job-progress]")
    assert progress.get_by_role("status").inner_text().startswith("Ferdig")
    assert _banner(page).count() == 0
    assert page.get_by_text("Pakken var allerede bestilt").count() == 0

    # A job still queued when the page opens (ordered by a colleague a moment ago): the banner stays while it runs.
    waiting = Job.objects.create(
        kind="report_package",
        key=package_key(period="spring-2021", office="oslo-og-viken"),
        params={"period": "spring-2021", "office": "oslo-og-viken", "submitted_version": None},
        requested_by=user,
        status=Job.Status.QUEUED,
    )
    page.get_by_role("button", name="Lag rapportpakke").click()
    banner = page.get_by_text("Pakken var allerede bestilt og bygges nå")
    assert banner.is_visible()
    assert progress.get_by_role("status").inner_text().startswith("I kø")
    job_run(waiting.pk)
    banner.wait_for(state="detached", timeout=10_000)
    assert progress.get_by_role("status").inner_text().startswith("Ferdig")
    assert_accessible(page)
