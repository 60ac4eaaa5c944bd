"""The office overview (municipalities:office-detail) and its .xlsx status download."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Municipality
from networks.models import Network
from tests.factories import record
from tests.workbook_checks import assert_finished


def _url(slug="oslo-og-viken", **params):
    from urllib.parse import urlencode

    url = reverse("municipalities:office-detail", kwargs={"slug": slug})
    return f"{url}?{urlencode(params)}" if params else url


def _numbers(response):
    return [row.municipality.number for row in response.context["rows"]]


@pytest.fixture
def oslo_status(staff_a, office_a):
    year = timezone.localdate().year
    network = Network.objects.create(office=office_a, slug="sor", name="Nettverk Sør", created_by=staff_a)
    record("0301", "phase", "3", "2021-03-01", user=staff_a)
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff_a, detail="21/123")
    record("0301", "samfunnsdel", "anchored", "2021-02-01", user=staff_a)
    record("0301", "network", "participating", "2021-02-01", user=staff_a, network=network)
    record("0301", "dialogue_meeting", "held", f"{year}-01-05", user=staff_a, detail=f"{year}-01-05")
    return network


def test_overview_shows_each_municipalitys_status(client_a, oslo_status):
    response = client_a.get(_url())
    assert response.status_code == 200
    assert len(response.context["rows"]) == 52
    oslo = next(r for r in response.context["rows"] if r.municipality.number == "0301")
    assert oslo.phase.value == "3"
    assert oslo.decision.value == "plan_adopted"
    assert [n.name for n in oslo.networks] == ["Nettverk Sør"]
    assert oslo.meeting_state == "held"
    html = response.content.decode()
    assert "Plan vedtatt" in html
    assert "Nettverk Sør" in html
    assert "Gjennomført" in html
    assert "Ikke vurdert" in html  # the 51 others have no phase
    assert reverse("municipalities:municipality-detail", args=["0301"]) in html


def test_phase_filter_not_assessed_and_phase_3(client_a, oslo_status):
    assert _numbers(client_a.get(_url(phase="3"))) == ["0301"]
    not_assessed = _numbers(client_a.get(_url(phase="none")))
    assert len(not_assessed) == 51
    assert "0301" not in not_assessed


def test_missing_decision_filter(client_a, staff_a, oslo_status):
    record("3001", "decision", "none", "2021-01-01", user=staff_a)
    record("3002", "decision", "process_described", "2021-01-01", user=staff_a)
    missing = _numbers(client_a.get(_url(missing="decision")))
    assert "0301" not in missing
    assert "3002" not in missing
    assert "3001" in missing  # "none" recorded
    assert len(missing) == 50
    # A described process without its planned adoption date (possible from an import) is flagged.
    assert _numbers(client_a.get(_url(missing="target_date"))) == ["3002"]
    response = client_a.get(_url(missing="decision"))
    assert "Viser 50 av 52 kommuner" in response.content.decode()


def test_county_filter(client_a):
    assert _numbers(client_a.get(_url(county="03"))) == ["0301"]
    viken = _numbers(client_a.get(_url(county="30")))
    assert len(viken) == 51


def test_sorting_by_name_number_and_last_change(client_a, staff_a):
    by_name = _numbers(client_a.get(_url()))
    expected = list(
        Municipality.objects.filter(office__slug="oslo-og-viken").by_name().values_list("number", flat=True)
    )
    assert by_name == expected
    by_number = _numbers(client_a.get(_url(sort="number")))
    assert by_number == sorted(by_number)
    record("3020", "phase", "2", "2021-01-01", user=staff_a)
    record("3001", "phase", "2", "2021-01-01", user=staff_a)
    by_change = _numbers(client_a.get(_url(sort="last_change")))
    assert by_change[:2] == ["3001", "3020"]


def test_norwegian_name_order_in_nordland(client_a):
    names = [r.municipality.name for r in client_a.get(_url("nordland")).context["rows"]]
    # "aa" counts as "å": Aarborte - Hattfjelldal sorts at the very end, after Øksnes.
    assert names[-1] == "Aarborte - Hattfjelldal"
    assert names.index("Øksnes") < names.index("Aarborte - Hattfjelldal")


def test_as_of_in_query_string(client_a, staff_a):
    record("0301", "phase", "2", "2021-01-01", user=staff_a)
    record("0301", "phase", "3", "2021-06-01", user=staff_a)
    rows = client_a.get(_url(county="03", as_of="2021-05-31")).context["rows"]
    assert rows[0].phase.value == "2"
    rows = client_a.get(_url(county="03", as_of="2021-06-01")).context["rows"]
    assert rows[0].phase.value == "3"
    html = client_a.get(_url(county="03", as_of="2021-05-31")).content.decode()
    assert "status.xlsx?as_of=2021-05-31" in html
    assert 'value="2021-05-31"' in html  # the form keeps the chosen date


def test_bad_filters_are_reported_and_ignored(client_a):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_a.get(_url(phase="9", as_of=future))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 52
    assert response.context["as_of"] == timezone.localdate()
    html = response.content.decode()
    assert "Noen filtre er ugyldige" in html
    assert "Datoen kan ikke være senere enn i dag." in html


def test_own_staff_see_action_links_others_read_only(client, staff_a, staff_b, directorate_user):
    client.force_login(staff_a)
    assert "Registrer endring" in client.get(_url()).content.decode()
    for user in (staff_b, directorate_user):
        client.force_login(user)
        response = client.get(_url())
        assert response.status_code == 200
        assert "Registrer endring" not in response.content.decode()


def _seed(slug, user, how_many):
    network = Network.objects.create(office=user.office, slug=f"n-{slug}", name="N", created_by=user)
    for m in Municipality.objects.filter(office__slug=slug).order_by("number")[:how_many]:
        record(m.number, "phase", "2", "2021-01-01", user=user)
        record(m.number, "decision", "process_described", "2021-01-01", user=user)
        record(m.number, "network", "planned", "2021-01-01", user=user, network=network)
        record(m.number, "dialogue_meeting", "held", "2021-01-04", user=user, detail="2021-01-04")


@pytest.mark.parametrize(("slug", "count"), [("rogaland", 23), ("oslo-og-viken", 52)])
def test_overview_query_count_is_constant(client, office_a, slug, count, django_assert_max_num_queries):
    from municipalities.models import Office
    from tests.factories import UserFactory

    user = UserFactory(office=Office.objects.get(slug=slug))
    _seed(slug, user, 10 if count < 50 else 40)
    client.force_login(user)
    # session, user, office, counties, municipalities, networks, facts; the menu's office; the session save;
    # the start panel of the office's own report: periods, report and submissions, municipalities, facts
    with django_assert_max_num_queries(16):
        response = client.get(_url(slug, sort="last_change", missing="meeting"))
    assert response.context["total"] == count


def test_status_xlsx_download(client_a, oslo_status):
    response = client_a.get(reverse("municipalities:office-status-xlsx", kwargs={"slug": "oslo-og-viken"}))
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="lhl-status-oslo-og-viken-{today}.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kommunenummer"
    assert len(rows) == 53
    oslo = next(r for r in rows if r[0] == "0301")
    assert oslo[1] == "Oslo"
    assert_finished(response.content, footer=("Statsforvalteren i Oslo og Viken",))


def test_status_xlsx_as_of_and_bad_date(client_a, staff_a):
    url = reverse("municipalities:office-status-xlsx", kwargs={"slug": "oslo-og-viken"})
    response = client_a.get(url, {"as_of": "2021-04-30"})
    assert response.status_code == 200
    assert "lhl-status-oslo-og-viken-2021-04-30.xlsx" in response["Content-Disposition"]
    bad = client_a.get(url, {"as_of": "2021-13-45"})
    assert bad.status_code == 400
    assert "Ugyldig dato" in bad.content.decode()
