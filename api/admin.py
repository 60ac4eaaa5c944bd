from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin import RoleAdminMixin

from .models import ApiToken
from .services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Administrators see every API token (never the token itself) and may revoke one that went astray."""

    list_display = ("name", "user", "scope", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "user__username", "prefix")
    actions = ["revoke"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "digest"]
    exclude = ("digest",)

    @admin.action(description=_("Trekk tilbake valgte API-nøkler"))
    def revoke(self, request, queryset) -> None:
        revoked = sum(api_token_revoke(token=token, user=request.user) for token in queryset)
        self.message_user(request, _("%(n)s API-nøkler trukket tilbake.") % {"n": revoked}, messages.SUCCESS)
