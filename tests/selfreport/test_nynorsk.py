"""A contact who writes nynorsk gets nynorsk e-mails and pages (the registry's messages too); a bokmål contact
bokmål; the office's pages stay bokmål."""

import re

import polib
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from selfreport.mail import invitation_mail_send

from .helpers import contact, link_path, start

# Words that give bokmål away; none of them is nynorsk.
BOKMAL = re.compile(r"\b(ikke|hvordan|hvis|noe|dere|ble|lenken|hele|også|fra|Statsforvalteren|Hvor|ennå)\b")


def _text(html: str) -> str:
    body = html.split("<body>", 1)[-1]
    return re.sub(r"<[^>]+>", " ", body)


def _nynorsk_round(office_a, kari):
    contact("0301", user=kari, name="Per Post", language="nn")
    _round, issued = start(office_a, kari, ["0301"], message="")
    return issued[0]


def test_a_nynorsk_contact_reads_nynorsk_pages(office_a, kari):
    issued = _nynorsk_round(office_a, kari)
    client = Client()
    client.get(link_path(issued.token))
    url = reverse("selfreport:response", args=["0301"])
    page = client.get(url)
    html = page.content.decode()
    assert '<html lang="nn">' in html
    assert "Leve heile livet i Oslo kommune" in html
    assert "Har kommunestyret vedteke ein plan for korleis kommunen skal gjennomføre Leve heile livet?" in html
    assert "Eit aldersvenleg Noreg" in html  # the catalogue's names too
    assert BOKMAL.findall(_text(html)) == []
    # The registry's rules answer in nynorsk as well.
    errors = client.post(url, {"version": "0", "phase-value": "3", "submit": "1"})
    text = _text(errors.content.decode())
    assert "Oppgi datoen endringa gjeld frå." in text
    assert BOKMAL.findall(text) == []
    saved = client.post(url, {"version": "0", "phase-value": "3", "phase-date": "2021-09-01", "save": "1"}, follow=True)
    assert "Utkastet er lagra." in saved.content.decode()


def test_a_nynorsk_contact_gets_nynorsk_mail_and_link_pages(office_a, kari):
    issued = _nynorsk_round(office_a, kari)
    invitation_mail_send(invitation=issued.invitation, token=issued.token)
    message = mail.outbox[-1]
    assert message.subject.startswith("Leve heile livet: stadfest statusen for Oslo innan ")
    assert "Statsforvaltaren i Oslo og Viken ber Oslo kommune sjå over" in message.body
    assert BOKMAL.findall(message.body) == []
    invitation_mail_send(invitation=issued.invitation, token=issued.token, reminder_days=2)
    assert mail.outbox[-1].subject.startswith("Påminning: stadfest statusen")
    assert BOKMAL.findall(mail.outbox[-1].body) == []
    from selfreport.rounds import invitation_revoke

    invitation_revoke(invitation=issued.invitation, user=kari)
    closed = Client().get(link_path(issued.token)).content.decode()
    assert "Lenkja er trekt tilbake" in closed
    assert BOKMAL.findall(_text(closed)) == []


def test_a_bokmal_contact_and_the_office_read_bokmal(client, office_a, kari):
    contact("0301", user=kari, name="Per Post", language="nb")
    _round, issued = start(office_a, kari, ["0301"])
    client.get(link_path(issued[0].token))
    html = client.get(reverse("selfreport:response", args=["0301"])).content.decode()
    assert '<html lang="nb">' in html
    assert "Leve hele livet i Oslo kommune" in html
    office = Client()
    office.force_login(kari)
    page = office.get(reverse("selfreport:round", args=["oslo-og-viken", _round.pk])).content.decode()
    assert '<html lang="nb">' in page


def test_the_nynorsk_catalogue_is_complete():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "nn" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in catalogue if not e.msgstr or e.fuzzy or e.obsolete] == []
    assert catalogue.metadata["Language"] == "nn"
