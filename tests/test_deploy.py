"""The production settings pass Django's deployment check, and the compose file is valid."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lhl_portal.settings.base",
    "SECRET_KEY": "x" * 60 + "production-like-secret-key-for-the-check",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "lhl.example.no",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/lhl",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
}


def _clean_env() -> dict[str, str]:
    """Only the basics: nothing the test process set for itself (test settings, browser flags) leaks in."""
    return {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL") if k in os.environ}


def test_check_deploy_passes_with_production_variables():
    env = _clean_env()
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_refuses_to_start_in_production():
    env = _clean_env()
    env.update({"DJANGO_SETTINGS_MODULE": "lhl_portal.settings.base", "DEBUG": "0"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_process_local_cache_is_a_deployment_warning():
    """The sign-in and password-reset counters must be shared by the web server's processes (A-12, A-13): a cache
    in one process's memory is a warning. (Without CACHE_URL the cache is the database's, shared: no warning,
    tests/test_scale_out_config.py.)"""
    env = _clean_env()
    env.update({**PRODUCTION_ENV, "CACHE_URL": "locmemcache://"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "lhl.W002" in result.stdout + result.stderr


def test_compose_scales_web_and_worker_behind_the_proxy():
    """`docker compose up --scale web=3 --scale worker=2` works: no fixed name or host port on a scaled service,
    one migration run before them, the proxy alone publishes ports and forwards to every `web` address with the
    client's address (PROXY protocol, which gunicorn accepts), and serves the static files from the shared volume."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("web", "worker"):
        assert not {"container_name", "ports"} & set(services[name]), name
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert "migrate" in services["migrate"]["command"]
    assert "migrate" not in services["web"]["command"]  # never one migration per instance
    assert [s for s, spec in services.items() if spec.get("ports")] == ["proxy"]
    web_command = services["web"]["command"]
    assert "--proxy-protocol" in web_command
    assert "0.0.0.0:8000" in web_command
    proxy = services["proxy"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "static:/srv/static:ro" in proxy["volumes"]
    assert "static:/app/var/staticfiles" in services["migrate"]["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "name {$WEB_HOST:web}" in caddyfile
    assert "port {$WEB_PORT:8000}" in caddyfile
    assert "proxy_protocol v1" in caddyfile
    assert "root * /srv/static" in caddyfile
    assert services["beat"]["deploy"]["replicas"] == 1


def test_the_wsgi_entry_point_loads_every_view_and_freezes_what_lives_as_long_as_the_process():
    """gunicorn imports lhl_portal.wsgi: afterwards the views are loaded and the long-lived objects are out of the
    garbage collector's full passes (which otherwise paused cold dashboard pages for up to 100 ms)."""
    env = _clean_env()
    env.update(PRODUCTION_ENV)
    probe = "import gc, sys, lhl_portal.wsgi; print(gc.get_freeze_count(), 'reporting.dashboard.views' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"
