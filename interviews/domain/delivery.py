"""Claiming outbox rows and sending them, at most once per claim.

A row is claimed with a conditional UPDATE (queued and due, or "sending" for
longer than the lease, which means its worker died), stamped with a random
claim token. Only the holder of the token records the outcome. A message
that was in flight when its worker died may go out twice — with the same
Message-ID, so mail clients show it once.
"""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from careerconnect.emails import Envelope, build_email, render_email

from ..enums import (
    INVITE_KINDS,
    OPTIONAL_EMAIL_OF_KIND,
    NotificationKind,
    NotificationStatus,
    Party,
    RequestStatus,
)
from ..models import MentorProfile, Notification, NotificationPreferences, OutcomeReport
from .email_content import compose
from .program import get_program_settings

logger = logging.getLogger(__name__)
K = NotificationKind
# Minutes to wait after each failed attempt (the row waits in the database,
# never in the broker).
BACKOFF_MINUTES = (1, 5, 15, 60, 180)


def claimable(now: datetime) -> Q:
    lease = timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)
    return Q(status=NotificationStatus.QUEUED, due_at__lte=now) | Q(
        status=NotificationStatus.SENDING, claimed_at__lt=now - lease
    )


def _claim(ids, now: datetime) -> str:
    token = secrets.token_hex(8)
    Notification.objects.filter(claimable(now), pk__in=list(ids)).update(
        status=NotificationStatus.SENDING,
        claimed_at=now,
        claim_token=token,
        attempts=F("attempts") + 1,
    )
    return token


def claim_batch(*, now: datetime, limit: int) -> list[Notification]:
    """Claim up to `limit` due rows for this worker.

    On PostgreSQL, SKIP LOCKED lets concurrent sweeps take different rows;
    on SQLite (one writer at a time) the conditional UPDATE alone decides.
    """
    with transaction.atomic():
        candidates = Notification.objects.filter(claimable(now)).order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        token = _claim(ids, now)
    return list(Notification.objects.filter(pk__in=ids, claim_token=token))


def claim_one(notification_id: int, *, now: datetime) -> Notification | None:
    token = _claim([notification_id], now)
    return Notification.objects.filter(pk=notification_id, claim_token=token).first()


def message_id(notification: Notification) -> str:
    """The same for every attempt at one notification, unique across them."""
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:16]
    host = urlsplit(settings.SITE_URL).hostname or "careerconnect"
    return f"<notification-{notification.pk}-{digest}@{host}>"


def _prefers_not(notification: Notification) -> bool:
    optional = OPTIONAL_EMAIL_OF_KIND.get(notification.kind)
    if optional is None:
        return False
    preferences = NotificationPreferences.objects.filter(user=notification.recipient).first()
    return preferences is not None and not getattr(preferences, optional)


# Emails about times on offer, and the state the request must still be in.
WAITING_FOR = {
    K.NEW_REQUEST: RequestStatus.PENDING,
    K.NEW_TIMES_FROM_STUDENT: RequestStatus.PENDING,
    K.COUNTER_PROPOSAL: RequestStatus.COUNTER_PROPOSED,
}


# Emails that only make sense while the other participant is still here.
ABOUT_THE_OTHER_PERSON = (
    K.REQUEST_NUDGE,
    K.MEETING_REMINDER,
    K.OUTCOME_PROMPT,
    K.THANK_YOU_REMINDER,
    K.THANK_YOU_NUDGE,
    K.THANK_YOU_RECEIVED,
    K.THANK_YOU_COPY,
)


def _nudge_delay() -> timedelta:
    return timedelta(hours=get_program_settings().thank_you_nudge_hours_after)


def _other_person(notification: Notification):
    request = notification.request
    if notification.recipient_id == request.student_id:
        return request.mentor
    return request.student


def _invitation_used(notification: Notification) -> bool:
    """An invitation to claim an imported account is pointless once it is claimed."""
    return MentorProfile.objects.filter(
        user_id=notification.recipient_id, claimed_at__isnull=False
    ).exists()


def reason_to_drop(notification: Notification, *, now: datetime) -> str:
    """Checked when the row is due: why this email no longer makes sense ("" if it does).

    Superseding cancels the rows still queued when something changes; this
    catches the others (a row in flight, a failed row that staff retry later).
    """
    request = notification.request
    meeting = notification.meeting
    planned = notification.payload
    if notification.recipient.deleted_at is not None:
        return "The recipient deleted their account."
    if notification.kind in ABOUT_THE_OTHER_PERSON and _other_person(notification).deleted_at:
        # Their words, name and address are gone; what is left to say is said by
        # the cancellation or decline their leaving sent.
        return "The other person deleted their account."
    if notification.recipient.suspended_at is not None and notification.kind != K.MEETING_CANCELLED:
        # Suspended by the career center: only calendar cancellations still go
        # out, so that no calendar keeps a meeting that will not take place.
        return "The recipient's account is suspended."
    if _prefers_not(notification):
        return "The recipient turned this kind of email off."
    if notification.kind == K.MENTOR_INVITATION and _invitation_used(notification):
        return "The mentor has already claimed the account."
    if notification.kind in WAITING_FOR and (
        request.status != WAITING_FOR[notification.kind]
        or request.current_round != planned.get("round", request.current_round)
    ):
        return "The request was answered or ended."
    if notification.kind in INVITE_KINDS and (
        meeting is None or meeting.sequence != planned.get("sequence")
    ):
        # The invite is built from the meeting as it is now: an older one
        # would resend the latest state under the wrong method (a REQUEST
        # after a CANCEL would put a cancelled meeting back in calendars).
        return "A later change to the meeting replaced this calendar update."
    if (
        notification.kind in INVITE_KINDS
        and notification.kind != K.MEETING_CANCELLED
        and meeting.ends_at <= now
    ):
        # Delivered after the fact (workers were down): no calendar needs it now.
        return "The meeting is already over."
    if notification.kind == K.REQUEST_NUDGE and (
        request.status != RequestStatus.PENDING or request.current_round != planned.get("round")
    ):
        return "The request was answered or ended."
    if notification.kind == K.MEETING_REMINDER and (
        request.status != RequestStatus.CONFIRMED
        or meeting.starts_at.isoformat() != planned.get("starts_at")
    ):
        return "The meeting was cancelled or moved."
    if notification.kind == K.MEETING_REMINDER and meeting.starts_at <= now:
        # Sent late (the workers were down): a reminder after the fact is noise.
        return "The meeting has already started."
    if notification.kind == K.OUTCOME_PROMPT and (
        request.status != RequestStatus.CONFIRMED
        or meeting.starts_at.isoformat() != planned.get("starts_at")
        or OutcomeReport.objects.filter(
            meeting=meeting,
            party=Party.STUDENT
            if notification.recipient_id == request.student_id
            else Party.MENTOR,
        ).exists()
    ):
        return "What happened is known already, or the meeting moved."
    if (
        notification.kind == K.THANK_YOU_REMINDER
        and meeting is not None
        and now >= meeting.ends_at + _nudge_delay()
    ):
        # Sent late (workers were down): the nudge, due now too, says it once.
        return "The later thank-you nudge replaces this reminder."
    if notification.kind in (K.THANK_YOU_REMINDER, K.THANK_YOU_NUDGE) and (
        request.status not in (RequestStatus.CONFIRMED, RequestStatus.HELD)
        or request.thanked_at is not None
        or meeting.starts_at.isoformat() != planned.get("starts_at")
    ):
        return "The meeting did not take place as planned, or thanks were sent."
    return ""


def _finish(notification: Notification, **fields) -> bool:
    """Record the outcome, if this worker still holds the claim."""
    return bool(
        Notification.objects.filter(
            pk=notification.pk,
            claim_token=notification.claim_token,
            status=NotificationStatus.SENDING,
        ).update(**fields)
    )


def _renew(notification: Notification, now: datetime) -> bool:
    """Restart the lease right before sending; False if the claim was lost.

    A batch is claimed at once but sent one row after the other: without this,
    a row reached late in a slow batch could be taken over by another worker
    (its lease having run out) and go out twice.
    """
    return bool(
        Notification.objects.filter(
            pk=notification.pk,
            claim_token=notification.claim_token,
            status=NotificationStatus.SENDING,
        ).update(claimed_at=now)
    )


def deliver(notification: Notification, *, now: datetime | None = None) -> str:
    """Send one claimed row; returns its new status ("" if its claim was lost)."""
    now = now or timezone.now()
    if not _renew(notification, now):
        return ""
    if notification.attempts > settings.NOTIFICATION_MAX_ATTEMPTS:
        # Claimed again and again without an outcome: each worker died while
        # sending it. Stop before it takes down the next one.
        _finish(
            notification,
            status=NotificationStatus.FAILED,
            last_error=(
                f"Given up after {notification.attempts - 1} attempts: "
                "no worker finished sending it."
            ),
        )
        return NotificationStatus.FAILED
    reason = reason_to_drop(notification, now=now)
    if reason:
        _finish(notification, status=NotificationStatus.CANCELLED, last_error=reason)
        return NotificationStatus.CANCELLED
    try:
        composition = compose(notification, now=now)
        email = build_email(
            render_email(composition.template, composition.context),
            Envelope(
                to_email=notification.recipient.email,
                to_name=notification.recipient.display_name,
                message_id=message_id(notification),
                headers=composition.headers,
            ),
            invite=composition.invite,
        )
        get_connection(fail_silently=False).send_messages([email])
    except Exception as error:  # any failure is recorded on the row
        logger.warning("Notification %s failed: %r", notification.pk, error)
        if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            _finish(notification, status=NotificationStatus.FAILED, last_error=repr(error))
            return NotificationStatus.FAILED
        wait = BACKOFF_MINUTES[min(notification.attempts, len(BACKOFF_MINUTES)) - 1]
        _finish(
            notification,
            status=NotificationStatus.QUEUED,
            due_at=now + timedelta(minutes=wait),
            last_error=repr(error),
        )
        return NotificationStatus.QUEUED
    _finish(
        notification,
        status=NotificationStatus.SENT,
        sent_at=now,
        message_id=message_id(notification),
        last_error="",
    )
    return NotificationStatus.SENT


def send_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """The periodic sweep: claim what is due (or abandoned) and send it.

    Returns how many emails went out. Without `now`, each row is sent at the
    clock's time (the lease is renewed from it), not the sweep's start.
    """
    sent = 0
    for notification in claim_batch(now=now or timezone.now(), limit=limit):
        sent += deliver(notification, now=now) == NotificationStatus.SENT
    return sent


def send_one(notification_id: int, *, now: datetime | None = None) -> str:
    """The on-commit kick for a row due now; a row someone else holds is left alone."""
    now = now or timezone.now()
    notification = claim_one(notification_id, now=now)
    if notification is None:
        return ""
    return deliver(notification, now=now)


def retry(notification_ids, *, now: datetime | None = None) -> int:
    """Staff's retry: failed rows go back to the queue, due now, with fresh attempts.

    Other rows are left alone. The next sweep sends them, re-checked as any
    other row (a failed invite of a meeting changed since is dropped then).
    Returns how many rows went back to the queue.
    """
    return Notification.objects.filter(
        pk__in=list(notification_ids), status=NotificationStatus.FAILED
    ).update(
        status=NotificationStatus.QUEUED,
        due_at=now or timezone.now(),
        attempts=0,
        claimed_at=None,
        claim_token="",
    )


def outbox_lag(*, now: datetime | None = None) -> float:
    """Seconds since the oldest due, unsent row became due (0 when none waits)."""
    now = now or timezone.now()
    oldest = Notification.objects.filter(
        status__in=(NotificationStatus.QUEUED, NotificationStatus.SENDING), due_at__lte=now
    ).aggregate(oldest=Min("due_at"))["oldest"]
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
