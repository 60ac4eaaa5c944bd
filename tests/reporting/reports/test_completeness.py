"""The completeness list: one item per missing or doubtful registration, linked to the municipality."""

import datetime

from django.urls import reverse

from networks.models import Network
from reporting.reports.page import report_page
from tests.factories import record


def _items(office, period) -> dict[str, list[str]]:
    page = report_page(office=office, period=period)
    return {g["kind"]: [i.municipality.number for i in g["items"]] for g in page.completeness}


def test_items_per_kind(staff_a, office_a, spring):
    network = Network.objects.create(office=office_a, slug="lhl-ov", name="LHL Oslo og Viken", created_by=staff_a)
    # Oslo: complete.
    record("0301", "phase", "3", "2021-01-01", user=staff_a)
    record("0301", "decision", "plan_adopted", "2021-01-01", user=staff_a, detail="21/1")
    record("0301", "areas_considered", "yes", "2021-01-01", user=staff_a)
    record("0301", "samfunnsdel", "anchored", "2021-01-01", user=staff_a)
    record("0301", "network", "participating", "2021-01-01", user=staff_a, network=network)
    # Halden: a described process without a target date.
    record("3001", "decision", "process_described", "2021-01-01", user=staff_a)
    # Moss: a described process whose target date passed before the reference date.
    record("3002", "decision", "process_described", "2020-06-01", user=staff_a, target_date=datetime.date(2021, 3, 1))
    # Sarpsborg: a process with a target date still ahead; a plan adopted without areas considered in Fredrikstad.
    record("3003", "decision", "process_described", "2021-01-01", user=staff_a, target_date=datetime.date(2021, 9, 1))
    record("3004", "decision", "plan_adopted", "2021-01-01", user=staff_a, detail="21/4")
    # Drammen: recorded "no decision"; a network it left.
    record("3005", "decision", "none", "2021-01-01", user=staff_a)
    record("3005", "network", "participating", "2020-01-01", user=staff_a, network=network)
    record("3005", "network", "none", "2021-02-01", user=staff_a, network=network)
    # A phase recorded after the reference date does not count.
    record("3001", "phase", "2", "2021-05-01", user=staff_a)

    items = _items(office_a, spring)
    n = office_a.municipalities.count()
    assert "0301" not in {num for nums in items.values() for num in nums}
    assert len(items["phase_not_assessed"]) == n - 1
    assert "3001" in items["phase_not_assessed"]
    assert "3005" in items["no_decision"]
    assert "3001" not in items["no_decision"]
    assert len(items["no_decision"]) == n - 5  # all but Oslo, Halden, Moss, Sarpsborg, Fredrikstad
    assert items["process_without_target"] == ["3001"]
    assert items["process_target_passed"] == ["3002"]
    assert items["plan_without_areas"] == ["3004"]
    assert len(items["no_samfunnsdel"]) == n - 1
    assert "3005" in items["no_network"]
    assert len(items["no_network"]) == n - 1


def test_items_link_to_the_municipality(client_a, office_a, spring, staff_a):
    record("3001", "decision", "process_described", "2021-01-01", user=staff_a)
    page = client_a.get(reverse("reports:report", args=[office_a.slug, spring.slug])).content.decode()
    assert 'data-completeness="process_without_target"' in page
    assert (
        f'href="{reverse("municipalities:municipality-detail", args=["3001"])}?periode={spring.slug}#registrer"' in page
    )
    assert "Beskrevet prosess uten dato for når planen skal vedtas." in page
