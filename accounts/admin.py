from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from . import permissions
from .forms import AccountCreationForm
from .identity.config import is_break_glass, password_login_enabled
from .models import IdentityLink, SecurityEvent, User


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


class IdentityLinkInline(admin.TabularInline):
    """The identity at the provider an account signs in with; deleting it lets the next sign-in link anew."""

    model = IdentityLink
    extra = 0
    fields = ("issuer", "subject", "email_at_link", "linked_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_users(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_manage_users(request.user)


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
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "role", "office", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [IdentityLinkInline]
    add_form = AccountCreationForm
    search_fields = ("username", "first_name", "last_name", "email")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def user_change_password(self, request, id, form_url=""):
        """Setting a password is gone with PASSWORD_LOGIN=0, except for the break-glass account."""
        if not password_login_enabled():
            user = self.get_object(request, id)
            if user is None or not is_break_glass(user):
                raise Http404
        return super().user_change_password(request, id, form_url)

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
