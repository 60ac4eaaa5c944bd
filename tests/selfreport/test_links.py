"""Personal links are secrets: 256 random bits, stored only as a hash, traded for a session on the first visit and
redirected to an address without them; they expire, can be revoked and are replaced by a resend; a wrong link
gets a page with no hint; opening is rate-limited; the session reaches its own municipality's pages only."""

import datetime
import hashlib

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from selfreport.models import Invitation, InvitationLink
from selfreport.rounds import invitation_resend, invitation_revoke
from selfreport.tokens import new_token

from .helpers import contact, invitation_with_link, link_path, start


@pytest.fixture
def issued(office_a, kari):
    return invitation_with_link(office_a, kari, "0301", name="Per Post")


def test_a_link_carries_256_random_bits_and_only_their_hash_is_stored(issued):
    token = issued.token
    assert len(token) == 43  # 32 bytes in URL-safe base64
    assert len({new_token() for _ in range(50)}) == 50
    link = InvitationLink.objects.get(invitation=issued.invitation)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in InvitationLink.objects.values_list().get()] + [
        str(v) for v in Invitation.objects.values_list().get()
    ]
    assert not any(token in value for value in stored)


def test_the_first_visit_trades_the_link_for_a_session_and_drops_the_secret(client, issued, kari):
    client.force_login(kari)  # whoever was signed in in this browser is signed out
    before = client.cookies["sessionid"].value
    response = client.get(link_path(issued.token))
    assert response.status_code == 302
    assert response["Location"] == "/svar/kommune/0301/"
    assert client.cookies["sessionid"].value != before
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert issued.token not in page.content.decode()
    assert page.wsgi_request.user.is_anonymous
    issued.invitation.refresh_from_db()
    assert issued.invitation.opened_at is not None
    # The same link opens again later (coming back to a draft), until it expires or is replaced.
    assert Client().get(link_path(issued.token)).status_code == 302


@pytest.mark.parametrize(
    "tampered",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t[:20],
        lambda t: t + "x",
        lambda t: "%00" + t,
        lambda t: "lenke",
    ],
)
def test_a_tampered_or_unknown_link_gets_the_same_page_without_a_hint(client, issued, tampered):
    response = client.get(link_path(tampered(issued.token)))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Kontakt statsforvalteren som sendte deg lenken" in html
    for hint in ("Oslo og Viken", "gått ut", "trukket tilbake", "nyere lenke"):
        assert hint not in html
    assert "sessionid" not in response.cookies


def test_another_municipalitys_page_from_a_valid_session_is_a_404(client, issued, office_a, kari):
    contact("3001", user=kari, name="Kari Fredrikstad")
    client.get(link_path(issued.token))
    for number in ("3001", "0301x", "9999"):
        response = client.get(reverse("selfreport:response", args=[number]))
        assert response.status_code == 404, number
    assert client.get(reverse("selfreport:response", args=["0301"])).status_code == 200
    assert SecurityEvent.objects.filter(target__contains="municipality:3001").count() == 1


def test_a_session_reaches_nothing_else_of_the_portal(client, issued):
    client.get(link_path(issued.token))
    for url in ("/", "/embeter/oslo-og-viken/", "/kommuner/0301/", "/dashboard/", "/konto/logg-inn/", "/admin/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/tilgjengelighet/").status_code == 200
    signed_out = client.post(reverse("accounts:logout"))
    assert signed_out.status_code == 302
    assert client.get(reverse("selfreport:response", args=["0301"])).status_code == 404


@override_settings(ROUND_LINK_GRACE_DAYS=3)
def test_a_link_expires_the_set_number_of_days_after_the_deadline(client, office_a, kari, monkeypatch):
    contact("0301", user=kari, name="Per Post")
    _round, issued = start(office_a, kari, ["0301"], days=2)
    token = issued[0].token
    today = timezone.localdate()
    assert client.get(link_path(token)).status_code == 302
    # Five days later (deadline + 3) the link still opens; six days later it has expired.
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=5))
    assert Client().get(link_path(token)).status_code == 302
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=6))
    expired = Client().get(link_path(token))
    assert expired.status_code == 410
    html = expired.content.decode()
    assert "Lenken har gått ut" in html
    assert "Statsforvalteren i Oslo og Viken" in html
    assert "kari@example.invalid" in html  # whom to write to
    # An open session ends with the link.
    assert client.get(reverse("selfreport:response", args=["0301"])).status_code == 410


def test_a_revoked_link_names_the_office_and_ends_the_session(client, issued, kari):
    client.get(link_path(issued.token))
    invitation_revoke(invitation=issued.invitation, user=kari)
    page = client.get(reverse("selfreport:response", args=["0301"]))
    assert page.status_code == 410
    assert "Statsforvalteren i Oslo og Viken har trukket tilbake lenken" in page.content.decode()
    again = Client().get(link_path(issued.token))
    assert again.status_code == 410
    assert "Lenken er trukket tilbake" in again.content.decode()


def test_a_resend_issues_a_new_link_and_the_old_one_stops(issued, kari, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        new = invitation_resend(invitation=issued.invitation, user=kari)
    assert new.token != issued.token
    assert len(mailoutbox) == 1
    assert new.token in mailoutbox[0].body
    old = Client().get(link_path(issued.token))
    assert old.status_code == 410
    assert "Du har fått en nyere lenke" in old.content.decode()
    assert Client().get(link_path(new.token)).status_code == 302
    assert InvitationLink.objects.filter(invitation=issued.invitation, replaced_at__isnull=True).count() == 1


def test_a_resend_reopens_a_revoked_invitation(issued, kari):
    invitation_revoke(invitation=issued.invitation, user=kari)
    new = invitation_resend(invitation=issued.invitation, user=kari)
    assert Client().get(link_path(new.token)).status_code == 302


@override_settings(ROUND_LINK_OPENS_PER_ADDRESS="5/15m")
def test_opening_links_is_rate_limited_per_client_address(issued):
    client = Client(REMOTE_ADDR="192.0.2.10")
    codes = [client.get(link_path(issued.token if i % 2 else "x" * 43)).status_code for i in range(5)]
    assert 429 not in codes
    limited = client.get(link_path(issued.token))
    assert limited.status_code == 429
    assert "For mange forsøk" in limited.content.decode()
    # Another address is not affected; a forwarded-for header is not believed.
    assert Client(REMOTE_ADDR="192.0.2.11").get(link_path(issued.token)).status_code == 302
    spoofed = Client(REMOTE_ADDR="192.0.2.10", headers={"x-forwarded-for": "198.51.100.1"})
    assert spoofed.get(link_path(issued.token)).status_code == 429


def test_a_deleted_contact_cannot_open_the_link(issued, kari):
    from selfreport.contacts import contact_delete

    contact_delete(contact=issued.invitation.contact, user=kari)
    response = Client().get(link_path(issued.token))
    assert response.status_code == 410
