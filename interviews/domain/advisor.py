"""What advisors look at first: every request, and mentors awaiting approval."""

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
