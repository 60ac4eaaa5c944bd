"""Who is refused: someone without an account, an unverified address, a deactivated account; and the provider's
claims never give rights. Each refusal is a Norwegian page and a security event."""

import pytest
from django.urls import reverse

from accounts.models import IdentityLink, SecurityEvent, User
from tests.factories import UserFactory

from .conftest import current_user, sign_in


def test_someone_without_an_account_is_told_whom_to_ask_and_it_is_logged(client, sso, agent, settings):
    settings.ACCESS_CONTACT = "brukerstotte@helsedir.example"
    response = sign_in(client, agent, sso, "ukjent")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ingen tilgang til portalen" in page
    assert "ukjent.person@kommune.no, men har ingen konto" in page
    assert "Be administratoren om å opprette en konto" in page
    assert '<a href="mailto:brukerstotte@helsedir.example">' in page
    event = SecurityEvent.objects.get()
    assert (event.target, event.outcome, event.path) == (
        "sso:no-account:ukjent.person@kommune.no",
        "denied",
        "/konto/sso/tilbake/",
    )
    assert not current_user(client).is_authenticated
    assert not User.objects.filter(email="ukjent.person@kommune.no").exists()  # the provider creates nobody


def test_an_address_the_provider_has_not_verified_links_nothing(client, sso, agent, office_a):
    ola = UserFactory(username="ola", email="ola.hansen@statsforvalteren.no", office=office_a)
    response = sign_in(client, agent, sso, "ola")  # email_verified: false
    assert response.status_code == 403
    assert "har ingen konto" in response.content.decode()
    assert not IdentityLink.objects.filter(user=ola).exists()
    assert SecurityEvent.objects.get().target == "sso:no-account:ola.hansen@statsforvalteren.no"
    assert not current_user(client).is_authenticated


def test_an_address_two_accounts_share_links_neither(client, sso, agent, office_a, office_b):
    UserFactory(username="kari1", email="kari.nordmann@statsforvalteren.no", office=office_a)
    UserFactory(username="kari2", email="KARI.NORDMANN@statsforvalteren.no", office=office_b)
    assert sign_in(client, agent, sso, "kari").status_code == 403
    assert not IdentityLink.objects.exists()


def test_roles_and_offices_never_come_from_the_providers_claims(client, sso, agent, office_b):
    # The provider says role=administrator and groups=[administrator, innlandet]; the portal ignores both.
    hilde = UserFactory(username="hilde", email="hilde.berg@helsedir.no", office=office_b)
    response = sign_in(client, agent, sso, "hilde")
    assert response.status_code == 302
    hilde.refresh_from_db()
    assert (hilde.role, hilde.office) == (User.Role.OFFICE_STAFF, office_b)
    assert (hilde.is_staff, hilde.is_superuser) == (False, False)
    assert client.get(reverse("admin:index")).status_code == 302  # not let into the admin
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == "/embeter/innlandet/"


@pytest.mark.parametrize("linked_before", [False, True])
def test_a_deactivated_account_cannot_sign_in_through_the_provider(client, sso, agent, office_a, linked_before):
    kari = UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    if linked_before:
        IdentityLink.objects.create(user=kari, issuer=sso.issuer, subject="kari")
    kari.is_active = False
    kari.save()
    response = sign_in(client, agent, sso, "kari")
    assert response.status_code == 403
    assert "Kontoen din i Leve hele livet-portalen er deaktivert" in response.content.decode()
    event = SecurityEvent.objects.get()
    assert (event.target, event.username) == ("sso:inactive:kari.nordmann@statsforvalteren.no", "kari")
    assert not current_user(client).is_authenticated


def test_an_account_deactivated_mid_session_is_signed_out_on_the_next_request(client, sso, agent, office_a):
    kari = UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    sign_in(client, agent, sso, "kari")
    assert current_user(client) == kari
    kari.is_active = False
    kari.save()
    response = client.get(reverse("municipalities:office-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_system_actor_cannot_be_signed_in(client, sso, agent):
    from accounts.services import system_actor

    actor = system_actor()
    actor.email = "kari.nordmann@statsforvalteren.no"
    actor.is_active = True
    actor.save()
    assert sign_in(client, agent, sso, "kari").status_code == 403
    assert not current_user(client).is_authenticated
