"""Who can still be asked: open-request limits, capacities, expiry candidates."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from ..enums import OPEN_STATUSES, RequestStatus
from ..models import InterviewRequest, MentorProfile, ProgramSettings, ProposedSlot
from .listing import is_listed


def program_month_start(now: datetime) -> datetime:
    """Midnight on the first of `now`'s month in the program's time zone."""
    local = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def mentor_capacity(profile: MentorProfile, program: ProgramSettings) -> int:
    if profile.monthly_capacity:
        return profile.monthly_capacity
    return program.default_mentor_capacity


def with_received_this_month(queryset, *, now: datetime, user_path: str = "user"):
    """Annotate mentor profiles (or users, user_path="") with `received_this_month`."""
    # A correlated count per mentor (an index range on mentor and month), not
    # a join of every request each mentor ever received.
    received = (
        InterviewRequest.objects.filter(
            mentor_id=OuterRef(f"{user_path}_id" if user_path else "pk"),
            sent_at__gte=program_month_start(now),
        )
        .exclude(status=RequestStatus.WITHDRAWN)
        .order_by()
        .values("mentor_id")
        .annotate(count=Count("sent_at"))
        .values("count")
    )
    return queryset.annotate(
        received_this_month=Coalesce(Subquery(received, output_field=IntegerField()), 0)
    )


def received_this_month(mentor, *, now: datetime) -> int:
    return (
        InterviewRequest.objects.filter(mentor=mentor, sent_at__gte=program_month_start(now))
        .exclude(status=RequestStatus.WITHDRAWN)
        .count()
    )


def unavailability_reason(
    profile: MentorProfile, *, received: int, program: ProgramSettings
) -> str:
    """Why a student cannot request this mentor now ("" when they can)."""
    name = profile.user.display_name
    # Not approved, gone, suspended by the career center, or invited and not
    # yet claimed: said the same way, without saying why.
    if not is_listed(profile):
        return f"{name} is not taking requests through CareerConnect."
    if not profile.accepting_requests:
        return f"{name} is not accepting new requests at the moment."
    if received >= mentor_capacity(profile, program):
        return (
            f"{name} has received as many requests as they can take this month. "
            "Try again next month, or find another mentor."
        )
    return ""


def open_requests_of(student):
    return InterviewRequest.objects.filter(student=student, status__in=OPEN_STATUSES)


def due_for_expiry(*, now: datetime, program: ProgramSettings):
    """Open requests nobody answered in time, or whose times have all started."""
    has_time_left = Exists(
        ProposedSlot.objects.filter(
            request=OuterRef("pk"), round=OuterRef("current_round"), starts_at__gt=now
        )
    )
    too_old = now - timedelta(days=program.request_expiry_days)
    return InterviewRequest.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(awaiting_since__lte=too_old) | ~has_time_left
    )
