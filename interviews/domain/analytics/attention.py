"""Lists that lead to action: who is waiting, who needs a word, what just happened.

These describe the present (a request waiting now), so the date range does
not narrow the waiting mentors; it does narrow the students' history and
the recent activity. The person filters apply to all three.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

from careerconnect.models import display_name_of

from ...enums import MeetingOutcome, RequestStatus
from ...models import Transition
from .scope import ActivityScope, filtered_requests, people_filter, requests_sent

LIST_LENGTH = 20
UNANSWERED_THRESHOLD = 3
DEFAULT_PENDING_DAYS = 7
RECENT_DAYS = 30


@dataclass(frozen=True)
class WaitingMentor:
    user_id: int
    name: str
    waiting: int
    oldest_since: datetime
    oldest_request_id: int


def mentors_with_waiting_requests(
    scope: ActivityScope, *, now: datetime, days: int = DEFAULT_PENDING_DAYS
) -> list[WaitingMentor]:
    """Mentors with requests waiting for their answer for longer than `days` days."""
    cutoff = now - timedelta(days=days)
    waiting = filtered_requests(scope).filter(
        status=RequestStatus.PENDING, awaiting_since__lt=cutoff
    )
    oldest = waiting.filter(mentor_id=OuterRef("mentor_id")).order_by("awaiting_since", "pk")
    rows = (
        waiting.values(
            "mentor_id",
            "mentor__first_name",
            "mentor__last_name",
            "mentor__email",
            "mentor__deleted_at",
        )
        .annotate(
            waiting=Count("sent_at"),
            oldest_since=Min("awaiting_since"),
            oldest_request_id=Subquery(oldest.values("pk")[:1]),
        )
        .order_by("oldest_since", "mentor_id")[:LIST_LENGTH]
    )
    return [
        WaitingMentor(
            row["mentor_id"],
            display_name_of(
                row["mentor__first_name"],
                row["mentor__last_name"],
                row["mentor__email"],
                row["mentor__deleted_at"],
            ),
            row["waiting"],
            row["oldest_since"],
            row["oldest_request_id"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class StudentNeedingAttention:
    user_id: int
    name: str
    unanswered: int
    no_shows: int
    held_without_thanks: int
    latest_request_id: int

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.unanswered >= UNANSWERED_THRESHOLD:
            reasons.append(f"{self.unanswered} requests unanswered or expired")
        if self.no_shows:
            reasons.append(
                "missed a meeting" if self.no_shows == 1 else f"missed {self.no_shows} meetings"
            )
        if self.held_without_thanks:
            count = self.held_without_thanks
            reasons.append(f"{count} held meeting{'s' if count > 1 else ''} without a thank-you")
        return reasons


def students_needing_attention(scope: ActivityScope, *, now: datetime, grace_hours: int):
    """Students whose requests in the range show they need a hand.

    Three or more requests nobody answered (still waiting or expired), a
    meeting they did not come to, or a held meeting still without thanks
    `grace_hours` after it ended (the second thank-you reminder's time).
    """
    unanswered = Q(first_response_at__isnull=True) & Q(
        status__in=(RequestStatus.PENDING, RequestStatus.EXPIRED)
    )
    no_show = Q(meeting__outcome=MeetingOutcome.STUDENT_NO_SHOW)
    unthanked = Q(
        status=RequestStatus.HELD,
        thanked_at__isnull=True,
        meeting__ends_at__lt=now - timedelta(hours=grace_hours),
    )
    rows = (
        requests_sent(scope)
        # Only the requests that can count: a few percent of the range's.
        .filter(unanswered | no_show | unthanked)
        .values(
            "student_id",
            "student__first_name",
            "student__last_name",
            "student__email",
            "student__deleted_at",
        )
        .annotate(
            unanswered=Count("sent_at", filter=unanswered),
            no_shows=Count("sent_at", filter=no_show),
            held_without_thanks=Count("sent_at", filter=unthanked),
            latest_request_id=Max("pk"),
        )
        .filter(
            Q(unanswered__gte=UNANSWERED_THRESHOLD)
            | Q(no_shows__gt=0)
            | Q(held_without_thanks__gt=0)
        )
        .order_by("-latest_request_id")[:LIST_LENGTH]
    )
    return [
        StudentNeedingAttention(
            row["student_id"],
            display_name_of(
                row["student__first_name"],
                row["student__last_name"],
                row["student__email"],
                row["student__deleted_at"],
            ),
            row["unanswered"],
            row["no_shows"],
            row["held_without_thanks"],
            row["latest_request_id"],
        )
        for row in rows
    ]


def recent_activity(scope: ActivityScope, *, now: datetime):
    """The latest changes to requests in the range, at most RECENT_DAYS days back
    from its end or from now, whichever comes first (newest first).

    "Recent" is bounded on purpose: with a filter few people match, the search
    for twenty changes would otherwise walk a whole year of history. Counting
    back from now matters for the current term, whose end is still to come.
    """
    until = min(scope.ends_at, now)
    since = max(scope.starts_at, until - timedelta(days=RECENT_DAYS))
    return (
        Transition.objects.filter(people_filter(scope, "request"))
        .filter(created_at__gte=since, created_at__lt=scope.ends_at)
        .select_related("request__student", "request__mentor")
        .order_by("-created_at", "-pk")[:LIST_LENGTH]
    )
