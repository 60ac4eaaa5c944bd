from django.contrib import admin
from django.urls import include, path

from accounts.views import LogoutView, accessibility_statement, admin_password_change, home

admin.site.site_header = "Leve hele livet – administrasjon"
admin.site.site_title = "Leve hele livet"

urlpatterns = [
    path("", home, name="home"),
    path("tilgjengelighet/", accessibility_statement, name="accessibility"),
    path("konto/", include("accounts.urls")),
    path("konto/api-nokler/", include("api.token_urls")),
    path("api/v1/", include("api.urls")),
    path("", include("municipalities.urls")),
    path("", include("municipalities.sheet_urls")),
    path("", include("networks.urls")),
    path("", include("reporting.urls")),
    path("", include("reporting.reports.urls")),
    path("", include("reporting.packages.urls")),
    path("", include("reporting.dashboard.urls")),
    path("", include("summary.urls")),
    path("", include("regional.urls")),
    path("", include("jobs.urls")),
    path("", include("selfreport.urls")),
    # The admin's own password change, gone with PASSWORD_LOGIN=0 except for the break-glass account.
    path("admin/password_change/", admin_password_change, name="admin-password-change"),
    # Signing out of the admin ends the identity provider's session too, as the portal's own sign-out does.
    path("admin/logout/", LogoutView.as_view(), name="admin-logout"),
    path("admin/", admin.site.urls),
]

handler500 = "common.errors.server_error"
