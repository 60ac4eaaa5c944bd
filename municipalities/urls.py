from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("embeter/", views.office_list_view, name="office-list"),
    path("embeter/<slug:slug>/", views.office_detail, name="office-detail"),
    path("embeter/<slug:slug>/status.xlsx", views.office_status_xlsx, name="office-status-xlsx"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality-detail"),
    path("kommuner/<str:number>/registrer/", views.fact_create, name="fact-create"),
    path("kommuner/<str:number>/opplysninger/<int:pk>/trekk-tilbake/", views.fact_retract_view, name="fact-retract"),
    path("kommuner/<str:number>/eksempler/ny/", views.example_create, name="example-create"),
    path("katalog/", views.catalogue_list, name="catalogue"),
    path("katalog/<slug:code>/rett/", views.catalogue_edit, name="catalogue-edit"),
]
