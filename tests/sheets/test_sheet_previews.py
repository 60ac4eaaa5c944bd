"""An uploaded sheet's preview lives in the database, for its uploader alone: a request running alongside that
writes the whole session back (an autosave in another tab) cannot lose it, another user cannot open it, and an
expired one is gone. (Across two instances: tests/scaleout/test_two_instances.py.)"""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone

from municipalities.facts import StatusFact
from municipalities.sheet_previews import PREVIEW_MAX_AGE, PREVIEW_MAX_COUNT, SheetPreview

from .helpers import edit, export
from .test_sheet_views import post_sheet

pytestmark = pytest.mark.django_db


def _upload(client, office, number="3001") -> str:
    response = post_sheet(client, office, edit(export(office), {(number, "phase"): "3"}))
    assert response.status_code == 302
    return response["Location"]


def test_a_stale_session_write_alongside_does_not_lose_the_preview(client_a, office_a):
    alongside = SessionStore(client_a.session.session_key)
    assert alongside.get("_auth_user_id")  # a request in another tab read the session before the upload …
    location = _upload(client_a, office_a)
    alongside.modified = True
    alongside.save()  # … and writes it back after (SESSION_SAVE_EVERY_REQUEST)
    assert client_a.get(location).status_code == 200
    confirmed = client_a.post(location)
    assert confirmed.status_code == 302
    assert StatusFact.objects.filter(municipality__number="3001", source="sheet", value="3").count() == 1


def test_another_user_cannot_open_the_preview(client_a, office_a, staff_a2):
    location = _upload(client_a, office_a)
    colleague = Client()
    colleague.force_login(staff_a2)
    response = colleague.post(location)
    assert response.status_code == 302
    assert response["Location"].endswith("/arbeidsark/")  # «Forhåndsvisningen finnes ikke lenger»
    assert not StatusFact.objects.filter(source="sheet").exists()
    assert client_a.get(location).status_code == 200  # still the uploader's


def test_an_expired_preview_is_gone_and_a_user_keeps_at_most_three(client_a, office_a):
    location = _upload(client_a, office_a)
    SheetPreview.objects.update(created_at=timezone.now() - PREVIEW_MAX_AGE - datetime.timedelta(seconds=1))
    assert client_a.get(location).status_code == 302
    for number in ("3002", "3003", "3004", "3005"):
        _upload(client_a, office_a, number)
    assert SheetPreview.objects.count() == PREVIEW_MAX_COUNT
