from django.contrib import admin
from django.db import models

from accounts import permissions
from accounts.admin import RoleAdminMixin

from .models import (
    CatalogueNameChange,
    County,
    FactRetraction,
    FocusArea,
    Municipality,
    Office,
    Solution,
    StatusFact,
)


@admin.register(Office)
class OfficeAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("slug", "region", "position")


@admin.register(County)
class CountyAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("number", "name", "office")


@admin.register(Municipality)
class MunicipalityAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("number", "name", "county", "office", "population")
    list_filter = ("office",)
    search_fields = ("number", "name")


@admin.register(StatusFact)
class StatusFactAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read-only: facts are recorded through the portal's forms and imports, never edited in place."""

    list_display = ("municipality", "fact", "value", "detail", "effective_date", "recorded_at", "recorded_by")
    list_filter = ("fact",)
    list_select_related = ("municipality", "recorded_by")
    # The name of a municipality's contact who reported a status is for their office and the directorate only.
    exclude = ("reported_by",)
    # The read-only view still builds the form: name the scheme Django 6 will assume (no deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(FactRetraction)
class FactRetractionAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("fact", "reason", "recorded_at", "recorded_by")


@admin.register(CatalogueNameChange)
class CatalogueNameChangeAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("code", "old_name", "new_name", "changed_at", "changed_by")


@admin.register(FocusArea, Solution)
class CatalogueAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Names are corrected through the portal's catalogue page, which records who changed what."""

    list_display = ("code", "name", "position")

    def has_view_permission(self, request, obj=None):
        return permissions.can_edit_catalogue(request.user)

    def has_module_permission(self, request):
        return permissions.can_edit_catalogue(request.user)
