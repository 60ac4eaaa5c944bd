import pytest
from django.urls import reverse

from accounts.models import SecurityEvent


def test_wrong_password_message_is_norwegian_and_does_not_reveal_the_user(client, staff_a):
    url = reverse("accounts:login")
    known = client.post(url, {"username": "staff-a", "password": "wrong"})
    unknown = client.post(url, {"username": "nobody-here", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    message = "Feil brukernavn eller passord."
    assert message in known.content.decode()
    assert message in unknown.content.decode()
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert 'value="staff-a"' in known.content.decode()  # what was typed is kept


def test_repeated_failures_are_throttled(client, staff_a):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "staff-a", "password": "wrong"})
    response = client.post(url, {"username": "staff-a", "password": "pw"})
    assert response.status_code == 429
    assert "For mange mislykkede innlogginger" in response.content.decode()


def test_login_lands_staff_on_their_office(client, staff_a):
    response = client.post(reverse("accounts:login"), {"username": "staff-a", "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("municipalities:office-detail", args=["oslo-og-viken"])
    assert "Statsforvalteren i Oslo og Viken" in response.content.decode()


def test_directorate_lands_on_the_national_list(client, directorate_user):
    client.force_login(directorate_user)
    response = client.get(reverse("home"), follow=True)
    page = response.content.decode()
    assert page.count("/embeter/") >= 10
    assert "Statsforvalteren i Troms og Finnmark" in page


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("municipalities:office-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["staff_a", "staff_b"])
def test_refused_catalogue_write_is_403_and_logged(db, client, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(reverse("municipalities:catalogue-edit", args=["mat"]), {"name": "Hacked"})
    assert response.status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.username, event.target, event.outcome) == (user.username, "catalogue:mat", "denied")
    assert event.office_slug == user.office.slug
