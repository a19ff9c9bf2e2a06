"""The learning log: what the student learned in each meeting.

A learning note is the student's alone. They may share it with the career
center (every advisor reads it then) and withdraw that again; the mentor never
sees it. The log lists every meeting the student has had (held, and confirmed
ones whose time has passed and that await "did it happen?") with its note.
"""

from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ..enums import Party, RequestStatus
from ..models import InterviewRequest, LearningNote, Referral
from .access import ADVISOR
from .errors import NotAllowed
from .history import lock_request, party_for

BODY_MAX_LENGTH = LearningNote._meta.get_field("body").max_length


def learning_note_of(request: InterviewRequest) -> LearningNote | None:
    """The request's note, or None (also when select_related found none)."""
    try:
        return request.learning_note
    except ObjectDoesNotExist:
        return None


def visible_learning_note(request: InterviewRequest, part: str) -> LearningNote | None:
    """The note as `part` may read it: the student always, advisors only while
    it is shared with the career center, the mentor never."""
    note = learning_note_of(request)
    if note is None:
        return None
    if part == Party.STUDENT:
        return note
    if part == ADVISOR and note.shared_with_center_at is not None:
        return note
    return None


def save_learning_note(
    *, request_id: int, student, body: str, shared: bool, now: datetime | None = None
) -> LearningNote:
    """Write (or rewrite) the note of a held meeting, and say whether the
    career center may read it. Sharing keeps its first date while it lasts;
    unsharing clears it."""
    now = now or timezone.now()
    body = body.strip()
    if len(body) > BODY_MAX_LENGTH:
        raise NotAllowed(
            f"Your notes can be at most {BODY_MAX_LENGTH} characters long; these are {len(body)}."
        )
    if shared and not body:
        raise NotAllowed("Write your notes before sharing them with the career center.")
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        if party_for(request, student) != Party.STUDENT:
            raise NotAllowed("Only the student keeps notes on what they learned.")
        if request.status != RequestStatus.HELD:
            raise NotAllowed(
                "Notes on what you learned belong to a meeting that took place; "
                f"this request is {request.get_status_display().lower()}."
            )
        note = LearningNote.objects.select_for_update().filter(request=request).first()
        if note is None:
            note = LearningNote(request=request)
        note.body = body
        if not shared:
            note.shared_with_center_at = None
        elif note.shared_with_center_at is None:
            note.shared_with_center_at = now
        note.save()
    return note


def learning_log(student, *, now: datetime) -> QuerySet[InterviewRequest]:
    """The student's meetings, latest first: held ones, and confirmed ones that
    are over (waiting for "did it happen?"), each with what the page shows."""
    return (
        InterviewRequest.objects.filter(student=student)
        .filter(
            Q(status=RequestStatus.HELD)
            | Q(status=RequestStatus.CONFIRMED, meeting__ends_at__lte=now)
        )
        .select_related(
            "mentor",
            "mentor__mentor_profile",
            "meeting",
            "learning_note",
            "thank_you_note",
        )
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("to_mentor"))
        )
        .order_by("-meeting__starts_at", "-pk")
    )
