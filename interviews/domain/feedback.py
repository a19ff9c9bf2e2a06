"""The mentor's private word to the career center after a held meeting.

Optional, once per meeting, and only the mentor of a meeting that took place
leaves it: how prepared the student was (1 to 5) and a note. Advisors read it
on the request page; the student never sees it.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..enums import Party, RequestStatus
from ..models import InterviewRequest, MentorFeedback
from .access import ADVISOR
from .errors import NotAllowed
from .history import lock_request, party_for

PREPAREDNESS_SCALE = range(1, 6)
NOTE_MAX_LENGTH = 2000


def leave_feedback(
    *,
    request_id: int,
    user,
    preparedness: int,
    note: str = "",
    now: datetime | None = None,
) -> MentorFeedback:
    """The mentor rates the student's preparation; nothing is shown to the student."""
    now = now or timezone.now()
    if preparedness not in PREPAREDNESS_SCALE:
        raise NotAllowed("Rate how prepared the student was, from 1 to 5.")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise NotAllowed(f"Keep the note to {NOTE_MAX_LENGTH} characters.")
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        if party_for(request, user) != Party.MENTOR:
            raise NotAllowed("Only the mentor of this meeting can leave feedback on it.")
        if request.status != RequestStatus.HELD:
            raise NotAllowed("Feedback can be left once the meeting has taken place.")
        if MentorFeedback.objects.filter(request=request).exists():
            raise NotAllowed("You already left feedback on this meeting. Thank you!")
        # The request's lock makes a second, concurrent submission wait and
        # then find this row (the one-to-one would refuse it anyway).
        return MentorFeedback.objects.create(
            request=request, preparedness=preparedness, note=note, created_at=now
        )


def feedback_shown_to(request: InterviewRequest, part: str) -> MentorFeedback | None:
    """The feedback, for advisors only (the mentor is told they left it, no more)."""
    if part != ADVISOR:
        return None
    # Loaded with the request on its page (access.get_visible_request).
    return getattr(request, "mentor_feedback", None)


def feedback_left(request: InterviewRequest) -> bool:
    return getattr(request, "mentor_feedback", None) is not None
