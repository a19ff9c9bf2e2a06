"""Who may see what. Anyone without a part in a request gets a 404."""

from django.db.models import Q
from django.http import Http404

from careerconnect.models import Role

from ..enums import MEETING_STATUSES, Party
from ..models import InterviewRequest
from .errors import NotAllowed

ADVISOR = "advisor"


def viewer_part(request: InterviewRequest, user) -> str:
    """Party.STUDENT, Party.MENTOR, "advisor" (read-only) or "" for no access."""
    if not user.is_authenticated:
        return ""
    if user.pk == request.student_id:
        return Party.STUDENT
    if user.pk == request.mentor_id:
        return Party.MENTOR
    if user.role == Role.ADVISOR:
        return ADVISOR
    return ""


def visible_requests(user):
    """Requests `user` may open: their own, or every one for advisors."""
    if not user.is_authenticated:
        return InterviewRequest.objects.none()
    if user.role == Role.ADVISOR:
        return InterviewRequest.objects.all()
    return InterviewRequest.objects.filter(Q(student=user) | Q(mentor=user))


def get_visible_request(user, request_id: int) -> tuple[InterviewRequest, str]:
    request = (
        visible_requests(user)
        .select_related(
            "student",
            "student__student_profile",
            "mentor",
            "mentor__mentor_profile",
            "mentor__mentor_profile__industry",
            "meeting",
            "prep_plan",
            "thank_you_note",
            "learning_note",
            "mentor_feedback",
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return request, viewer_part(request, user)


def get_participant_request(user, request_id: int) -> tuple[InterviewRequest, str]:
    """For changes: only the two participants (advisors read, never act)."""
    request, part = get_visible_request(user, request_id)
    if part not in (Party.STUDENT, Party.MENTOR):
        raise Http404("No such request.")
    return request, part


def contact_details_visible(request: InterviewRequest, part: str) -> bool:
    """Email, phone, video link and place: only once a meeting is agreed."""
    return request.status in MEETING_STATUSES and part in (Party.STUDENT, Party.MENTOR, ADVISOR)


def require_advisor(user, *, to: str) -> None:
    """Refuse anyone but a career advisor; `to` completes "Only career advisors …"."""
    if user is None or not user.is_authenticated or user.role != Role.ADVISOR:
        raise NotAllowed(f"Only career advisors {to}.")
