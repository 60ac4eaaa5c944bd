import re

from django.core import mail
from django.urls import reverse


def test_password_reset_by_email(client, staff_a):
    response = client.post(reverse("accounts:password-reset"), {"email": staff_a.email}, follow=True)
    assert "Sjekk e-posten din" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt passord til Leve hele livet-portalen"
    link = re.search(r"https?://[^/]+(/konto/nytt-passord/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Et-nytt-passord-2021", "new_password2": "Et-nytt-passord-2021"}, follow=True
    )
    assert "Passordet er endret" in done.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password("Et-nytt-passord-2021")


def test_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.invalid"}, follow=True)
    assert "Sjekk e-posten din" in response.content.decode()
    assert mail.outbox == []
