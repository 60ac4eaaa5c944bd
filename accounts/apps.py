from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brukere og roller")

    def ready(self) -> None:
        from accounts.identity import checks as identity_checks  # noqa: F401  (registers the system checks)
        from common import checks  # noqa: F401  (registers the system checks)
        from common.db import install_robust_date_readers

        install_robust_date_readers()
