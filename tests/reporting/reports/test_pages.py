"""The report pages: who sees what, decisions through the pages, versions, print view, query counts."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import SecurityEvent
from municipalities.models import GoodExample
from regional.services import plan_version_create, plan_version_publish
from reporting.models import Report
from reporting.reports.services import report_accept, report_return, report_submit, report_texts_save
from tests.factories import municipality, record

from .conftest import texts


def _url(name, office, period, *extra):
    return reverse(f"reports:{name}", args=[office.slug, period.slug, *extra])


def test_a_draft_is_its_own_offices_only(client, office_a, spring, staff_a, staff_b, directorate_user, admin_user):
    report_texts_save(office=office_a, period=spring, texts=texts(assessment="Hemmelig utkast"), user=staff_a, round=0)
    client.force_login(staff_a)
    assert "Hemmelig utkast" in client.get(_url("report", office_a, spring)).content.decode()
    for user in (staff_b, directorate_user, admin_user):
        client.force_login(user)
        assert client.get(_url("report", office_a, spring)).status_code == 404
        assert client.get(_url("submit", office_a, spring)).status_code == 404
        assert "Hemmelig utkast" not in client.get(_url("versions", office_a, spring)).content.decode()
    assert SecurityEvent.objects.filter(target__startswith="report:oslo-og-viken/spring-2021").count() == 6


def test_a_submitted_report_is_read_by_every_reader(client, office_a, spring, staff_a, staff_b, directorate_user):
    report_texts_save(
        office=office_a, period=spring, texts=texts(assessment="Innsendt vurdering"), user=staff_a, round=0
    )
    report_submit(office=office_a, period=spring, user=staff_a)
    for user in (staff_a, staff_b, directorate_user):
        client.force_login(user)
        page = client.get(_url("report", office_a, spring)).content.decode()
        assert "Innsendt vurdering" in page
        assert 'data-report-status="submitted"' in page
        assert 'id="report-form"' not in page  # nothing to edit
    # Only the directorate is offered the decisions.
    assert "Godkjenn" in page
    client.force_login(staff_b)
    assert (
        reverse("reports:accept", args=[office_a.slug, spring.slug])
        not in client.get(_url("report", office_a, spring)).content.decode()
    )


def test_staff_submit_and_directorate_decide_through_the_pages(
    client, office_a, spring, staff_a, directorate_user, hdir_mail, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    client.post(_url("save", office_a, spring), {"round": "0", "text_assessment": "Vurdering"})
    confirm = client.get(_url("submit", office_a, spring)).content.decode()
    assert "Disse tekstdelene er tomme" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("submit", office_a, spring), {"round": "0"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[hdir_mail]]
    # A double click (the same POST again) changes nothing and says why.
    again = client.post(_url("submit", office_a, spring), {"round": "0"}, follow=True)
    assert "allerede sendt inn" in again.content.decode()
    assert Report.objects.get(office=office_a, period=spring).version == 1

    client.force_login(directorate_user)
    empty = client.post(_url("return", office_a, spring), {"version": "1", "comment": ""})
    assert empty.status_code == 200
    assert "Feltet må fylles ut." in empty.content.decode()
    client.post(_url("return", office_a, spring), {"version": "1", "comment": "Mangler nettverk"})
    client.force_login(staff_a)
    page = client.get(_url("report", office_a, spring)).content.decode()
    assert "Mangler nettverk" in page
    assert 'id="report-form"' in page
    assert 'data-round="1"' in page
    client.post(_url("submit", office_a, spring), {"round": "1"})
    client.force_login(directorate_user)
    client.post(_url("accept", office_a, spring), {"version": "2", "comment": ""})
    assert Report.objects.get(office=office_a, period=spring).status == "accepted"
    empty = client.post(_url("reopen", office_a, spring), {"version": "2", "comment": ""})
    assert empty.status_code == 200
    client.post(_url("reopen", office_a, spring), {"version": "2", "comment": "Feil i tallene"})
    report = Report.objects.get(office=office_a, period=spring)
    assert (report.status, report.version) == ("returned", 2)
    history = client.get(_url("versions", office_a, spring)).content.decode()
    assert "Feil i tallene" in history
    assert "Mangler nettverk" in history
    assert _url("version", office_a, spring, 1) in history
    assert _url("version", office_a, spring, 2) in history


def test_staff_cannot_decide_and_directorate_cannot_submit(client, office_a, spring, staff_a, directorate_user):
    report_submit(office=office_a, period=spring, user=staff_a)
    client.force_login(staff_a)
    assert client.post(_url("accept", office_a, spring), {"version": "1"}).status_code == 403
    assert client.post(_url("reopen", office_a, spring), {"version": "1", "comment": "x"}).status_code == 403
    client.force_login(directorate_user)
    assert client.post(_url("submit", office_a, spring), {"round": "1"}).status_code == 404
    assert Report.objects.get(office=office_a, period=spring).status == "submitted"


def test_earlier_versions_and_the_print_view(client, office_a, spring, staff_a, staff_b, directorate_user):
    version = plan_version_create(office=office_a, sections={"roles": "KS og USHT"}, user=staff_a)
    plan_version_publish(version=version, user=staff_a)
    report_texts_save(office=office_a, period=spring, texts=texts(assessment="Første"), user=staff_a, round=0)
    report = report_submit(office=office_a, period=spring, user=staff_a).report
    report_return(report=report, user=directorate_user, comment="Rett")
    report_texts_save(office=office_a, period=spring, texts=texts(assessment="Andre"), user=staff_a, round=1)
    report_submit(office=office_a, period=spring, user=staff_a)
    report_accept(report=report, user=directorate_user)
    client.force_login(staff_b)
    first = client.get(_url("version", office_a, spring, 1)).content.decode()
    assert "Første" in first
    assert "Andre" not in first
    printed = client.get(_url("print", office_a, spring, 2))
    body = printed.content.decode()
    assert printed.status_code == 200
    assert "Andre" in body
    assert "versjon 1." in body  # the attached plan version
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/print\.css"', body)
    assert "style=" not in body
    assert "<style" not in body
    assert client.get(_url("version", office_a, spring, 3)).status_code == 404


def test_index_lists_every_office_with_its_state(client, office_a, office_b, spring, staff_a, staff_b):
    report_submit(office=office_a, period=spring, user=staff_a)
    report_texts_save(office=office_b, period=spring, texts=texts(), user=staff_b, round=0)
    client.force_login(staff_a)
    page = client.get(reverse("reports:index") + "?periode=spring-2021").content.decode()
    assert page.count("<tr data-office=") == 10
    assert "Sendt inn" in page
    assert "Utkast" in page
    # Innlandet's draft is not linked for office A's staff.
    assert _url("report", office_b, spring) not in page
    assert _url("report", office_a, spring) in page


def _content(office, staff, size):
    for i in range(size):
        GoodExample.objects.create(
            municipality=municipality("0301"),
            title=f"Eksempel {i}",
            text="t",
            date=datetime.date(2021, 3, 1),
            recorded_by=staff,
        )
        record("0301" if i == 0 else f"300{i}", "phase", "3", "2021-03-01", user=staff)
    report_texts_save(office=office, period=office.spring, texts=texts(), user=staff, round=0)


@pytest.mark.parametrize("size", [1, 4])
def test_report_page_query_count_is_constant(client_a, office_a, spring, staff_a, size, django_assert_num_queries):
    office_a.spring = spring
    _content(office_a, staff_a, size)
    with django_assert_num_queries(20):
        response = client_a.get(_url("report", office_a, spring))
    assert response.status_code == 200
    assert len(response.context["page"].examples) == size


@pytest.mark.parametrize("size", [1, 3])
def test_submitted_report_page_query_count_is_constant(
    client, office_a, spring, staff_a, directorate_user, size, django_assert_num_queries
):
    report = None
    for n in range(size):
        record("0301", "phase", "3" if n % 2 else "2", "2021-03-01", user=staff_a)
        report = report_submit(office=office_a, period=spring, user=staff_a, round=n).report
        if n < size - 1:
            report_return(report=report, user=directorate_user, comment="Rett")
    client.force_login(directorate_user)
    with django_assert_num_queries(19):
        response = client.get(_url("report", office_a, spring))
    assert response.context["page"].shown.version == size
