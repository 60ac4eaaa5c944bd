"""The portal scaled out: two gunicorn instances and two Celery workers on one PostgreSQL database and one Redis
(cache and broker), as docker-compose runs `--scale web=2 --scale worker=2`. Each user's requests go alternately to
both instances, as a round-robin proxy would send them: what one instance was told, the other knows.

- a sign-in on one instance is a valid session on the other (sessions live in the database);
- a form loaded on one instance and saved on the other records the fact once; the same form posted again to the
  other instance records nothing more («Allerede lagret»);
- a working sheet uploaded on one instance is previewed and confirmed on the other (the preview is kept in the
  session, in the database), and its confirmation replayed on the first one records nothing;
- report packages ordered from both instances, the same one from both, are each built once by one of the two
  workers: one job per package, one attempt each, one stored file each, the same bytes from either instance;
- failed sign-ins counted on either instance add up to the one limit per client address.
"""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from municipalities.facts import StatusFact
from municipalities.models import Municipality, Office
from tests.factories import DirectorateFactory, UserFactory
from tests.faults.webclient import Response, WebClient
from tests.services_fixtures import SERVICE_LIMITS, RedisServer, WebServer, Worker, database_env, free_port, wait_for
from tests.sheets.helpers import edit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PERIOD = "spring-2021"
LOGIN_PATH = "/konto/logg-inn/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def private_redis():
    """A Redis of this test alone: the session's worker (tests/services_fixtures.py) must not take its jobs."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cluster(transactional_country, private_redis, tmp_path):
    """Two web instances and two workers sharing the test database, one Redis and one media folder."""
    redis_server = private_redis
    media = tmp_path / "media"
    media.mkdir()
    env = {
        **database_env(),
        **SERVICE_LIMITS,
        "TEST_CELERY_BROKER_URL": redis_server.url,
        "TEST_CACHE_URL": redis_server.url.rsplit("/", 1)[0].replace("redis://", "rediscache://") + "/1",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    webs = [WebServer(env, tmp_path / f"web{i}.log") for i in (1, 2)]
    workers = [Worker(env, tmp_path / f"worker{i}.log", name=f"scaleout{i}") for i in (1, 2)]
    try:
        for server in webs:
            server.launch()
        for worker in workers:
            worker.start()
        for server in webs:
            server.wait_ready()
        yield Cluster(webs, workers, media)
    finally:
        for server in webs:
            server.stop()
        for worker in workers:
            worker.stop()


class Cluster:
    def __init__(self, webs: list[WebServer], workers: list[Worker], media):
        self.webs, self.workers, self.media = webs, workers, media

    def user(self) -> list[WebClient]:
        """One browser: a client per instance, sharing one cookie jar (the proxy's address is the same)."""
        clients = [WebClient("127.0.0.1", server.port, https=True, timeout=30) for server in self.webs]
        for client in clients[1:]:
            client.cookies = clients[0].cookies
        return clients

    def logs(self) -> str:
        return "\n".join(f"--- {w.log_path.name}\n{w.log_tail(20)}" for w in [*self.webs, *self.workers])


def _hidden(page: Response, name: str) -> str:
    value = page.hidden(name)
    assert value is not None, f"no {name} on the page ({page.status})"
    return value


def _record_on_other(load_on: WebClient, save_on: WebClient, number: str, note: str) -> tuple[dict, Response]:
    """Load the record form on one instance and post it to the other."""
    form_url = reverse("municipalities:fact-create", args=[number])
    form = load_on.get(form_url)
    assert form.status == 200, form.status
    data = {
        "csrfmiddlewaretoken": form.csrf_token,
        "fact": "phase",
        "value": "3",
        "effective_date": "2021-04-01",
        "note": note,
        "status_version": _hidden(form, "status_version"),
        "loaded_at": _hidden(form, "loaded_at"),
    }
    return data, save_on.post(form_url, data)


def _landing(client: WebClient) -> int:
    """The status of the signed-in user's landing page (the front page sends staff to their office and everyone
    else to the dashboard; someone signed out is sent to the login page instead)."""
    front = client.get(reverse("home"))
    if front.status != 302 or reverse("accounts:login") in front.location:
        return front.status
    return client.get(re.sub(r"^https?://[^/]+", "", front.location)).status


def _order(client: WebClient, url: str) -> None:
    page = client.get(url)
    assert page.status == 200, page.status
    answer = client.post(url, {"csrfmiddlewaretoken": page.csrf_token})
    assert answer.status == 302, answer.status


def _stored_files(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file())


def test_two_instances_and_two_workers_lose_nothing_and_do_nothing_twice(cluster):
    office_a = Office.objects.get(slug="oslo-og-viken")
    office_b = Office.objects.get(slug="innlandet")
    users = [
        UserFactory(username="so-staff-a", office=office_a),
        UserFactory(username="so-staff-b", office=office_b),
        DirectorateFactory(username="so-hdir"),
    ]
    numbers = list(Municipality.objects.filter(office=office_a).order_by("number").values_list("number", flat=True))
    form_numbers, sheet_numbers = numbers[:6], numbers[6:9]

    staff = cluster.user()
    staff[0].login("so-staff-a", "pw")  # signed in on instance 1 …
    assert _landing(staff[1]) == 200  # … and known on instance 2

    # Facts: each form loaded on one instance and saved on the other, alternating.
    for i, number in enumerate(form_numbers):
        load_on, save_on = staff[i % 2], staff[(i + 1) % 2]
        data, saved = _record_on_other(load_on, save_on, number, f"skalert {number}")
        assert saved.status == 302, (number, saved.status)
        replay = load_on.post(reverse("municipalities:fact-create", args=[number]), data)  # a double submit
        assert replay.status == 302, (number, replay.status)
        timeline = load_on.get(replay.location)
        assert "Allerede lagret" in timeline.text
    saved_facts = StatusFact.objects.filter(note__startswith="skalert ")
    assert sorted(saved_facts.values_list("municipality__number", flat=True)) == form_numbers  # once each

    # The working sheet: downloaded on 1, uploaded on 2, previewed and confirmed on 1, replayed on 2.
    sheet = staff[0].get(reverse("sheets:sheet-download", args=[office_a.slug]))
    assert sheet.status == 200
    assert sheet.content[:2] == b"PK"
    edited = edit(sheet.content, {(number, "phase"): "3" for number in sheet_numbers})
    upload_url = reverse("sheets:sheet-upload", args=[office_a.slug])
    upload_page = staff[1].get(upload_url)
    uploaded = staff[1].post_files(
        upload_url,
        {
            "csrfmiddlewaretoken": upload_page.csrf_token,
            "effective_date": timezone.localdate().isoformat(),
            "note": "skalert ark",
        },
        {"file": ("arbeidsark.xlsx", edited, XLSX)},
    )
    assert uploaded.status == 302, uploaded.text[:500]
    assert "/forhandsvisning/" in uploaded.location
    preview_path = re.sub(r"^https?://[^/]+", "", uploaded.location)
    preview = staff[0].get(preview_path)
    assert preview.status == 200
    assert all(number in preview.text for number in sheet_numbers)
    confirm = {"csrfmiddlewaretoken": preview.csrf_token}
    confirmed = staff[0].post(preview_path, confirm)
    assert confirmed.status == 302
    assert confirmed.location.endswith(f"/embeter/{office_a.slug}/")
    replayed = staff[1].post(preview_path, confirm)  # the preview is used up, on every instance
    assert replayed.status == 302
    assert replayed.location.endswith(upload_url)
    from_sheet = StatusFact.objects.filter(note="skalert ark", source="sheet")
    assert sorted(from_sheet.values_list("municipality__number", flat=True)) == sheet_numbers

    # Packages ordered from both instances: office A's from both (one job), office B's and the national one.
    staff_b, hdir = cluster.user(), cluster.user()
    staff_b[1].login("so-staff-b", "pw")
    hdir[0].login("so-hdir", "pw")
    office_a_url = reverse("packages:office", args=[PERIOD, office_a.slug])
    _order(staff[0], office_a_url)
    _order(staff[1], office_a_url)
    _order(staff_b[0], reverse("packages:office", args=[PERIOD, office_b.slug]))
    _order(hdir[1], reverse("packages:national", args=[PERIOD]))

    def all_done():
        jobs = list(Job.objects.all())
        assert not [j for j in jobs if j.status == Job.Status.ERROR], [j.error for j in jobs]
        return jobs if len(jobs) == 3 and all(j.status == Job.Status.DONE for j in jobs) else None

    jobs = wait_for(all_done, timeout=45, what="three packages to be built", interval=0.3, on_timeout=cluster.logs)
    assert sorted(j.key for j in jobs) == sorted(
        [
            f"report-package:{PERIOD}:{office_a.slug}:live",
            f"report-package:{PERIOD}:{office_b.slug}:live",
            f"report-package:{PERIOD}:national",
        ]
    )
    assert [j.attempts for j in jobs] == [1, 1, 1]  # each run once
    files = _stored_files(cluster.media)
    assert len(files) == 3, files  # one file per package, no duplicate, no temp file left
    owners = {staff[0]: jobs_for(jobs, office_a.slug), staff_b[0]: jobs_for(jobs, office_b.slug)}
    owners[hdir[0]] = jobs_for(jobs, "national")
    for client, job in owners.items():
        other = cluster.user()
        other[0].cookies.update(client.cookies)
        url = reverse("jobs:download", args=[job.pk])
        first, second = other[0].get(url), other[1].get(url)
        assert (first.status, second.status) == (200, 200)
        assert first.content == second.content
        assert hashlib.sha256(first.content).hexdigest() == job.sha256

    # Every session is valid on both instances, and each user has exactly one.
    for user in (staff, staff_b, hdir):
        assert [_landing(client) for client in user] == [200, 200]
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.filter(expire_date__gt=timezone.now())]
    assert sorted(sessions) == sorted(str(user.pk) for user in users)
    assert all(w.alive() for w in cluster.workers), cluster.logs()

    # The sign-in limit per client address counts on both instances (Redis): 20 failures, ten on each, lock it.
    sprayed = [UserFactory(username=f"so-spray-{i}").username for i in range(20)]
    attacker = cluster.user()
    codes = []
    for i, username in enumerate(sprayed):
        page = attacker[i % 2].get(LOGIN_PATH)
        data = {"csrfmiddlewaretoken": page.csrf_token, "username": username, "password": "feil"}
        codes.append(attacker[i % 2].post(LOGIN_PATH, data).status)
    assert codes == [200] * 19 + [429]


def jobs_for(jobs: list[Job], slug: str) -> Job:
    return next(j for j in jobs if j.key.split(":")[2] == slug)
