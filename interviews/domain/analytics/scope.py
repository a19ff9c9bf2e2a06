"""Which rows a dashboard counts: the date range and the filters.

Requests are selected by when they were sent, meetings by when they start,
both in the program's time zone: a range of days [first_day, last_day] means
from first_day 00:00 to the midnight after last_day, local time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from ...models import InterviewRequest, Meeting, StudentProfile
from ..timefmt import zone


@dataclass(frozen=True)
class ActivityScope:
    first_day: date
    last_day: date
    major_id: int | None = None
    class_year: int | None = None
    industry_id: int | None = None
    employer: str = ""

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first_day, time.min, tzinfo=program_zone())

    @property
    def ends_at(self) -> datetime:
        """Exclusive: the local midnight after the last day."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=program_zone())

    @property
    def is_filtered(self) -> bool:
        return bool(self.major_id or self.class_year or self.industry_id or self.employer)


def program_zone():
    return zone(settings.TIME_ZONE)


def people_filter(scope: ActivityScope, request_path: str = "") -> Q:
    """The person filters, for a queryset of requests (or of rows that lead to one)."""
    prefix = f"{request_path}__" if request_path else ""
    condition = Q()
    if scope.class_year:
        condition &= Q(**{f"{prefix}student__student_profile__class_year": scope.class_year})
    if scope.industry_id:
        condition &= Q(**{f"{prefix}mentor__mentor_profile__industry_id": scope.industry_id})
    if scope.employer:
        condition &= Q(**{f"{prefix}mentor__mentor_profile__employer__iexact": scope.employer})
    if scope.major_id:
        # EXISTS rather than a join: a student with two majors counts once.
        studies_major = StudentProfile.majors.through.objects.filter(
            studentprofile__user_id=OuterRef(f"{prefix}student_id"), major_id=scope.major_id
        )
        condition &= Q(Exists(studies_major))
    return condition


def filtered_requests(scope: ActivityScope) -> QuerySet[InterviewRequest]:
    """Every request of the people the filters select, whenever sent."""
    return InterviewRequest.objects.filter(people_filter(scope)).order_by()


def requests_sent(scope: ActivityScope) -> QuerySet[InterviewRequest]:
    return filtered_requests(scope).filter(sent_at__gte=scope.starts_at, sent_at__lt=scope.ends_at)


def requests_first_answered(scope: ActivityScope) -> QuerySet[InterviewRequest]:
    return filtered_requests(scope).filter(
        first_response_at__gte=scope.starts_at, first_response_at__lt=scope.ends_at
    )


def meetings_starting(scope: ActivityScope) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(people_filter(scope, "request"))
        .filter(starts_at__gte=scope.starts_at, starts_at__lt=scope.ends_at)
        .order_by()
    )
