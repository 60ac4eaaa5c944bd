"""Shared pieces of the benchmarks: a dedicated PostgreSQL database, synthetic history, a private Redis,
gunicorn with production settings, and a signed-in HTTPS-forwarded client. Not part of the test suite."""

from __future__ import annotations

import contextlib
import datetime
import http.client
import io
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(db_name: str, **extra: str) -> dict[str, str]:
    """Production settings (base.py, DEBUG off) pointed at the benchmark database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lhl_portal.settings.base",
            "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
            "DEBUG": "0",
            "DATABASE_URL": f"{PG}/{db_name}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "1000",
        }
    )
    env.update(extra)
    return env


def database_recreate(db_name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{db_name}"')
    conn.close()


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# ---- synthetic history -----------------------------------------------------------------------------------------


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def history_rows(mid: int, rng: random.Random, networks: list[tuple[int, str]], codes: list[str]):
    """Two years (2020–2021) of plausible facts for one municipality: tuples for StatusFact's columns
    (fact, value, detail, effective_date, target_date, meeting_format, network_id)."""
    out = []
    for year in (2020, 2021):
        meeting = _day(rng, datetime.date(year, 3, 1), datetime.date(year, 12, 1))
        out.append(("dialogue_meeting", "offered", meeting.isoformat(), meeting - datetime.timedelta(days=40), None))
        state = rng.choice(["planned", "held", "held", "declined", "cancelled"])
        out.append(("dialogue_meeting", state, meeting.isoformat(), meeting - datetime.timedelta(days=10), None))
    out.append(("phase", "2", "", datetime.date(2020, 6, 1), None))
    roll = rng.random()
    if roll < 0.8:
        described = _day(rng, datetime.date(2020, 9, 1), datetime.date(2021, 3, 31))
        target = _day(rng, datetime.date(2021, 6, 1), datetime.date(2022, 6, 30))
        out.append(("decision", "process_described", f"20/{rng.randrange(100, 999)}", described, target))
        out.append(("samfunnsdel", "planned", "", described, target))
        if roll < 0.5:
            adopted = _day(rng, datetime.date(2021, 1, 15), datetime.date(2021, 12, 15))
            out.append(("decision", "plan_adopted", f"21/{rng.randrange(100, 999)}", adopted, None))
            out.append(("areas_considered", rng.choice(["yes", "yes", "no"]), "", adopted, None))
            out.append(("involvement", rng.choice(["yes", "no"]), "", adopted, None))
            out.append(("samfunnsdel", rng.choice(["anchored", "planned"]), "", adopted, None))
            out.append(("action_plan", rng.choice(["anchored", "planned", "none"]), "", adopted, None))
            out.append(("other_plans", rng.choice(["anchored", "planned"]), "", adopted, None))
            if rng.random() < 0.7:
                phase3 = adopted + datetime.timedelta(days=rng.randrange(7, 60))
                out.append(("phase", "3", "", phase3, None))
                for code in rng.sample(codes, rng.randrange(2, 6)):
                    out.append(("priority", "yes", code, phase3, None))
    network_rows = []
    if rng.random() < 0.8:
        network_id, slug = rng.choice(networks)
        first = _day(rng, datetime.date(2020, 10, 1), datetime.date(2021, 5, 31))
        network_rows.append((network_id, slug, rng.choice(["planned", "participating"]), first))
        if rng.random() < 0.3:
            later = first + datetime.timedelta(days=120)
            network_rows.append((network_id, slug, rng.choice(["participating", "none"]), later))
    rows = [(mid, f, v, d, eff, tgt, None) for f, v, d, eff, tgt in out]
    rows += [(mid, "network", value, slug, eff, None, nid) for nid, slug, value, eff in network_rows]
    return rows


def facts_copy(rows, user_id: int) -> int:
    """Insert fact rows with COPY (the append-only trigger refuses only UPDATE and DELETE), then ANALYZE: a live
    database has its planner statistics (autovacuum analyzes a table once a tenth of it has changed); measured
    straight after a bulk load without them, PostgreSQL plans for a nearly empty table."""
    from django.db import connection

    from municipalities.facts import StatusFact

    recorded = datetime.datetime(2022, 1, 1, 12, tzinfo=datetime.UTC).isoformat()
    buffer = io.StringIO()
    count = 0
    for mid, fact, value, detail, eff, target, network_id in rows:
        buffer.write(
            "\t".join(
                [
                    str(mid),
                    fact,
                    value,
                    detail,
                    eff.isoformat(),
                    target.isoformat() if target else r"\N",
                    "",
                    "",
                    "",
                    "",
                    str(network_id) if network_id else r"\N",
                    recorded,
                    str(user_id),
                    "bench",
                    "",
                ]
            )
            + "\n"
        )
        count += 1
    buffer.seek(0)
    columns = (
        "municipality_id, fact, value, detail, effective_date, target_date, link, meeting_format, participants, "
        "note, network_id, recorded_at, recorded_by_id, source, reported_by"
    )
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {StatusFact._meta.db_table} ({columns}) FROM STDIN", buffer)
        cursor.execute("ANALYZE")
    return count


def office_networks(user) -> dict[int, list[tuple[int, str]]]:
    from municipalities.models import Office
    from networks.models import Network

    result = {}
    for office in Office.objects.all():
        network, _created = Network.objects.get_or_create(
            office=office, slug="lhl-bench", defaults={"name": "Nettverk (benchmark)", "created_by": user}
        )
        result[office.pk] = [(network.pk, network.qualified_slug)]
    return result


# ---- processes -------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_server():
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def _wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 1):
    port = free_port()
    proc = subprocess.Popen(
        [GUNICORN, "lhl_portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_port(port)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)


class Client:
    """One client: every request carries X-Forwarded-Proto: https and the session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        all_headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, data, dict(response.getheaders())

    def login(self, username: str, password: str) -> None:
        status, body, _headers = self.request("GET", "/konto/logg-inn/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        origin = f"https://127.0.0.1:{self.port}"
        status, _body, _headers = self.request(
            "POST",
            "/konto/logg-inn/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + "/konto/logg-inn/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed: {status}")

    def timed_get(self, path: str) -> float:
        start = time.perf_counter()
        status, _body, _headers = self.request("GET", path)
        elapsed = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
