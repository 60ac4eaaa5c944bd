from django.contrib import admin

from accounts.admin import RoleAdminMixin

from .models import Network


@admin.register(Network)
class NetworkAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("office", "slug", "name", "status")
