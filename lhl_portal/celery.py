"""The Celery application. Tasks live in the apps' tasks.py modules."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lhl_portal.settings.base")

app = Celery("lhl_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
