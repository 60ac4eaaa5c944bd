"""Scale-out is configuration, not a precondition: with DEBUG off and only SECRET_KEY and ALLOWED_HOSTS set — no
CACHE_URL (the cache is the database's table), an empty CELERY_BROKER_URL (tasks run in-process), SQLite — a
database made by `migrate` alone passes `check --deploy --fail-level WARNING`, runs every management command's
`--help` and the commands the README names, and serves every main page to each role through gunicorn.

Everything runs in subprocesses with a clean environment. Besides the two variables, the SQLite file and the
stored files are pointed into a temporary folder (the embedded default's engine, a fresh file), so the test
never touches the developer's var/; `collectstatic` is the build step the Dockerfile runs too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.services_fixtures import BASE_DIR, WebServer
from tests.test_deploy import _clean_env

pytestmark = [pytest.mark.services]

PASSWORD = "minimal-demo-pw"
ROLES = ("demo-staff-oslo-og-viken", "demo-hdir", "demo-admin")
# Pages every role starts from; the links on them (one of each shape) are visited too.
MAIN_PAGES = [
    "/",
    "/embeter/",
    "/embeter/oslo-og-viken/",
    "/kommuner/0301/",
    "/dashboard/",
    "/dashboard/utvikling/",
    "/dashboard/kart/",
    "/tilskudd/",
    "/rapporter/",
    "/rapportering/perioder/",
    "/arsrapport/",
]
LINKS_PER_ROLE = 45
SKIPPED_LINKS = ("/static/", "/konto/logg-ut/", "/admin/", "/api/v1/")
LOGIN_PATH = "/konto/logg-inn/"

# The core commands the README names, each run once after load_reference_data and seed_demo; «OUT» is a file in
# the temporary folder.
CORE_COMMANDS = [
    ["load_reference_data"],
    ["seed_demo", "--password", PASSWORD],
    ["funding_allocation", "--year", "2021"],
    ["export_status", "--as-of", "2021-10-01"],
    ["export_sheet", "--office", "oslo-og-viken", "--as-of", "2021-10-01", "--output", "OUT/ark.xlsx"],
    ["report_figures", "--period", "spring-2021"],
    ["grant_priority", "--year", "2021"],
    ["build_report", "--period", "spring-2021", "--office", "oslo-og-viken", "--output", "OUT/pakke.xlsx"],
    ["build_report", "--period", "spring-2021", "--national", "--output", "OUT/nasjonal.xlsx"],
    ["build_annual_summary", "--year", "2021", "--output", "OUT/arsrapport.docx"],
    ["export_office", "--office", "oslo-og-viken"],
    ["import_status", "OUT/status.csv", "--office", "oslo-og-viken"],
]

# Runs inside `manage.py shell -c`: every command's --help, then the core commands; prints one JSON line.
COMMANDS_SCRIPT = """
import contextlib, io, json
from django.core.management import ManagementUtility, get_commands

def run(argv):
    out = io.StringIO()
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            ManagementUtility(["manage.py", *argv]).execute()
    except SystemExit as exc:
        code = exc.code or 0
    except Exception as exc:
        code, out = 1, io.StringIO(repr(exc))
    return code, out.getvalue()

helps = sorted(get_commands())
failed = []
for name in helps:
    code, text = run([name, "--help"])
    if code != 0 or "usage:" not in text:
        failed.append([name, "--help", code, text[-800:]])
for argv in json.loads(%(core)r):
    code, text = run(argv)
    if code != 0:
        failed.append([*argv, code, text[-800:]])
print("RESULT " + json.dumps({"helps": helps, "failed": failed}))
"""


def _manage(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def minimal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("minimal")
    env = _clean_env()
    env.update(
        {
            "SECRET_KEY": "minimal-configuration-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{folder / 'lhl.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
        }
    )
    assert not {"CACHE_URL", "CELERY_BROKER_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"} & set(env)
    static = _manage(env, "collectstatic", "--noinput", "-v0")
    assert static.returncode == 0, static.stderr
    migrated = _manage(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    return env, folder, SEEDED


SEEDED: dict[str, bool] = {"demo": False}  # seed_demo ran (the commands test runs it; the pages need its users)


def test_check_deploy_is_clean(minimal):
    env, _, _ = minimal
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_command_answers_help_and_the_core_commands_run(minimal):
    env, folder, seeded = minimal
    (folder / "status.csv").write_text("kommunenummer,fact,value,effective_date,detail\n0301,phase,3,2021-04-01,\n")
    core = [[arg.replace("OUT", str(folder)) for arg in argv] for argv in CORE_COMMANDS]
    result = _manage(env, "shell", "-c", COMMANDS_SCRIPT % {"core": json.dumps(core)}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    outcome = json.loads(line.removeprefix("RESULT "))
    assert {"migrate", "load_reference_data", "seed_demo", "build_report", "start_round"} <= set(outcome["helps"])
    assert outcome["failed"] == []
    seeded["demo"] = True
    for name in ("ark.xlsx", "pakke.xlsx", "nasjonal.xlsx", "arsrapport.docx"):
        assert (folder / name).read_bytes()[:2] == b"PK", name


def _links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)', html)]


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


@pytest.fixture(scope="module")
def server(minimal, tmp_path_factory):
    env, _, seeded = minimal
    if not seeded["demo"]:  # the demo users come from seed_demo, run by the commands test unless this runs alone
        for argv in (["load_reference_data"], ["seed_demo", "--password", PASSWORD]):
            result = _manage(env, *argv)
            assert result.returncode == 0, result.stderr
        seeded["demo"] = True
    web = WebServer({**env, "LOG_LEVEL": "WARNING"}, tmp_path_factory.mktemp("web") / "gunicorn.log", https=True)
    web.start()
    yield web
    web.stop()


@pytest.mark.parametrize("username", ROLES)
def test_every_main_page_is_served(server, username):
    client = server.client()
    client.login(username, PASSWORD)
    seen: set[str] = set()
    queue = list(MAIN_PAGES)
    failures = []
    visited = 0
    while queue and visited < len(MAIN_PAGES) + LINKS_PER_ROLE:
        path = queue.pop(0)
        if _shape(path) in seen:
            continue
        seen.add(_shape(path))
        visited += 1
        response = client.get(path)
        if response.status == 302 and LOGIN_PATH not in response.location:
            response = client.get(re.sub(r"^https?://[^/]+", "", response.location))
        if response.status != 200:
            failures.append((path, response.status))
            continue
        if path in MAIN_PAGES and "text/html" in response.headers.get("content-type", ""):
            queue += [link for link in _links(response.text) if not link.startswith(SKIPPED_LINKS)]
    assert failures == [], f"{username}: {failures}\n{server.log_tail()}"
    assert visited > len(MAIN_PAGES)  # the pages' own links were followed too
