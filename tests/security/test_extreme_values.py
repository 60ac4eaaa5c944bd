"""B-11: the most extreme values each form accepts are stored through the forms, and then every page (each URL of
the URL × role matrix, as the office's staff and the directorate), every download and every command that
shows them renders without failure; the API's query parameters, with a token, at their extreme accepted values
answer 200 over the same data.

Extreme: the first and last accepted dates (2018-01-01 and 2100-12-31, target and meeting dates 2035-12-31,
events from 2018-01-01T00:00 to 2100-12-31T23:59), every text at its longest, with Norwegian letters, markup and a
formula-looking start, a nomination for 2100 and a period whose dates are 2100-12-30 and 2100-12-31.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import GoodExample, StatusFact
from networks.models import Network
from regional.models import Event, Nomination, PlanVersion, StatusMeeting
from regional.sections import SECTION_MAX_LENGTH, SECTIONS
from reporting.grants.models import GrantConfirmation
from reporting.periods.models import ReportingPeriod
from reporting.reports.models import TEXT_MAX_LENGTH
from reporting.reports.services import report_texts_save
from tests.access.matrix_api import IN_RANGE
from tests.access.test_matrix import ENTRIES, URL_NAMES, _token_headers
from tests.factories import municipality


def text(length: int) -> str:
    """`length` characters: a formula-looking start, markup and Norwegian letters, repeated."""
    unit = "=SUM(1)<b>Æøå «sitat» "
    return (unit * (length // len(unit) + 1))[:length]


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _store_through_the_forms(staff, directorate, office) -> str:
    """Post the extremes through the portal's own forms; returns the new period's slug."""
    slug = office.slug
    url = "https://lhl.example.no/" + "a" * 477
    posts = [
        (
            staff,
            reverse("municipalities:fact-create", args=["0301"]),
            {
                "fact": "decision",
                "value": "process_described",
                "effective_date": "2018-01-01",
                "target_date": "2035-12-31",
                "case_number": text(120),
                "link": url,
                "note": text(2000),
                "status_version": "0",
            },
        ),
        (
            staff,
            reverse("municipalities:fact-create", args=["0301"]),
            {
                "fact": "dialogue_meeting",
                "value": "planned",
                "effective_date": timezone.localdate().isoformat(),
                "meeting_date": "2035-12-31",
                "meeting_format": "single",
                "participants": text(500),
                "status_version": "1",
            },
        ),
        (
            staff,
            reverse("municipalities:example-create", args=["0301"]),
            {
                "title": text(200),
                "text": text(5000),
                "link": url,
                "date": "2018-01-01",
            },
        ),
        (
            staff,
            reverse("regional:event-create", args=[slug]),
            {
                "title": text(200),
                "start": "2018-01-01T00:00",
                "end": "2100-12-31T23:59",
                "target_group": text(300),
                "theme": text(300),
                "place": text(500),
                "hdir_wanted": "on",
                "ministry_wanted": "on",
            },
        ),
        (
            staff,
            reverse("networks:create", args=[slug]),
            {
                "name": text(200),
                "slug": "n" * 60,
                "operator": text(200),
                "target_group": text(300),
                "practice": text(3000),
                "support": text(3000),
                "status": "new",
            },
        ),
        (
            staff,
            reverse("regional:nomination-create", args=[slug]),
            {
                "year": "2100",
                "county": municipality("0301").county_id,
                "municipality": municipality("0301").pk,
                "justification": text(5000),
            },
        ),
        (staff, reverse("regional:plan-edit", args=[slug]), {s.key: text(SECTION_MAX_LENGTH) for s in SECTIONS}),
        (
            staff,
            reverse("reporting:grant-confirm", args=[slug, "0301"]) + "?aar=2021",
            {
                "prioritised": "yes",
                "reason": text(1000),
                "seen": "0000",
            },
        ),
        (
            directorate,
            reverse("reporting:period-create"),
            {
                "slug": "autumn-2100",
                "name": "H" + text(99).replace("=", "-"),
                "reference_date": "2100-12-30",
                "deadline": "2100-12-31",
                "sections": ["assessment"],
            },
        ),
        (
            directorate,
            reverse("regional:meeting-create", args=[slug]),
            {
                "date": "2100-12-31",
                "participants": text(2000),
                "minutes": text(20000),
                "oppf-TOTAL_FORMS": "1",
                "oppf-INITIAL_FORMS": "0",
                "oppf-MIN_NUM_FORMS": "0",
                "oppf-MAX_NUM_FORMS": "50",
                "oppf-0-text": text(500),
            },
        ),
    ]
    for user, url_, data in posts:
        client = _client(user)
        if "seen" in data:  # the criteria as the page showed them
            data["seen"] = client.get(url_).context["form"]["seen"].value()
        response = client.post(url_, data)
        assert response.status_code == 302, (url_, response.context and response.context.get("form").errors)
    period = ReportingPeriod.objects.get(slug="autumn-2100")
    report_texts_save(office=office, period=period, texts={"assessment": text(TEXT_MAX_LENGTH)}, user=staff, round=0)
    return period.slug


def test_b11_the_extremes_each_form_accepts_show_on_every_page_download_and_command(
    staff_a, staff_b, directorate_user, admin_user, office_a, office_b, run, tmp_path
):
    period = _store_through_the_forms(staff_a, directorate_user, office_a)
    assert StatusFact.objects.filter(target_date="2035-12-31").exists()
    assert GoodExample.objects.filter(date="2018-01-01").exists()
    assert Event.objects.count() == Network.objects.count() == Nomination.objects.count() == 1
    assert PlanVersion.objects.exists()
    assert StatusMeeting.objects.filter(date="2100-12-31").exists()
    assert GrantConfirmation.objects.exists()

    ctx = SimpleNamespace(
        office_a=office_a,
        office_b=office_b,
        municipality_a=municipality("0301"),
        staff_a=staff_a,
        staff_b=staff_b,
        directorate=directorate_user,
        admin=admin_user,
    )
    readers = {"staff_a": _client(staff_a), "directorate": _client(directorate_user)}
    failures = []
    extra = [
        reverse("reports:report", args=[office_a.slug, period]),
        reverse("reports:index") + f"?periode={period}",
        reverse("dashboard:overview") + f"?periode={period}",
        reverse("dashboard:map") + f"?periode={period}",
        reverse("dashboard:status-xlsx") + f"?periode={period}",
        reverse("reporting:office-figures", args=[office_a.slug]) + f"?periode={period}",
        reverse("reporting:office-grants", args=[office_a.slug]) + "?aar=2021",
        reverse("regional:nomination-overview") + "?ar=2100",
        reverse("regional:event-list") + "?maned=2100-12",
        reverse("regional:event-xlsx"),
    ]
    urls = [reverse(name, kwargs=ENTRIES[name].kwargs(ctx)) for name in URL_NAMES] + extra
    for url in urls:
        for role, client in readers.items():
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{role} GET {url}: {status}")
    assert failures == []

    # The API, with each reader's token: every query parameter at its extremes (tests/access/matrix_api.py).
    for name in [n for n in URL_NAMES if ENTRIES[n].token and ENTRIES[n].params]:
        entry = ENTRIES[name]
        url = reverse(name, kwargs=entry.kwargs(ctx))
        for role in ("staff_a", "directorate"):
            headers = _token_headers(ctx, role)
            for param in entry.params:
                for value in IN_RANGE[param](ctx):
                    query = {**entry.query, param: value}
                    if param != "period" and "period" in entry.params:
                        query["period"] = period  # the stored period of 2100
                    status = readers[role].get(f"{url}?{urlencode(query)}", **headers).status_code
                    if status != 200:
                        failures.append(f"{role} GET {url} ?{param}={value}: {status}")
    assert failures == []

    today = timezone.localdate().isoformat()
    commands = [
        ("export_status", "--as-of", today),
        ("export_office", "--office", office_a.slug),
        ("report_figures", "--period", period),
        ("report_figures", "--period", period, "--as-of", "2100-12-31"),
        ("grant_priority", "--year", "2021", "--office", office_a.slug),
    ]
    for args in commands:
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert out
    for args in (
        ("build_report", "--period", period, "--office", office_a.slug, "--output", str(tmp_path / "pakke.xlsx")),
        ("export_sheet", "--office", office_a.slug, "--as-of", today, "--output", str(tmp_path / "ark.xlsx")),
    ):
        code, _out, err = run(*args)
        assert code == 0, (args, err)
        assert (tmp_path / args[-1].rsplit("/", 1)[-1]).read_bytes()[:2] == b"PK"
