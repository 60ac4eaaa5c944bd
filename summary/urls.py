"""The directorate's annual summary: years, the summary page, autosave, documents, marking final, versions."""

from django.urls import path

from . import views

app_name = "summary"

_base = "arsrapport/<int:year>/"

urlpatterns = [
    path("arsrapport/", views.summary_index, name="index"),
    path(_base, views.summary_detail, name="detail"),
    path(f"{_base}lagre/", views.summary_save, name="save"),
    path(f"{_base}autolagre/", views.summary_autosave, name="autosave"),
    path(f"{_base}dokument/", views.summary_document, name="document"),
    path(f"{_base}ferdigstill/", views.summary_finalise_view, name="finalise"),
    path(f"{_base}gjenapne/", views.summary_reopen_view, name="reopen"),
    path(f"{_base}versjoner/<int:version>/", views.summary_version_view, name="version"),
]
