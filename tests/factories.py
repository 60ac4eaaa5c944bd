"""Boring factories. The country itself (offices, counties, municipalities, catalogue) is the real
reference data, loaded once per test session (tests/conftest.py)."""

import datetime

import factory

from accounts.models import User
from municipalities.models import Municipality, Office
from municipalities.services import FactInput, fact_record


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    role = User.Role.OFFICE_STAFF
    office = factory.LazyFunction(lambda: Office.objects.get(slug="oslo-og-viken"))
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DirectorateFactory(UserFactory):
    role = User.Role.DIRECTORATE
    office = None


class AdministratorFactory(UserFactory):
    role = User.Role.ADMINISTRATOR
    office = None
    is_staff = True


def municipality(number: str) -> Municipality:
    return Municipality.objects.select_related("office", "county").get(number=number)


def record(
    number: str,
    fact: str,
    value: str,
    date: str | datetime.date,
    *,
    user: User,
    detail: str = "",
    target_date: datetime.date | None = None,
    network=None,
    **extra,
):
    """Record one fact through the real service."""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    item = FactInput(
        municipality=municipality(number),
        fact=fact,
        value=value,
        effective_date=date,
        detail=detail,
        target_date=target_date,
        network=network,
        **extra,
    )
    return fact_record(item=item, user=user, source="test")
