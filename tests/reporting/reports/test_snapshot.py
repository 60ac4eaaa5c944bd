"""The snapshot: frozen on submission, never changed by later corrections (D-2); shown with drift markers."""

import json

from django.core.management import call_command
from django.urls import reverse

from reporting.figures.registry import FIGURES
from reporting.reports.selectors import latest_submitted_snapshot
from reporting.reports.services import report_return, report_submit, report_texts_save
from tests.factories import record

from .conftest import texts


def _facts(staff):
    record("0301", "phase", "3", "2021-04-01", user=staff)
    record("0301", "priority", "yes", "2021-04-01", user=staff, detail="det-gode-maltidet")
    record("3001", "phase", "2", "2021-03-01", user=staff)


def _run(capsys, *args) -> dict:
    call_command("report_figures", *args)
    return json.loads(capsys.readouterr().out)


def test_snapshot_survives_a_later_correction(staff_a, office_a, spring, capsys):
    _facts(staff_a)
    report_texts_save(office=office_a, period=spring, texts=texts(), user=staff_a, round=0)
    submission = report_submit(office=office_a, period=spring, user=staff_a)
    assert submission.figures["phase_3"]["count"] == 1
    assert submission.figures["phase_2"]["count"] == 1
    assert submission.figures["phase3_priorities"]["det-gode-maltidet"] == 1
    frozen = json.dumps(latest_submitted_snapshot(office=office_a, period=spring).data, sort_keys=True)

    # Facts recorded after the submission, effective before the reference date: the live numbers change.
    record("0301", "phase", "2", "2021-04-01", user=staff_a)
    record("3001", "phase", "3", "2021-03-01", user=staff_a)
    record("3002", "phase", "3", "2021-03-01", user=staff_a)

    snapshot = latest_submitted_snapshot(office=office_a, period=spring)
    assert snapshot.version == 1
    assert snapshot.status == "submitted"
    assert snapshot.figures["phase_3"]["count"] == 1
    assert json.dumps(snapshot.data, sort_keys=True) == frozen

    live = _run(capsys, "--period", "spring-2021", "--office", "oslo-og-viken")["offices"]["oslo-og-viken"]
    assert live["phase_3"]["count"] == 2
    submitted = _run(capsys, "--period", "spring-2021", "--submitted")
    oslo = submitted["offices"]["oslo-og-viken"]
    assert (oslo["source"], oslo["version"]) == ("submitted", 1)
    assert oslo["phase_3"]["count"] == 1
    assert oslo["phase_2"]["count"] == 1
    assert oslo["phase3_priorities"]["det-gode-maltidet"] == 1
    innlandet = submitted["offices"]["innlandet"]
    assert (innlandet["source"], innlandet["version"]) == ("live", None)
    # The national entry is the sum of the offices' entries as printed.
    for key in FIGURES:
        assert submitted["national"][key]["count"] == sum(o[key]["count"] for o in submitted["offices"].values())
    assert submitted["national"]["municipalities"] == 356
    assert submitted["national"]["phase3_priorities"]["det-gode-maltidet"] == 1


def test_a_returned_report_counts_as_live(staff_a, office_a, spring, directorate_user, capsys):
    _facts(staff_a)
    report = report_submit(office=office_a, period=spring, user=staff_a).report
    record("3002", "phase", "3", "2021-03-01", user=staff_a)
    report_return(report=report, user=directorate_user, comment="Rett opp")
    data = _run(capsys, "--period", "spring-2021", "--submitted", "--office", "oslo-og-viken")
    assert list(data["offices"]) == ["oslo-og-viken"]
    oslo = data["offices"]["oslo-og-viken"]
    assert (oslo["source"], oslo["version"], oslo["phase_3"]["count"]) == ("live", None, 2)
    # The returned report keeps its last snapshot for callers that want it.
    snapshot = latest_submitted_snapshot(office=office_a, period=spring)
    assert (snapshot.status, snapshot.counts, snapshot.figures["phase_3"]["count"]) == ("returned", False, 1)


def test_page_shows_submitted_values_with_live_values_and_a_drift_marker(
    staff_a, office_a, spring, directorate_user, client
):
    _facts(staff_a)
    report_submit(office=office_a, period=spring, user=staff_a)
    url = reverse("reports:report", args=[office_a.slug, spring.slug])
    client.force_login(directorate_user)
    page = client.get(url).content.decode()
    assert "data-drift" not in page
    record("0301", "phase", "2", "2021-04-01", user=staff_a)
    page = client.get(url).content.decode()
    assert 'data-drift="phase_3"' in page
    assert 'data-drift="phase_2"' in page
    assert 'data-drift="det-gode-maltidet"' in page
    assert 'data-drift="phase_not_assessed"' not in page
    assert "nå 0" in page  # phase 3: submitted 1, live 0
    assert "Registreringene er endret etter innsendingen" in page
    # The version page shows the same.
    version = client.get(reverse("reports:version", args=[office_a.slug, spring.slug, 1])).content.decode()
    assert 'data-drift="phase_3"' in version
