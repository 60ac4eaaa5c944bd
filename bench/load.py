#!/usr/bin/env python3
"""Deadline-day load (not part of the test suite).

    .venv/bin/python bench/load.py [--users 100] [--seconds 60]   (LHL_LOAD_DB names the database; default lhl_load)

Starts, on loopback only: a private redis-server on a free port (broker and cache), a dedicated PostgreSQL
database `lhl_load` (dropped and recreated: migrated, reference data, demo content, bench users with a known
password, five per office), gunicorn with production settings (DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
BEHIND_PROXY and SECURE_SSL_REDIRECT on; every request carries `X-Forwarded-Proto: https`) and a Celery worker
with the job sweep. Then U simulated users log in through the login form (CSRF), four at a time before the clock
starts, and for T seconds, with 0.5–1 s think time: 70 % read (office list, an office overview, a municipality
page, the dashboard), 25 % record a fact (the municipality page's form with its status_version; a 409 is a refused
stale save: `conflicts`, not an error), 5 % ask for their office's report package. Afterwards it waits (bounded)
for the job queue to drain and counts in the database the facts it had accepted answers for (each write has a
unique note) and the packages asked for (a finished job for each accepted request). `trivial` is `dashboard:ping`
(a signed-in view that only answers "ok"), polled by one more user under the same load; its requests are not in
`requests`.

Last line: load: users=U seconds=T requests=N errors=E conflicts=K lost=L p50_ms=A p95_ms=B trivial_p95_ms=C
p95_ratio=B/C. Targets (`--users 100 --seconds 60`): errors=0, lost=0, p95_ratio ≤ 2 (the users' p95 within twice
the trivial view's p95 in the same run, so a busy machine slows both alike). The exit status is 0 only when all
three hold.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import psycopg2  # noqa: E402

from tests.faults.webclient import WebClient  # noqa: E402

VENV = BASE_DIR / ".venv" / "bin"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DB_NAME = os.environ.get("LHL_LOAD_DB", "lhl_load")  # another name keeps parallel runs apart
PASSWORD = "lastprøve-" + secrets.token_hex(4)
PER_OFFICE = 5
DRAIN_SECONDS = 180

SETUP_USERS = r"""
from django.contrib.auth.hashers import make_password
from accounts.models import User
from municipalities.models import Office
password = make_password(PASSWORD)
for office in Office.objects.order_by("position", "slug"):
    for i in range(PER_OFFICE):
        User.objects.update_or_create(
            username=f"bench-{office.slug}-{i}",
            defaults={"role": User.Role.OFFICE_STAFF, "office": office, "password": password, "is_active": True,
                      "first_name": "Last", "last_name": f"{office.slug} {i}"},
        )
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- services -----------------------------------------------------------------------------------------------


class Services:
    """Every process this script starts, each in its own process group, stopped in reverse order."""

    def __init__(self, work: Path):
        self.work = work
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, cmd: list[str], env: dict | None = None) -> subprocess.Popen:
        logfile = (self.work / f"{name}.log").open("ab")
        process = subprocess.Popen(
            cmd, cwd=BASE_DIR, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )
        logfile.close()
        self.processes.append((name, process))
        return process

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.work / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop_all(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait(timeout=5)
                    except (ProcessLookupError, subprocess.TimeoutExpired):
                        pass


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise SystemExit(f"load: timed out after {timeout:.0f}s waiting for {what}")


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [str(VENV / "python"), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"load: manage.py {' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


@contextlib.contextmanager
def db_cursor(name: str = DB_NAME):
    """An autocommit cursor (psycopg2's `with connection` would open a transaction)."""
    conn = psycopg2.connect(dbname=name, **PG)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def database_recreate() -> None:
    with db_cursor("postgres") as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{DB_NAME}"')


# --- the simulated users ------------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int
    ms: float
    ok: bool


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[Sample] = field(default_factory=list)
    trivial_ms: list[float] = field(default_factory=list)
    conflicts: int = 0
    accepted_notes: list[str] = field(default_factory=list)
    package_requests: list[tuple[str, float, float]] = field(default_factory=list)  # key, sent, answered
    failures: Counter = field(default_factory=Counter)
    login_failures: int = 0

    def add(self, kind: str, response, *, expected: tuple[int, ...]) -> bool:
        ok = response is not None and response.status in expected
        sample = Sample(
            kind, response.status if response is not None else 0, response.elapsed_ms if response else 0, ok
        )
        with self.lock:
            self.samples.append(sample)
            if not ok:
                self.failures[f"{kind}:{sample.status}"] += 1
        return ok


class SimulatedUser(threading.Thread):
    def __init__(self, *, index, port, username, office, numbers, period, results, stop_at, seed):
        super().__init__(name=f"user-{index}", daemon=True)
        self.client = WebClient("127.0.0.1", port, https=True, timeout=30)
        self.username, self.office, self.numbers, self.period = username, office, numbers, period
        self.results, self.stop_at = results, stop_at
        self.random = random.Random(seed)
        self.writes = 0
        self.signed_in = False
        self.read_paths = [
            "/embeter/",
            f"/embeter/{office}/",
            "/dashboard/",
        ]

    def call(self, kind: str, method: str, path: str, data: dict | None = None, *, expected=(200,), referer=None):
        try:
            response = self.client.request(method, path, data=data, referer=referer)
        except OSError:
            response = None
        self.results.add(kind, response, expected=expected)
        return response

    def sign_in(self) -> None:
        try:
            self.client.login(self.username, PASSWORD)
            self.signed_in = True
        except (RuntimeError, OSError):
            with self.results.lock:
                self.results.login_failures += 1

    def run(self) -> None:
        if not self.signed_in:
            return
        time.sleep(self.random.uniform(0, 1))  # users do not all start in the same instant
        while time.monotonic() < self.stop_at:
            roll = self.random.random()
            if roll < 0.70:
                self.read()
            elif roll < 0.95:
                self.write()
            else:
                self.package()
            time.sleep(self.random.uniform(0.5, 1.0))

    def read(self) -> None:
        choice = self.random.randrange(4)
        path = f"/kommuner/{self.random.choice(self.numbers)}/" if choice == 3 else self.read_paths[choice]
        self.call("read", "GET", path)

    def write(self) -> None:
        number = self.random.choice(self.numbers)
        page_path = f"/kommuner/{number}/"
        page = self.call("write-page", "GET", page_path)
        if page is None or page.status != 200 or not page.csrf_token:
            return
        self.writes += 1
        note = f"load {self.username} #{self.writes} {secrets.token_hex(4)}"
        data = {
            "csrfmiddlewaretoken": page.csrf_token,
            "status_version": page.hidden("status_version") or "",
            "loaded_at": page.hidden("loaded_at") or "",
            "fact": "phase",
            "value": self.random.choice(["2", "3"]),
            "effective_date": time.strftime("%Y-%m-%d"),
            "note": note,
        }
        try:
            answer = self.client.post(f"/kommuner/{number}/registrer/", data, referer=page_path)
        except OSError:
            answer = None
        if answer is not None and answer.status == 409:
            with self.results.lock:
                self.results.conflicts += 1
            self.results.add("write", answer, expected=(409,))
            return
        if self.results.add("write", answer, expected=(302,)):
            with self.results.lock:
                self.results.accepted_notes.append(note)

    def package(self) -> None:
        path = f"/rapportering/{self.period}/embeter/{self.office}/pakke/"
        page = self.call("package-page", "GET", path)
        if page is None or page.status != 200 or not page.csrf_token:
            return
        sent = time.time()
        try:
            answer = self.client.post(path, {"csrfmiddlewaretoken": page.csrf_token}, referer=path)
        except OSError:
            answer = None
        if self.results.add("package", answer, expected=(302,)):
            with self.results.lock:
                key = f"report-package:{self.period}:{self.office}:live"
                self.results.package_requests.append((key, sent, time.time()))


class TrivialProbe(threading.Thread):
    def __init__(self, *, port, username, path, results, stop_at):
        super().__init__(name="trivial", daemon=True)
        self.client = WebClient("127.0.0.1", port, https=True, timeout=30)
        self.username, self.path, self.results, self.stop_at = username, path, results, stop_at

    def run(self) -> None:
        self.client.login(self.username, PASSWORD)
        while time.monotonic() < self.stop_at:
            try:
                response = self.client.get(self.path)
                if response.status == 200:
                    with self.results.lock:
                        self.results.trivial_ms.append(response.elapsed_ms)
            except OSError:
                pass
            time.sleep(0.25)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


# --- main ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deadline-day load against a production-like local stack.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--web-workers", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    args = parser.parse_args(argv)
    if not shutil.which("redis-server"):
        raise SystemExit("load: redis-server is not installed")

    work = Path(tempfile.mkdtemp(prefix="lhl-load-"))
    services = Services(work)
    redis_port, web_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))},
        "DJANGO_SETTINGS_MODULE": "lhl_portal.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_NAME}",
        "CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "MEDIA_ROOT": str(work / "media"),
        "JOB_SWEEP_SECONDS": "10",
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
        "PYTHONWARNINGS": "ignore",
    }
    try:
        log(f"load: working folder {work}")
        services.start(
            "redis",
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        )
        log(f"load: preparing the database {DB_NAME} (migrate, reference data, demo content, bench users)")
        database_recreate()
        manage(env, "migrate", "-v0")
        manage(env, "load_reference_data")
        manage(env, "seed_demo")
        manage(env, "shell", "-c", f"PASSWORD={PASSWORD!r}\nPER_OFFICE={PER_OFFICE}\n" + SETUP_USERS)
        manage(env, "collectstatic", "--noinput", "-v0")

        with db_cursor() as cur:
            cur.execute(
                "SELECT o.slug, m.number FROM municipalities_municipality m "
                "JOIN municipalities_office o ON o.id = m.office_id ORDER BY o.position, o.slug, m.number"
            )
            numbers: dict[str, list[str]] = {}
            for slug, number in cur.fetchall():
                numbers.setdefault(slug, []).append(number)
            cur.execute("SELECT slug FROM reporting_reportingperiod ORDER BY reference_date DESC, slug LIMIT 1")
            period = cur.fetchone()[0]
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM jobs_job")
            jobs_before = cur.fetchone()[0]
        offices = list(numbers)

        log("load: starting gunicorn and the Celery worker")
        services.start(
            "gunicorn",
            [
                str(VENV / "gunicorn"),
                "lhl_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                str(args.web_workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            env,
        )
        services.start(
            "worker",
            [
                str(VENV / "celery"),
                "-A",
                "lhl_portal",
                "worker",
                "-B",
                "--schedule",
                str(work / "beat-schedule"),
                "--concurrency=2",
                "-l",
                "WARNING",
                "-n",
                f"load-{os.getpid()}@%h",
            ],
            env,
        )
        probe_client = WebClient("127.0.0.1", web_port, https=True, timeout=10)

        def web_ready() -> bool:
            try:
                return probe_client.get("/konto/logg-inn/").status == 200
            except OSError:
                return False

        wait_until(web_ready, timeout=60, what="gunicorn")

        # The trivial view: dashboard:ping when the dashboard is installed, else the login page.
        checker = WebClient("127.0.0.1", web_port, https=True, timeout=10)
        checker.login(f"bench-{offices[0]}-0", PASSWORD)
        trivial_path = "/dashboard/ping/" if checker.get("/dashboard/ping/").status == 200 else "/konto/logg-inn/"
        if trivial_path != "/dashboard/ping/":
            log("load: note: no dashboard:ping; the trivial view is the login page (GET)")

        results = Results()
        stop_at = 0.0  # set once every user has signed in
        users = []
        for i in range(args.users):
            office = offices[i % len(offices)]
            slot = (i // len(offices)) % PER_OFFICE
            users.append(
                SimulatedUser(
                    index=i,
                    port=web_port,
                    username=f"bench-{office}-{slot}",
                    office=office,
                    numbers=numbers[office],
                    period=period,
                    results=results,
                    stop_at=stop_at,
                    seed=i,
                )
            )
        probe = TrivialProbe(
            port=web_port, username=f"bench-{offices[-1]}-0", path=trivial_path, results=results, stop_at=stop_at
        )
        # Users sign in before the clock starts (on a deadline day they are signed in already; 100 password
        # hashes at once would measure the hasher), four at a time; a failed sign-in counts as an error.
        log(f"load: signing in {args.users} users")
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda user: user.sign_in(), users))
        stop_at = time.monotonic() + args.seconds
        for user in users:
            user.stop_at = stop_at
        probe.stop_at = stop_at
        log(f"load: {args.users} users for {args.seconds:.0f} s against https-behind-proxy gunicorn :{web_port}")
        for user in users:
            user.start()
        probe.start()
        for user in users:
            user.join(timeout=args.seconds + 120)
        probe.join(timeout=30)

        log("load: waiting for the job queue to drain")
        deadline = time.monotonic() + DRAIN_SECONDS
        with db_cursor() as cur:
            while time.monotonic() < deadline:
                cur.execute(
                    "SELECT COUNT(*) FROM jobs_job WHERE id > %s AND status IN ('not_queued', 'queued', 'running')",
                    [jobs_before],
                )
                if cur.fetchone()[0] == 0:
                    break
                time.sleep(1)
            cur.execute("SELECT COUNT(*) FROM municipalities_statusfact WHERE note = ANY(%s)", [results.accepted_notes])
            facts_found = cur.fetchone()[0]
            cur.execute(
                "SELECT key, status, EXTRACT(EPOCH FROM created_at), EXTRACT(EPOCH FROM finished_at) "
                "FROM jobs_job WHERE id > %s",
                [jobs_before],
            )
            jobs = cur.fetchall()
        done_jobs = [(k, float(c), float(f)) for k, s, c, f in jobs if s == "done" and f is not None]
        packages_lost = 0
        for key, sent, answered in results.package_requests:
            # The click is served by the job that was active for its key then: created before the answer and
            # finished after the click was sent.
            if not any(k == key and c <= answered + 1 and f >= sent - 1 for k, c, f in done_jobs):
                packages_lost += 1
        facts_lost = len(results.accepted_notes) - facts_found
        statuses = Counter(s for _k, s, _c, _f in jobs)

        timed = [s.ms for s in results.samples if s.status]
        errors = sum(1 for s in results.samples if not s.ok and s.status != 409) + results.login_failures
        kinds = Counter(s.kind for s in results.samples)
        log(
            f"load: requests by kind {dict(kinds)}; facts accepted={len(results.accepted_notes)} "
            f"found={facts_found}; package clicks accepted={len(results.package_requests)} "
            f"jobs={dict(statuses)}; failures={dict(results.failures)} login_failures={results.login_failures}"
        )
        if errors:
            log("load: gunicorn log tail:\n" + services.tail("gunicorn"))
        trivial_p95 = percentile(results.trivial_ms, 95)
        ratio = percentile(timed, 95) / trivial_p95 if trivial_p95 else float("inf")
        print(
            f"load: users={args.users} seconds={args.seconds:.0f} requests={len(results.samples)} errors={errors} "
            f"conflicts={results.conflicts} lost={facts_lost + packages_lost} "
            f"p50_ms={percentile(timed, 50):.0f} p95_ms={percentile(timed, 95):.0f} "
            f"trivial_p95_ms={trivial_p95:.0f} p95_ratio={ratio:.2f}",
            flush=True,
        )
        return 0 if errors == 0 and facts_lost + packages_lost == 0 and ratio <= 2 else 1
    finally:
        services.stop_all()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
