"""The as-of query: what was true on a date, as known at a time."""

import datetime

import pytest
from django.utils import timezone

from municipalities.models import Municipality
from municipalities.selectors import (
    FACT_FIELDS,
    FactView,
    _statuses,
    current_facts,
    figure_statuses,
    status_as_of,
    status_as_of_dates,
)
from municipalities.services import FactInput, fact_retract, facts_record
from tests.factories import municipality, record

D = datetime.date

# Every read of the as-of rule: each test below holds for all of them (the window of `current_facts`, which is
# what SQLite reads too, and PostgreSQL's DISTINCT ON of status_as_of and figure_statuses, and the sweep).
READERS = {
    "status_as_of": lambda m, as_of, known_at: status_as_of([m], as_of=as_of, known_at=known_at)[m.pk],
    "figure_statuses": lambda m, as_of, known_at: figure_statuses([m], as_of=as_of, known_at=known_at)[m.pk],
    "figure_statuses_whole_country": lambda m, as_of, known_at: figure_statuses(
        Municipality.objects.all(), as_of=as_of, known_at=known_at, whole_country=True
    )[m.pk],
    "status_as_of_dates": lambda m, as_of, known_at: status_as_of_dates(
        [m.pk, municipality("4601").pk], dates=[as_of, D(2018, 1, 1)], known_at=known_at
    )[as_of][m.pk],
    "current_facts_window": lambda m, as_of, known_at: _statuses(
        [m.pk],
        map(FactView._make, current_facts([m], as_of=as_of, known_at=known_at).values_list(*FACT_FIELDS)),
    )[m.pk],
}


@pytest.fixture(params=list(READERS))
def reader(request):
    return READERS[request.param]


def phase(reader, number: str, as_of: datetime.date, known_at=None) -> str | None:
    return reader(municipality(number), as_of, known_at).value("phase")


def test_fact_dated_on_the_as_of_date_counts_and_the_day_after_does_not(reader, staff_a):
    record("0301", "phase", "2", "2021-04-30", user=staff_a)
    record("0301", "phase", "3", "2021-05-01", user=staff_a)
    assert phase(reader, "0301", D(2021, 4, 29)) is None
    assert phase(reader, "0301", D(2021, 4, 30)) == "2"
    assert phase(reader, "0301", D(2021, 5, 1)) == "3"


def test_retracted_fact_never_counts(reader, staff_a):
    record("0301", "phase", "2", "2020-06-01", user=staff_a)
    wrong = record("0301", "phase", "3", "2021-01-04", user=staff_a)
    fact_retract(fact=wrong, reason="Feil kommune", user=staff_a)
    assert phase(reader, "0301", D(2021, 6, 1)) == "2"
    assert phase(reader, "0301", D(2021, 6, 1), known_at=timezone.now()) == "2"


def test_retracted_only_fact_leaves_nothing(reader, staff_a):
    wrong = record("0301", "decision", "plan_adopted", "2021-01-04", user=staff_a)
    fact_retract(fact=wrong, reason="Registrert på feil kommune", user=staff_a)
    m = municipality("0301")
    assert reader(m, D(2021, 6, 1), None).value("decision") is None


def test_known_at_hides_facts_recorded_later(reader, staff_a):
    first = record("0301", "phase", "2", "2020-06-01", user=staff_a)
    known_at = first.recorded_at
    record("0301", "phase", "3", "2021-01-04", user=staff_a)
    assert phase(reader, "0301", D(2021, 6, 1), known_at=known_at) == "2"
    assert phase(reader, "0301", D(2021, 6, 1)) == "3"
    assert phase(reader, "0301", D(2021, 6, 1), known_at=known_at - datetime.timedelta(microseconds=1)) is None


def test_known_at_ignores_retractions_recorded_after_it(reader, staff_a):
    fact = record("0301", "phase", "3", "2021-01-04", user=staff_a)
    known_at = timezone.now()
    fact_retract(fact=fact, reason="Feil", user=staff_a)
    assert phase(reader, "0301", D(2021, 6, 1), known_at=known_at) == "3"
    assert phase(reader, "0301", D(2021, 6, 1)) is None


def test_naive_known_at_is_oslo_time(reader, staff_a):
    fact = record("0301", "phase", "3", "2021-01-04", user=staff_a)
    oslo_naive = timezone.localtime(fact.recorded_at, timezone.get_default_timezone()).replace(tzinfo=None)
    utc_naive = fact.recorded_at.astimezone(datetime.UTC).replace(tzinfo=None)
    assert phase(reader, "0301", D(2021, 6, 1), known_at=oslo_naive) == "3"
    # The same wall-clock reading taken as UTC is one or two hours earlier in Oslo: the fact was not yet known.
    assert phase(reader, "0301", D(2021, 6, 1), known_at=utc_naive) is None


def test_same_date_later_recording_wins(reader, staff_a):
    record("0301", "phase", "3", "2021-03-01", user=staff_a)
    record("0301", "phase", "2", "2021-03-01", user=staff_a)
    assert phase(reader, "0301", D(2021, 3, 1)) == "2"


@pytest.mark.parametrize(("first", "second"), [("2", "3"), ("3", "2")])
def test_same_date_within_one_recording_the_later_row_wins(reader, staff_a, first, second):
    m = municipality("0301")
    items = [FactInput(municipality=m, fact="phase", value=v, effective_date=D(2021, 3, 1)) for v in (first, second)]
    facts_record(items=items, user=staff_a, source="import")
    assert phase(reader, "0301", D(2021, 3, 1)) == second


def test_keyed_facts_are_separate_per_key(reader, staff_a):
    record("0301", "dialogue_meeting", "planned", "2020-09-01", detail="2020-10-15", user=staff_a)
    record("0301", "dialogue_meeting", "offered", "2020-09-02", detail="2020-11-20", user=staff_a)
    record("0301", "priority", "yes", "2021-04-01", detail="hverdagsmestring", user=staff_a)
    record("0301", "priority", "yes", "2021-04-01", detail="det-gode-maltidet", user=staff_a)
    record("0301", "priority", "no", "2021-05-01", detail="hverdagsmestring", user=staff_a)
    m = municipality("0301")
    status = reader(m, D(2021, 6, 1), None)
    assert {d: f.value for d, f in status.meetings.items()} == {"2020-10-15": "planned", "2020-11-20": "offered"}
    assert status.priority_codes() == ["det-gode-maltidet"]
    assert status.meeting_state_in_year(2020) == "planned"


def _record_for_office(office_slug: str, user) -> None:
    items = []
    for m in Municipality.objects.filter(office__slug=office_slug):
        items += [
            FactInput(municipality=m, fact="phase", value="2", effective_date=D(2020, 6, 1)),
            FactInput(municipality=m, fact="decision", value="process_described", effective_date=D(2020, 10, 1)),
            FactInput(m, "dialogue_meeting", "held", D(2020, 10, 1), detail="2020-10-01"),
        ]
    facts_record(items=items, user=user, source="test")


@pytest.mark.parametrize("offices", [["agder"], ["agder", "oslo-og-viken", "innlandet", "vestland"]])
def test_as_of_query_count_is_constant(django_assert_max_num_queries, staff_a, offices):
    for slug in offices:
        _record_for_office(slug, staff_a)
    qs = Municipality.objects.filter(office__slug__in=offices)
    with django_assert_max_num_queries(2):
        statuses = status_as_of(qs, as_of=D(2021, 6, 1), known_at=timezone.now())
        values = {s.value("phase") for s in statuses.values()}
    assert values == {"2"}
    assert len(statuses) == qs.count()


def test_value_rows_are_the_rows_django_reads(staff_a):
    """common.queries.value_rows (one fetchall) gives exactly what iterating the queryset gives, dates, times and
    empty values included; the as-of reads use it for their thousands of rows."""
    from common.queries import value_rows
    from municipalities.models import StatusFact

    record("0301", "decision", "process_described", "2021-02-01", user=staff_a, detail="21/3")
    record("0301", "dialogue_meeting", "held", "2021-03-01", detail="2021-03-01", user=staff_a)
    qs = StatusFact.objects.order_by("id").values_list(*FACT_FIELDS)
    assert value_rows(qs) == list(qs)
    assert any(row[6] is None for row in value_rows(qs))  # target_date: empty
    assert value_rows(qs.filter(id__in=[])) == []
