"""No edit lost: optimistic concurrency on the municipality page (RELIABILITY.md C-1..C-4, B-5)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import FactRetraction, StatusFact
from tests.factories import UserFactory, municipality, record

PAGE = reverse("municipalities:municipality-detail", args=["0301"])
CREATE = reverse("municipalities:fact-create", args=["0301"])


def _loaded_form(client) -> dict:
    """The hidden fields of the record form as the page served them."""
    form = client.get(PAGE).context["form"]
    return {"status_version": str(form["status_version"].value()), "loaded_at": form["loaded_at"].value()}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_c1_stale_save_is_refused_with_input_kept_and_the_other_change_shown(staff_a, staff_a2):
    a, b = _client(staff_a), _client(staff_a2)
    seen_by_a, seen_by_b = _loaded_form(a), _loaded_form(b)
    assert seen_by_a["status_version"] == seen_by_b["status_version"] == "0"

    saved = a.post(CREATE, {"fact": "phase", "value": "3", "effective_date": "2021-04-01", **seen_by_a})
    assert saved.status_code == 302

    stale = b.post(
        CREATE,
        {"fact": "phase", "value": "2", "effective_date": "2021-04-02", "note": "Bs vurdering", **seen_by_b},
    )
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Statusen er endret mens du hadde siden åpen" in html
    a_fact = StatusFact.objects.get()
    when = timezone.localtime(a_fact.recorded_at).strftime("%H:%M")
    assert f"Endret av {staff_a.get_full_name()} kl. {when}" in html
    assert "Fase 3 – gjennomføring" in html  # A's change, listed
    assert "Bs vurdering" in html  # B's input is kept
    assert stale.context["form"]["value"].value() == "2"
    assert stale.context["form"]["effective_date"].value() == "2021-04-02"
    assert [(f.value, f.recorded_by) for f in StatusFact.objects.all()] == [("3", staff_a)]
    assert municipality("0301").status_version == 1

    # Having seen A's change, B may save on purpose: the re-rendered form carries the new version.
    resubmit = dict(stale.context["form"].data.items())
    assert resubmit["status_version"] == "1"
    assert b.post(CREATE, resubmit).status_code == 302
    assert StatusFact.objects.count() == 2


def test_c2_a_change_to_another_fact_still_conflicts(staff_a, staff_a2):
    a, b = _client(staff_a), _client(staff_a2)
    seen_by_a, seen_by_b = _loaded_form(a), _loaded_form(b)
    assert (
        a.post(CREATE, {"fact": "phase", "value": "3", "effective_date": "2021-04-01", **seen_by_a}).status_code == 302
    )
    stale = b.post(
        CREATE,
        {
            "fact": "samfunnsdel",
            "value": "planned",
            "effective_date": "2021-04-01",
            "target_date": "2022-06-01",
            **seen_by_b,
        },
    )
    assert stale.status_code == 409
    assert StatusFact.objects.filter(fact="samfunnsdel").count() == 0


@pytest.mark.parametrize("version", ["abc", "-1", "", None, "5", "1.0", "99999999999999999999"])
def test_c4_tampered_versions_never_save(client_a, version):
    data = {"fact": "phase", "value": "3", "effective_date": "2021-04-01", "loaded_at": timezone.now().isoformat()}
    if version is not None:
        data["status_version"] = version
    response = client_a.post(CREATE, data)
    assert response.status_code in (400, 409)
    assert "Ingenting er lagret" in response.content.decode() or "er ikke lagret" in response.content.decode()
    assert not StatusFact.objects.exists()
    assert municipality("0301").status_version == 0


def test_c4_version_ahead_is_a_conflict(client_a):
    response = client_a.post(
        CREATE, {"fact": "phase", "value": "3", "effective_date": "2021-04-01", "status_version": "5"}
    )
    assert response.status_code == 409
    assert not StatusFact.objects.exists()


def test_b5_double_submit_records_one_fact(client_a):
    data = {"fact": "phase", "value": "3", "effective_date": "2021-04-01", **_loaded_form(client_a)}
    first = client_a.post(CREATE, data)
    second = client_a.post(CREATE, data)
    assert first.status_code == 302
    assert second.status_code == 302
    assert StatusFact.objects.count() == 1
    assert municipality("0301").status_version == 1
    assert "Allerede lagret" in client_a.get(second["Location"]).content.decode()


def test_b5_double_submit_of_a_retraction(client_a, staff_a):
    fact = record("0301", "phase", "3", "2021-01-01", user=staff_a)
    url = reverse("municipalities:fact-retract", args=["0301", fact.pk])
    data = {"reason": "Feil", "status_version": "1", "loaded_at": timezone.now().isoformat()}
    assert client_a.post(url, data).status_code == 302
    second = client_a.post(url, data)
    assert second.status_code == 302
    assert FactRetraction.objects.count() == 1
    assert "Allerede lagret" in client_a.get(second["Location"]).content.decode()


def test_stale_retraction_is_a_conflict(client_a, staff_a, staff_a2):
    fact = record("0301", "phase", "3", "2021-01-01", user=staff_a)
    url = reverse("municipalities:fact-retract", args=["0301", fact.pk])
    loaded = timezone.now().isoformat()
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff_a2)
    response = client_a.post(url, {"reason": "Feil", "status_version": "1", "loaded_at": loaded})
    assert response.status_code == 409
    assert "Plan vedtatt" in response.content.decode()
    assert not FactRetraction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_c3_twenty_parallel_saves_with_one_version(transactional_country):
    """20 threads post with the same version: exactly one is recorded, 19 see a conflict, version +1."""
    users = [UserFactory(username=f"parallel-{i}") for i in range(20)]
    clients = [_client(user) for user in users]
    version = str(municipality("0301").status_version)
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []
    lock = threading.Lock()

    def post(index: int, client: Client) -> None:
        try:
            barrier.wait()
            response = client.post(
                CREATE,
                {
                    "fact": "phase",
                    "value": "3" if index % 2 else "2",
                    "effective_date": "2021-04-01",
                    "note": f"tråd {index}",
                    "status_version": version,
                    "loaded_at": timezone.now().isoformat(),
                },
            )
            with lock:
                codes.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [302] + [409] * 19
    assert StatusFact.objects.filter(municipality__number="0301").count() == 1
    assert municipality("0301").status_version == int(version) + 1


def test_c7_a_replayed_form_after_someone_elses_change_is_a_conflict_not_already_saved(staff_a, staff_a2):
    """A records phase 3, B records phase 2, A re-posts the original form: 409 with B's change, never «Allerede
    lagret» while the status is B's."""
    a, b = _client(staff_a), _client(staff_a2)
    form_a = {"fact": "phase", "value": "3", "effective_date": "2021-04-01", **_loaded_form(a)}
    assert a.post(CREATE, form_a).status_code == 302
    form_b = {"fact": "phase", "value": "2", "effective_date": "2021-04-02", **_loaded_form(b)}
    assert b.post(CREATE, form_b).status_code == 302
    replay = a.post(CREATE, form_a)
    assert replay.status_code == 409
    html = replay.content.decode()
    assert "Allerede lagret" not in html
    assert "Fase 2 – planlegging" in html  # B's change, listed
    assert f"Endret av {staff_a2.get_full_name()}" in html
    assert [f.value for f in StatusFact.objects.order_by("id")] == ["3", "2"]
    assert municipality("0301").status_version == 2


def test_c7_a_replayed_retraction_after_someone_elses_change_is_a_conflict(client_a, staff_a, staff_a2):
    fact = record("0301", "phase", "3", "2021-01-01", user=staff_a)
    url = reverse("municipalities:fact-retract", args=["0301", fact.pk])
    data = {"reason": "Feil", "status_version": "1", "loaded_at": timezone.now().isoformat()}
    assert client_a.post(url, data).status_code == 302
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff_a2)
    replay = client_a.post(url, data)
    assert replay.status_code == 409
    assert "Allerede lagret" not in replay.content.decode()
    assert FactRetraction.objects.count() == 1
