"""Real services for the tests marked `services`: a private redis-server on a free loopback port, a Celery
worker on the test database and the portal on gunicorn (tests/jobs, tests/faults, tests/scaleout). The fixtures
are made available to every test by tests/conftest.py, so one redis-server and one worker serve the whole
session; every wait is bounded."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.faults.webclient import WebClient

BASE_DIR = Path(django_settings.BASE_DIR)
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"

# Short limits so that fault tests finish quickly; they keep the order the system check demands:
# soft < hard < visibility timeout, and the lease outlives the hard limit.
SERVICE_LIMITS = {
    "CELERY_TASK_SOFT_TIME_LIMIT": "8",
    "CELERY_TASK_TIME_LIMIT": "10",
    "CELERY_VISIBILITY_TIMEOUT": "30",
    "JOB_LEASE_SECONDS": "12",
    "JOB_MAX_ATTEMPTS": "5",
}


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.2, on_timeout=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    details = on_timeout() if on_timeout else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{details}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_env(*, host: str | None = None, port: int | None = None) -> dict:
    """The environment for a subprocess (worker, web server) on the test database, optionally reached through
    another host and port (the fault proxy)."""
    from django.db import connection

    db = connection.settings_dict
    database_url = "postgres://{user}@{host}:{port}/{name}".format(
        user=db["USER"] or "postgres",
        host=host or db["HOST"] or "127.0.0.1",
        port=port or db["PORT"] or 5432,
        name=db["NAME"],
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lhl_portal.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONWARNINGS": "ignore",
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


class RedisServer:
    """A private redis-server on a free loopback port, without persistence, that a test may stop and start."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=10, what="redis-server to answer")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except redis.exceptions.ConnectionError:
            return False

    def flushall(self) -> None:
        import redis

        redis.Redis.from_url(self.url).flushall()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


class Worker:
    """`celery worker` (prefork, one child) in its own process group, so a test can SIGKILL all of it."""

    def __init__(self, env: dict, log_path: Path, *, name: str = "hjobs-test"):
        self.env = env
        self.log_path = log_path
        self.name = name
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "lhl_portal",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-l",
                "WARNING",
                "-n",
                f"{self.name}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        time.sleep(0.5)
        assert self.process.poll() is None, f"the worker did not start:\n{self.log_tail()}"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole worker, pool child included: nothing gets to clean up or acknowledge."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.process = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


class WebServer:
    """gunicorn (`workers` sync workers, one by default) in its own process group, serving the portal with the test
    settings. `start()` waits until it answers; `launch()` and `wait_ready()` let a test start several at once."""

    def __init__(self, env: dict, log_path: Path, *, workers: int = 1, https: bool = False):
        """`https`: the clients send `X-Forwarded-Proto: https`, as the proxy in front does (production settings
        redirect plain HTTP)."""
        self.env, self.log_path, self.workers, self.https = env, log_path, workers, https
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> WebServer:
        self.launch()
        return self.wait_ready()

    def launch(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "-c",
                    "gunicorn.conf.py",
                    "lhl_portal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--timeout",
                    "30",
                    "--graceful-timeout",
                    "2",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> WebServer:
        wait_for(self._ready, timeout=30, what="gunicorn to answer", interval=0.2, on_timeout=self.log_tail)
        return self

    def _ready(self) -> bool:
        assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
        try:
            return self.client().get("/konto/logg-inn/").status == 200
        except OSError:
            return False

    def client(self) -> WebClient:
        return WebClient("127.0.0.1", self.port, https=self.https, timeout=20)

    def worker_pids(self) -> set[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False)
        return {int(pid) for pid in out.stdout.split()}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


@pytest.fixture(scope="session")
def services_media(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("services-media")


@pytest.fixture(scope="session")
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, redis_server, services_media, tmp_path_factory):
    """One worker for the session, pointed at the test database and the private broker."""
    env = {
        **database_env(),
        **SERVICE_LIMITS,
        "TEST_CELERY_BROKER_URL": redis_server.url,
        "MEDIA_ROOT": str(services_media),
    }
    worker = Worker(env, tmp_path_factory.mktemp("worker") / "worker.log")
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def services(settings, celery_worker, redis_server, services_media):
    """This test process sends tasks to the private broker, stores into the worker's media folder and uses
    the worker's limits; afterwards everything is eager again."""
    from lhl_portal.celery import app

    if not redis_server.ping():
        redis_server.start()
    if not celery_worker.alive():
        celery_worker.start()
    settings.CELERY_BROKER_URL = redis_server.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(services_media)},
        },
    }
    settings.JOB_LEASE_SECONDS = int(SERVICE_LIMITS["JOB_LEASE_SECONDS"])
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    _reset_pools(app)
    app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    yield SimpleServices(redis=redis_server, worker=celery_worker, media=services_media)
    _reset_pools(app)
    app.conf.update(**previous)


def _reset_pools(app) -> None:
    """Forget every broker connection, so the next send connects to whatever broker_url now says."""
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


class SimpleServices:
    def __init__(self, *, redis, worker, media):
        self.redis, self.worker, self.media = redis, worker, media
