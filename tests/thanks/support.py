"""Held meetings for the thanks tests, made through the domain's own functions.

The clock: NOW (Monday 1 March 2027, 09:00 UTC) the request is sent and
confirmed for Thursday 4 March, 15:00–15:30 UTC (10:00 EST for the student,
16:00 CET for the mentor), or some days later; the student reports it held
an hour after it started; the tests act at AFTER (Friday 5 March, 09:00 UTC)
unless they say otherwise.
"""

from datetime import UTC, datetime, timedelta

from interviews.domain import outcomes
from interviews.enums import MeetingOutcome
from interviews.models import (
    InterviewRequest,
    LearningNote,
    Notification,
    Referral,
    ThankYouNote,
)
from tests import builders

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
MEETING_START = datetime(2027, 3, 4, 15, 0, tzinfo=UTC)
AFTER = datetime(2027, 3, 5, 9, 0, tzinfo=UTC)


def starts_on(days_later: int) -> list[datetime]:
    """Two times on offer; the first (MEETING_START + days) is the one accepted."""
    start = MEETING_START + timedelta(days=days_later)
    return [start, start + timedelta(hours=2)]


def confirmed(student, mentor, *, days_later: int = 0, **draft_overrides) -> InterviewRequest:
    """Confirmed for MEETING_START, or `days_later` days after it."""
    return builders.confirm(
        student, mentor, now=NOW, starts=starts_on(days_later), **draft_overrides
    )


def held(student, mentor, *, days_later: int = 0, **draft_overrides) -> InterviewRequest:
    """A meeting the student reported as held, an hour after it started."""
    request = confirmed(student, mentor, days_later=days_later, **draft_overrides)
    outcomes.report_outcome(
        request_id=request.pk,
        user=student,
        outcome=MeetingOutcome.HELD,
        now=request.meeting.starts_at + timedelta(hours=1),
    )
    request.refresh_from_db()
    return request


def no_show(student, mentor, *, days_later: int = 0) -> InterviewRequest:
    """A meeting the mentor reported the student missed."""
    request = confirmed(student, mentor, days_later=days_later)
    outcomes.report_outcome(
        request_id=request.pk,
        user=mentor,
        outcome=MeetingOutcome.STUDENT_NO_SHOW,
        now=request.meeting.starts_at + timedelta(hours=1),
    )
    request.refresh_from_db()
    return request


def followup_snapshot(request: InterviewRequest | None = None) -> dict:
    """Everything of this issue a refused action must leave as it was."""
    snapshot = {
        "thank_you_notes": list(
            ThankYouNote.objects.order_by("pk").values_list("pk", "channel", "body", "sent_at")
        ),
        "learning_notes": list(
            LearningNote.objects.order_by("pk").values_list("pk", "body", "shared_with_center_at")
        ),
        "referrals": list(
            Referral.objects.order_by("pk").values_list(
                "pk", "to_mentor_id", "outside_name", "resulting_request_id"
            )
        ),
        "notifications": Notification.objects.count(),
    }
    if request is not None:
        snapshot["request"] = (
            InterviewRequest.objects.filter(pk=request.pk)
            .values_list("status", "version", "thanked_at")
            .get()
        )
    return snapshot
