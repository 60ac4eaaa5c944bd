"""Staff's start page shows their office's report for the current period; a completeness item opens the fact
form at the period's reference date and says why."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import ReportingPeriod
from reporting.reports.selectors import current_period
from reporting.reports.services import report_submit


def period(slug, ref, deadline):
    return ReportingPeriod(slug=slug, name=slug, reference_date=ref, deadline=deadline)


def test_current_period_is_the_earliest_open_deadline_else_the_latest():
    d = datetime.date
    a = period("autumn-2021", d(2021, 10, 1), d(2021, 11, 1))
    b = period("spring-2022", d(2022, 4, 1), d(2022, 5, 1))
    c = period("autumn-2022", d(2022, 10, 1), d(2022, 11, 1))
    assert current_period([a, b, c], d(2022, 1, 1)) == b
    assert current_period([a, b, c], d(2022, 5, 1)) == b  # the deadline day is still open
    assert current_period([a, b, c], d(2022, 5, 2)) == c
    assert current_period([a, b, c], d(2030, 1, 1)) == c
    assert current_period([], d(2030, 1, 1)) is None


@pytest.fixture
def open_period(db):
    today = timezone.localdate()
    return ReportingPeriod.objects.create(
        slug=f"spring-{today.year + 1}",
        name=f"Våren {today.year + 1}",
        reference_date=today + datetime.timedelta(days=30),
        deadline=today + datetime.timedelta(days=45),
        figures=["phase_3"],
        sections=[],
    )


def test_staff_start_page_shows_the_current_report(client, staff_a, open_period):
    client.force_login(staff_a)
    response = client.get(reverse("home"), follow=True)
    html = response.content.decode()
    panel = re.search(r"<section[^>]*data-start-report[^>]*>(.*?)</section>", html, re.S)
    assert panel is not None
    assert f'data-period="{open_period.slug}"' in html
    body = panel.group(1)
    # the period's name heads the panel as written (a capitalised season name never lands mid-sentence)
    assert f"{open_period.name}: embetets rapport" in body
    assert "Rapporten for" not in body
    assert "Ikke påbegynt" in body
    assert "45 dager igjen" in body
    assert f"{open_period.deadline.day}. " in body
    assert re.search(r'data-completeness="\d+"', body)
    assert reverse("reports:report", args=["oslo-og-viken", open_period.slug]) in body
    assert "Begynn på rapporten" in body


def test_other_readers_see_no_report_panel(client, staff_b, directorate_user, open_period):
    for user in (staff_b, directorate_user):
        client.force_login(user)
        html = client.get(reverse("municipalities:office-detail", args=["oslo-og-viken"])).content.decode()
        assert "data-start-report" not in html


def test_a_late_submission_says_so_on_the_start_panel(client, staff_a, db):
    # every default period's deadline has passed: the latest one is current
    latest = ReportingPeriod.objects.order_by("-deadline").first()
    from municipalities.models import Office

    report_submit(office=Office.objects.get(slug="oslo-og-viken"), period=latest, user=staff_a)
    client.force_login(staff_a)
    html = client.get(reverse("municipalities:office-detail", args=["oslo-og-viken"])).content.decode()
    days = (timezone.localdate() - latest.deadline).days
    assert f"levert {days} dager etter fristen" in html
    assert "Se rapporten" in html


def test_completeness_item_opens_the_form_at_the_reference_date(client, staff_a, db):
    autumn = ReportingPeriod.objects.get(slug="autumn-2021")
    client.force_login(staff_a)
    report = client.get(reverse("reports:report", args=["oslo-og-viken", "autumn-2021"])).content.decode()
    links = re.findall(r'href="(/kommuner/\d{4}/\?periode=autumn-2021#registrer)"', report)
    assert links, "every completeness item links to the form with the period"
    page = client.get(links[0].split("#")[0]).content.decode()
    ref = autumn.reference_date
    assert f'name="effective_date" value="{ref.isoformat()}"' in page or f'value="{ref:%d.%m.%Y}"' in page
    assert (
        f"Rettingen må gjelde fra referansedatoen {ref.day}.{ref.month}.{ref.year} for å telle med i rapporten "
        f"for {autumn.name[:1].lower()}{autumn.name[1:]}." in page
    )
    plain = client.get(links[0].split("?")[0]).content.decode()
    assert "data-period-hint" not in plain
    today = timezone.localdate()
    assert f'value="{today.isoformat()}"' in plain or f'value="{today:%d.%m.%Y}"' in plain


def test_unknown_period_in_the_link_is_ignored(client, staff_a, db):
    client.force_login(staff_a)
    page = client.get(reverse("municipalities:municipality-detail", args=["0301"]), {"periode": "x" * 80})
    assert page.status_code == 200
    assert "data-period-hint" not in page.content.decode()
