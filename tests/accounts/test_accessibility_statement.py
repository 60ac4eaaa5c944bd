from django.urls import reverse


def test_statement_is_public_and_linked_from_every_page(client, staff_a):
    statement = client.get(reverse("accessibility"))
    assert statement.status_code == 200
    body = statement.content.decode()
    assert "WCAG 2.1" in body
    assert "Meld fra om en barriere" in body
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in login_page
    client.force_login(staff_a)
    office_page = client.get(reverse("municipalities:office-list")).content.decode()
    assert f'href="{reverse("accessibility")}"' in office_page
