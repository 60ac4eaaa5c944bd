"""Fault-test fixtures: PostgreSQL behind a proxy the test can cut, and the portal served by a real gunicorn.

The suite's own PostgreSQL and Redis are never stopped; the private redis-server and Celery worker come from
tests/services_fixtures.py (shared with tests/jobs)."""

import pytest

from tests.services_fixtures import WebServer, database_env

from .tcpproxy import TcpProxy


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
