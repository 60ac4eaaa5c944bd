"""The office report: pages, autosave, submission, decisions, versions and print view."""

from django.urls import path

from . import views

app_name = "reports"

_base = "embeter/<slug:slug>/rapporter/<slug:period>/"

urlpatterns = [
    path("rapporter/", views.report_index, name="index"),
    path(_base, views.report_detail, name="report"),
    path(f"{_base}lagre/", views.report_save, name="save"),
    path(f"{_base}autolagre/", views.report_autosave, name="autosave"),
    path(f"{_base}send-inn/", views.report_submit_view, name="submit"),
    path(f"{_base}godkjenn/", views.report_accept_view, name="accept"),
    path(f"{_base}send-tilbake/", views.report_return_view, name="return"),
    path(f"{_base}gjenapne/", views.report_reopen_view, name="reopen"),
    path(f"{_base}versjoner/", views.report_versions, name="versions"),
    path(f"{_base}versjoner/<int:version>/", views.report_version, name="version"),
    path(f"{_base}versjoner/<int:version>/utskrift/", views.report_print, name="print"),
]
