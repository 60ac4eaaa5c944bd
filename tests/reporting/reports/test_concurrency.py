"""C-5 (PostgreSQL): a text save racing a submission lands before the snapshot or is refused, never half.

Both writers lock the report row (select_for_update). The barrier makes one writer hold the lock, inside an
open transaction, while the other starts; the other must wait for the commit and then see its outcome.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from municipalities.models import Office
from reporting.models import Report, ReportingPeriod, ReportSubmission, ReportText
from reporting.reports.services import ReportRefused, report_return, report_submit, report_texts_save
from tests.factories import DirectorateFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _setup():
    office = Office.objects.get(slug="oslo-og-viken")
    period = ReportingPeriod.objects.get(slug="spring-2021")
    staff = UserFactory(username="c5-staff", office=office)
    colleague = UserFactory(username="c5-colleague", office=office)
    report_texts_save(office=office, period=period, texts={"assessment": "Før"}, user=staff, round=0)
    return office, period, staff, colleague


def _in_thread(target, results: dict, key: str, *args) -> threading.Thread:
    def run():
        try:
            results[key] = target(*args)
        except Exception as exc:  # the main thread asserts on it
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_c5_save_holding_the_lock_lands_before_the_snapshot(transactional_country):
    office, period, staff, colleague = _setup()
    locked = threading.Barrier(2)
    results: dict = {}

    def save_then_hold():
        with transaction.atomic():
            report_texts_save(
                office=office, period=period, texts={"assessment": "Lagret først"}, user=colleague, round=0
            )
            locked.wait()
            time.sleep(0.5)  # the submission is waiting for the row lock meanwhile
        return "saved"

    thread = _in_thread(save_then_hold, results, "save")
    locked.wait()
    started = time.monotonic()
    submission = report_submit(office=office, period=period, user=staff)
    waited = time.monotonic() - started
    thread.join()
    assert results["save"] == "saved"
    assert waited >= 0.3  # it did wait for the save's lock
    assert submission.texts["assessment"] == "Lagret først"


def test_c5_save_after_the_submission_took_the_lock_is_refused(transactional_country):
    office, period, staff, colleague = _setup()
    locked = threading.Barrier(2)
    results: dict = {}

    def submit_then_hold():
        with transaction.atomic():
            submission = report_submit(office=office, period=period, user=staff)
            locked.wait()
            time.sleep(0.5)
        return submission

    thread = _in_thread(submit_then_hold, results, "submit")
    locked.wait()
    with pytest.raises(ReportRefused, match="sendt inn"):
        report_texts_save(office=office, period=period, texts={"assessment": "For sent"}, user=colleague, round=0)
    thread.join()
    submission = results["submit"]
    assert isinstance(submission, ReportSubmission)
    assert submission.texts["assessment"] == "Før"
    assert list(ReportText.objects.filter(section="assessment").values_list("text", flat=True)) == ["Før"]


def test_c5_racing_many_times_never_loses_or_half_applies(transactional_country):
    """Start both at the same moment, ten rounds: each save is in the snapshot or refused, never both/neither."""
    office, period, staff, colleague = _setup()
    hdir = DirectorateFactory(username="c5-hdir")
    for n in range(10):
        report = Report.objects.get(office=office, period=period)
        go = threading.Barrier(2)
        results: dict = {}
        text = f"Runde {n}"

        def save(text=text, go=go, round=report.version):
            go.wait()
            return report_texts_save(
                office=office, period=period, texts={"assessment": text}, user=colleague, round=round
            )

        def submit(go=go, round=report.version):
            go.wait()
            return report_submit(office=office, period=period, user=staff, round=round)

        threads = [_in_thread(save, results, "save"), _in_thread(submit, results, "submit")]
        for thread in threads:
            thread.join()
        submission = results["submit"]
        assert isinstance(submission, ReportSubmission), submission
        if isinstance(results["save"], ReportRefused):
            assert submission.texts["assessment"] != text
            assert not ReportText.objects.filter(text=text).exists()
        else:
            assert results["save"].saved_sections == ["assessment"]
            assert submission.texts["assessment"] == text
        report_return(report=submission.report, user=hdir, comment="Neste runde")
    assert ReportSubmission.objects.filter(report__office=office, report__period=period).count() == 10
