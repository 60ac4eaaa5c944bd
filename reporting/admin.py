from django.contrib import admin

from accounts.admin import RoleAdminMixin

from .models import GrantConfirmation, GrantScheme, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("slug", "name", "reference_date", "deadline")


@admin.register(GrantScheme)
class GrantSchemeAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("year", "kap", "post", "name", "priority_rule")
    list_filter = ("year", "priority_rule")


@admin.register(GrantConfirmation)
class GrantConfirmationAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read-only like every admin here: confirmations are append-only and recorded in the portal."""

    list_display = ("municipality", "year", "confirmed", "recorded_at", "recorded_by")
    list_filter = ("year", "confirmed")
