"""Recording a fact through the API: office staff for their own office only, through the same input builder as
every other way in (same Norwegian messages), optimistic concurrency with If-Match, retries made safe by an
Idempotency-Key kept 24 hours."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import SecurityEvent
from api.models import ApiToken, IdempotencyRecord
from municipalities.facts import StatusFact
from municipalities.models import Municipality
from tests.municipalities.test_entry_paths import (
    BEFORE_WINDOW,
    CASE_TOO_LONG,
    MEETING_YEAR_ONE,
    NOTE_TOO_LONG,
    PROCESS_WITHOUT_TARGET,
    UNKNOWN_VALUE,
)

from .conftest import ApiClient, make_token

OSLO = "/api/v1/municipalities/0301/facts/"
KONGSVINGER = "/api/v1/municipalities/3401/facts/"  # Innlandet
PHASE_3 = {"fact": "phase", "value": "3", "effective_date": "2021-05-01"}


def _facts(number: str) -> list[StatusFact]:
    return list(StatusFact.objects.filter(municipality__number=number).order_by("id"))


def test_staff_record_a_fact_for_their_own_office(staff_api, staff_a):
    response = staff_api.post(
        OSLO,
        {
            "fact": "decision",
            "value": "Prosess beskrevet",  # the registry's label is accepted, as in every other way in
            "effective_date": "2021-03-01",
            "detail": "21/15",
            "target_date": "2022-06-30",
            "note": "Fra saksbehandlingssystemet",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    [fact] = _facts("0301")
    assert (fact.fact, fact.value, fact.detail, fact.target_date) == (
        "decision",
        "process_described",
        "21/15",
        datetime.date(2022, 6, 30),
    )
    assert (fact.recorded_by, fact.source, fact.note) == (staff_a, "api", "Fra saksbehandlingssystemet")
    assert body["id"] == fact.pk
    assert (body["value"], body["effective_date"], body["recorded_by"]) == (
        "process_described",
        "2021-03-01",
        "staff-a",
    )
    assert body["status_version"] == Municipality.objects.get(number="0301").status_version == 1
    assert response["ETag"]


def test_staff_of_another_office_are_refused_with_403_logged_and_nothing_written(api_as, staff_b):
    api = api_as(staff_b, ApiToken.Scope.WRITE)
    response = api.post(OSLO, PHASE_3)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Ingen tilgang"
    assert _facts("0301") == []
    assert Municipality.objects.get(number="0301").status_version == 0
    event = SecurityEvent.objects.get()
    assert (event.username, event.office_slug, event.target, event.outcome, event.method) == (
        "staff-b",
        "innlandet",
        "municipality:0301:api-fact",
        "denied",
        "POST",
    )
    assert event.path == OSLO


@pytest.mark.parametrize("who", ["directorate_user", "admin_user"])
def test_directorate_and_administrator_tokens_never_write(request, api_as, who):
    user = request.getfixturevalue(who)
    response = api_as(user).post(OSLO, PHASE_3)  # they can only hold read tokens
    assert response.status_code == 403
    assert "bare lesetilgang" in response.json()["detail"]
    assert _facts("0301") == []
    assert SecurityEvent.objects.filter(username=user.username, outcome="denied").count() == 1


def test_a_read_token_of_staff_cannot_write(api_as, staff_a):
    response = api_as(staff_a, ApiToken.Scope.READ).post(OSLO, PHASE_3)
    assert response.status_code == 403
    assert _facts("0301") == []
    assert SecurityEvent.objects.get().target.endswith(":read-only")


def test_a_write_without_a_valid_token_is_401_and_logged(db, client):
    response = ApiClient(client, "lhl_not-a-token").post(OSLO, PHASE_3)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert _facts("0301") == []
    assert SecurityEvent.objects.get().outcome == "denied"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"fact": "decision", "value": "process_described", "effective_date": "2021-03-01"},
            "target_date",
            PROCESS_WITHOUT_TARGET,
        ),
        ({"fact": "samfunnsdel", "value": "kanskje", "effective_date": "2021-03-01"}, "value", UNKNOWN_VALUE),
        ({**PHASE_3, "effective_date": "2017-12-31"}, "effective_date", BEFORE_WINDOW),
        (
            {"fact": "dialogue_meeting", "value": "held", "effective_date": "2021-03-01", "detail": "0001-01-01"},
            "detail",
            MEETING_YEAR_ONE,
        ),
        ({**PHASE_3, "note": "x" * 2001}, "note", NOTE_TOO_LONG),
        (
            {"fact": "decision", "value": "plan_adopted", "effective_date": "2021-03-01", "detail": "9" * 121},
            "detail",
            CASE_TOO_LONG,
        ),
    ],
)
def test_bad_input_gets_the_builders_message_as_on_every_other_way_in(staff_api, body, field, message):
    response = staff_api.post(OSLO, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert {"field": field, "message": message} in problem["errors"]
    assert message in problem["detail"]
    assert _facts("0301") == []
    assert SecurityEvent.objects.get().outcome == "invalid"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({**PHASE_3, "office": "innlandet"}, [("office", "ukjent felt")]),
        ({**PHASE_3, "value": 3}, [("value", "skal være tekst (eller null)")]),
        ({**PHASE_3, "note": "a\x00b"}, [("note", "kan ikke inneholde NUL-tegn")]),
        (["phase", "3"], None),
    ],
)
def test_a_body_of_the_wrong_shape_is_refused_naming_the_field(staff_api, body, errors):
    response = staff_api.post(OSLO, body)
    assert response.status_code == 400
    problem = response.json()
    if errors is None:
        assert "JSON-objekt" in problem["detail"]
    else:
        assert [
            (e["field"], e["message"][: len(m)]) for e, (_f, m) in zip(problem["errors"], errors, strict=True)
        ] == errors
    assert _facts("0301") == []


def test_not_json_is_a_400_and_another_content_type_a_415(staff_api, client):
    assert staff_api.post(OSLO, "{not json").status_code == 400
    response = client.post(OSLO, {"fact": "phase"}, HTTP_AUTHORIZATION=f"Bearer {staff_api.token}")
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


# ---- If-Match -------------------------------------------------------------------------------------------------


def test_a_stale_write_is_409_with_the_current_version(staff_api, staff_a):
    first = staff_api.post(OSLO, PHASE_3, headers={"If-Match": '"0"'})
    assert first.status_code == 201
    assert first.json()["status_version"] == 1
    stale = staff_api.post(OSLO, {**PHASE_3, "value": "2"}, headers={"If-Match": '"0"'})
    assert stale.status_code == 409
    problem = stale.json()
    assert (problem["title"], problem["status_version"]) == ("Konflikt", 1)
    assert "endret siden versjon 0 (nå 1)" in problem["detail"]
    assert [f.value for f in _facts("0301")] == ["3"]
    current = staff_api.post(OSLO, {**PHASE_3, "value": "2"}, headers={"If-Match": '"1"'})
    assert current.status_code == 201
    assert [f.value for f in _facts("0301")] == ["3", "2"]


def test_the_status_version_to_send_is_in_the_status_answer(staff_api):
    version = staff_api.get("/api/v1/municipalities/0301/status/").json()["status_version"]
    assert staff_api.post(OSLO, PHASE_3, headers={"If-Match": f'"{version}"'}).status_code == 201


@pytest.mark.parametrize("value", ["0", "abc", '"-1"', '"1.0"', '"' + "9" * 20 + '"'])
def test_a_malformed_if_match_writes_nothing(staff_api, value):
    response = staff_api.post(OSLO, PHASE_3, headers={"If-Match": value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "If-Match"
    assert _facts("0301") == []


# ---- Idempotency-Key ------------------------------------------------------------------------------------------


def test_the_same_idempotency_key_twice_records_one_fact(staff_api):
    key = {"Idempotency-Key": "3f1c7a9e-5d2b-4c11-9a0e-1b2c3d4e5f60"}
    first = staff_api.post(OSLO, PHASE_3, headers={**key, "If-Match": '"0"'})
    again = staff_api.post(OSLO, PHASE_3, headers={**key, "If-Match": '"0"'})  # a retry after a lost answer
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert len(_facts("0301")) == 1
    assert Municipality.objects.get(number="0301").status_version == 1


def test_the_same_key_with_another_body_is_422_and_writes_nothing(staff_api):
    key = {"Idempotency-Key": "endring-1"}
    assert staff_api.post(OSLO, PHASE_3, headers=key).status_code == 201
    response = staff_api.post(OSLO, {**PHASE_3, "value": "2"}, headers=key)
    assert response.status_code == 422
    assert "endring-1" in response.json()["detail"]
    assert [f.value for f in _facts("0301")] == ["3"]


def test_a_refused_write_keeps_no_key_so_the_corrected_request_goes_through(staff_api):
    key = {"Idempotency-Key": "endring-2"}
    assert staff_api.post(OSLO, {**PHASE_3, "value": "x"}, headers=key).status_code == 400
    assert staff_api.post(OSLO, PHASE_3, headers=key).status_code == 201
    assert len(_facts("0301")) == 1


def test_keys_are_kept_24_hours(staff_api):
    key = {"Idempotency-Key": "endring-3"}
    assert staff_api.post(OSLO, PHASE_3, headers=key).status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=23, minutes=59))
    assert staff_api.post(OSLO, PHASE_3, headers=key)["Idempotent-Replayed"] == "true"
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1))
    later = staff_api.post(OSLO, PHASE_3, headers=key)
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later
    assert len(_facts("0301")) == 2


def test_keys_belong_to_their_user(api_as, staff_a, staff_a2):
    key = {"Idempotency-Key": "samme-nokkel"}
    assert api_as(staff_a, ApiToken.Scope.WRITE).post(OSLO, PHASE_3, headers=key).status_code == 201
    other = api_as(staff_a2, ApiToken.Scope.WRITE).post(OSLO, {**PHASE_3, "value": "2"}, headers=key)
    assert other.status_code == 201
    assert len(_facts("0301")) == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "nøkkel", "a b"])
def test_a_malformed_idempotency_key_is_refused(staff_api, key):
    response = staff_api.post(OSLO, PHASE_3, headers={"Idempotency-Key": key})
    assert response.status_code == 400
    assert _facts("0301") == []


def test_concurrent_retries_with_one_key_record_one_fact(transactional_country, client):
    """Eight clients send the same request with the same key at once (PostgreSQL): one fact, eight equal answers."""
    from tests.factories import UserFactory

    staff = UserFactory(username="staff-threads")
    token = make_token(staff, scope=ApiToken.Scope.WRITE)
    barrier = threading.Barrier(8)
    answers = []

    def send():
        from django.test import Client

        try:
            api = ApiClient(Client(), token)
            barrier.wait(timeout=10)
            response = api.post(OSLO, PHASE_3, headers={"Idempotency-Key": "samtidig"})
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [status for status, _body in answers] == [201] * 8
    assert len({body["id"] for _status, body in answers}) == 1
    assert StatusFact.objects.filter(municipality__number="0301", recorded_by=staff).count() == 1
