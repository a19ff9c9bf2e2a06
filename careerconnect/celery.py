"""The Celery application: the worker and beat run `celery -A careerconnect`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerconnect.settings")

app = Celery("careerconnect")
# Every CELERY_* setting in careerconnect/settings.py configures this app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
