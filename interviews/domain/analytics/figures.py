"""The headline figures: one aggregate query per population."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import NotSupportedError
from django.db.models import Count, F, Func, IntegerField, Q

from ...enums import DeclineReason, MeetingOutcome, RequestStatus
from .scope import ActivityScope, meetings_starting, requests_first_answered, requests_sent

THANKS_WINDOW = timedelta(hours=24)


class WholeHoursBetween(Func):
    """Whole hours from the first datetime to the second (rounded down)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("Hours between datetimes: PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra_context):
        start, end = self.source_expressions
        sql_start, params_start = compiler.compile(start)
        sql_end, params_end = compiler.compile(end)
        return (
            f"FLOOR(EXTRACT(EPOCH FROM ({sql_end} - {sql_start})) / 3600)::integer",
            (*params_end, *params_start),
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django registers django_timestamp_diff() on every SQLite connection
        # (its DurationField arithmetic): the exact difference in microseconds.
        # Integer division rounds toward zero, and an answer never precedes
        # its request, so this floors like the PostgreSQL version.
        start, end = self.source_expressions
        sql_start, params_start = compiler.compile(start)
        sql_end, params_end = compiler.compile(end)
        return (
            f"(django_timestamp_diff({sql_end}, {sql_start}) / 3600000000)",
            (*params_end, *params_start),
        )


def percent(part: int, whole: int) -> int | None:
    """Rounded to a whole percent; None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * part / whole)


@dataclass(frozen=True)
class RequestFigures:
    sent: int
    answered: int
    accepted: int
    declined: int
    closed_by_center: int
    expired: int
    withdrawn: int
    still_open: int
    held: int
    thanked: int
    active_students: int

    @property
    def answered_percent(self):
        return percent(self.answered, self.sent)

    @property
    def accepted_percent(self):
        return percent(self.accepted, self.sent)


def request_figures(scope: ActivityScope) -> RequestFigures:
    """The requests sent in the range, followed to where they are now."""
    totals = requests_sent(scope).aggregate(
        sent=Count("sent_at"),
        answered=Count("sent_at", filter=Q(first_response_at__isnull=False)),
        accepted=Count("sent_at", filter=Q(confirmed_at__isnull=False)),
        # A mentor's decline, not the system's when one of the two was suspended.
        declined=Count(
            "sent_at",
            filter=Q(status=RequestStatus.DECLINED) & ~Q(decline_reason=DeclineReason.UNAVAILABLE),
        ),
        closed_by_center=Count(
            "sent_at",
            filter=Q(status=RequestStatus.DECLINED, decline_reason=DeclineReason.UNAVAILABLE),
        ),
        expired=Count("sent_at", filter=Q(status=RequestStatus.EXPIRED)),
        withdrawn=Count("sent_at", filter=Q(status=RequestStatus.WITHDRAWN)),
        still_open=Count(
            "sent_at", filter=Q(status__in=(RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED))
        ),
        held=Count("sent_at", filter=Q(status=RequestStatus.HELD)),
        thanked=Count("sent_at", filter=Q(status=RequestStatus.HELD, thanked_at__isnull=False)),
        active_students=Count("student", distinct=True),
    )
    return RequestFigures(**totals)


def median_hours_to_first_answer(scope: ActivityScope) -> int | None:
    """The median wait for a first answer, in whole hours (exact to the hour).

    The database counts answers per whole hour of waiting (one row per hour
    value, a few hundred at most since requests expire); the median is read
    off that histogram, so no row leaves the database.
    """
    histogram = (
        requests_sent(scope)
        .filter(first_response_at__isnull=False)
        .annotate(hours=WholeHoursBetween(F("sent_at"), F("first_response_at")))
        .values("hours")
        .annotate(answers=Count("sent_at"))
        .order_by("hours")
    )
    return median_of_histogram([(row["hours"], row["answers"]) for row in histogram])


def median_of_histogram(buckets: list[tuple[int, int]]) -> int | None:
    """The lower median of values given as (value, how many), sorted by value."""
    total = sum(count for _, count in buckets)
    if not total:
        return None
    middle = (total + 1) // 2  # the lower middle position, counting from 1
    seen = 0
    for value, count in buckets:
        seen += count
        if seen >= middle:
            return value
    raise AssertionError("unreachable: the positions add up to the total")


def active_mentors(scope: ActivityScope) -> int:
    """Mentors who answered at least one request in the range (their first answer)."""
    return requests_first_answered(scope).aggregate(n=Count("mentor", distinct=True))["n"]


@dataclass(frozen=True)
class MeetingFigures:
    confirmed: int
    upcoming: int
    held: int
    cancelled: int
    student_no_shows: int
    mentor_no_shows: int
    awaiting_outcome: int
    thanked: int
    thanked_within_24h: int

    @property
    def thanked_percent(self):
        return percent(self.thanked, self.held)

    @property
    def thanked_within_24h_percent(self):
        return percent(self.thanked_within_24h, self.held)


def meeting_figures(scope: ActivityScope, *, now) -> MeetingFigures:
    """Meetings that start in the range, whatever became of them.

    "Thanked within 24 hours" counts from the meeting's end, not from when
    its outcome was reported (that can come days later).
    """
    held = Q(request__status=RequestStatus.HELD)
    thanked = held & Q(request__thanked_at__isnull=False)
    confirmed = Q(request__status=RequestStatus.CONFIRMED)
    totals = meetings_starting(scope).aggregate(
        confirmed=Count("starts_at"),
        upcoming=Count("starts_at", filter=confirmed & Q(ends_at__gt=now)),
        awaiting_outcome=Count("starts_at", filter=confirmed & Q(ends_at__lte=now)),
        held=Count("starts_at", filter=held),
        cancelled=Count("starts_at", filter=Q(request__status=RequestStatus.CANCELLED)),
        student_no_shows=Count("starts_at", filter=Q(outcome=MeetingOutcome.STUDENT_NO_SHOW)),
        mentor_no_shows=Count("starts_at", filter=Q(outcome=MeetingOutcome.MENTOR_NO_SHOW)),
        thanked=Count("starts_at", filter=thanked),
        thanked_within_24h=Count(
            "starts_at", filter=thanked & Q(request__thanked_at__lte=F("ends_at") + THANKS_WINDOW)
        ),
    )
    return MeetingFigures(**totals)
