from django.contrib import admin

from accounts.admin import RoleAdminMixin

from .models import GrantConfirmation, GrantScheme, Report, ReportingPeriod, ReportSubmission, ReportTransition


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


@admin.register(Report)
class ReportAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read-only: reports change only through the portal's submission flow, which records every transition."""

    list_display = ("office", "period", "status", "status_changed_at")
    list_filter = ("period", "status")


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("report", "version", "submitted_at", "submitted_by")
    exclude = ("data",)


@admin.register(ReportTransition)
class ReportTransitionAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("report", "from_status", "to_status", "at", "by", "comment")
