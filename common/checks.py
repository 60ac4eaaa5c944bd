"""System checks: the portal refuses to start where uploads could be parsed unsafely."""

from django.core.checks import Error, register

from .uploads import defusedxml_active


@register()
def defusedxml_is_active(app_configs, **kwargs):
    if defusedxml_active():
        return []
    return [Error("openpyxl does not use defusedxml: install defusedxml", id="lhl.E001")]
