"""The thank-you note: drafted from what the student wrote, sent once.

After a held meeting the student thanks the mentor, either through
CareerConnect (the mentor gets the note by email, Reply-To the student, and on
the meeting page; the student gets a copy) or "another way" (recorded, nothing
is sent). Either is once only, and sets request.thanked_at to the exact moment,
so that dashboards can count "thanked within 24 hours" without replaying
history.
"""

import re
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from ..enums import MeetingOutcome, Party, RequestStatus, ThanksChannel
from ..models import (
    InterviewRequest,
    LearningNote,
    MentorProfile,
    OutcomeReport,
    Referral,
    ThankYouNote,
)
from . import notify, outcomes
from .errors import NotAllowed
from .history import lock_request, party_for
from .timefmt import format_local

BODY_MAX_LENGTH = ThankYouNote._meta.get_field("body").max_length
# The draft repeats at most this many things the student learned.
LEARNED_POINTS = 3
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def thank_you_note_of(request: InterviewRequest) -> ThankYouNote | None:
    """The request's note, or None (also when select_related found none)."""
    try:
        return request.thank_you_note
    except ObjectDoesNotExist:
        return None


def learned_points(body: str, *, limit: int = LEARNED_POINTS) -> list[str]:
    """The first things a learning note says: its first lines (bullets or not),
    or, when it is a single paragraph, its first sentences."""
    lines = [_BULLET.sub("", line).strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        text = " ".join(lines)
        lines = [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]
    return lines[:limit]


def _names(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _referred_names(request: InterviewRequest) -> list[str]:
    names = []
    for referral in Referral.objects.filter(request=request).select_related("to_mentor"):
        if referral.to_mentor is not None:
            if referral.to_mentor.deleted_at is None:
                names.append(referral.to_mentor.display_name)
        elif referral.outside_name:
            names.append(referral.outside_name)
    return list(dict.fromkeys(names))[:LEARNED_POINTS]


def thank_you_draft(request: InterviewRequest) -> str:
    """What the student starts from: gratitude for the mentor's time, two or
    three things they learned (from their learning note), a next step."""
    mentor, student = request.mentor, request.student
    profile = MentorProfile.objects.filter(user_id=mentor.pk).first()
    note = LearningNote.objects.filter(request=request).first()
    about = f" about your work at {profile.employer}" if profile and profile.employer else ""
    paragraphs = [
        f"Dear {mentor.first_name or mentor.display_name},",
        f"Thank you for taking the time to talk with me{about}. "
        "I really appreciated your openness and your advice.",
    ]
    points = learned_points(note.body) if note else []
    if points:
        paragraphs.append(
            "What I took away from our conversation:\n"
            + "\n".join(f"- {point}" for point in points)
        )
    else:
        topics = [label.lower() for label in request.topic_labels()]
        paragraphs.append(
            f"I learned a lot from our conversation, in particular about {_names(topics)}."
            if topics
            else "I learned a lot from our conversation."
        )
    referred = _referred_names(request)
    if referred:
        paragraphs.append(
            f"As a next step, I will reach out to {_names(referred)}, as you suggested."
        )
    else:
        paragraphs.append(
            "As a next step, I will put your advice into practice, "
            "and I would be glad to keep you posted on how it goes."
        )
    paragraphs.append(f"Thank you again for your time.\n\nBest regards,\n{student.display_name}")
    return "\n\n".join(paragraphs)


def _held_by_thanking(request: InterviewRequest, student, *, now: datetime) -> InterviewRequest:
    """Thanking after the end says the meeting took place: the student's answer
    to "did it happen?" is recorded first, unless someone said otherwise."""
    if party_for(request, student) != Party.STUDENT:
        raise NotAllowed("Only the student sends a thank-you note.")
    if not outcomes.may_be_taken_as_held(request, now=now):
        return request
    if not OutcomeReport.objects.filter(meeting=request.meeting, party=Party.STUDENT).exists():
        outcomes.report_outcome(
            request_id=request.pk, user=student, outcome=MeetingOutcome.HELD, now=now
        )
    return lock_request(request.pk, expected_version=None)


def _require_student_may_thank(
    request: InterviewRequest, user, *, reaching_the_mentor: bool
) -> None:
    if party_for(request, user) != Party.STUDENT:
        raise NotAllowed("Only the student sends a thank-you note.")
    if reaching_the_mentor and request.mentor.deleted_at is not None:
        raise NotAllowed(
            "The mentor has left CareerConnect, so a note can't reach them here. "
            "If you thanked them another way, you can say so."
        )
    if request.status != RequestStatus.HELD:
        raise NotAllowed(
            "A thank-you note follows a meeting that took place; "
            f"this request is {request.get_status_display().lower()}."
        )
    note = ThankYouNote.objects.filter(request=request).first()
    if note is not None:
        when = format_local(note.sent_at, user.time_zone)
        if note.channel == ThanksChannel.ANOTHER_WAY:
            raise NotAllowed(
                f"You already told us you thanked {request.mentor.display_name} ({when})."
            )
        raise NotAllowed(
            f"You already sent your thank-you note to {request.mentor.display_name} ({when})."
        )


def _record_thanks(request: InterviewRequest, *, channel: str, body: str, now: datetime):
    note = ThankYouNote.objects.create(request=request, channel=channel, body=body, sent_at=now)
    # The request row is locked: a plain UPDATE of the milestone is safe.
    InterviewRequest.objects.filter(pk=request.pk).update(thanked_at=now, updated_at=now)
    request.thanked_at = now
    return note


def send_thank_you(
    *, request_id: int, student, body: str, now: datetime | None = None
) -> ThankYouNote:
    """The student sends their note: to the mentor by email and on the meeting page."""
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise NotAllowed("Write your note before sending it.")
    if len(body) > BODY_MAX_LENGTH:
        raise NotAllowed(
            f"A thank-you note has at most {BODY_MAX_LENGTH} characters; this one has {len(body)}."
        )
    with transaction.atomic():
        request = _held_by_thanking(
            lock_request(request_id, expected_version=None), student, now=now
        )
        _require_student_may_thank(request, student, reaching_the_mentor=True)
        note = _record_thanks(request, channel=ThanksChannel.CAREERCONNECT, body=body, now=now)
        notify.thank_you_sent(request, now=now)
    return note


def thank_another_way(*, request_id: int, student, now: datetime | None = None) -> ThankYouNote:
    """The student thanked the mentor outside CareerConnect: recorded, nothing sent."""
    now = now or timezone.now()
    with transaction.atomic():
        request = _held_by_thanking(
            lock_request(request_id, expected_version=None), student, now=now
        )
        _require_student_may_thank(request, student, reaching_the_mentor=False)
        note = _record_thanks(request, channel=ThanksChannel.ANOTHER_WAY, body="", now=now)
        notify.thanked_another_way(request, now=now)
    return note
