"""Rendered dashboard and grant pages are cached per data version, refreshed by every kind of write, and
answered with a 304 only when nothing changed (common.cache, common.conditional, common.data_version)."""

import datetime
import gzip
import re
import threading
import time

import pytest
from django.core.cache import cache

from common.cache import cache_get_or_compute
from municipalities.catalogue import catalogue_name_correct
from municipalities.models import Solution
from municipalities.services import fact_retract
from reporting.grants.models import GrantScheme
from reporting.grants.services import grant_confirmation_record, grant_scheme_save
from reporting.periods.models import ReportingPeriod
from reporting.periods.services import period_save
from reporting.reports.services import report_submit
from tests.common.test_data_version import WRITES
from tests.factories import municipality, record

from .conftest import overview_cells

pytestmark = pytest.mark.django_db

OVERVIEW = "/dashboard/?periode=spring-2021"
PAGES = [
    OVERVIEW,
    "/dashboard/utvikling/",
    "/dashboard/kart/?periode=spring-2021&status=fase",
    "/tilskudd/?aar=2021&dato=2021-12-31",
    "/embeter/oslo-og-viken/tilskudd/?aar=2021&dato=2021-12-31",
    "/dashboard/status.xlsx?periode=spring-2021",
]


@pytest.fixture
def hdir_client(client, directorate_user):
    client.force_login(directorate_user)
    return client


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def _committed(django_capture_on_commit_callbacks, write, *args):
    with django_capture_on_commit_callbacks(execute=True):
        return write(*args)


@pytest.mark.parametrize("path", PAGES[:5])
def test_a_warm_page_is_served_from_the_cache_with_a_handful_of_queries(
    path, hdir_client, history, django_assert_max_num_queries
):
    cold = hdir_client.get(path)
    assert cold.status_code == 200
    with django_assert_max_num_queries(8):  # session, user, data version, periods, offices: no figures
        warm = hdir_client.get(path)
    assert _without_csrf(warm.content) == _without_csrf(cold.content)


def test_a_new_fact_shows_on_the_cached_overview_and_map(
    hdir_client, staff_a, history, django_capture_on_commit_callbacks
):
    before = overview_cells(hdir_client.get(OVERVIEW).content.decode())
    map_before = hdir_client.get("/dashboard/kart/?periode=spring-2021&status=fase").content.decode()
    _committed(django_capture_on_commit_callbacks, lambda: record("3002", "phase", "3", "2021-03-01", user=staff_a))
    after = overview_cells(hdir_client.get(OVERVIEW).content.decode())
    assert after != before
    assert after[""] != before[""]
    map_after = hdir_client.get("/dashboard/kart/?periode=spring-2021&status=fase").content.decode()
    assert map_after.count('data-category="3"') >= 1
    assert map_after != map_before


def test_a_retraction_takes_the_fact_off_the_cached_overview(
    hdir_client, staff_a, history, django_capture_on_commit_callbacks
):
    fact = record("3002", "phase", "3", "2021-03-01", user=staff_a)
    with_fact = overview_cells(hdir_client.get(OVERVIEW).content.decode())
    _committed(django_capture_on_commit_callbacks, lambda: fact_retract(fact=fact, reason="Feil.", user=staff_a))
    without = overview_cells(hdir_client.get(OVERVIEW).content.decode())
    assert without["oslo-og-viken"] != with_fact["oslo-og-viken"]


def test_a_grant_confirmation_and_a_scheme_edit_show_on_the_cached_grant_page(
    hdir_client, staff_a, directorate_user, django_capture_on_commit_callbacks
):
    path = "/tilskudd/?aar=2021&dato=2021-12-31"
    assert "Begrunnet i testen" not in hdir_client.get(path).content.decode()
    _committed(
        django_capture_on_commit_callbacks,
        lambda: grant_confirmation_record(
            municipality=municipality("0301"),
            year=2021,
            confirmed=True,
            reason="Begrunnet i testen",
            as_of=datetime.date(2021, 12, 31),
            user=staff_a,
        ),
    )
    assert "Begrunnet i testen" in hdir_client.get(path).content.decode()
    scheme = GrantScheme.objects.filter(year=2021).order_by("pk").first()
    scheme.name = "Ordning med nytt navn"
    _committed(django_capture_on_commit_callbacks, lambda: grant_scheme_save(scheme=scheme, user=directorate_user))
    assert "Ordning med nytt navn" in hdir_client.get(path).content.decode()


def test_a_period_and_a_catalogue_edit_show_on_the_cached_overview(
    hdir_client, directorate_user, history, django_capture_on_commit_callbacks
):
    page = "/dashboard/?dato=2021-12-31"
    hdir_client.get(OVERVIEW)
    hdir_client.get(page)
    period = ReportingPeriod.objects.get(slug="spring-2021")
    period.name = "Våren tjueenogtjue"
    _committed(django_capture_on_commit_callbacks, lambda: period_save(period=period, user=directorate_user))
    assert "Våren tjueenogtjue" in hdir_client.get(OVERVIEW).content.decode()
    solution = Solution.objects.order_by("code").first()
    _committed(
        django_capture_on_commit_callbacks,
        lambda: catalogue_name_correct(entry=solution, name="Måltidsløsningen", user=directorate_user),
    )
    assert "Måltidsløsningen" in hdir_client.get(page).content.decode()


def test_a_submission_shows_on_the_cached_overview(hdir_client, staff_a, history, django_capture_on_commit_callbacks):
    before = hdir_client.get(OVERVIEW).content.decode()
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    _committed(
        django_capture_on_commit_callbacks, lambda: report_submit(office=staff_a.office, period=spring, user=staff_a)
    )
    after = hdir_client.get(OVERVIEW).content.decode()
    assert {source for _count, source in overview_cells(after)["oslo-og-viken"].values()} == {"submitted"}
    assert {source for _count, source in overview_cells(before)["oslo-og-viken"].values()} == {"live"}


# ---- conditional GET ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_an_unchanged_page_is_a_304_with_the_same_etag(path, hdir_client):
    first = hdir_client.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    again = hdir_client.get(path, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    weak = hdir_client.get(path, headers={"If-None-Match": "W/" + first["ETag"]})  # as a compressed page's
    assert weak.status_code == 304


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_after_every_kind_of_write_the_page_is_sent_again_with_a_new_etag(
    write, hdir_client, staff_a, directorate_user, django_capture_on_commit_callbacks
):
    first = hdir_client.get(OVERVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        WRITES[write](staff_a, directorate_user)
    again = hdir_client.get(OVERVIEW, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.content


def test_another_user_never_gets_the_first_users_etag_or_page(client, directorate_user, staff_a):
    client.force_login(directorate_user)
    first = client.get(OVERVIEW)
    client.force_login(staff_a)
    other = client.get(OVERVIEW, headers={"If-None-Match": first["ETag"]})
    assert other.status_code == 200
    assert other["ETag"] != first["ETag"]
    body = other.content.decode()
    assert staff_a.username in body or staff_a.get_full_name() in body
    assert 'class="table-primary dashboard-own" data-office="oslo-og-viken"' in body  # staff A's own office
    assert 'class="table-primary dashboard-own"' not in first.content.decode()  # the directorate has none


def test_a_message_waiting_is_shown_rather_than_a_304(hdir_client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    first = hdir_client.get(OVERVIEW)
    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    storage.add(constants.SUCCESS, "Lagret i testen.")
    encoded = storage._encode(storage._loaded_messages + storage._queued_messages)
    hdir_client.cookies["messages"] = encoded
    response = hdir_client.get(OVERVIEW, headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 200
    assert "Lagret i testen." in response.content.decode()


# ---- compression and static files --------------------------------------------------------------------------------


def test_dashboard_pages_are_compressed_and_posts_are_not(hdir_client):
    page = hdir_client.get(OVERVIEW, headers={"Accept-Encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert "Nasjonal oversikt" in gzip.decompress(page.content).decode()
    assert page["ETag"].startswith('W/"')
    posted = hdir_client.post("/konto/logg-ut/", headers={"Accept-Encoding": "gzip"})
    assert not posted.has_header("Content-Encoding")


# ---- single flight -----------------------------------------------------------------------------------------------


def test_single_flight_computes_once_while_others_wait():
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return "figures"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache_get_or_compute("sf:test", slow))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["figures"] * 5
    assert len(calls) == 1


def test_a_dead_lock_holder_does_not_keep_others_waiting():
    cache.set("sf:dead:lock", "someone-who-died", 1)  # its lock expires; nobody stores the entry
    assert cache_get_or_compute("sf:dead", lambda: "computed", wait=3) == "computed"
    assert cache.get("sf:dead") == "computed"


def test_without_a_reachable_cache_the_value_is_computed(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert cache_get_or_compute("sf:down", lambda: "computed") == "computed"


def test_the_readers_stored_page_carries_a_fresh_csrf_token_that_signs_out(hdir_client, django_assert_max_num_queries):
    hdir_client.get(OVERVIEW)
    with django_assert_max_num_queries(6):  # what the trivial view does (session, user, session save) + the version
        stored = hdir_client.get(OVERVIEW)
    again = hdir_client.get(OVERVIEW)
    tokens = [re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', r.content).group(1) for r in (stored, again)]
    assert tokens[0] != tokens[1]
    checked = type(hdir_client)(enforce_csrf_checks=True)
    checked.cookies = hdir_client.cookies
    signed_out = checked.post("/konto/logg-ut/", {"csrfmiddlewaretoken": tokens[1].decode()})
    assert signed_out.status_code == 302
