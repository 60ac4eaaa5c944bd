"""The data version moves with every kind of write that changes what the dashboards and grant pages show."""

import datetime

import pytest

from common.data_version import bump, data_version
from municipalities.catalogue import catalogue_name_correct
from municipalities.models import Solution
from municipalities.services import fact_retract, status_confirm
from networks.models import Network
from networks.services import network_update
from reporting.grants.models import GrantScheme
from reporting.grants.services import grant_confirmation_record, grant_scheme_save
from reporting.periods.models import ReportingPeriod
from reporting.periods.services import period_save
from reporting.reports.services import report_submit, report_texts_save
from tests.factories import municipality, record

pytestmark = pytest.mark.django_db


def _fact(staff_a, hdir):
    record("0301", "phase", "3", "2021-03-01", user=staff_a)


def _retraction(staff_a, hdir):
    fact_retract(fact=record("0301", "phase", "3", "2021-03-01", user=staff_a), reason="Feil.", user=staff_a)


def _grant_confirmation(staff_a, hdir):
    grant_confirmation_record(
        municipality=municipality("0301"),
        year=2021,
        confirmed=True,
        reason="Vurdert.",
        as_of=datetime.date(2021, 12, 31),
        user=staff_a,
    )


def _report_transition(staff_a, hdir):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    report_texts_save(office=staff_a.office, period=spring, texts={"assessment": "Utkast."}, user=staff_a, round=0)


def _report_submission(staff_a, hdir):
    autumn = ReportingPeriod.objects.get(slug="autumn-2020")
    report_submit(office=staff_a.office, period=autumn, user=staff_a)


def _period_edit(staff_a, hdir):
    period = ReportingPeriod.objects.get(slug="spring-2021")
    period.name = "Våren 2021 (endret)"
    period_save(period=period, user=hdir)


def _catalogue_edit(staff_a, hdir):
    catalogue_name_correct(entry=Solution.objects.order_by("code").first(), name="Et nytt navn", user=hdir)


def _scheme_edit(staff_a, hdir):
    scheme = GrantScheme.objects.order_by("pk").first()
    scheme.name = "Endret ordning"
    grant_scheme_save(scheme=scheme, user=hdir)


def _network_edit(staff_a, hdir):
    network = Network.objects.create(office=staff_a.office, slug="lhl-test", name="Nettverk", created_by=staff_a)
    network_update(network=network, name="Nettverk med nytt navn")


def _status_confirmation(staff_a, hdir):
    status_confirm(municipality=municipality("0301"), user=staff_a, source="selfreport", changed=0)


WRITES = {
    "fact": _fact,
    "retraction": _retraction,
    "grant confirmation": _grant_confirmation,
    "report transition": _report_transition,
    "report submission": _report_submission,
    "period edit": _period_edit,
    "catalogue edit": _catalogue_edit,
    "scheme edit": _scheme_edit,
    "network edit": _network_edit,
    "accepted municipal confirmation": _status_confirmation,
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_kind_of_write_moves_the_data_version(
    write, staff_a, directorate_user, django_capture_on_commit_callbacks
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        WRITES[write](staff_a, directorate_user)
    assert data_version() != before


def test_an_edit_moves_the_counter_only_when_its_transaction_commits(
    directorate_user, django_capture_on_commit_callbacks
):
    period = ReportingPeriod.objects.get(slug="spring-2021")
    before = data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        period.name = "Våren 2021 (endret)"
        period_save(period=period, user=directorate_user)
        assert data_version() == before  # not yet committed: readers keep the old version
    for callback in callbacks:
        callback()
    assert data_version() != before


def test_reading_changes_nothing_and_a_missing_counter_row_is_recreated(client, directorate_user):
    from common.models import DataVersion

    before = data_version()
    client.force_login(directorate_user)
    client.get("/dashboard/")
    assert data_version() == before
    DataVersion.objects.all().delete()
    emptied = data_version()
    bump()
    assert data_version() != emptied
    assert DataVersion.objects.get().value > 0
