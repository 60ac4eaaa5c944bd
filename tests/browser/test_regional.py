"""The regional pages in a real browser: the example library search, and axe-core on every page kind."""

import datetime

from django.utils import timezone

from municipalities.models import GoodExample
from regional.models import Event, Nomination, StatusMeeting
from regional.services import plan_version_create, plan_version_publish
from tests.factories import DirectorateFactory, UserFactory, municipality

from .conftest import assert_accessible, login


def _content(office, staff, hdir):
    version = plan_version_create(
        office=office, sections={"roles": "KS driver ledernettverk.", "networks": "Ernæringsnettverk"}, user=staff
    )
    plan_version_publish(version=version, user=staff)
    start = timezone.now() + datetime.timedelta(days=14)
    Event.objects.create(
        office=office,
        start=start,
        end=start + datetime.timedelta(hours=6),
        title="Regional konferanse",
        target_group="Ledere",
        theme="Fra plan til handling",
        hdir_wanted=True,
        place="Kulturhuset",
        created_by=staff,
    )
    Nomination.objects.create(
        office=office,
        year=timezone.localdate().year,
        county=municipality("0301").county,
        municipality=municipality("0301"),
        justification="Godt arbeid",
        created_by=staff,
    )
    StatusMeeting.objects.create(
        office=office,
        date=datetime.date(2021, 3, 10),
        participants="Hdir og embetet",
        minutes="Referat",
        created_by=hdir,
        updated_by=hdir,
    )
    GoodExample.objects.create(
        municipality=municipality("3401"),
        title="Seniorkafé i biblioteket",
        text="Møteplass for eldre hver tirsdag.",
        code="generasjonsmoter",
        date=datetime.date(2021, 4, 1),
        recorded_by=staff,
    )
    GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Måltidsvert",
        text="Fast vert ved middagen.",
        code="det-gode-maltidet",
        date=datetime.date(2021, 4, 2),
        recorded_by=staff,
    )


def test_staff_search_the_library_and_open_an_example(page, office_a):
    staff = UserFactory(username="kari", office=office_a)
    _content(office_a, staff, DirectorateFactory(username="hilde"))
    login(page, "kari")
    page.get_by_role("link", name="Eksempelsamling").click()
    page.get_by_label("Fritekst").fill("biblioteket")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Måltidsvert").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="Seniorkafé i biblioteket").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Seniorkafé i biblioteket"
    assert page.get_by_role("link", name="Kongsvinger").count() == 1
    assert_accessible(page)


def test_regional_pages_are_accessible(page, office_a):
    staff = UserFactory(username="kari", office=office_a)
    hdir = DirectorateFactory(username="hilde")
    _content(office_a, staff, hdir)
    meeting = StatusMeeting.objects.get()
    login(page, "kari")
    slug = office_a.slug
    for path in (
        "/regionalt/",
        f"/embeter/{slug}/plan/",
        f"/embeter/{slug}/plan/ny-versjon/",
        f"/embeter/{slug}/arrangementer/",
        f"/embeter/{slug}/arrangementer/ny/",
        "/arrangementer/",
        "/kalender/",
        f"/embeter/{slug}/prisen/",
        f"/embeter/{slug}/prisen/ny/",
        "/prisen/",
        f"/embeter/{slug}/statusmoter/",
        f"/embeter/{slug}/statusmoter/{meeting.pk}/",
        "/eksempler/",
    ):
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()
    login(page, "hilde")
    page.goto(f"/embeter/{slug}/statusmoter/{meeting.pk}/endre/")
    assert_accessible(page)


def test_choosing_a_county_narrows_the_municipality_list(page, office_a):
    UserFactory(username="nora", office=office_a)
    login(page, "nora")
    page.goto(f"/embeter/{office_a.slug}/prisen/ny/")
    municipality_list = page.locator("#id_municipality")
    assert municipality_list.locator("option").count() == 53  # the office's 52 and «---------»
    page.locator("#id_county").select_option(label="Oslo")
    page.wait_for_function("document.querySelectorAll('#id_municipality option').length === 2")
    assert page.locator("#id_municipality option").all_inner_texts()[1:] == ["Oslo (0301)"]
    page.locator("#id_municipality").select_option(label="Oslo (0301)")
    page.get_by_label("Begrunnelse").fill("Gode måltider for alle.")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("status").first.inner_text() == "Oslo er nominert for Oslo 2026."
    assert_accessible(page)
