from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Nettverk")

    def ready(self) -> None:
        from common.data_version import watch_edited

        from .models import Network

        watch_edited(Network)  # network names and offices are shown on the dashboards (common.data_version)
