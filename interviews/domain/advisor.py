"""What advisors look at: every request, a person's history, mentors awaiting approval."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from careerconnect.models import Role, User

from ..enums import ApprovalState, RequestStatus
from ..models import InterviewRequest, MentorProfile


def all_requests(*, status: str = "", disputed: bool = False):
    """Newest first; `disputed`: only meetings whose two outcome answers differ."""
    requests = InterviewRequest.objects.select_related("student", "mentor", "meeting").order_by(
        "-sent_at", "-pk"
    )
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    if disputed:
        requests = requests.filter(meeting__outcome_disputed=True)
    return requests


def mentors_awaiting_approval():
    """Mentors who finished their profile and wait for an advisor's decision."""
    return (
        MentorProfile.objects.filter(
            approval_state=ApprovalState.PENDING, user__onboarded_at__isnull=False
        )
        .select_related("user", "industry")
        .prefetch_related("majors")
        .order_by("created_at", "pk")
    )


def person_for_advisor(user_id: int):
    """A student or mentor as advisors see them (404 for advisors and unknown ids)."""
    return get_object_or_404(
        User.objects.select_related("student_profile", "mentor_profile__industry"),
        pk=user_id,
        role__in=(Role.STUDENT, Role.MENTOR),
    )


def requests_of_person(user):
    """Every request the person sent or received, newest first."""
    return (
        InterviewRequest.objects.filter(Q(student=user) | Q(mentor=user))
        .select_related("student", "mentor", "meeting")
        .order_by("-sent_at", "-pk")
    )


def status_counts_of_person(user) -> dict[str, int]:
    """How many of their requests are in each status (statuses with none left out)."""
    rows = (
        InterviewRequest.objects.filter(Q(student=user) | Q(mentor=user))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    return {label: counts[value] for value, label in RequestStatus.choices if value in counts}
