"""The regional implementation plan: versions, drafts, publishing, comparison, length limit, escaping."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from regional.models import PlanVersion
from regional.sections import SECTION_KEYS, SECTION_MAX_LENGTH
from regional.selectors import plan_compare, published_plan
from regional.services import plan_version_create, plan_version_publish


def _version(office, user, publish=False, **sections):
    version = plan_version_create(office=office, sections=sections, user=user)
    if publish:
        plan_version_publish(version=version, user=user)
    return version


def test_saving_the_form_makes_a_new_draft_version_and_keeps_the_old(client_a, office_a, staff_a):
    first = _version(office_a, staff_a, publish=True, roles="KS driver ledernettverk.")
    data = dict.fromkeys(SECTION_KEYS, "")
    data.update(roles="KS og USHT driver nettverkene.", communication="Nyhetsbrev")
    response = client_a.post(reverse("regional:plan-edit", args=[office_a.slug]), data)
    assert response.status_code == 302
    versions = list(PlanVersion.objects.filter(office=office_a).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].roles == "KS driver ledernettverk."  # the earlier version is unchanged
    assert versions[1].roles == "KS og USHT driver nettverkene."
    assert versions[1].created_by == staff_a
    assert not versions[1].is_published
    assert published_plan(office_a) == first  # the draft is not the published plan
    page = client_a.get(reverse("regional:plan-version", args=[office_a.slug, 1]))
    assert "KS driver ledernettverk." in page.content.decode()


def test_the_form_starts_from_the_latest_version(client_a, office_a, staff_a):
    _version(office_a, staff_a, involvement="Brukerpaneler i kommunene")
    response = client_a.get(reverse("regional:plan-edit", args=[office_a.slug]))
    assert "Brukerpaneler i kommunene" in response.content.decode()
    assert "Medvirkning og involvering" in response.content.decode()


def test_a_section_over_the_limit_is_refused_in_norwegian_and_nothing_is_saved(client_a, office_a):
    data = dict.fromkeys(SECTION_KEYS, "")
    data["roles"] = "x" * (SECTION_MAX_LENGTH + 1)
    response = client_a.post(reverse("regional:plan-edit", args=[office_a.slug]), data)
    assert response.status_code == 200
    assert "Delen kan ha høyst 10000 tegn (den har 10001)" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_publishing_makes_the_version_visible_to_other_offices(client, office_a, staff_a, staff_b):
    draft = _version(office_a, staff_a, roles="Utkast")
    url = reverse("regional:plan-version", args=[office_a.slug, draft.number])
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    client.force_login(staff_a)
    response = client.post(reverse("regional:plan-publish", args=[office_a.slug, draft.number]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.published_by == staff_a
    client.force_login(staff_b)
    assert client.get(url).status_code == 200
    assert published_plan(office_a) == draft


@pytest.mark.parametrize("role", ["staff_b", "directorate_user", "admin_user"])
def test_a_draft_is_not_found_for_anyone_outside_the_office(client, office_a, staff_a, role, request):
    _version(office_a, staff_a, publish=True, roles="Publisert tekst")
    draft = _version(office_a, staff_a, roles="Hemmelig utkast")
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("regional:plan-version", args=[office_a.slug, draft.number])).status_code == 404
    compare = reverse("regional:plan-compare", args=[office_a.slug]) + "?fra=1&til=2"
    assert client.get(compare).status_code == 404
    # The plan page shows the published version, never the draft.
    page = client.get(reverse("regional:plan-detail", args=[office_a.slug])).content.decode()
    assert "Publisert tekst" in page
    assert "Hemmelig utkast" not in page
    assert SecurityEvent.objects.filter(target__startswith="plan:oslo-og-viken").exists()


def test_other_office_cannot_write_a_plan_version(client, office_a, staff_b):
    client.force_login(staff_b)
    response = client.post(reverse("regional:plan-edit", args=[office_a.slug]), {"roles": "Innbrudd"})
    assert response.status_code == 403
    assert not PlanVersion.objects.exists()


def test_comparison_shows_changes_section_by_section(office_a, staff_a):
    old = _version(office_a, staff_a, roles="Linje en\nLinje to", communication="Nyhetsbrev")
    new = _version(office_a, staff_a, roles="Linje en\nLinje tre", communication="Nyhetsbrev")
    result = {c.section.key: c for c in plan_compare(old, new)}
    assert list(result) == list(SECTION_KEYS)
    assert not result["communication"].changed
    assert result["roles"].changed
    assert [(line.kind, line.text) for line in result["roles"].lines] == [
        ("equal", "Linje en"),
        ("removed", "Linje to"),
        ("added", "Linje tre"),
    ]


def test_comparison_page_escapes_text(client_a, office_a, staff_a):
    _version(office_a, staff_a, publish=True, roles="Før")
    _version(office_a, staff_a, publish=True, roles="<script>alert(1)</script>")
    response = client_a.get(reverse("regional:plan-compare", args=[office_a.slug]) + "?fra=1&til=2")
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert "Lagt til:" in body
    assert "Fjernet:" in body


def test_plan_page_escapes_text_and_lists_the_offices_networks(client, office_a, staff_a, staff_b):
    from networks.models import Network

    Network.objects.create(office=office_a, slug="ernaering", name="Nettverk for ernæring", created_by=staff_a)
    _version(office_a, staff_a, publish=True, networks="<script>alert(1)</script>")
    client.force_login(staff_b)
    body = client.get(reverse("regional:plan-detail", args=[office_a.slug])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert "Nettverk for ernæring" in body
    assert "Plan for nettverksarbeid" in body


def test_publishing_twice_changes_nothing(office_a, staff_a, staff_a2):
    version = _version(office_a, staff_a, roles="Tekst")
    assert plan_version_publish(version=version, user=staff_a)
    first = PlanVersion.objects.get(pk=version.pk).published_at
    assert not plan_version_publish(version=version, user=staff_a2)
    version.refresh_from_db()
    assert version.published_at == first
    assert version.published_by == staff_a
