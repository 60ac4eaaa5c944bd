"""Bulk entry: the office's working sheet and one change for many municipalities (sheet_views.py)."""

from django.urls import path

from . import sheet_views

app_name = "sheets"

urlpatterns = [
    path("embeter/<slug:slug>/arbeidsark/", sheet_views.sheet_upload, name="sheet-upload"),
    path("embeter/<slug:slug>/arbeidsark.xlsx", sheet_views.sheet_download, name="sheet-download"),
    path(
        "embeter/<slug:slug>/arbeidsark/forhandsvisning/<str:token>/",
        sheet_views.sheet_preview_view,
        name="sheet-preview",
    ),
    path("embeter/<slug:slug>/endre-flere/", sheet_views.group_change, name="group-change"),
]
