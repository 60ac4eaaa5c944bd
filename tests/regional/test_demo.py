"""The regional demo content: present for both demo offices, and idempotent."""

from demo.regional_work import demo_content_create
from demo.users import demo_users_create
from municipalities.models import GoodExample
from regional.models import Event, Nomination, PlanVersion, StatusMeeting
from regional.sections import SECTION_KEYS
from regional.selectors import published_plan


def test_demo_content_is_complete_and_idempotent(db):
    users = {u.username: u for u in demo_users_create(password="pw")}
    demo_content_create(users=users)
    counts = (
        PlanVersion.objects.count(),
        Event.objects.count(),
        Nomination.objects.count(),
        StatusMeeting.objects.count(),
        GoodExample.objects.count(),
    )
    demo_content_create(users=users)
    assert counts == (
        PlanVersion.objects.count(),
        Event.objects.count(),
        Nomination.objects.count(),
        StatusMeeting.objects.count(),
        GoodExample.objects.count(),
    )
    for slug in ("oslo-og-viken", "innlandet"):
        plan = published_plan(users[f"demo-staff-{slug}"].office)
        assert plan is not None
        assert all(plan.section_texts()[k] for k in SECTION_KEYS)
        events = Event.objects.filter(office__slug=slug)
        assert events.count() == 3
        assert events.filter(hdir_wanted=True).exists()
        assert Nomination.objects.filter(office__slug=slug).exists()
        assert StatusMeeting.objects.filter(office__slug=slug).count() == 2
        assert GoodExample.objects.filter(municipality__office__slug=slug, title__contains="demo").count() == 5
    assert all("demo" in e.title.lower() for e in Event.objects.all())
