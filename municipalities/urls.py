from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("embeter/", views.office_list_view, name="office-list"),
    path("embeter/<slug:slug>/", views.office_detail, name="office-detail"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality-detail"),
    path("katalog/", views.catalogue_list, name="catalogue"),
    path("katalog/<slug:code>/rett/", views.catalogue_edit, name="catalogue-edit"),
]
