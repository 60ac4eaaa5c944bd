"""An office's networks: list, create/edit by the office's own staff, detail with members as of today."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from municipalities.models import Municipality
from municipalities.services import fact_retract
from networks.models import Network
from tests.factories import record

DATA = {
    "name": "Leve hele livet-nettverk Sør",
    "slug": "sor",
    "operator": "KS og USHT",
    "target_group": "Kommunenes prosjektledere",
    "practice": "Fire samlinger i året",
    "support": "Erfaringsdeling",
    "status": "new",
}


@pytest.fixture
def network(office_a, staff_a):
    return Network.objects.create(office=office_a, slug="sor", name="Nettverk Sør", created_by=staff_a)


def test_list_shows_networks_and_create_link_for_own_staff(client, staff_a, staff_b, network):
    url = reverse("networks:list", args=["oslo-og-viken"])
    client.force_login(staff_a)
    html = client.get(url).content.decode()
    assert "Nettverk Sør" in html
    assert "oslo-og-viken/sor" in html
    assert "Registrer nytt nettverk" in html
    client.force_login(staff_b)
    html = client.get(url).content.decode()
    assert "Nettverk Sør" in html
    assert "Registrer nytt nettverk" not in html
    assert "Endre" not in html


def test_create_network(client_a, staff_a):
    response = client_a.post(reverse("networks:create", args=["oslo-og-viken"]), DATA)
    assert response.status_code == 302
    network = Network.objects.get()
    assert (network.office.slug, network.slug, network.status, network.created_by) == (
        "oslo-og-viken",
        "sor",
        "new",
        staff_a,
    )
    assert response["Location"] == reverse("networks:detail", args=["oslo-og-viken", "sor"])


def test_slug_unique_within_office_only(client_a, client, staff_b, network):
    response = client_a.post(reverse("networks:create", args=["oslo-og-viken"]), DATA)
    assert response.status_code == 200
    assert "Embetet har allerede et nettverk med dette kortnavnet." in response.content.decode()
    assert 'value="KS og USHT"' in response.content.decode()  # input kept
    assert Network.objects.count() == 1
    client.force_login(staff_b)
    assert client.post(reverse("networks:create", args=["innlandet"]), DATA).status_code == 302
    assert Network.objects.filter(slug="sor").count() == 2


@pytest.mark.parametrize(
    ("slug", "message"), [("ny", "er reservert"), ("Sør nett", "Bruk bare små bokstaver"), ("", "Feltet må fylles ut.")]
)
def test_bad_slugs(client_a, slug, message):
    response = client_a.post(reverse("networks:create", args=["oslo-og-viken"]), {**DATA, "slug": slug})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Network.objects.exists()


def test_edit_keeps_slug(client_a, network):
    url = reverse("networks:edit", args=["oslo-og-viken", "sor"])
    assert 'name="slug"' not in client_a.get(url).content.decode()
    response = client_a.post(url, {**DATA, "slug": "changed", "name": "Nytt navn"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.slug, network.name, network.operator) == ("sor", "Nytt navn", "KS og USHT")


def test_other_office_cannot_create_or_edit(client, staff_b, directorate_user, network):
    for user in (staff_b, directorate_user):
        client.force_login(user)
        assert client.post(reverse("networks:create", args=["oslo-og-viken"]), {**DATA, "slug": "x"}).status_code == 403
        edit = client.post(reverse("networks:edit", args=["oslo-og-viken", "sor"]), {**DATA, "name": "Kapret"})
        assert edit.status_code == 403
    network.refresh_from_db()
    assert network.name == "Nettverk Sør"
    assert Network.objects.count() == 1
    assert SecurityEvent.objects.count() == 4


def test_detail_lists_members_as_of_today(client, staff_a, staff_b, network):
    record("0301", "network", "participating", "2021-01-01", user=staff_a, network=network)
    record("3001", "network", "planned", "2021-01-01", user=staff_a, network=network)
    record("3002", "network", "participating", "2021-01-01", user=staff_a, network=network)
    record("3002", "network", "none", "2021-06-01", user=staff_a, network=network)  # left again
    wrong = record("3003", "network", "participating", "2021-01-01", user=staff_a, network=network)
    fact_retract(fact=wrong, reason="Feil kommune", user=staff_a)
    record("3401", "network", "planned", "2021-01-01", user=staff_b, network=network)  # another office's member
    client.force_login(staff_b)
    response = client.get(reverse("networks:detail", args=["oslo-og-viken", "sor"]))
    assert response.status_code == 200
    members = [(m.number, f.value) for m, f in response.context["members"]]
    assert members == [("0301", "participating"), ("3001", "planned"), ("3401", "planned")]
    assert "Endre nettverket" not in response.content.decode()


def test_unknown_network_is_404(client_a):
    assert client_a.get(reverse("networks:detail", args=["oslo-og-viken", "nope"])).status_code == 404
    assert client_a.get(reverse("networks:detail", args=["innlandet", "sor"])).status_code == 404


@pytest.mark.parametrize("how_many", [2, 30])
def test_detail_query_count_is_constant(client_a, staff_a, network, how_many, django_assert_max_num_queries):
    for m in Municipality.objects.filter(office__slug="oslo-og-viken").order_by("number")[:how_many]:
        record(m.number, "network", "participating", "2021-01-01", user=staff_a, network=network)
    with django_assert_max_num_queries(11):  # the same at both sizes
        response = client_a.get(reverse("networks:detail", args=["oslo-og-viken", "sor"]))
    assert len(response.context["members"]) == how_many
