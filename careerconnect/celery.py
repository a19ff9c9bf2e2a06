"""The Celery application: the worker and beat run `celery -A careerconnect`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerconnect.settings")

app = Celery("careerconnect")
# Every CELERY_* setting in careerconnect/settings.py configures this app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work lives in code, next to the tasks it runs: the schedule is
# reviewed and versioned like any other rule (no django-celery-beat tables).
app.conf.beat_schedule = {
    "expire-requests": {"task": "interviews.tasks.expire_requests", "schedule": 60.0},
}
