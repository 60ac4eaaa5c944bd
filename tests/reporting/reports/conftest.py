"""Shared helpers for the office report tests: the spring-2021 period, submitting, and reading mail."""

import pytest
from django.core import mail

from reporting.models import ReportingPeriod


@pytest.fixture
def spring(db) -> ReportingPeriod:
    return ReportingPeriod.objects.get(slug="spring-2021")


@pytest.fixture
def autumn2020(db) -> ReportingPeriod:
    return ReportingPeriod.objects.get(slug="autumn-2020")


@pytest.fixture
def hdir_mail(settings):
    settings.DIRECTORATE_EMAIL = "rapporter@hdir.example.invalid"
    mail.outbox.clear()
    return settings.DIRECTORATE_EMAIL


def texts(**overrides) -> dict[str, str]:
    base = {
        "priorities": "Mat og måltider er prioritert.",
        "examples": "To gode eksempler.",
        "organisation": "Forankret i ledelsen.",
        "assessment": "God fremdrift.",
        "plan": "Planen er vedlagt.",
    }
    return {**base, **overrides}
