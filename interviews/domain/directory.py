"""The mentor directory: who is listed, full-text search, filters, ordering."""

import math
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ..enums import MeetingFormat
from ..models import Industry, Major, MentorProfile
from .limits import with_received_this_month
from .listing import listed_mentors
from .program import get_program_settings

SEARCH_CONFIG = "english"
FORMAT_FIELDS = {
    MeetingFormat.PHONE: "offers_phone",
    MeetingFormat.VIDEO: "offers_video",
    MeetingFormat.IN_PERSON: "offers_in_person",
}
# Replies within this many answered requests make "usually replies within".
RESPONSIVENESS_MIN_ANSWERS = 3


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    industry: Industry | None = None
    employer: str = ""
    major: Major | None = None
    graduated_from: int | None = None
    graduated_to: int | None = None
    location: str = ""
    format: str = ""
    available_only: bool = False


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def with_availability(queryset: QuerySet[MentorProfile], *, now: datetime):
    """Annotate `received_this_month`, `capacity` and `is_available`."""
    program = get_program_settings()
    queryset = with_received_this_month(queryset, now=now)
    return queryset.annotate(
        capacity=Coalesce(
            "monthly_capacity", Value(program.default_mentor_capacity), output_field=IntegerField()
        ),
    ).annotate(
        is_available=Case(
            When(
                Q(accepting_requests=True) & Q(received_this_month__lt=F("capacity")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _fallback_text_filter(query: str) -> Q:
    """SQLite: every word must appear in one of the searched fields.

    A crude stem (dropping a plural "s") lets "engineers" find "engineering".
    """
    condition = Q()
    for word in query.split():
        stem = word[:-1] if len(word) > 4 and word.lower().endswith("s") else word
        condition &= (
            Q(user__first_name__icontains=stem)
            | Q(user__last_name__icontains=stem)
            | Q(employer__icontains=stem)
            | Q(job_title__icontains=stem)
            | Q(industry__name__icontains=stem)
            | Q(topics__icontains=stem)
            | Q(bio__icontains=stem)
        )
    return condition


def search_mentors(filters: DirectoryFilters, *, now: datetime) -> QuerySet[MentorProfile]:
    queryset = listed_mentors()
    if filters.industry:
        queryset = queryset.filter(industry=filters.industry)
    if filters.employer:
        queryset = queryset.filter(employer__icontains=filters.employer)
    if filters.major:
        queryset = queryset.filter(majors=filters.major)
    if filters.graduated_from:
        queryset = queryset.filter(graduation_year__gte=filters.graduated_from)
    if filters.graduated_to:
        queryset = queryset.filter(graduation_year__lte=filters.graduated_to)
    if filters.location:
        queryset = queryset.filter(location__icontains=filters.location)
    if filters.format in FORMAT_FIELDS:
        queryset = queryset.filter(**{FORMAT_FIELDS[filters.format]: True})

    queryset = with_availability(queryset, now=now)
    if filters.available_only:
        queryset = queryset.filter(is_available=True)

    ordering = ["-is_available", "user__last_name", "user__first_name", "pk"]
    query = filters.query.strip()
    if query and uses_postgres_search():
        search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        queryset = queryset.filter(search_vector=search).annotate(
            rank=SearchRank(F("search_vector"), search)
        )
        ordering = ["-rank", *ordering]
    elif query:
        queryset = queryset.filter(_fallback_text_filter(query))

    return (
        queryset.select_related("user", "industry")
        .prefetch_related(Prefetch("majors", queryset=Major.objects.order_by("name")))
        .order_by(*ordering)
    )


def search_document(profile: MentorProfile) -> list[tuple[str, str]]:
    """The weighted texts a mentor is found by: (text, weight A–D)."""
    topics = profile.topics
    return [
        (profile.user.get_full_name(), "A"),
        (f"{profile.job_title} {profile.employer}", "B"),
        (f"{profile.industry.name if profile.industry else ''} {topics}", "C"),
        (profile.bio, "D"),
    ]


def refresh_search_vector(profile: MentorProfile) -> None:
    """Rebuild the full-text document after the profile or the name changed."""
    if not uses_postgres_search():
        return
    vector = None
    for text, weight in search_document(profile):
        part = SearchVector(
            Value(text, output_field=TextField()), config=SEARCH_CONFIG, weight=weight
        )
        vector = part if vector is None else vector + part
    MentorProfile.objects.filter(pk=profile.pk).update(search_vector=vector)


def refresh_search_vectors(profiles) -> None:
    """Rebuild the documents of several mentors (a renamed industry, a renamed person)."""
    for profile in profiles.select_related("user", "industry"):
        refresh_search_vector(profile)


def suggested_mentors(request) -> list[MentorProfile]:
    """The mentors a declining mentor pointed the student to."""
    return list(
        MentorProfile.objects.filter(user__in=request.suggested_mentors.all()).select_related(
            "user", "industry"
        )
    )


def responsiveness_days(profile: MentorProfile) -> int | None:
    """ "Usually replies within N days", once there is enough to say it."""
    if profile.answered_request_count < RESPONSIVENESS_MIN_ANSWERS:
        return None
    if profile.median_response_hours is None:
        return None
    return max(1, math.ceil(profile.median_response_hours / 24))


def similar_mentors(mentor_profile: MentorProfile, *, now: datetime, limit: int = 8):
    """Other available mentors in the same industry, then sharing a major."""
    sharing_a_major = MentorProfile.majors.through.objects.filter(
        major_id__in=mentor_profile.majors.values("pk")
    ).values("mentorprofile_id")
    queryset = (
        with_availability(listed_mentors(), now=now)
        .filter(is_available=True)
        .exclude(pk=mentor_profile.pk)
        .filter(Q(industry_id=mentor_profile.industry_id) | Q(pk__in=sharing_a_major))
        .annotate(
            same_industry=Case(
                When(industry_id=mentor_profile.industry_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("user", "industry")
        .order_by("-same_industry", "user__last_name", "pk")
    )
    return list(queryset[:limit])
