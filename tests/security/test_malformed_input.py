"""B-7: malformed input is a 400 or 404 (or the page with a message), never a 500.

Every URL pattern of the URL × role matrix is walked with hostile path values (each path value replaced in turn;
GET as every role, POST as the office's own staff) and, for every query-string parameter the view reads
(`Entry.params`, listed beside the view in the matrix), hostile query values as every role (in all of the view's
parameters at once, and one parameter at a time as the office's own staff). The API's parameters (B-12) are
walked with each role's token: every hostile value is a 400 in the API's problem format, every in-range value a
200. Hostile: a NUL byte (`%00`), a month far out (`9999-12`), the first day of year 1 (`0001-01-01`), a
10,000-digit number and a non-ASCII digit (`²`; the record form's version is also tried with an Arabic-Indic digit
below).
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.access.matrix import ROLES, municipal_invitation, sign_in
from tests.access.matrix_api import IN_RANGE
from tests.access.test_matrix import ENTRIES, URL_NAMES, _token_headers
from tests.factories import municipality

HOSTILE = ["\x00", "9999-12", "0001-01-01", "9" * 10_000, "²"]
# Path values that match every converter (int, slug, str) and appear nowhere else in a URL.
SENTINEL_INT = 987654321
SENTINEL_TEXT = "qqsentinelqq"


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


def _converters(name: str) -> dict[str, str]:
    """kwarg → converter name ("int", "slug", "str") of the named URL pattern."""
    resolver = get_resolver()
    possibilities = resolver.reverse_dict.getlist(name.split(":")[-1])
    namespace_path = name.split(":")[:-1]
    for ns in namespace_path:
        _prefix, sub = resolver.namespace_dict[ns]
        possibilities = sub.reverse_dict.getlist(name.split(":")[-1])
        resolver = sub
    for _possibility, _pattern, _defaults, converters in possibilities:
        return {key: type(conv).__name__.removesuffix("Converter").lower() for key, conv in converters.items()}
    return {}


def _path_variants(name: str, kwargs: dict) -> list[tuple[str, str]]:
    """(what, url) for each path value replaced in turn by each hostile value."""
    variants = []
    converters = _converters(name)
    for key in kwargs:
        sentinel = SENTINEL_INT if converters.get(key) == "int" else SENTINEL_TEXT
        url = reverse(name, kwargs={**kwargs, key: sentinel})
        assert url.count(str(sentinel)) == 1, url
        for value in HOSTILE:
            variants.append((f"path {key}={value[:12]!r}", url.replace(str(sentinel), quote(value, safe=""))))
    return variants


def _query_variants(url: str, params: tuple[str, ...], *, one_at_a_time: bool) -> list[tuple[str, str]]:
    """Each hostile value in each parameter on its own, or in all of the view's parameters at once."""
    if not params:
        return []
    if one_at_a_time:
        return [(f"?{p}={v[:12]!r}", f"{url}?{urlencode({p: v})}") for p in params for v in HOSTILE]
    return [(f"?(all)={v[:12]!r}", f"{url}?{urlencode(dict.fromkeys(params, v))}") for v in HOSTILE]


def _clients(ctx) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        sign_in(client, role, ctx)
        clients[role] = client
    return clients


@pytest.mark.parametrize("name", URL_NAMES)
def test_hostile_path_and_query_values_never_give_a_500(name, ctx):
    entry = ENTRIES[name]
    kwargs = entry.kwargs(ctx)
    url = reverse(name, kwargs=kwargs)
    clients = _clients(ctx)
    failures = []
    for what, target in _path_variants(name, kwargs):
        for role, client in clients.items():
            # Every role reads; the office's own staff also posts (the role whose writes reach the lookups).
            for method in ("get", "post") if role == "staff_a" else ("get",):
                response = getattr(client, method)(target)
                if response.status_code >= 500:
                    failures.append(f"{role} {method.upper()} {what}: {response.status_code}")
    for role, client in clients.items():
        # Each parameter on its own as the office's own staff; all of them at once as every role.
        for what, target in _query_variants(url, entry.params, one_at_a_time=role == "staff_a") + (
            _query_variants(url, entry.params, one_at_a_time=False) if role == "staff_a" else []
        ):
            response = client.get(target)
            if response.status_code >= 500:
                failures.append(f"{role} GET {what}: {response.status_code}")
    assert not failures, f"{name}: " + "; ".join(failures[:20])


@pytest.mark.parametrize(
    "url",
    [
        "/kalender/%00.ics",
        "/kommuner/%00/",
        "/dashboard/sok/?q=%00",
        "/arrangementer/?maned=9999-12",
        "/arrangementer/?maned=0001-01",
        "/embeter/oslo-og-viken/plan/sammenlign/?fra=%C2%B2&til=1",
        "/jobber/" + "9" * 30 + "/",
    ],
)
def test_the_reported_malformed_requests_are_answered_without_a_500(url, staff_a):
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    if url == "/arrangementer/?maned=9999-12":
        assert "Skriv måneden som ÅÅÅÅ-MM" in response.content.decode()


def test_a_nul_in_a_cookie_is_a_400_not_a_500(client, db):
    client.cookies["sessionid"] = "abc\x00def-long-enough"
    assert client.get(reverse("accounts:login")).status_code == 400


@pytest.mark.parametrize("version", ["²", "\u0663", "9" * 10_000, "0001-01-01"])
def test_a_non_ascii_or_huge_status_version_on_the_record_form_is_a_400(client_a, version):
    from municipalities.facts import StatusFact

    response = client_a.post(
        reverse("municipalities:fact-create", args=["0301"]),
        {"fact": "phase", "value": "3", "effective_date": "2021-04-01", "status_version": version},
    )
    assert response.status_code == 400
    assert not StatusFact.objects.exists()


API_READERS = ("staff_a", "staff_b", "directorate", "admin")
API_WITH_PARAMS = [n for n in URL_NAMES if ENTRIES[n].token and ENTRIES[n].params]


def test_every_api_query_parameter_has_in_range_values():
    listed = {p for n in API_WITH_PARAMS for p in ENTRIES[n].params}
    assert listed, "the API entries list their query parameters"
    assert listed <= IN_RANGE.keys(), f"API parameters without in-range values: {listed - IN_RANGE.keys()}"


@pytest.mark.parametrize("name", API_WITH_PARAMS)
def test_api_query_parameters_refuse_hostile_values_with_a_400_and_accept_in_range_ones(name, ctx, client):
    """B-7 for the API: with each role's token, each hostile value in each parameter the view reads (beside the
    entry's required parameters) is a 400 problem naming the parameter; every in-range value is a 200."""
    entry = ENTRIES[name]
    url = reverse(name, kwargs=entry.kwargs(ctx))
    failures = []
    for role in API_READERS:
        headers = _token_headers(ctx, role)
        for param in entry.params:
            for value in HOSTILE:
                response = client.get(f"{url}?{urlencode({**entry.query, param: value})}", **headers)
                body = response.json() if response.status_code == 400 else {}
                if response.status_code != 400 or response["Content-Type"] != "application/problem+json":
                    failures.append(f"{role} ?{param}={value[:12]!r}: {response.status_code}")
                elif value != "\x00" and body.get("errors", [{}])[0].get("field") != param:
                    failures.append(f"{role} ?{param}={value[:12]!r}: {body}")
                elif len(response.content) > 2000:
                    failures.append(f"{role} ?{param}={value[:12]!r}: the value echoed whole")
            for value in IN_RANGE[param](ctx) if role in ("staff_a", "directorate") else []:
                response = client.get(f"{url}?{urlencode({**entry.query, param: value})}", **headers)
                if response.status_code != 200:
                    failures.append(f"{role} ?{param}={value!r}: {response.status_code} {response.content[:300]!r}")
    assert not failures, f"{name}: " + "; ".join(failures[:20])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=%C2%B2", "året må være mellom 2021 og 2023 (fikk «²»)"),
        ("year=" + "9" * 10_000, "året må være mellom 2021 og 2023"),
        ("year=2021&as_of=0001-01-01", "datoen kan ikke være før 1. januar 2018"),
        ("year=2021&page=%D9%A3", "skriv et helt tall fra 1"),
    ],
)
def test_the_reported_api_requests_are_a_400_in_norwegian(query, message, ctx, client):
    response = client.get(f"/api/v1/grant-priority/?{query}", **_token_headers(ctx, "staff_a"))
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert len(response.content) < 2000


def test_known_at_in_year_1_is_refused_with_the_portals_bounds(ctx, client):
    response = client.get("/api/v1/status/?known_at=0001-01-01T00:30", **_token_headers(ctx, "directorate"))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "known_at", "message": "datoen må ligge mellom 1.1.2018 og 31.12.2100"}
    ]


def test_a_nul_in_an_api_query_is_a_400_in_the_apis_format(ctx, client):
    response = client.get("/api/v1/status/?office=%00", **_token_headers(ctx, "directorate"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "kontrolltegn" in response.json()["detail"]
