"""What students and mentors see first: what needs them, what is coming."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)

from ..enums import FINAL_STATUSES, OPEN_STATUSES, MeetingOutcome, Party, RequestStatus
from ..models import InterviewRequest, Meeting, OutcomeReport, ProposedSlot

# The inbox's order: what waits for the mentor, oldest first; then the rest.
INBOX_PRIORITY = Case(
    When(status=RequestStatus.PENDING, then=Value(0)),
    When(status=RequestStatus.CONFIRMED, reschedule_proposed_by=Party.STUDENT, then=Value(1)),
    When(status=RequestStatus.COUNTER_PROPOSED, then=Value(2)),
    When(status=RequestStatus.CONFIRMED, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def _current_slots() -> Prefetch:
    return Prefetch(
        "slots",
        queryset=ProposedSlot.objects.order_by("starts_at"),
        to_attr="all_slots",
    )


def _request_rows(queryset):
    return (
        queryset.select_related(
            "student",
            "mentor",
            "mentor__mentor_profile",
            "mentor__mentor_profile__industry",
            "meeting",
        )
        .prefetch_related(_current_slots())
        .annotate(message_count=Count("messages", distinct=True))
    )


def current_slots(request: InterviewRequest) -> list[ProposedSlot]:
    """The round on offer (needs the `all_slots` prefetch of the lists)."""
    return [slot for slot in request.all_slots if slot.round == request.current_round]


def mentor_inbox(mentor, *, show: str = "all"):
    queryset = InterviewRequest.objects.filter(mentor=mentor)
    if show == "answer":
        queryset = queryset.filter(
            Q(status=RequestStatus.PENDING)
            | Q(status=RequestStatus.CONFIRMED, reschedule_proposed_by=Party.STUDENT)
        )
    elif show == "waiting":
        queryset = queryset.filter(
            Q(status=RequestStatus.COUNTER_PROPOSED)
            | Q(status=RequestStatus.CONFIRMED, reschedule_proposed_by=Party.MENTOR)
        )
    elif show == "closed":
        queryset = queryset.filter(status__in=FINAL_STATUSES)
    return _request_rows(queryset).order_by(
        INBOX_PRIORITY,
        # Pending ones oldest first; the sort key is NULL for the others,
        # which then come newest first.
        Case(When(status=RequestStatus.PENDING, then=F("sent_at"))).asc(nulls_last=True),
        F("sent_at").desc(),
        "pk",
    )


def student_requests(student):
    return _request_rows(InterviewRequest.objects.filter(student=student)).order_by(
        "-sent_at", "-pk"
    )


def needs_action(user, *, party: Party, now: datetime):
    """Requests waiting for this person's answer (a proposal to move a meeting
    counts only while the meeting is still ahead)."""
    moved = OutcomeReport.objects.filter(
        meeting__request=OuterRef("pk"), outcome=MeetingOutcome.MOVED
    )
    still_ahead = Q(meeting__ends_at__gt=now) | Exists(moved)
    if party == Party.STUDENT:
        waiting = Q(student=user) & (
            Q(status=RequestStatus.COUNTER_PROPOSED)
            | Q(status=RequestStatus.CONFIRMED, reschedule_proposed_by=Party.MENTOR) & still_ahead
        )
    else:
        waiting = Q(mentor=user) & (
            Q(status=RequestStatus.PENDING)
            | Q(status=RequestStatus.CONFIRMED, reschedule_proposed_by=Party.STUDENT) & still_ahead
        )
    return _request_rows(InterviewRequest.objects.filter(waiting)).order_by("awaiting_since", "pk")


def upcoming_meetings(user, *, now: datetime):
    return (
        Meeting.objects.filter(
            Q(request__student=user) | Q(request__mentor=user),
            request__status=RequestStatus.CONFIRMED,
            ends_at__gt=now,
        )
        .select_related(
            "request",
            "request__student",
            "request__mentor",
            "request__mentor__mentor_profile",
        )
        .order_by("starts_at", "pk")
    )


def request_counts(user, *, party: Party) -> dict[str, int]:
    """How many of the person's requests are in each state."""
    field = "student" if party == Party.STUDENT else "mentor"
    rows = (
        InterviewRequest.objects.filter(**{field: user})
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(RequestStatus.values, 0)
    counts.update({row["status"]: row["count"] for row in rows})
    counts["open"] = sum(counts[status] for status in OPEN_STATUSES)
    return counts


# After-meeting tasks stay on the dashboard this long after the meeting.
FOLLOW_UP_DAYS = 30


@dataclass(frozen=True)
class FollowUp:
    request: InterviewRequest
    task: str  # "report": did it take place?  "thank": the thank-you note


def after_meeting_tasks(user, *, party: Party, now: datetime) -> list[FollowUp]:
    """What is left to do after recent meetings: say whether they took place,
    and (students) send the thank-you note. One query."""
    mine = Q(student=user) if party == Party.STUDENT else Q(mentor=user)
    answered = OutcomeReport.objects.filter(meeting__request=OuterRef("pk"), party=party)
    to_report = Q(status=RequestStatus.CONFIRMED, meeting__ends_at__lte=now) & ~Exists(answered)
    to_thank = Q(status=RequestStatus.HELD, thanked_at__isnull=True)
    wanted = to_report | to_thank if party == Party.STUDENT else to_report
    requests = (
        InterviewRequest.objects.filter(mine, wanted)
        .filter(meeting__ends_at__gt=now - timedelta(days=FOLLOW_UP_DAYS))
        .annotate(
            still_to_report=Case(
                When(to_report, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("student", "mentor", "meeting")
        .order_by("meeting__ends_at", "pk")
    )
    return [
        FollowUp(request=request, task="report" if request.still_to_report else "thank")
        for request in requests
    ]
