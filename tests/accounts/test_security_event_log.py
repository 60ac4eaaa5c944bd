"""The security-event log is append-only like every other history (common.models.AppendOnlyModel): the queryset,
a second save and, on PostgreSQL, the database refuse to change or delete an event; deleting an account keeps its
events, which still name the user."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import SecurityEvent
from common.models import AppendOnlyModel


def _event(user) -> SecurityEvent:
    return SecurityEvent.objects.create(
        user=user, username=user.username, path="/kommuner/0301/", method="POST", target="x", outcome="denied"
    )


def test_a_security_event_is_an_append_only_model():
    assert issubclass(SecurityEvent, AppendOnlyModel)


def test_queryset_paths_and_a_second_save_that_would_rewrite_the_log_are_refused(staff_a):
    event = _event(staff_a)
    with pytest.raises(TypeError, match="Append-only"):
        SecurityEvent.objects.filter(pk=event.pk).update(outcome="invalid")
    with pytest.raises(TypeError, match="Append-only"):
        SecurityEvent.objects.bulk_update([event], ["outcome"])
    with pytest.raises(TypeError, match="Append-only"):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    event.outcome = "invalid"
    with pytest.raises(TypeError, match="Append-only"):
        event.save()
    event.refresh_from_db()
    assert event.outcome == "denied"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accounts_securityevent SET outcome = 'invalid' WHERE id = %s",
        "UPDATE accounts_securityevent SET user_id = NULL, username = 'someone' WHERE id = %s",
        "DELETE FROM accounts_securityevent WHERE id = %s",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(staff_a, sql):
    event = _event(staff_a)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert (event.outcome, event.username, event.user_id) == ("denied", staff_a.username, staff_a.pk)


def test_deleting_an_account_keeps_its_events_with_the_username(staff_a):
    event = _event(staff_a)
    username = staff_a.username
    staff_a.delete()
    event.refresh_from_db()
    assert (event.user_id, event.username, event.outcome) == (None, username, "denied")
