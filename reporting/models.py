"""The reporting app's models, for Django: each feature package defines its own (and imports them from there)."""

from .grants.models import GrantConfirmation, GrantScheme
from .periods.models import ReportingPeriod
from .reports.models import Report, ReportReminder, ReportSubmission, ReportText, ReportTransition

__all__ = [
    "GrantConfirmation",
    "GrantScheme",
    "Report",
    "ReportReminder",
    "ReportSubmission",
    "ReportText",
    "ReportTransition",
    "ReportingPeriod",
]
