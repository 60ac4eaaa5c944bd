"""C-8: a create is idempotent per form submission (examples, events, grant confirmations carry a one-time token in
the form), and a unique-constraint race (ten parallel network creations with one slug, on PostgreSQL) is a form
error for all but one, never a 500."""

from __future__ import annotations

import threading

from django.test import Client
from django.urls import reverse

from municipalities.facts import GoodExample
from networks.models import Network
from regional.models import Event
from reporting.grants.models import GrantConfirmation
from tests.factories import UserFactory


def _token(client, url: str) -> str:
    """The one-time token of the form as the page served it."""
    return client.get(url).context["form"]["submission"].value()


def test_c8_an_example_submitted_twice_is_recorded_once(client_a):
    url = reverse("municipalities:example-create", args=["0301"])
    data = {"title": "Seniorkafé", "text": "Hver torsdag", "date": "2021-04-01", "submission": _token(client_a, url)}
    assert client_a.post(url, data).status_code == 302
    assert client_a.post(url, data).status_code == 302
    assert GoodExample.objects.filter(title="Seniorkafé").count() == 1
    # A new form (a new token) records a new example.
    assert client_a.post(url, {**data, "submission": _token(client_a, url)}).status_code == 302
    assert GoodExample.objects.filter(title="Seniorkafé").count() == 2


def test_c8_an_event_submitted_twice_is_created_once(client_a, office_a):
    url = reverse("regional:event-create", args=[office_a.slug])
    data = {
        "title": "Fagdag",
        "start": "2031-05-04T09:00",
        "end": "2031-05-04T15:00",
        "target_group": "Ledere",
        "theme": "Mat",
        "place": "Oslo",
        "submission": _token(client_a, url),
    }
    assert client_a.post(url, data).status_code == 302
    assert client_a.post(url, data).status_code == 302
    assert Event.objects.filter(title="Fagdag").count() == 1


def test_c8_a_grant_confirmation_submitted_twice_is_recorded_once(client_a, office_a):
    url = reverse("reporting:grant-confirm", args=[office_a.slug, "0301"]) + "?aar=2021"
    data = {"prioritised": "no", "reason": "Ingen plan ennå", "seen": "0000", "submission": _token(client_a, url)}
    assert client_a.post(url, data).status_code == 302
    assert client_a.post(url, data).status_code == 302
    assert GrantConfirmation.objects.count() == 1


def test_c8_ten_parallel_network_creations_with_one_slug_give_one_network_and_form_errors(transactional_country):
    from municipalities.models import Office

    office = Office.objects.get(slug="oslo-og-viken")
    url = reverse("networks:create", args=[office.slug])
    clients = []
    for i in range(10):
        client = Client(raise_request_exception=False)
        client.force_login(UserFactory(username=f"nett-{i}", office=office))
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    answers: list = []
    lock = threading.Lock()

    def create(index: int, client: Client) -> None:
        from django.db import connection

        try:
            barrier.wait()
            response = client.post(url, {"name": f"Nettverk {index}", "slug": "samme", "status": "new"})
            with lock:
                answers.append(response)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] * 9 + [302]
    assert Network.objects.filter(office=office, slug="samme").count() == 1
    refused = [a for a in answers if a.status_code == 200]
    assert all("Embetet har allerede et nettverk med dette kortnavnet." in a.content.decode() for a in refused)
