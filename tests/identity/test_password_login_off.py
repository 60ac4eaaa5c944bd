"""PASSWORD_LOGIN=0: no password field, no password reset or change, a password POST signs nobody in; the
break-glass administrator still signs in with a password at /admin/login/ only (throttled by django-axes)."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import AdministratorFactory, UserFactory

from .conftest import current_user, sign_in

IDP_BACKEND = "accounts.backends.IdentityProviderBackend"


@pytest.fixture
def passwords_off(settings, sso):
    settings.PASSWORD_LOGIN = False
    settings.BREAK_GLASS_USERNAME = "nodadmin"
    return sso


@pytest.fixture
def break_glass(db):
    return AdministratorFactory(username="nodadmin")


def test_the_login_page_has_no_password_field_only_the_provider(client, passwords_off):
    response = client.get(reverse("accounts:login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' not in page
    assert 'name="username"' not in page
    assert "Glemt passord" not in page
    assert ">Logg inn med Statsforvalterens konto</a>" in page


def test_a_password_post_signs_nobody_in_and_is_logged(client, passwords_off, staff_a, break_glass):
    for username in ("staff-a", "nodadmin"):  # the break-glass account too: its door is /admin/login/
        response = client.post(reverse("accounts:login"), {"username": username, "password": "pw"})
        assert response.status_code == 403
        assert "Innlogging med passord er slått av" in response.content.decode()
        assert not current_user(client).is_authenticated
    assert list(SecurityEvent.objects.values_list("target", flat=True)) == ["password-login-disabled"] * 2


def test_password_reset_is_gone(client, passwords_off, staff_a):
    for name, kwargs in [
        ("accounts:password-reset", {}),
        ("accounts:password-reset-done", {}),
        ("accounts:password-reset-confirm", {"uidb64": "MQ", "token": "x"}),
        ("accounts:password-reset-complete", {}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    response = client.post(reverse("accounts:password-reset"), {"email": staff_a.email})
    assert response.status_code == 404


def test_password_change_is_gone_except_for_the_break_glass_account(client, passwords_off, break_glass):
    admin = AdministratorFactory(username="admin-sso")
    client.force_login(admin, backend=IDP_BACKEND)
    assert client.get(reverse("admin-password-change")).status_code == 404
    assert client.get(reverse("admin:auth_user_password_change", args=[admin.pk])).status_code == 404
    client.logout()
    client.post(reverse("admin:login"), {"username": "nodadmin", "password": "pw"})
    assert client.get(reverse("admin-password-change")).status_code == 200
    assert client.get(reverse("admin:auth_user_password_change", args=[break_glass.pk])).status_code == 200


def test_the_break_glass_administrator_signs_in_at_the_admin_login_only(client, passwords_off, break_glass):
    other_admin = AdministratorFactory(username="admin2")
    response = client.post(reverse("admin:login"), {"username": "admin2", "password": "pw"})
    assert response.status_code == 200  # the form again, with an error
    assert not current_user(client).is_authenticated
    response = client.post(reverse("admin:login"), {"username": "nodadmin", "password": "pw"})
    assert response.status_code == 302
    assert current_user(client) == break_glass
    assert client.get(reverse("admin:index")).status_code == 200
    assert other_admin.is_active


def test_the_break_glass_login_is_still_throttled(client, passwords_off, break_glass):
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "nodadmin", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "nodadmin", "password": "pw"})
    assert response.status_code == 429
    assert not current_user(client).is_authenticated


def test_sessions_begun_with_a_password_before_the_switch_end(client, settings, staff_a):
    client.post(reverse("accounts:login"), {"username": "staff-a", "password": "pw"})
    assert current_user(client) == staff_a
    settings.PASSWORD_LOGIN = False
    assert not current_user(client).is_authenticated


def test_signing_in_through_the_provider_still_works(client, passwords_off, agent, office_a):
    kari = UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    assert sign_in(client, agent, passwords_off, "kari").status_code == 302
    assert current_user(client) == kari


def test_with_passwords_on_the_password_form_and_throttling_are_as_before(client, sso, staff_a):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'name="password"' in page
    assert "Glemt passord" in page
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "staff-a", "password": "wrong"})
    assert client.post(reverse("accounts:login"), {"username": "staff-a", "password": "pw"}).status_code == 429
