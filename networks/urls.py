from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("embeter/<slug:slug>/nettverk/", views.network_list_view, name="list"),
    path("embeter/<slug:slug>/nettverk/ny/", views.network_create_view, name="create"),
    path("embeter/<slug:slug>/nettverk/<slug:network_slug>/", views.network_detail, name="detail"),
    path("embeter/<slug:slug>/nettverk/<slug:network_slug>/endre/", views.network_edit, name="edit"),
]
