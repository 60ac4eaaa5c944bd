"""A-14: the production server (gunicorn with the repository's gunicorn.conf.py, as docker-compose starts it)
names no server software in its answers."""

import pytest

from tests.services_fixtures import WebServer, database_env

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_a14_gunicorn_answers_without_a_server_header(tmp_path):
    server = WebServer({**database_env(), "LOG_LEVEL": "WARNING"}, tmp_path / "gunicorn.log").start()
    try:
        response = server.client().get("/konto/logg-inn/")
    finally:
        server.stop()
    assert response.status == 200
    assert "server" not in response.headers
    assert "gunicorn" not in " ".join(f"{k}: {v}" for k, v in response.headers.items()).lower()


def test_a14_docker_compose_and_the_image_start_gunicorn_with_the_configuration():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert "gunicorn -c gunicorn.conf.py" in (root / "docker-compose.yml").read_text()
    assert '"gunicorn", "-c", "gunicorn.conf.py"' in (root / "Dockerfile").read_text()
