"""Signing in through a real OpenID Connect provider (oidc-provider in its own process on loopback)."""

from django.urls import reverse

from accounts.models import IdentityLink
from tests.factories import UserFactory

from .conftest import query, sign_in, start_sign_in


def test_the_login_page_link_goes_straight_to_the_providers_authorization_endpoint(client, sso, agent):
    page = client.get(reverse("accounts:login")).content.decode()
    assert ">Logg inn med Statsforvalterens konto</a>" in page
    assert 'href="/konto/sso/start/"' in page
    location = start_sign_in(client)
    endpoint = agent.get(sso.discovery_url).json()["authorization_endpoint"]
    assert location.split("?")[0] == endpoint
    params = query(location)
    assert params["client_id"] == "lhl-portal"
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43  # base64url of a SHA-256 digest
    assert len(params["state"]) >= 20 and len(params["nonce"]) >= 20
    assert params["redirect_uri"] == "http://testserver/konto/sso/tilbake/"
    assert "openid" in params["scope"].split()


def test_a_provisioned_user_signs_in_and_lands_on_their_start_page(client, sso, agent, office_a):
    kari = UserFactory(username="kari", email="Kari.Nordmann@statsforvalteren.no", office=office_a)
    response = sign_in(client, agent, sso, "kari")
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("municipalities:office-detail", args=["oslo-og-viken"])
    assert "Statsforvalteren i Oslo og Viken" in page.content.decode()
    assert page.context["user"] == kari
    link = IdentityLink.objects.get(user=kari)
    assert (link.issuer, link.subject) == (sso.issuer, "kari")
