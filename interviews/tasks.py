"""Celery tasks: thin wrappers that call the domain."""

from celery import shared_task

from .domain.requests import expire_due_requests


@shared_task(acks_late=True)
def expire_requests() -> int:
    """End open requests nobody answered in time or whose times all passed."""
    return expire_due_requests()
