from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import SecurityEvent, User


class RoleAdminMixin:
    """Admin rights follow the permission matrix, not Django's per-model permissions."""

    def has_module_permission(self, request):
        return permissions.can_manage_users(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_manage_users(request.user)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(RoleAdminMixin, BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "office", "is_active", "last_login")
    list_filter = ("role", "office", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Rolle"), {"fields": ("role", "office", "is_active", "is_staff")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "office", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def has_add_permission(self, request, *args):
        return permissions.can_manage_users(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_users(request.user)


@admin.register(SecurityEvent)
class SecurityEventAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "username",
        "office_slug",
        "method",
        "path",
        "target",
        "outcome",
        "ip_address",
    )
    list_filter = ("outcome",)
