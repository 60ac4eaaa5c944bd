from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Bakgrunnsjobber")

    def ready(self) -> None:
        # checks: registers the system checks. tasks: the job task is sent by name from the web processes too;
        # without it a gunicorn process, where no worker's autodiscovery runs, has no such task and every order
        # failed (NotRegistered).
        from . import checks, tasks  # noqa: F401
