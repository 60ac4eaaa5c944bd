"""Signing in through a real OpenID Connect provider (oidc-provider in its own process on loopback)."""

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from accounts.models import IdentityLink
from tests.factories import UserFactory

from .conftest import current_user, query, sign_in, start_sign_in


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
    assert len(params["state"]) >= 20
    assert len(params["nonce"]) >= 20
    assert params["redirect_uri"] == "http://testserver/konto/sso/tilbake/"
    assert "openid" in params["scope"].split()


def test_a_provisioned_user_signs_in_and_lands_on_their_start_page(client, sso, agent, office_a):
    kari = UserFactory(username="kari", email="Kari.Nordmann@statsforvalteren.no", office=office_a)
    response = sign_in(client, agent, sso, "kari")
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("municipalities:office-detail", args=["oslo-og-viken"])
    assert "Statsforvalteren i Oslo og Viken" in page.content.decode()
    assert current_user(client) == kari
    link = IdentityLink.objects.get(user=kari)
    assert (link.issuer, link.subject) == (sso.issuer, "kari")
    entry = LogEntry.objects.get(object_id=str(kari.pk))
    assert entry.user == kari
    assert entry.change_message.startswith(f"Koblet ved første innlogging til identiteten kari hos {sso.issuer}")


def test_the_link_is_only_there_when_single_sign_on_is_configured(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "/konto/sso/start/" not in page
    assert 'name="password"' in page
    assert client.get(reverse("accounts:sso-start")).status_code == 404
    assert client.get(reverse("accounts:sso-callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_page_the_user_asked_for_is_kept_through_the_sign_in(client, sso, agent, office_a):
    UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    response = sign_in(client, agent, sso, "kari", next_url="/embeter/innlandet/")
    assert response["Location"] == "/embeter/innlandet/"


def test_a_next_address_on_another_site_is_ignored(client, sso, agent, office_a):
    UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    response = sign_in(client, agent, sso, "kari", next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_after_the_first_sign_in_the_account_is_found_by_issuer_and_subject_alone(client, sso, agent, office_a):
    kari = UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    assert sign_in(client, agent, sso, "kari").status_code == 302
    client.logout()
    kari.email = "kari@ny-adresse.example"  # the portal's address changed; the provider still says the old one
    kari.save()
    assert sign_in(client, agent, sso, "kari").status_code == 302
    assert current_user(client) == kari


def test_another_identity_with_the_same_address_does_not_take_over_a_linked_account(client, sso, office_a):
    import requests

    from accounts.models import SecurityEvent

    kari = UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    with requests.Session() as first:
        assert sign_in(client, first, sso, "kari").status_code == 302
    client.logout()
    with requests.Session() as second:  # "kari-ny": another subject, same verified address
        response = sign_in(client, second, sso, "kari-ny")
    assert response.status_code == 403
    assert "allerede koblet til en annen identitet" in response.content.decode()
    assert list(IdentityLink.objects.filter(user=kari).values_list("subject", flat=True)) == ["kari"]
    event = SecurityEvent.objects.get()
    assert event.target == "sso:linked-to-other-identity:kari.nordmann@statsforvalteren.no"
    assert event.username == "kari"
    assert not current_user(client).is_authenticated


def test_an_account_from_import_users_signs_in_through_the_provider(client, sso, agent, tmp_path):
    from django.core.management import call_command

    roster = tmp_path / "users.csv"
    roster.write_text("username,email,role,office\nkari,kari.nordmann@statsforvalteren.no,office_staff,agder\n")
    call_command("import_users", str(roster))
    response = sign_in(client, agent, sso, "kari")
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == "/embeter/agder/"
    assert current_user(client).username == "kari"


def test_the_admin_shows_the_linked_identity(client, sso, agent, office_a, admin_user):
    kari = UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    sign_in(client, agent, sso, "kari")
    client.logout()
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[kari.pk])).content.decode()
    assert "Koblede identiteter" in page
    assert sso.issuer in page
    assert "kari.nordmann@statsforvalteren.no" in page


def test_an_account_the_administrator_adds_without_a_password_signs_in_through_the_provider(
    client, sso, agent, admin_user, office_a
):
    from accounts.models import User

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "kari",
            "email": "kari.nordmann@statsforvalteren.no",
            "role": "office_staff",
            "office": office_a.pk,
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    kari = User.objects.get(username="kari")
    assert not kari.has_usable_password()
    client.logout()
    assert sign_in(client, agent, sso, "kari").status_code == 302
    assert current_user(client) == kari
