"""One definition of a gap: the office overview's «mangler» filters and the report's completeness list name
the same municipalities for the same date."""

import datetime

import pytest
from django.urls import reverse

from municipalities.gaps import OVERVIEW_FILTERS
from municipalities.models import Municipality
from municipalities.selectors import status_as_of
from networks.models import Network
from reporting.reports.completeness import completeness_items
from tests.factories import record

AS_OF = datetime.date(2021, 10, 31)


@pytest.fixture
def histories(office_a, staff_a):
    network = Network.objects.create(office=office_a, slug="sor", name="Nettverk Sør", created_by=staff_a)
    for number in ("0301", "3001"):  # complete
        record(number, "phase", "3", "2021-03-01", user=staff_a)
        record(number, "decision", "plan_adopted", "2021-02-01", user=staff_a)
        record(number, "areas_considered", "yes", "2021-02-01", user=staff_a)
        record(number, "samfunnsdel", "anchored", "2021-02-01", user=staff_a)
        record(number, "network", "participating", "2021-02-01", user=staff_a, network=network)
    record("3002", "decision", "process_described", "2020-10-01", user=staff_a)  # imported without a date
    record("3003", "decision", "process_described", "2021-01-01", user=staff_a, target_date=datetime.date(2021, 6, 1))
    record("3004", "samfunnsdel", "none", "2021-01-01", user=staff_a)  # a recorded «not anchored»
    record("3005", "decision", "plan_adopted", "2021-01-01", user=staff_a)
    record("3001", "network", "none", "2021-11-15", user=staff_a, network=network)  # after the date: no gap yet


def overview(client, **params) -> set[str]:
    url = reverse("municipalities:office-detail", kwargs={"slug": "oslo-og-viken"})
    response = client.get(url, {"as_of": AS_OF.isoformat(), **params})
    return {row.municipality.number for row in response.context["rows"]}


def completeness(kinds=None) -> set[str]:
    municipalities = list(Municipality.objects.filter(office__slug="oslo-og-viken").order_by("number"))
    statuses = status_as_of(municipalities, as_of=AS_OF)
    items = completeness_items(municipalities=municipalities, statuses=statuses, as_of=AS_OF)
    return {i.municipality.number for i in items if kinds is None or i.kind in kinds}


def test_mangler_data_names_the_municipalities_of_the_completeness_list(client_a, histories):
    missing = overview(client_a, missing="data")
    assert missing == completeness()
    assert len(missing) == 50
    assert {"0301", "3001"}.isdisjoint(missing)
    assert {"3002", "3003", "3004", "3005"} <= missing


@pytest.mark.parametrize("what", sorted(OVERVIEW_FILTERS))
def test_each_mangler_filter_is_a_kind_of_the_completeness_list(client_a, histories, what):
    assert overview(client_a, missing=what) == completeness(OVERVIEW_FILTERS[what])


def test_a_process_imported_without_target_date_is_flagged_by_both(client_a, histories):
    assert overview(client_a, missing="target_date") == completeness({"process_without_target"}) == {"3002"}
