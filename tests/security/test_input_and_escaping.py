"""Bad input (B-1, B-2), admin gates (A-5) and stored files (A-6)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from municipalities.facts import GoodExample, StatusFact
from tests.factories import municipality, record

CREATE = reverse("municipalities:fact-create", args=["0301"])
PAGE = reverse("municipalities:municipality-detail", args=["0301"])
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}", "\u202eevil"]


def _data(**fields):
    data = {
        "fact": "phase",
        "value": "3",
        "effective_date": "2021-04-01",
        "status_version": str(municipality("0301").status_version),
        "loaded_at": timezone.now().isoformat(),
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"value": "7"}, "value"), ({"effective_date": "2021-02-30"}, "effective_date"), ({"fact": "status"}, "fact")],
)
def test_invalid_input_is_shown_next_to_the_field_kept_and_logged(client_a, fields, field):
    response = client_a.post(CREATE, _data(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field]
    html = response.content.decode()
    assert f'id="error_1_id_{field}"' in html or "invalid-feedback" in html
    assert StatusFact.objects.count() == 0
    event = SecurityEvent.objects.get()
    assert (event.outcome, event.username, event.path) == ("invalid", "staff-a", CREATE)


def test_successful_post_logs_no_input_event(client_a):
    assert client_a.post(CREATE, _data()).status_code == 302
    assert SecurityEvent.objects.count() == 0


@pytest.mark.parametrize("payload", PAYLOADS)
def test_free_text_is_rendered_escaped(client_a, staff_a, payload):
    assert client_a.post(CREATE, _data(note=payload)).status_code == 302
    GoodExample.objects.create(
        municipality=municipality("0301"), title=payload, text=payload, date="2021-03-01", recorded_by=staff_a
    )
    for url in (PAGE, reverse("regional:library") + "?q=" + "alert"):
        html = client_a.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror" not in html
    html = client_a.get(PAGE).content.decode()
    assert "{{7*7}}" not in payload or "{{7*7}}" in html  # shown literally, never evaluated
    assert "49" not in html.split("Merknad", 1)[-1][:80]


def test_nul_bytes_and_overlong_text_are_refused(client_a):
    response = client_a.post(CREATE, _data(note="a\x00b"))
    assert response.status_code == 200
    assert StatusFact.objects.count() == 0
    response = client_a.post(CREATE, _data(note="x" * 1_000_000))
    assert response.status_code in (200, 400)
    assert StatusFact.objects.count() == 0


def test_escaped_in_admin_too(client, admin_user, staff_a):
    record("0301", "phase", "3", "2021-04-01", user=staff_a, note=PAYLOADS[0])
    client.force_login(admin_user)
    html = client.get(reverse("admin:municipalities_statusfact_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("who", ["staff_a", "directorate_user"])
def test_non_administrators_cannot_reach_user_management(db, client, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for name in ("admin:accounts_user_changelist", "admin:accounts_user_add"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), {"role": "administrator"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.role != "administrator"
    events = SecurityEvent.objects.filter(username=user.username, outcome="denied")
    assert events.count() == 3
    assert events.filter(target__startswith="admin:/admin/accounts/user/").count() == 3


def test_administrator_manages_users_but_never_facts(client, admin_user, staff_a):
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:municipalities_statusfact_add")).status_code == 403
    fact = record("0301", "phase", "3", "2021-04-01", user=staff_a)
    assert (
        client.post(reverse("admin:municipalities_statusfact_delete", args=[fact.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert StatusFact.objects.count() == 1


@pytest.mark.parametrize("path", ["/media/jobs/2021/04/x.xlsx", "/var/media/jobs/x.xlsx"])
def test_stored_files_have_no_public_url(client, staff_a, path):
    assert client.get(path).status_code == 404  # no URL serves MEDIA_ROOT, for anyone
    client.force_login(staff_a)
    assert client.get(path).status_code == 404
