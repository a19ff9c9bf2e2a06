"""Suspending a person, and lifting the suspension.

A suspended person (User.suspended_at) cannot sign in — their open sessions
end at their next request (careerconnect/suspension.py) — is not listed in
the directory and cannot be requested (interviews/domain/listing.py, the one
rule for both). What they had under way ends as any other ending would, through
the same transitions, done by the system:

- open requests (as student or as mentor) end DECLINED with the system's
  reason (DeclineReason.UNAVAILABLE); the other person is told kindly, never
  why;
- upcoming confirmed meetings are CANCELLED through the meeting's own
  cancellation, so both calendars get the iTIP CANCEL;
- nothing else queued for them goes out (only those calendar cancellations).

Ending what runs goes through closing.end_running_requests_of (shared with
account deletion), which takes the locks in the project's order: requests
before people. Lifting the suspension only clears the flag: nothing ended is
reopened.
Every step, and the log row, happen in one transaction.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from careerconnect.models import Role

from ...enums import (
    ModerationActionKind,
    NotificationKind,
    NotificationStatus,
    ReportStatus,
    RequestStatus,
)
from ...models import Notification, Report
from ..access import require_advisor
from ..closing import end_running_requests_of
from ..errors import NotAllowed
from ..meetings import cancel_unavailable_meeting
from ..people import lock_people
from ..requests import decline_unavailable_request
from .log import log_action
from .reports import _require_reason

SUSPENDED_RECIPIENT = "The recipient's account is suspended."


def _end_as_unavailable(request, *, user, now) -> None:
    """The system ends the request: the other person is told kindly, never why."""
    if request.status == RequestStatus.CONFIRMED:
        # A meeting already over waits for its outcome as it is.
        cancel_unavailable_meeting(request_id=request.pk, now=now)
    else:
        decline_unavailable_request(request_id=request.pk, unavailable_user=user, now=now)


def _person_to_moderate(user_id: int):
    person = get_user_model().objects.filter(pk=user_id).first()
    if person is None or person.deleted_at is not None:
        raise NotAllowed("This person's account no longer exists.")
    if person.role == Role.ADVISOR:
        raise NotAllowed("Advisors' accounts are managed by the operators, not suspended here.")
    return person


def suspend_user(*, user_id: int, advisor, reason: str, report_id: int | None = None, now=None):
    """The career center suspends a person (see the module doc); returns the person.

    Every open report about them closes as "action taken"; the log row links
    the report the advisor acted from, if any.
    """
    now = now or timezone.now()
    require_advisor(advisor, to="suspend accounts or lift suspensions")
    reason = _require_reason(reason, "suspend this person")
    person = _person_to_moderate(user_id)
    if person.is_suspended:
        raise NotAllowed(f"{person.display_name} is already suspended; nothing was changed.")
    report = None
    if report_id is not None:
        report = Report.objects.filter(pk=report_id, reported_user=person).first()
        if report is None:
            raise NotAllowed("That report is not about this person.")

    def flag_under_the_lock() -> None:
        # From here on nobody can send them a request (sending locks both
        # people and then reads suspended_at); one sent just before the lock
        # is ended by the second pass.
        User = get_user_model()
        if not User.objects.filter(pk=person.pk, suspended_at__isnull=True).update(
            suspended_at=now
        ):
            raise NotAllowed(f"{person.display_name} is already suspended; nothing was changed.")
        person.suspended_at = now

    with transaction.atomic():
        end_running_requests_of(
            person, how=_end_as_unavailable, now=now, once_locked=flag_under_the_lock
        )
        Notification.objects.filter(recipient=person, status=NotificationStatus.QUEUED).exclude(
            kind=NotificationKind.MEETING_CANCELLED
        ).update(status=NotificationStatus.CANCELLED, last_error=SUSPENDED_RECIPIENT)
        Report.objects.filter(reported_user=person, status=ReportStatus.OPEN).update(
            status=ReportStatus.ACTIONED, handled_by=advisor, handled_at=now
        )
        log_action(
            actor=advisor,
            kind=ModerationActionKind.SUSPEND,
            subject=person,
            report=report,
            reason=reason,
            now=now,
        )
    return person


def lift_suspension(*, user_id: int, advisor, reason: str, now=None):
    """The person may sign in and be requested again; nothing ended is reopened."""
    now = now or timezone.now()
    require_advisor(advisor, to="suspend accounts or lift suspensions")
    reason = _require_reason(reason, "lift the suspension")
    person = _person_to_moderate(user_id)
    with transaction.atomic():
        lock_people(person.pk)
        User = get_user_model()
        if not User.objects.filter(pk=person.pk, suspended_at__isnull=False).update(
            suspended_at=None
        ):
            raise NotAllowed(f"{person.display_name} is not suspended; nothing was changed.")
        person.suspended_at = None
        log_action(
            actor=advisor,
            kind=ModerationActionKind.LIFT,
            subject=person,
            reason=reason,
            now=now,
        )
    return person
