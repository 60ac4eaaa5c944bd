"""The office's round overview on a laptop (1366×768) and a phone (390×844): the deadline with the days left,
the response rate as «N av M», each municipality's state; axe-core finds no WCAG 2.1 A/AA violation and nothing
is wider than the screen. With LHL_SCREENSHOTS=<folder> the test leaves a PNG of each size there to look at."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from municipalities.models import Office
from selfreport.responses import response_save
from selfreport.review import response_review
from tests.factories import UserFactory
from tests.selfreport.helpers import contact, start

from .conftest import assert_accessible, login

SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_the_round_overview_reads_on_a_laptop_and_a_phone(browser, live_server, transactional_country, size):
    office = Office.objects.get(slug="oslo-og-viken")
    kari = UserFactory(username="kari", first_name="Kari", last_name="Saksbehandler", office=office)
    for number, name in (("0301", "Per Post"), ("3001", "Hanne Halden-Saksbehandlersen"), ("3002", "Mona Moss")):
        contact(number, user=kari, name=name, role="Leve hele livet-koordinator")
    round_, issued = start(office, kari, ["0301", "3001", "3002"], days=9, message="Husk å sjekke nettverkene.")
    first = response_save(invitation=issued[0].invitation, changes=[], comment="", expected_version=0, submit=True)
    response_review(response=first, user=kari, decisions={}, comment="", expected_version=first.version)
    response_save(invitation=issued[1].invitation, changes=[], comment="", expected_version=0, submit=True)

    viewport = SIZES[size]
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=viewport, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, "kari")
    page.goto(reverse("selfreport:round", args=[office.slug, round_.pk]))
    page.wait_for_load_state()

    folder = os.environ.get("LHL_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"round-overview-{size}.png"), full_page=True)

    facts = re.sub(r"[ \n\t]+", " ", page.locator("dl").first.inner_text())
    assert "9 dager igjen" in facts
    assert "2 av 3 kommuner har svart (67\u00a0%); 1 godkjent" in facts
    expect(page.get_by_role("link", name="Gå gjennom fra Halden, Hanne Halden-Saksbehandlersen")).to_be_visible()
    # Every row's buttons are on the screen, not in a column scrolled off to the right of a phone.
    resend = page.get_by_role("button", name="Send ny lenke til Hanne Halden-Saksbehandlersen, Halden")
    box = resend.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= viewport["width"]
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page is {width}px wide on a {viewport['width']}px screen"
    context.close()
