"""Contacts are personal data: read by their own office and the directorate only, corrected or deleted by the
office (attributed, without the personal data in the log), never in another office's export."""

import json

from django.test import Client
from django.urls import reverse

from selfreport.models import Contact, ContactChange, Invitation

from .helpers import contact, invitation_with_link


def test_their_own_office_and_the_directorate_read_them_nobody_else(kari, staff_b, directorate_user, admin_user):
    contact("0301", user=kari, name="Per Post", email="per@oslo.example")
    url = reverse("selfreport:contacts", args=["oslo-og-viken"])
    for user, code in ((kari, 200), (directorate_user, 200), (staff_b, 404), (admin_user, 404)):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == code, user
        assert ("per@oslo.example" in response.content.decode()) is (code == 200)
    reader = Client()
    reader.force_login(directorate_user)
    page = reader.get(url)
    assert page.context["form"] is None  # the directorate reads, it does not write
    assert reader.post(url, {"name": "X"}).status_code == 403
    assert (
        reader.get(reverse("selfreport:contact-edit", args=["oslo-og-viken", Contact.objects.get().pk])).status_code
        == 403
    )


def test_the_office_adds_corrects_and_deletes_attributed(client, kari, office_a):
    client.force_login(kari)
    url = reverse("selfreport:contacts", args=["oslo-og-viken"])
    form = client.get(url).context["form"]
    data = {
        "municipality": office_a.municipalities.get(number="0301").pk,
        "name": "Per Post",
        "email": "per@oslo.example",
        "role": "Leve hele livet-koordinator",
        "language": "nn",
        "submission": form["submission"].value(),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit adds nothing
    per = Contact.objects.get()
    assert (per.name, per.language, per.created_by) == ("Per Post", "nn", kari)
    duplicate = client.post(url, {**data, "submission": "", "email": "PER@oslo.example"})
    assert "Kommunen har allerede en kontaktperson med denne e-postadressen." in duplicate.content.decode()
    assert Contact.objects.count() == 1

    edit = reverse("selfreport:contact-edit", args=["oslo-og-viken", per.pk])
    client.post(edit, {**data, "name": "Per Postmann"})
    per.refresh_from_db()
    assert (per.name, per.changed_by) == ("Per Postmann", kari)

    client.post(reverse("selfreport:contact-delete", args=["oslo-og-viken", per.pk]))
    assert not Contact.objects.exists()
    log = list(
        ContactChange.objects.order_by("changed_at", "id").values_list("action", "fields", "changed_by__username")
    )
    assert log == [("created", "", "kari"), ("changed", "name", "kari"), ("deleted", "", "kari")]
    # The log keeps who did what, never the person's details.
    assert not any("Per" in str(value) for row in ContactChange.objects.values_list() for value in row)


def test_another_office_cannot_touch_them(kari, staff_b):
    per = contact("0301", user=kari, name="Per Post")
    client = Client()
    client.force_login(staff_b)
    assert client.post(reverse("selfreport:contact-delete", args=["oslo-og-viken", per.pk])).status_code == 404
    assert client.post(reverse("selfreport:contact-delete", args=["innlandet", per.pk])).status_code == 404
    assert Contact.objects.filter(pk=per.pk).exists()


def test_a_contact_of_another_office_cannot_be_added(client, kari, office_b):
    client.force_login(kari)
    url = reverse("selfreport:contacts", args=["oslo-og-viken"])
    response = client.post(
        url, {"municipality": office_b.municipalities.first().pk, "name": "X", "email": "x@y.example", "language": "nb"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert not Contact.objects.exists()


def test_deleting_a_contact_keeps_the_attribution_and_ends_their_links(kari, office_a):
    issued = invitation_with_link(office_a, kari, "0301", name="Per Post")
    Client().get(f"/svar/{issued.token}/")
    from selfreport.contacts import contact_delete

    contact_delete(contact=issued.invitation.contact, user=kari)
    invitation = Invitation.objects.get()
    assert invitation.contact_id is None
    assert invitation.contact_name == "Per Post"
    assert invitation.revoked_at is not None


def test_contacts_are_never_in_an_export(run, kari, office_a):
    contact("0301", user=kari, name="Per Post", email="per@oslo.example")
    _code, out, _err = run("export_office", "--office", office_a.slug)
    assert "per@oslo.example" not in out
    assert "Per Post" not in json.dumps(json.loads(out))
    _code, out, _err = run("export_status", "--as-of", "2021-06-01")
    assert "Per Post" not in out
