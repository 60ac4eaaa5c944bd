import pytest

from tests.factories import UserFactory


@pytest.fixture
def kari(office_a):
    """The office's case officer who starts rounds and reviews (staff of office A, with a full name)."""
    return UserFactory(username="kari", first_name="Kari", last_name="Saksbehandler", office=office_a)
