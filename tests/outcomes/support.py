"""Meetings after their end, made through the domain's own functions.

The clock: at NOW (Monday 1 March 2027, 09:00 UTC) the request is sent and
confirmed for Thursday 4 March, 15:00–15:30 UTC (10:00 EST for Sophie
Student, 16:00 CET for Maria Mentor). AFTER is half an hour after its end.
"""

from datetime import UTC, datetime, timedelta

from interviews.domain import outcomes
from interviews.models import (
    InterviewRequest,
    Meeting,
    MentorFeedback,
    Notification,
    OutcomeReport,
    Transition,
)
from tests import builders

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
START = datetime(2027, 3, 4, 15, 0, tzinfo=UTC)
END = START + timedelta(minutes=30)
AFTER = END + timedelta(minutes=30)


def confirmed(student, mentor) -> InterviewRequest:
    request = builders.confirm(student, mentor, now=NOW)
    assert (request.meeting.starts_at, request.meeting.ends_at) == (START, END)
    return request


def report(request, user, outcome, *, now=AFTER) -> InterviewRequest:
    outcomes.report_outcome(request_id=request.pk, user=user, outcome=outcome, now=now)
    request.refresh_from_db()
    return request


def reports_of(request) -> list[tuple[str, str]]:
    return list(
        OutcomeReport.objects.filter(meeting__request=request)
        .order_by("reported_at", "pk")
        .values_list("party", "outcome")
    )


def outcome_snapshot(request: InterviewRequest) -> dict:
    """Everything a refused outcome or feedback must leave as it was."""
    meeting = Meeting.objects.get(request=request)
    return {
        "request": InterviewRequest.objects.filter(pk=request.pk)
        .values_list("status", "version", "held_at", "reschedule_proposed_by")
        .get(),
        "meeting": (
            meeting.outcome,
            meeting.outcome_inferred,
            meeting.outcome_disputed,
            meeting.starts_at,
            meeting.sequence,
        ),
        "reports": list(
            OutcomeReport.objects.order_by("pk").values_list(
                "pk", "party", "outcome", "reported_at"
            )
        ),
        "feedback": list(
            MentorFeedback.objects.order_by("pk").values_list("pk", "preparedness", "note")
        ),
        "transitions": Transition.objects.count(),
        "notifications": list(
            Notification.objects.order_by("pk").values_list("pk", "status", "last_error")
        ),
    }
