"""API test helpers: tokens for the shared users, and a client that sends them."""

import itertools
import json

import pytest

from api.models import ApiToken
from api.services import api_token_create

# The hand-made Agder history the figure tests use (tests/reporting/conftest.py).
from tests.reporting.conftest import agder_network, scenario  # noqa: F401

NUMBERS = itertools.count(1)


def make_token(user, *, scope=ApiToken.Scope.READ, days=30, name=None) -> str:
    name = name or f"test {user.username} {scope} {next(NUMBERS)}"
    _stored, token = api_token_create(user=user, name=name, days=days, scope=scope)
    return token


class ApiClient:
    """Django's test client with a Bearer token; JSON in and out."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        for name, value in (extra or {}).items():
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        return headers

    def get(self, path: str, params: dict | None = None, headers: dict | None = None):
        return self.client.get(path, params or {}, **self.headers(headers))

    def post(self, path: str, body, headers: dict | None = None):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(path, data, content_type="application/json", **self.headers(headers))


@pytest.fixture
def api_as(client):
    """api_as(user, scope="read"|"write") → an ApiClient with a fresh token of that user."""

    def make(user, scope=ApiToken.Scope.READ):
        return ApiClient(client, make_token(user, scope=scope) if user is not None else None)

    return make


@pytest.fixture
def hdir_api(api_as, directorate_user):
    return api_as(directorate_user)


@pytest.fixture
def staff_api(api_as, staff_a):
    return api_as(staff_a, ApiToken.Scope.WRITE)
