"""Sending a request: what a student may send, checked before and on sending."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ...enums import (
    FoundVia,
    MeetingOutcome,
    Party,
    RequestStatus,
    Topic,
    TransitionEvent,
    topic_labels,
)
from ...models import InterviewRequest, MentorProfile, ProposedSlot, Transition
from .. import notify
from ..errors import LimitReached, NotAllowed
from ..limits import due_for_expiry, open_requests_of, received_this_month, unavailability_reason
from ..people import lock_people
from ..program import get_program_settings
from ..slots import (
    DURATION_CHOICES,
    FIRST_PROPOSAL_MAX,
    FIRST_PROPOSAL_MIN,
    SlotInput,
    slots_from_starts,
    validate_proposed_slots,
)
from .expiry import expire_due_requests


@dataclass(frozen=True)
class RequestDraft:
    """What the student wrote: the four parts of a good request."""

    about_me: str
    found_via: str
    why_this_mentor: str
    format: str
    topics: list[str] = field(default_factory=list)
    referrer_name: str = ""
    found_via_detail: str = ""
    duration_minutes: int = 30

    @property
    def topic_labels(self) -> list[str]:
        """The chosen topics as the mentor reads them, in the form's order."""
        return topic_labels(self.topics)


def _check_draft(draft: RequestDraft, profile: MentorProfile) -> None:
    if draft.format not in profile.formats:
        offered = ", ".join(label.lower() for label in profile.format_labels) or "nothing"
        raise NotAllowed(f"{profile.user.display_name} offers: {offered}.")
    if draft.duration_minutes not in DURATION_CHOICES:
        raise NotAllowed("A conversation lasts 15, 30, 45 or 60 minutes.")
    if draft.found_via not in FoundVia.values or any(t not in Topic.values for t in draft.topics):
        raise NotAllowed("Some of the choices in the request are not ones we offer.")
    if draft.found_via == FoundVia.REFERRAL and not draft.referrer_name.strip():
        raise NotAllowed("Tell the mentor who referred you.")


def why_student_cannot_request(*, student, mentor_profile: MentorProfile, now: datetime) -> str:
    """Why this student cannot ask this mentor now ("" when they can).

    Shown before the student writes anything, and checked again on sending.
    """
    if not student.is_student:
        return "Only students can request informational interviews."
    if student.is_suspended:
        return "Your account is suspended: contact the career center."
    program = get_program_settings()
    mentor = mentor_profile.user
    reason = unavailability_reason(
        mentor_profile, received=received_this_month(mentor, now=now), program=program
    )
    if reason:
        return reason
    # Requests whose times have all passed no longer count (they expire).
    still_open = open_requests_of(student).exclude(
        pk__in=due_for_expiry(now=now, program=program).values("pk")
    )
    if (
        still_open.filter(mentor=mentor).exists()
        or InterviewRequest.objects.filter(
            # An upcoming meeting, or one that was moved and still waits for a time.
            Q(meeting__ends_at__gt=now) | Q(meeting__outcome_reports__outcome=MeetingOutcome.MOVED),
            student=student,
            mentor=mentor,
            status=RequestStatus.CONFIRMED,
        ).exists()
    ):
        return f"You already have an open request or a meeting with {mentor.display_name}."
    if still_open.count() >= program.open_request_limit:
        limit = program.open_request_limit
        return (
            f"You have {limit} request{'s' if limit != 1 else ''} waiting for an answer, "
            "the most the program allows at once. Wait for an answer or withdraw one."
        )
    return ""


def _checked_slots(
    *, student, mentor, draft: RequestDraft, slot_starts: list[datetime], now: datetime
) -> list[SlotInput]:
    """Every rule of a new request; returns the times as slots or raises."""
    if not student.is_student:
        raise NotAllowed("Only students can request informational interviews.")
    try:
        profile = MentorProfile.objects.select_related("user").get(user=mentor)
    except MentorProfile.DoesNotExist:
        raise NotAllowed("This person is not a mentor.") from None
    reason = why_student_cannot_request(student=student, mentor_profile=profile, now=now)
    if reason:
        raise LimitReached(reason)
    _check_draft(draft, profile)
    return _checked_times(
        student=student,
        mentor_profile=profile,
        slot_starts=slot_starts,
        duration_minutes=draft.duration_minutes,
        now=now,
    )


def _checked_times(
    *, student, mentor_profile: MentorProfile, slot_starts, duration_minutes: int, now
) -> list[SlotInput]:
    slots = slots_from_starts(slot_starts, duration_minutes=duration_minutes)
    validate_proposed_slots(
        slots,
        proposer_party=Party.STUDENT,
        student=student,
        mentor=mentor_profile.user,
        mentor_profile=mentor_profile,
        program=get_program_settings(),
        now=now,
        minimum_count=FIRST_PROPOSAL_MIN,
        maximum_count=FIRST_PROPOSAL_MAX,
    )
    return slots


def check_request_times(
    *, student, mentor, slot_starts: list[datetime], duration_minutes: int, now=None
) -> list[SlotInput]:
    """Only the rules on the times: lets a form show every problem at once."""
    profile = MentorProfile.objects.select_related("user").get(user=mentor)
    return _checked_times(
        student=student,
        mentor_profile=profile,
        slot_starts=slot_starts,
        duration_minutes=duration_minutes,
        now=now or timezone.now(),
    )


def check_request(
    *, student, mentor, draft: RequestDraft, slot_starts: list[datetime], now=None
) -> list[SlotInput]:
    """All of send_request's rules without sending: for the preview."""
    return _checked_slots(
        student=student,
        mentor=mentor,
        draft=draft,
        slot_starts=slot_starts,
        now=now or timezone.now(),
    )


def send_request(
    *, student, mentor, draft: RequestDraft, slot_starts: list[datetime], now=None
) -> InterviewRequest:
    """A student asks a mentor for a conversation at one of 2–5 times."""
    now = now or timezone.now()
    with transaction.atomic():
        # Requests that ran out of time before this one expire first. That
        # locks request rows, and every transaction locks requests before
        # people (never the other way round), so none can deadlock another.
        expire_due_requests(now=now, student=student)
        # Both people, so that limits and capacity are counted once.
        lock_people(student.pk, mentor.pk)
        slots = _checked_slots(
            student=student, mentor=mentor, draft=draft, slot_starts=slot_starts, now=now
        )
        try:
            with transaction.atomic():
                request = InterviewRequest.objects.create(
                    student=student,
                    mentor=mentor,
                    status=RequestStatus.PENDING,
                    about_me=draft.about_me.strip(),
                    found_via=draft.found_via,
                    referrer_name=draft.referrer_name.strip(),
                    found_via_detail=draft.found_via_detail.strip(),
                    topics=list(draft.topics),
                    why_this_mentor=draft.why_this_mentor.strip(),
                    format=draft.format,
                    duration_minutes=draft.duration_minutes,
                    current_round=1,
                    awaiting_since=now,
                    sent_at=now,
                )
        except IntegrityError:
            # The partial unique index caught a concurrent duplicate.
            raise LimitReached(
                f"You already have an open request or a meeting with {mentor.display_name}."
            ) from None
        ProposedSlot.objects.bulk_create(
            ProposedSlot(
                request=request,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                proposed_by=Party.STUDENT,
                round=1,
            )
            for slot in slots
        )
        Transition.objects.create(
            request=request,
            event=TransitionEvent.SENT,
            from_status="",
            to_status=RequestStatus.PENDING,
            actor=student,
            actor_party=Party.STUDENT,
            created_at=now,
        )
        notify.request_sent(request, now=now)
    return request
