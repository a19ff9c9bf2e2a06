"""Celery tasks: ids in, the domain does the work. All idempotent.

No task is ever scheduled far ahead: a reminder due next week waits as an
outbox row in the database, and the periodic sweep sends it when it is due.
"""

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError, transaction

from .domain import delivery
from .domain.meetings import lapse_stale_reschedules
from .domain.outcomes import infer_silent_meetings
from .domain.requests import expire_due_requests

# Transient database trouble is worth a few quick retries; anything else is
# recorded on the outbox row by the domain, which schedules its own retry.
RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(acks_late=True, **RETRY)
def send_notification(notification_id: int) -> str:
    """Send one row now (the kick after a change commits)."""
    return delivery.send_one(notification_id)


@shared_task(acks_late=True, **RETRY)
def send_due_notifications() -> int:
    """The sweep: everything due, or abandoned by a dead worker."""
    return delivery.send_due()


@shared_task(acks_late=True, **RETRY)
def expire_requests() -> int:
    """End open requests nobody answered in time or whose times all passed,
    and clear proposals to move a meeting that lapsed unanswered."""
    return expire_due_requests() + lapse_stale_reschedules()


@shared_task(acks_late=True, **RETRY)
def infer_meeting_outcomes() -> int:
    """Take meetings nobody reported on within the grace period as held."""
    return infer_silent_meetings()


def enqueue_after_commit(task, *args) -> None:
    """Send `task(*args)` to the broker once the current transaction commits.

    No publish retries: if the broker is down the page must not hang or fail
    (robust=True logs the error). retry=False alone is not enough: a pooled
    connection that has to reconnect would keep trying for seconds, so connect
    in one attempt. What is lost is caught later: the periodic sweep sends
    outbox rows, the import status page fails a stalled import.
    """

    def kick():
        with task.app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=0)
            task.apply_async(args, retry=False, producer=producer)

    transaction.on_commit(kick, robust=True)


@worker_ready.connect
def sweep_when_a_worker_starts(sender, **kwargs) -> None:
    """After downtime, what came due meanwhile goes out now, not at the next beat."""
    send_due_notifications.delay()


# --- Alumni mentor import (advisors' CSV upload) ------------------------------
@shared_task(acks_late=True)
def run_mentor_import(import_id: int) -> str:
    """Apply a confirmed import, all or nothing (a redelivery finds it done and returns)."""
    from .domain.mentor_import.applying import run_mentor_import as apply

    mentor_import = apply(import_id=import_id)
    return mentor_import.status if mentor_import else ""
