"""Shared fixtures. The real reference data (10 offices, 356 municipalities, the catalogue) is loaded once
per test session and copied aside; after each transactional test's flush the copy is put back (COPY, in a few
milliseconds), so every test, transactional or not and in whatever order, starts from the same database."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User
from municipalities.models import Office
from municipalities.reference_data import load_reference_data
from reporting.reference_data import reporting_reference_load

from .factories import AdministratorFactory, DirectorateFactory, UserFactory
from .services_fixtures import celery_worker, redis_server, services, services_media  # noqa: F401 (shared fixtures)

# The test files that print documents through the session fixture `rendered_documents`. Under pytest-xdist one
# worker runs all of them, so the documents are built and printed (one ~25 s soffice call) once per run instead of
# once per worker. (xdist's own `--dist loadgroup` cannot do it: its group names no longer reach the scheduler
# under pytest 9.)
RENDERED_DOCUMENT_FILES = frozenset(
    {"tests/test_rendering.py", "tests/test_printed_workbooks.py", "tests/summary/test_rendering.py"}
)


def pytest_collection_modifyitems(items):
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if "rendered_documents" in getattr(item, "fixturenames", ()) and path not in RENDERED_DOCUMENT_FILES:
            raise pytest.UsageError(f"{path} prints documents: add it to RENDERED_DOCUMENT_FILES in tests/conftest.py")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, which a run with -p no:xdist does not load
def pytest_xdist_make_scheduler(config, log):
    """`-n` without `--dist`: xdist's load distribution, a test at a time, except that the files of
    RENDERED_DOCUMENT_FILES go to one worker together."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LoadKeepingRenderedDocumentsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "rendered_documents" if nodeid.split("::", 1)[0] in RENDERED_DOCUMENT_FILES else nodeid

    return LoadKeepingRenderedDocumentsTogether(config, log)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: rate-limit counters (accounts.throttle) never carry over."""
    from django.core.cache import cache

    cache.clear()


class _Country:
    """The test database as django_db_setup leaves it: each table that has rows then (the reference data, the
    periods and grant schemes, the content types and permissions), as PostgreSQL COPY text."""

    tables: dict[str, bytes] = {}
    blocker = None


def _copy_country_aside() -> None:
    from django.db import connection

    _Country.tables.clear()
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")
            if cursor.fetchone()[0]:
                rows = io.BytesIO()
                cursor.copy_expert(f"COPY {name} TO STDOUT", rows)
                _Country.tables[table] = rows.getvalue()


def _put_country_back() -> None:
    """After a flush (pytest-django's teardown of a transactional test, with the post_migrate signal's new content
    types and permissions): the tables copied aside get their rows back, ids included."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys are checked at the commit
        for table, rows in _Country.tables.items():
            name = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {name}")
            cursor.copy_expert(f"COPY {name} FROM STDIN", io.BytesIO(rows))
    ContentType.objects.clear_cache()


def _flushes_the_database(item) -> bool:
    """pytest-django's own rule (fixtures._django_db_helper): these tests commit, and a flush empties every table
    after them."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker and any(validate_django_db(marker)[:2]):  # transaction, reset_sequences
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # Not after the session's last test: its teardown may have dropped the test database (--create-db).
        if nextitem is not None and _Country.tables and _flushes_the_database(item):
            with _Country.blocker.unblock():
                _put_country_back()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()
        reporting_reference_load()  # the shipped periods and grant schemes (a flush removes the migration's)
        _copy_country_aside()
    _Country.blocker = django_db_blocker


@pytest.fixture
def transactional_country(transactional_db):
    """For tests that need real commits (threads, workers). The country is put back after every flush (above);
    this loads it only if something else emptied the database."""
    if not Office.objects.exists():
        load_reference_data()
        reporting_reference_load()


@pytest.fixture
def office_a(db) -> Office:
    return Office.objects.get(slug="oslo-og-viken")


@pytest.fixture
def office_b(db) -> Office:
    return Office.objects.get(slug="innlandet")


@pytest.fixture
def staff_a(office_a) -> User:
    return UserFactory(username="staff-a", office=office_a)


@pytest.fixture
def staff_a2(office_a) -> User:
    return UserFactory(username="staff-a2", office=office_a)


@pytest.fixture
def staff_b(office_b) -> User:
    return UserFactory(username="staff-b", office=office_b)


@pytest.fixture
def directorate_user(db) -> User:
    return DirectorateFactory(username="hdir")


@pytest.fixture
def admin_user(db) -> User:
    return AdministratorFactory(username="administrator")


@pytest.fixture
def client_a(client, staff_a):
    client.force_login(staff_a)
    return client


@pytest.fixture(scope="session")
def rendered_documents(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every document listed in tests.rendering.DOCUMENTS, built on rolled-back data and printed to PDF by
    LibreOffice in one call: {name: RenderedDocument}."""
    from django.db import transaction

    from .rendering import DOCUMENTS, RenderedDocument, builder, convert_all

    folder = tmp_path_factory.mktemp("rendered")
    sources: dict[str, Path] = {}
    with django_db_blocker.unblock():
        for name, path in DOCUMENTS.items():
            with transaction.atomic():
                filename, content = builder(path)()
                transaction.set_rollback(True)
            source = folder / filename
            source.write_bytes(content)
            sources[name] = source
    if sources:
        convert_all(list(sources.values()), folder)
    return {name: RenderedDocument(name, source, source.with_suffix(".pdf")) for name, source in sources.items()}


@pytest.fixture
def run(db, capsys):
    """Run a management command: (exit code, stdout, stderr)."""

    def go(name: str, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            call_command(name, *args)
            code = 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return go
