# The SQL is built from model table names only, never from input (S608).
# ruff: noqa: S608
"""The checks after the load: no dangling foreign key (the trigger checks are
skipped during COPY), and the row counts read back."""

from collections import Counter

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from careerconnect.models import User
from interviews.enums import MeetingOutcome, RequestStatus
from interviews.models import (
    InterviewRequest,
    Meeting,
    MentorProfile,
    ProposedSlot,
    StudentProfile,
    Term,
    ThankYouNote,
    Transition,
)


class ForeignKeyChecks:
    """Seeder stage: what the skipped trigger checks would have found."""

    # (The transitions are not checked: INSERT ... SELECT derives them from
    # existing requests and their people, which are.)
    PEOPLE_KEYS = (
        (MentorProfile, "user"),
        (MentorProfile, "industry"),
        (StudentProfile, "user"),
        (MentorProfile.majors.through, "mentorprofile"),
        (MentorProfile.majors.through, "major"),
        (StudentProfile.majors.through, "studentprofile"),
        (StudentProfile.majors.through, "major"),
    )
    REQUEST_KEYS = ((InterviewRequest, "student"), (InterviewRequest, "mentor"))
    CHILD_KEYS = ((Meeting, "request"), (ThankYouNote, "request"), (ProposedSlot, "request"))

    def _verify_people(self) -> None:
        self._verify_foreign_keys(self.PEOPLE_KEYS)

    def _verify_requests(self) -> None:
        self._verify_foreign_keys(self.REQUEST_KEYS)

    def _verify_children(self) -> None:
        self._verify_foreign_keys(self.CHILD_KEYS)

    def _verify_all_foreign_keys(self) -> None:
        self._verify_foreign_keys(self.PEOPLE_KEYS + self.REQUEST_KEYS + self.CHILD_KEYS)

    def _verify_foreign_keys(self, checks) -> None:
        parts = []
        for model, name in checks:
            column = model._meta.get_field(name).column
            parent = model._meta.get_field(name).related_model._meta.db_table
            parts.append(
                f"(SELECT COUNT(*) FROM {model._meta.db_table} c WHERE c.{column} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = c.{column}))"
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts))
            dangling = cursor.fetchone()
        broken = [
            f"{m._meta.db_table}.{n}"
            for (m, n), count in zip(checks, dangling, strict=True)
            if count
        ]
        if broken:
            raise CommandError(f"The seed left dangling references in {', '.join(broken)}.")


def count_rows() -> dict[str, int]:
    """What the database holds, read back (the benchmark reports these)."""
    counts = {
        "terms": Term.objects.count(),
        "users": User.objects.count(),
        "mentor profiles": MentorProfile.objects.count(),
        "mentor majors": MentorProfile.majors.through.objects.count(),
        "student profiles": StudentProfile.objects.count(),
        "student majors": StudentProfile.majors.through.objects.count(),
        "interview requests": InterviewRequest.objects.count(),
        "meetings": Meeting.objects.count(),
        "thank-you notes": ThankYouNote.objects.count(),
        "proposed slots": ProposedSlot.objects.count(),
        "transitions": Transition.objects.count(),
    }
    by_status = Counter(
        dict(
            InterviewRequest.objects.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    for status in RequestStatus.values:
        counts[f"requests {status}"] = by_status[status]
    by_outcome = Counter(
        dict(
            Meeting.objects.order_by()
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .values_list("outcome", "n")
        )
    )
    for outcome in ("", *MeetingOutcome.values):
        if outcome != MeetingOutcome.MOVED:
            counts[f"meetings outcome {outcome or 'unknown'}"] = by_outcome[outcome]
    return counts
