"""The OpenAPI description: valid OpenAPI 3, and true: every operation in it is called here, and what each
answers (its status, and its body against the schema the description gives for that status) is what it says."""

import pytest
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from api.models import ApiToken
from municipalities.models import Office
from reporting.models import ReportingPeriod
from reporting.reports.services import report_texts_save

from .conftest import ApiClient, make_token

PHASE_3 = {"fact": "phase", "value": "3", "effective_date": "2021-05-01"}

# One call per operation: path parameters, query, body, the status it answers. Agder's history (the scenario)
# gives the answers something to hold: retractions, networks, priorities.
CALLS = {
    ("get", "/api/v1/offices/"): {},
    ("get", "/api/v1/offices/{slug}/"): {"path": {"slug": "agder"}},
    ("get", "/api/v1/counties/"): {},
    ("get", "/api/v1/municipalities/"): {"query": {"office": "agder"}},
    ("get", "/api/v1/municipalities/{number}/"): {"path": {"number": "4206"}},
    ("get", "/api/v1/municipalities/{number}/status/"): {"path": {"number": "4206"}, "query": {"as_of": "2021-04-30"}},
    ("get", "/api/v1/municipalities/{number}/facts/"): {"path": {"number": "4207"}},
    ("post", "/api/v1/municipalities/{number}/facts/"): {"path": {"number": "0301"}, "body": PHASE_3, "status": 201},
    ("get", "/api/v1/status/"): {"query": {"as_of": "2021-04-30", "known_at": "2021-06-01T12:00:00+02:00"}},
    ("get", "/api/v1/reports/"): {"query": {"period": "spring-2021"}},
    ("get", "/api/v1/reports/{period}/{office}/"): {"path": {"period": "spring-2021", "office": "oslo-og-viken"}},
    ("get", "/api/v1/grant-priority/"): {"query": {"year": "2021", "office": "agder"}},
    ("get", "/api/v1/figures/"): {"query": {"period": "spring-2021", "submitted": "true"}},
}


@pytest.fixture
def document(client, db) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict) -> set[tuple[str, str]]:
    methods = {"get", "post", "put", "patch", "delete", "head", "options"}
    return {(method, path) for path, item in document["paths"].items() for method in item if method in methods}


def _check(document: dict, operation: dict, response) -> None:
    """The status is described, and the body matches the schema described for it."""
    described = operation["responses"].get(str(response.status_code))
    assert described is not None, f"{response.status_code} is not described"
    media_type = response["Content-Type"].split(";")[0]
    schema = described["content"][media_type]["schema"]
    validator = OAS31Validator({**schema, "components": document["components"]}, format_checker=oas31_format_checker)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(response.json())]
    assert errors == []


def test_the_description_is_valid_openapi_3(document):
    validate(document, cls=OpenAPIV31SpecValidator)  # raises with the reason when it is not
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["apiToken"]["description"],
    }
    paginated = document["components"]["schemas"]["PaginatedStatusRowList"]
    assert {"count", "next", "previous", "results", "as_of"} <= set(paginated["properties"])
    parameters = {p["name"] for p in document["paths"]["/api/v1/status/"]["get"]["parameters"]}
    assert {"page", "page_size"} <= parameters  # pagination is documented


def test_every_operation_in_the_description_is_called_here(document):
    assert _operations(document) == set(CALLS)


@pytest.mark.parametrize(("method", "path"), sorted(CALLS))
def test_every_operation_answers_as_described(document, scenario, staff_a, office_a, client, method, path):
    report_texts_save(
        office=office_a,
        period=ReportingPeriod.objects.get(slug="spring-2021"),
        texts={"assessment": "God fremdrift."},
        user=staff_a,
        round=0,
    )
    call = CALLS[(method, path)]
    operation = document["paths"][path][method]
    url = path.format(**call.get("path", {}))
    api = ApiClient(client, make_token(staff_a, scope=ApiToken.Scope.WRITE))
    response = api.post(url, call["body"]) if method == "post" else api.get(url, call.get("query"))
    assert response.status_code == call.get("status", 200), response.content
    _check(document, operation, response)
    # The refusals are as described too: no token, and (where there are parameters) a bad one.
    anonymous = ApiClient(client, None)
    refused = anonymous.post(url, call["body"]) if method == "post" else anonymous.get(url)
    assert refused.status_code == 401
    _check(document, operation, refused)
    if call.get("query"):
        bad = api.get(url, dict.fromkeys(call["query"], "ugyldig"))
        assert bad.status_code == 400
        _check(document, operation, bad)


def test_conflicts_and_reused_keys_answer_as_described(document, staff_a, client):
    operation = document["paths"]["/api/v1/municipalities/{number}/facts/"]["post"]
    api = ApiClient(client, make_token(staff_a, scope=ApiToken.Scope.WRITE))
    url = "/api/v1/municipalities/0301/facts/"
    assert api.post(url, PHASE_3, headers={"Idempotency-Key": "k"}).status_code == 201
    for response, status in [
        (api.post(url, {**PHASE_3, "value": "2"}, headers={"If-Match": '"0"'}), 409),
        (api.post(url, {**PHASE_3, "value": "2"}, headers={"Idempotency-Key": "k"}), 422),
        (api.post("/api/v1/municipalities/3401/facts/", PHASE_3), 403),
        (api.post("/api/v1/municipalities/9999/facts/", PHASE_3), 404),
        (api.post(url, {**PHASE_3, "value": "x"}), 400),
    ]:
        assert response.status_code == status
        _check(document, operation, response)
    assert Office.objects.count() == 10


def test_drf_spectacular_describes_every_route_without_a_guess(db, tmp_path):
    """No warning from the generator: every field, parameter and answer has a known type."""
    from django.core.management import call_command

    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--format", "openapi-json", "--file", tmp_path / "o.json"
    )
    assert (tmp_path / "o.json").stat().st_size > 10_000
