from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner")

    def ready(self) -> None:
        from common.data_version import watch_appended, watch_edited

        from .facts import FactRetraction, StatusConfirmation, StatusFact
        from .models import CatalogueNameChange, County, FocusArea, Municipality, Office, Solution

        # What the dashboards, the map and the grant pages show moves the data version (common.data_version).
        watch_appended(StatusFact, FactRetraction, StatusConfirmation, CatalogueNameChange)
        watch_edited(Office, County, Municipality, FocusArea, Solution)
