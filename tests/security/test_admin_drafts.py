"""A-11: the admin honours drafts. Unpublished plan versions, unsubmitted report texts and live office packages are
their own office's only: the administrator (who has no office) cannot list or open them through /admin/."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from jobs.models import Job
from regional.services import plan_version_create, plan_version_publish
from reporting.periods.models import ReportingPeriod
from reporting.reports.services import report_texts_save

DRAFT_MARKERS = ("UTKASTPLANTEKST", "UTKASTRAPPORTTEKST", "utkastpakke-oslo.xlsx")


@pytest.fixture
def drafts(staff_a, office_a):
    published = plan_version_create(office=office_a, sections={"roles": "PUBLISERTPLANTEKST"}, user=staff_a)
    plan_version_publish(version=published, user=staff_a)
    draft = plan_version_create(office=office_a, sections={"roles": "UTKASTPLANTEKST"}, user=staff_a)
    period = ReportingPeriod.objects.order_by("reference_date").first()
    report_texts_save(office=office_a, period=period, texts={"summary": "UTKASTRAPPORTTEKST"}, user=staff_a, round=0)
    live = Job.objects.create(
        kind="report_package",
        key=f"report_package:{period.slug}:oslo-og-viken",
        params={"period": period.slug, "office": "oslo-og-viken", "submitted_version": None},
        status=Job.Status.ERROR,
        filename="utkastpakke-oslo.xlsx",
        requested_by=staff_a,
    )
    submitted = Job.objects.create(
        kind="report_package",
        key=f"report_package:{period.slug}:oslo-og-viken:v1",
        params={"period": period.slug, "office": "oslo-og-viken", "submitted_version": 1},
        status=Job.Status.ERROR,
        filename="levertpakke-oslo.xlsx",
        requested_by=staff_a,
    )
    return {"draft_plan": draft, "published_plan": published, "live_job": live, "submitted_job": submitted}


def _admin_pages(client) -> dict[str, str]:
    """Every registered model's list page and the change page of its latest rows (at most 10 per model)."""
    pages = {}
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        url = reverse("admin:{}_{}_changelist".format(*info))
        pages[url] = client.get(url).content.decode()
        for pk in model._default_manager.order_by("-pk").values_list("pk", flat=True)[:10]:
            change = reverse("admin:{}_{}_change".format(*info), args=[pk])
            response = client.get(change, follow=True)
            pages[change] = response.content.decode()
    return pages


def test_a11_the_administrator_reads_no_draft_through_the_admin(client, admin_user, drafts):
    client.force_login(admin_user)
    pages = _admin_pages(client)
    leaks = [(url, marker) for url, html in pages.items() for marker in DRAFT_MARKERS if marker in html]
    assert leaks == []
    # The walk does reach what is published: the published plan and the submitted package are there.
    assert any("PUBLISERTPLANTEKST" in html for html in pages.values())
    assert any("levertpakke-oslo.xlsx" in html for html in pages.values())


@pytest.mark.parametrize(("name", "key"), [("regional_planversion", "draft_plan"), ("jobs_job", "live_job")])
def test_a11_a_drafts_admin_pages_are_not_found(client, admin_user, drafts, name, key):
    client.force_login(admin_user)
    pk = drafts[key].pk
    for view in ("change", "history", "delete"):
        response = client.get(reverse(f"admin:{name}_{view}", args=[pk]))
        # Not found (the admin sends a missing object to its index); deleting is refused before any lookup.
        assert response.status_code in ((302, 404) if view != "delete" else (403,)), view
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index")
    published = {"draft_plan": "published_plan", "live_job": "submitted_job"}[key]
    assert client.get(reverse(f"admin:{name}_change", args=[drafts[published].pk])).status_code == 200
