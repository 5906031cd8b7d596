import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppdragsbanken.settings")

app = Celery("uppdragsbanken")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
