from django.contrib import admin
from django.db.models import Q

from accounts.admin import DraftAdminMixin, RoleAdminMixin

from .models import Event, FeedToken, FollowUp, Nomination, PlanVersion, StatusMeeting


@admin.register(PlanVersion)
class PlanVersionAdmin(DraftAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    """Published versions only (an unpublished version is its office's draft)."""

    list_display = ("office", "number", "created_at", "created_by", "published_at")
    list_filter = ("office",)

    def draft_rows(self) -> Q:
        return Q(published_at__isnull=True)


@admin.register(Event)
class EventAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("office", "start", "end", "title", "hdir_wanted", "ministry_wanted")
    list_filter = ("office",)


@admin.register(FeedToken)
class FeedTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    # The token itself is a secret of its user: never shown, not even to administrators.
    list_display = ("user", "created", "revoked_at")
    fields = ("user", "created", "revoked_at")


@admin.register(Nomination)
class NominationAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("year", "county", "municipality", "office")
    list_filter = ("year", "office")


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusMeeting)
class StatusMeetingAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("office", "date", "updated_by")
    list_filter = ("office",)
    inlines = [FollowUpInline]
