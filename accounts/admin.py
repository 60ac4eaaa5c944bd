from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
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


class DraftAdminMixin(admin.ModelAdmin):
    """Drafts stay with their own office in the admin too (README: drafts are visible to their own office only).

    A subclass says which rows are drafts (`draft_rows()`, a Q) and where a draft's office is
    (`draft_office_lookup`, a lookup taking the office's id); or, when the office is found another way, overrides
    `hidden_drafts(user)`. The admin lists and opens only what `permissions.can_see_drafts` allows: the
    administrator, who has no office, sees no draft at all; a draft's change, history and delete pages are 404s.
    """

    draft_office_lookup = "office_id"

    def draft_rows(self) -> Q:  # pragma: no cover - every subclass says which rows are drafts
        raise NotImplementedError

    def hidden_drafts(self, user) -> Q:
        own = (
            Q(**{self.draft_office_lookup: user.office_id})
            if permissions.can_see_drafts(user, user.office_id)
            else None
        )
        return self.draft_rows() & ~own if own is not None else self.draft_rows()

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(self.hidden_drafts(request.user))


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
