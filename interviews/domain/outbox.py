"""Writing and superseding outbox rows, inside the caller's transaction.

Delivery happens later (interviews/domain/delivery.py); here nothing talks to
the broker. After the transaction commits, the immediate rows get a kick so
that they go out within seconds instead of at the next periodic sweep.
"""

from datetime import datetime

from ..enums import NotificationKind, NotificationStatus
from ..models import InterviewRequest, Meeting, Notification


def queue(
    *,
    kind: NotificationKind,
    recipient,
    request: InterviewRequest | None,
    meeting: Meeting | None = None,
    due_at: datetime,
    key: str,
    payload: dict | None = None,
    now: datetime,
) -> Notification:
    """Add one email to the outbox; the same key never makes a second row."""
    notification, created = Notification.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": kind,
            "recipient": recipient,
            "request": request,
            "meeting": meeting,
            "due_at": due_at,
            "payload": payload or {},
        },
    )
    if created and due_at <= now:
        _kick_after_commit(notification.pk)
    return notification


def supersede(*, request: InterviewRequest, kinds) -> int:
    """Cancel the queued rows of these kinds: what they say is no longer true.

    Rows already being sent are in flight and cannot be recalled.
    """
    return Notification.objects.filter(
        request=request, kind__in=list(kinds), status=NotificationStatus.QUEUED
    ).update(status=NotificationStatus.CANCELLED, last_error="Superseded by a later change.")


def _kick_after_commit(notification_id: int) -> None:
    # Imported here: tasks sit above the domain in the layering.
    from ..tasks import enqueue_after_commit, send_notification

    enqueue_after_commit(send_notification, notification_id)
