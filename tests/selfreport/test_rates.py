"""The directorate sees response rates per office; the national package says how many municipalities confirmed
their own status in the period; the office's pages list rounds and contacts in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from reporting.packages.data import package_data_national
from reporting.packages.workbook import package_sheets
from reporting.periods.models import ReportingPeriod
from selfreport.models import Round
from selfreport.responses import response_save
from selfreport.review import response_review

from .helpers import contact, start


def _answer(issued, kari, *, accept: bool):
    response = response_save(invitation=issued.invitation, changes=[], comment="", expected_version=0, submit=True)
    if accept:
        response_review(response=response, user=kari, decisions={}, comment="", expected_version=response.version)


def test_response_rates_per_office_on_the_dashboard(client, office_a, kari, directorate_user):
    for number in ("0301", "3001", "3002", "3003"):
        contact(number, user=kari, name=f"Kontakt {number}")
    start(office_a, kari, ["0301"])  # an earlier round: only the latest counts
    _round, issued = start(office_a, kari, ["0301", "3001", "3002", "3003"])
    by_number = {i.invitation.municipality.number: i for i in issued}
    _answer(by_number["0301"], kari, accept=True)
    _answer(by_number["3001"], kari, accept=False)
    client.force_login(directorate_user)
    page = client.get(reverse("selfreport:rates"))
    assert page.status_code == 200
    rows = {row.office.slug: row for row in page.context["rows"]}
    oslo = rows["oslo-og-viken"]
    assert (oslo.municipalities, oslo.answered, oslo.accepted, oslo.rate) == (4, 2, 1, 0.5)
    assert rows["innlandet"].round_ is None
    html = page.content.decode()
    assert "50\u00a0%" in html
    assert "Ingen statusrunde ennå" in html
    assert 'aria-current="page"' in html  # a tab of the national dashboard


@pytest.mark.parametrize("count", [1, 3])
def test_the_rates_page_runs_a_fixed_number_of_queries(
    client, directorate_user, kari, office_a, count, django_assert_num_queries
):
    numbers = ["0301", "3001", "3002"][:count]
    for number in numbers:
        contact(number, user=kari, name=f"Kontakt {number}")
    start(office_a, kari, numbers)
    client.force_login(directorate_user)
    # session, user, offices, latest rounds, counts; the session's save (savepoint, update, release)
    with django_assert_num_queries(8):
        client.get(reverse("selfreport:rates"))


@pytest.mark.parametrize("count", [1, 3])
def test_the_round_overview_runs_a_fixed_number_of_queries(client, kari, office_a, count, django_assert_num_queries):
    numbers = ["0301", "3001", "3002"][:count]
    for number in numbers:
        contact(number, user=kari, name=f"Kontakt {number}")
    round_, _issued = start(office_a, kari, numbers)
    client.force_login(kari)
    url = reverse("selfreport:round", args=[office_a.slug, round_.pk])
    # session, user, office, round, invitations (with responses), live links, the menu's office; the session's save
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("days", "wording"), [(5, "5 dager igjen"), (1, "1 dag igjen"), (0, "i dag"), (-2, "passert")])
def test_the_round_overview_shows_the_response_rate_and_the_days_left(client, kari, office_a, days, wording):
    for number in ("0301", "3001", "3002"):
        contact(number, user=kari, name=f"Kontakt {number}")
    round_, issued = start(office_a, kari, ["0301", "3001", "3002"])
    _answer(issued[0], kari, accept=True)
    _answer(issued[1], kari, accept=False)
    deadline = timezone.localdate() + datetime.timedelta(days=days)
    Round.objects.filter(pk=round_.pk).update(deadline=deadline)
    client.force_login(kari)
    html = client.get(reverse("selfreport:round", args=[office_a.slug, round_.pk])).content.decode()
    assert f"{date_format(deadline, 'j. F Y')} – {wording}</dd>" in html
    assert "2 av 3 kommuner har svart (67\u00a0%); 1 godkjent" in html


def test_the_national_package_counts_self_confirmed_municipalities_in_the_period(office_a, office_b, kari):
    from tests.factories import UserFactory

    inger = UserFactory(username="inger", office=office_b)
    contact("0301", user=kari, name="Per Post")
    contact("3001", user=kari, name="Kari Fjord")
    contact("3401", user=inger, name="Inger Innland")
    _r, oslo = start(office_a, kari, ["0301", "3001"])
    _r, innlandet = start(office_b, inger, ["3401"])
    _answer(oslo[0], kari, accept=True)
    _answer(oslo[1], kari, accept=False)  # submitted, not accepted: not counted
    _answer(innlandet[0], inger, accept=True)
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        slug=f"autumn-{today.year + 1}",
        name="Test",
        reference_date=today,
        deadline=today + datetime.timedelta(days=30),
    )
    data = package_data_national(period=period, generated_at=timezone.now(), generated_by="Test")
    assert data.self_confirmed == 2
    summary = package_sheets(data)[0]
    row = next(
        r
        for r in [*summary.above, *summary.rows]
        if r and str(r[0]).startswith("Kommuner som selv har bekreftet statusen")
    )
    assert row[1] == 2
    # An earlier period (its deadline before the confirmations) counts none of them.
    earlier = ReportingPeriod.objects.filter(deadline__lt=today).order_by("-deadline").first()
    assert package_data_national(period=earlier, generated_at=timezone.now(), generated_by="Test").self_confirmed == 0


def test_the_annual_summary_gets_the_same_count(office_a, kari):
    from summary.data import Directorate, summary_data_build
    from summary.document import summary_document_bytes
    from tests.summary.conftest import document, table_after

    contact("0301", user=kari, name="Per Post")
    contact("3001", user=kari, name="Kari Fjord")
    _r, issued = start(office_a, kari, ["0301", "3001"])
    _answer(issued[0], kari, accept=True)
    _answer(issued[1], kari, accept=False)
    today = timezone.localdate()
    year = today.year
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    period = ReportingPeriod.objects.create(
        slug=f"autumn-{year}",
        name=f"Høsten {year}",
        reference_date=today,
        deadline=today + datetime.timedelta(days=30),
        figures=spring.figures,
        sections=spring.sections,
    )
    data = summary_data_build(
        year=year, periods=[period], directorate=Directorate(), generated_at=timezone.now(), generated_by="Test"
    )
    assert data.self_confirmed["total"] == 1
    assert data.self_confirmed["offices"]["oslo-og-viken"] == 1
    table = table_after(document(summary_document_bytes(data)), "Kommunenes egne statusbekreftelser")
    assert table[1] == ["Oslo og Viken", "1"]
    assert table[-1] == ["Hele landet", "1"]
    # A year before the confirmation counts none.
    before = summary_data_build(
        year=year - 1, periods=[], directorate=Directorate(), generated_at=timezone.now(), generated_by="Test"
    )
    assert before.self_confirmed["total"] == 0
