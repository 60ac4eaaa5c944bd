"""The lookup-plus-permission helpers and the command rules of accounts/permissions.py."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from accounts import permissions
from accounts.models import SecurityEvent
from municipalities.models import Municipality, Office
from tests.factories import AdministratorFactory, UserFactory


def request_by(user, path="/x/"):
    request = RequestFactory().post(path)
    request.user = user
    return request


def test_the_office_for_writing_is_given_to_its_own_staff(staff_a, office_a):
    found = permissions.office_for_writing(request_by(staff_a), Office, target="office:x", slug=office_a.slug)
    assert found == office_a
    assert SecurityEvent.objects.count() == 0


def test_another_office_for_writing_is_a_logged_403_naming_the_target(staff_b, office_a):
    with pytest.raises(PermissionDenied):
        permissions.office_for_writing(
            request_by(staff_b, "/embeter/oslo-og-viken/ny/"),
            Office,
            target=lambda office: f"office:{office.slug}:write",
            slug=office_a.slug,
        )
    event = SecurityEvent.objects.get()
    assert (event.username, event.outcome, event.target, event.path) == (
        "staff-b",
        "denied",
        "office:oslo-og-viken:write",
        "/embeter/oslo-og-viken/ny/",
    )


def test_a_missing_object_is_a_plain_404(staff_a):
    with pytest.raises(Http404):
        permissions.office_for_writing(request_by(staff_a), Office, target="office:x", slug="atlantis")
    assert SecurityEvent.objects.count() == 0


def test_the_municipality_for_writing_follows_its_office(staff_a, staff_b, directorate_user):
    oslo = Municipality.objects.filter(office__slug="oslo-og-viken")
    found = permissions.municipality_for_writing(request_by(staff_a), oslo, target="m", number="0301")
    assert found.number == "0301"
    for user in (staff_b, directorate_user):
        with pytest.raises(PermissionDenied):
            permissions.municipality_for_writing(request_by(user), oslo, target="m", number="0301")
    assert SecurityEvent.objects.filter(target="m").count() == 2


def test_a_draft_is_its_own_offices_only_and_anyone_else_gets_a_logged_404(staff_a, staff_b, office_a):
    own = permissions.get_draft(
        request_by(staff_a), Office, office=lambda office: office, target="draft", slug=office_a.slug
    )
    assert own == office_a
    with pytest.raises(Http404):
        permissions.get_draft(
            request_by(staff_b), Office, office=lambda office: office, target="draft", slug="oslo-og-viken"
        )
    assert SecurityEvent.objects.get().target == "draft"
    published = permissions.get_draft(
        request_by(staff_b),
        Office,
        office=lambda office: office,
        target="draft",
        published=lambda office: True,
        slug=office_a.slug,
    )
    assert published == office_a


def test_require_refuses_with_a_logged_403(directorate_user):
    permissions.require(request_by(directorate_user), True, target="ok")
    with pytest.raises(PermissionDenied):
        permissions.require(request_by(directorate_user), False, target="period:new")
    assert SecurityEvent.objects.get().target == "period:new"


def test_who_may_record_facts_by_command(staff_a, directorate_user, office_a, office_b):
    from accounts.services import system_actor

    assert permissions.fact_import_office(system_actor(), None) is None
    assert permissions.fact_import_office(system_actor(), office_b) == office_b
    assert permissions.fact_import_office(staff_a, None) == office_a
    assert permissions.fact_import_office(staff_a, office_a) == office_a
    refusals = [
        (staff_a, office_b, "user 'staff-a' may not record facts for the office 'innlandet'"),
        (directorate_user, None, "user 'hdir' (directorate) may not record status facts"),
        (AdministratorFactory(username="boss"), None, "user 'boss' (administrator) may not record status facts"),
        (
            UserFactory(username="gone", office=office_a, is_active=False),
            None,
            "user 'gone' may not record status facts",
        ),
    ]
    for user, office, message in refusals:
        with pytest.raises(permissions.CommandRefused) as refused:
            permissions.fact_import_office(user, office)
        assert str(refused.value) == message


def test_who_may_see_a_package(staff_a, staff_b, directorate_user):
    admin = AdministratorFactory(username="boss")
    own = {"office_slug": "oslo-og-viken", "submitted": False}
    assert permissions.can_view_package(staff_a, **own)
    assert not permissions.can_view_package(staff_b, **own)
    assert not permissions.can_view_package(directorate_user, **own)
    national = {"office_slug": None, "submitted": False}
    assert permissions.can_view_package(staff_b, **national)
    assert permissions.can_view_package(directorate_user, **national)
    assert not permissions.can_view_package(admin, **national)
    submitted = {"office_slug": "oslo-og-viken", "submitted": True}
    assert all(permissions.can_view_package(u, **submitted) for u in (staff_a, staff_b, directorate_user, admin))
