"""seed_demo's municipality content: plausible, fictional, idempotent."""

import datetime

from demo.status import demo_content_create
from demo.users import demo_users_create
from municipalities.exporting import status_rows
from municipalities.facts import GoodExample, StatusFact
from municipalities.models import Municipality
from networks.models import Network


def test_demo_content_records_facts_for_both_demo_offices_once(db):
    users = {u.username: u for u in demo_users_create(password="pw")}
    demo_content_create(users=users)
    facts = StatusFact.objects.filter(source="demo")
    counts = {
        slug: facts.filter(municipality__office__slug=slug).values("municipality").distinct().count()
        for slug in ("oslo-og-viken", "innlandet")
    }
    assert all(15 <= n <= 25 for n in counts.values()), counts
    assert facts.count() == facts.filter(municipality__office__slug__in=counts).count()
    assert {f.recorded_by.username for f in facts.filter(municipality__office__slug="innlandet")} == {
        "demo-staff-innlandet"
    }
    assert Network.objects.filter(office__slug__in=counts).count() == 4
    assert GoodExample.objects.filter(title__startswith="Fiktivt").count() >= 4
    assert all("fiktiv" in f.note.lower() for f in facts)

    rows = list(status_rows(Municipality.objects.filter(office__slug="oslo-og-viken"), datetime.date(2021, 12, 31)))
    assert {r.decision for r in rows} >= {"plan_adopted", "process_described", "none"}
    assert {r.phase for r in rows} >= {"2", "3", ""}
    assert any(r.priorities for r in rows)
    assert any(r.networks for r in rows)
    autumn_2020 = list(status_rows(Municipality.objects.filter(office__slug="innlandet"), datetime.date(2020, 12, 31)))
    assert {r.dialogue_meeting for r in autumn_2020} >= {"held", "none"}

    before = (facts.count(), Network.objects.count(), GoodExample.objects.count())
    demo_content_create(users=users)
    assert (StatusFact.objects.filter(source="demo").count(), Network.objects.count(), GoodExample.objects.count()) == (
        before
    )


def test_demo_content_without_demo_users_does_nothing(db):
    demo_content_create(users={})
    assert not StatusFact.objects.exists()
