"""Fault-test fixtures: PostgreSQL behind a proxy the test can cut, and the portal served by a real gunicorn.

The suite's own PostgreSQL and Redis are never stopped; the private redis-server and Celery worker come from
tests/services_fixtures.py (shared with tests/jobs)."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.services_fixtures import BASE_DIR, database_env, free_port, wait_for

from .tcpproxy import TcpProxy
from .webclient import WebClient

GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"


class WebServer:
    """gunicorn (one sync worker) in its own process group, serving the portal with the test settings."""

    def __init__(self, env: dict, log_path: Path):
        self.env, self.log_path = env, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> WebServer:
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
                    "1",
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
        wait_for(self._ready, timeout=30, what="gunicorn to answer", interval=0.2, on_timeout=self.log_tail)
        return self

    def _ready(self) -> bool:
        assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
        try:
            return self.client().get("/konto/logg-inn/").status == 200
        except OSError:
            return False

    def client(self) -> WebClient:
        return WebClient("127.0.0.1", self.port, timeout=20)

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


@pytest.fixture
def db_proxy(transactional_country):
    """A cuttable TCP proxy in front of the test database's PostgreSQL."""
    from django.db import connection

    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def proxied_server(db_proxy, tmp_path):
    """The portal on gunicorn, its database connection through the proxy and kept between requests
    (CONN_MAX_AGE), so that a reconnect after an outage is the health check's doing, not a fresh process."""
    env = {
        **database_env(host="127.0.0.1", port=db_proxy.port),
        "CONN_MAX_AGE": "60",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    server = WebServer(env, tmp_path / "gunicorn.log").start()
    yield server
    server.stop()
