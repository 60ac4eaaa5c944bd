from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Rapportering")

    def ready(self) -> None:
        from common.data_version import watch_appended, watch_edited

        from .grants.models import GrantConfirmation, GrantScheme
        from .periods.models import ReportingPeriod
        from .reports.models import Report, ReportSubmission, ReportTransition

        # What the dashboards and the grant pages show moves the data version (common.data_version).
        watch_appended(GrantConfirmation, ReportTransition, ReportSubmission)
        watch_edited(ReportingPeriod, GrantScheme, Report)
