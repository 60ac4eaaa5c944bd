from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Fictional demo users and content for the embedded DEBUG run (`seed_demo`). It sits above every app."""

    name = "demo"
    verbose_name = _("Demodata")
