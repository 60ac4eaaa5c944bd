"""A-2: every URL pattern × every role × GET/POST with a foreign object returns only what the matrix allows."""

import dataclasses
import importlib
import json
import pkgutil
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import access
from tests.factories import municipality

from .matrix import LOGIN, ROLES, municipal_invitation, sign_in

ADMIN_CHECKED = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:municipalities_statusfact_changelist",
]


def _entries() -> dict:
    merged = {}
    for info in pkgutil.iter_modules(access.__path__):
        if info.name.startswith("matrix_"):
            module = importlib.import_module(f"tests.access.{info.name}")
            overlap = merged.keys() & module.ENTRIES.keys()
            assert not overlap, f"URL names with two matrix entries: {overlap}"
            merged.update(module.ENTRIES)
    return {name: _municipality_by_token(entry) for name, entry in merged.items()}


def _municipality_by_token(entry):
    """The API answers by its token alone: a municipality's session is no token, so it gets what anonymous gets
    (401 for data) there, by the API's own rule, instead of the 404 of every other page."""
    if not entry.token:
        return entry
    return dataclasses.replace(
        entry,
        get={**entry.get, "municipality": entry.get["anonymous"]},
        post={**entry.post, "municipality": entry.post["anonymous"]},
    )


def _url_names(resolver=None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            names += _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return sorted(set(names))


ENTRIES = _entries()
URL_NAMES = [n for n in _url_names() if not n.startswith("admin:")]


def test_every_url_has_a_matrix_entry():
    missing = [n for n in URL_NAMES if n not in ENTRIES]
    assert not missing, f"URLs without an entry in tests/access/matrix_*.py: {missing}"
    stale = [n for n in ENTRIES if n not in URL_NAMES]
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


@pytest.fixture
def ctx(staff_a, staff_b, directorate_user, admin_user, office_a, office_b):
    return SimpleNamespace(
        office_a=office_a,
        office_b=office_b,
        municipality_a=municipality("0301"),
        staff_a=staff_a,
        staff_b=staff_b,
        directorate=directorate_user,
        admin=admin_user,
        invitation_a=municipal_invitation(office_a, staff_a),
    )


def _check(response, expected, role):
    codes = expected if isinstance(expected, set | tuple | list) else {expected}
    if LOGIN in codes:
        if response.status_code == 302 and "/konto/logg-inn/" in response["Location"]:
            return
        codes = {c for c in codes if c != LOGIN}
    assert response.status_code in codes, f"{role}: got {response.status_code}, expected {expected}"


def _token_headers(ctx, role: str) -> dict:
    """The role's own API token (made once per test): staff get one that writes, the others one that reads."""
    from api.services import api_token_create

    if role in ("anonymous", "municipality"):  # a municipality's session carries no token
        return {}
    tokens = ctx.__dict__.setdefault("tokens", {})
    if role not in tokens:
        user = getattr(ctx, role)
        scope = "write" if user.is_office_staff else "read"
        tokens[role] = api_token_create(user=user, name=f"matrix {role}", days=1, scope=scope)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}


def _request(client, entry, ctx, url: str, method: str, role: str):
    if not entry.token:
        return client.get(url) if method == "get" else client.post(url, entry.post_data(ctx))
    headers = _token_headers(ctx, role)
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, json.dumps(entry.post_data(ctx)), content_type="application/json", **headers)


def _url(name, entry, ctx) -> str:
    url = reverse(name, kwargs=entry.kwargs(ctx))
    return f"{url}?{urlencode(entry.query)}" if entry.query else url


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_url_role_matrix(name, method, ctx, client):
    entry = ENTRIES[name]
    url = _url(name, entry, ctx)
    expected_by_role = getattr(entry, method)
    assert set(expected_by_role) == set(ROLES), f"{name} {method}: the entry must name every role"
    for role in ROLES:
        client.logout()
        sign_in(client, role, ctx)
        response = _request(client, entry, ctx, url, method, role)
        _check(response, expected_by_role[role], role)


@pytest.mark.parametrize("name", [n for n in URL_NAMES if ENTRIES.get(n) and ENTRIES[n].token])
def test_api_answers_by_the_token_alone(name, ctx, client):
    """Every role's signed-in session, without a token, gets what anonymous gets: 401 for data."""
    entry = ENTRIES[name]
    url = _url(name, entry, ctx)
    for method in ("get", "post"):
        expected = getattr(entry, method)["anonymous"]
        for role in [r for r in ROLES if r != "anonymous"]:
            client.logout()
            sign_in(client, role, ctx)
            response = client.get(url) if method == "get" else client.post(url, "{}", content_type="application/json")
            _check(response, expected, f"{role} (session only)")


@pytest.mark.parametrize("name", ADMIN_CHECKED)
def test_admin_is_for_administrators_only(name, ctx, client):
    from .matrix_core import ADMIN

    url = reverse(name)
    for role in ROLES:
        client.logout()
        sign_in(client, role, ctx)
        assert client.get(url).status_code == ADMIN[role], role
