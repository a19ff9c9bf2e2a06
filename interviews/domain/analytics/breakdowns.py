"""The same request figures, grouped by who the students and mentors are."""

from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, Value
from django.db.models.functions import Lower, NullIf, Trim

from careerconnect.models import display_name_of

from ...enums import RequestStatus
from ...models import MentorProfile
from .figures import percent
from .scope import ActivityScope, meetings_starting, requests_sent

TOP_EMPLOYERS = 15
TOP_MENTORS = 10
# Fewer answers than this make a median that says little about a mentor.
MIN_ANSWERS_FOR_RESPONSIVENESS = 3


@dataclass(frozen=True)
class GroupRow:
    label: str
    sent: int
    answered: int
    confirmed: int
    held: int

    @property
    def answered_percent(self):
        return percent(self.answered, self.sent)


def _grouped(
    scope: ActivityScope,
    field: str,
    *,
    missing: str,
    limit: int | None = None,
    free_text: bool = False,
):
    group = F(field)
    if free_text:
        # Typed by people: "Acme" and "acme " are one group (as for the filter),
        # shown as one of its spellings; a blank text and a missing profile (a
        # deleted account) are one "missing" group.
        group = NullIf(Lower(Trim(F(field))), Value(""))
    rows = (
        requests_sent(scope)
        .values(group=group)
        .annotate(
            label=Min(field),
            sent=Count("sent_at"),
            answered=Count("sent_at", filter=Q(first_response_at__isnull=False)),
            confirmed=Count("sent_at", filter=Q(confirmed_at__isnull=False)),
            held=Count("sent_at", filter=Q(status=RequestStatus.HELD)),
        )
        # The missing group last among equals, on every database (SQLite sorts
        # NULL first, PostgreSQL last).
        .order_by("-sent", F("group").asc(nulls_last=True))
    )
    if limit:
        rows = rows[:limit]
    return [
        GroupRow(
            label=str(row["label"]).strip() if row["group"] not in (None, "") else missing,
            sent=row["sent"],
            answered=row["answered"],
            confirmed=row["confirmed"],
            held=row["held"],
        )
        for row in rows
    ]


def by_major(scope: ActivityScope) -> list[GroupRow]:
    """A request counts under each of its student's majors (double majors twice)."""
    return _grouped(scope, "student__student_profile__majors__name", missing="No major given")


def by_class_year(scope: ActivityScope) -> list[GroupRow]:
    return _grouped(scope, "student__student_profile__class_year", missing="No year given")


def by_industry(scope: ActivityScope) -> list[GroupRow]:
    return _grouped(scope, "mentor__mentor_profile__industry__name", missing="No industry given")


def by_employer(scope: ActivityScope) -> list[GroupRow]:
    return _grouped(
        scope,
        "mentor__mentor_profile__employer",
        missing="No employer given",
        limit=TOP_EMPLOYERS,
        free_text=True,
    )


@dataclass(frozen=True)
class MentorRow:
    user_id: int
    name: str
    figure: float


def top_mentors_by_meetings_held(scope: ActivityScope) -> list[MentorRow]:
    rows = (
        meetings_starting(scope)
        .filter(request__status=RequestStatus.HELD)
        .values(
            "request__mentor_id",
            "request__mentor__first_name",
            "request__mentor__last_name",
            "request__mentor__email",
            "request__mentor__deleted_at",
        )
        .annotate(held=Count("starts_at"))
        .order_by("-held", "request__mentor_id")[:TOP_MENTORS]
    )
    return [
        MentorRow(
            row["request__mentor_id"],
            display_name_of(
                row["request__mentor__first_name"],
                row["request__mentor__last_name"],
                row["request__mentor__email"],
                row["request__mentor__deleted_at"],
            ),
            row["held"],
        )
        for row in rows
    ]


def top_mentors_by_responsiveness(scope: ActivityScope) -> list[MentorRow]:
    """Quickest answerers among the mentors who received a request in the range.

    Their median is the one the directory shows (their last 20 requests), not
    one limited to the range.
    """
    received = requests_sent(scope).values("mentor_id")
    rows = (
        MentorProfile.objects.filter(
            user_id__in=received,
            answered_request_count__gte=MIN_ANSWERS_FOR_RESPONSIVENESS,
            median_response_hours__isnull=False,
        )
        .values("user_id", "user__first_name", "user__last_name", "user__email", "user__deleted_at")
        .annotate(hours=F("median_response_hours"))
        .order_by("hours", "user_id")[:TOP_MENTORS]
    )
    return [
        MentorRow(
            row["user_id"],
            display_name_of(
                row["user__first_name"],
                row["user__last_name"],
                row["user__email"],
                row["user__deleted_at"],
            ),
            row["hours"],
        )
        for row in rows
    ]
