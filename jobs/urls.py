from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("jobber/<int:pk>/", views.job_status, name="status"),
    path("jobber/<int:pk>/fil/", views.job_download, name="download"),
]
