from django.urls import reverse

from municipalities.models import FocusArea


def test_office_page_lists_its_municipalities_in_norwegian_order(client_a):
    response = client_a.get(reverse("municipalities:office-detail", args=["oslo-og-viken"]))
    names = [m.name for m in response.context["municipalities"]]
    assert len(names) == 52
    assert names.index("Øvre Eiker") < names.index("Ås")
    assert "Våler (Viken)" in response.content.decode()


def test_office_page_query_count_is_constant(client_a, django_assert_max_num_queries):
    # The status overview adds the counties filter, the networks and the as-of facts query; on the user's own
    # office the start panel adds its report's: periods, report and submissions, municipalities, facts.
    with django_assert_max_num_queries(16):
        client_a.get(reverse("municipalities:office-detail", args=["oslo-og-viken"]))
    with django_assert_max_num_queries(11):
        client_a.get(reverse("municipalities:office-detail", args=["rogaland"]))


def test_municipality_page(client_a):
    response = client_a.get(reverse("municipalities:municipality-detail", args=["4201"]))
    assert response.status_code == 200
    assert "Risør" in response.content.decode()


def test_directorate_corrects_a_catalogue_name(client, directorate_user):
    client.force_login(directorate_user)
    url = reverse("municipalities:catalogue-edit", args=["maltidstider"])
    bad = client.post(url, {"name": "   "})
    assert bad.status_code == 200
    assert bad.context["form"].errors["name"]
    assert 'id="id_name"' in bad.content.decode()
    response = client.post(url, {"name": "Faste måltidstider"}, follow=True)
    assert "Navnet er rettet." in response.content.decode()
    from municipalities.models import CatalogueNameChange, Solution

    assert Solution.objects.get(code="maltidstider").name == "Faste måltidstider"
    change = CatalogueNameChange.objects.get()
    assert (change.old_name, change.new_name, change.changed_by) == (
        "Måltidstider",
        "Faste måltidstider",
        directorate_user,
    )
    assert FocusArea.objects.count() == 5


def test_seed_demo_creates_users_idempotently(db, capsys):
    from django.core.management import call_command

    call_command("seed_demo", "--password", "pw1")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "username,role,office"
    assert out[1:] == [
        "demo-staff-oslo-og-viken,office_staff,oslo-og-viken",
        "demo-staff-innlandet,office_staff,innlandet",
        "demo-hdir,directorate,",
        "demo-admin,administrator,",
    ]
    call_command("seed_demo", "--password", "pw2")
    from accounts.models import User

    assert User.objects.get(username="demo-hdir").check_password("pw2")
    assert User.objects.filter(username__startswith="demo-").count() == 4


def test_pages_are_norwegian_whatever_the_browser_asks_for(client, directorate_user):
    client.force_login(directorate_user)
    response = client.get("/dashboard/?periode=spring-2021", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "30. april 2021" in html
    assert "April" not in html
