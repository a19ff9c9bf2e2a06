"""The request's transitions before a meeting exists: one function each.

send → PENDING; mentor: accept (→ CONFIRMED), counter-propose (→
COUNTER_PROPOSED), decline; student: accept a counter-proposed time, propose
again (→ PENDING), withdraw; the system: expire.
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..enums import (
    OPEN_STATUSES,
    ApprovalState,
    DeclineReason,
    FoundVia,
    MeetingFormat,
    MessageKind,
    Party,
    RequestStatus,
    Topic,
    TransitionEvent,
)
from ..models import InterviewRequest, Meeting, MentorProfile, ProposedSlot, Transition
from . import notify
from .errors import LimitReached, NotAllowed
from .history import add_message, lock_request, party_for, record_transition
from .limits import due_for_expiry, open_requests_of, received_this_month, unavailability_reason
from .people import lock_people
from .program import get_program_settings
from .proposals import add_proposal_round, take_offered_slot
from .slots import (
    DURATION_CHOICES,
    FIRST_PROPOSAL_MAX,
    FIRST_PROPOSAL_MIN,
    SlotInput,
    slots_from_starts,
    validate_proposed_slots,
)

# How many recent answers "usually replies within N days" looks at.
RESPONSIVENESS_SAMPLE = 20


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
            student=student,
            mentor=mentor,
            status=RequestStatus.CONFIRMED,
            meeting__ends_at__gt=now,
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


def _require_turn(request: InterviewRequest, party: Party, *, now: datetime) -> None:
    if request.status not in OPEN_STATUSES:
        raise NotAllowed(
            f"This request is {request.get_status_display().lower()}; it can't be answered now."
        )
    if request.awaiting_party != party:
        raise NotAllowed("The request is waiting for the other person's answer, not yours.")
    if due_for_expiry(now=now, program=get_program_settings()).filter(pk=request.pk).exists():
        # Its time is up (the periodic job records the expiry within a minute).
        raise NotAllowed(
            "This request has expired: it waited too long for an answer, or its times passed."
        )


def _mark_first_response(request: InterviewRequest, now: datetime) -> tuple[str, ...]:
    """Record the mentor's first answer; return the fields that changed."""
    if request.first_response_at is not None:
        return ()
    request.first_response_at = now
    return ("first_response_at",)


def refresh_responsiveness(mentor) -> None:
    """Recompute "usually replies within N days" from the latest requests.

    A request that expired without any answer counts as the time it waited:
    ignoring requests must not make a mentor look quick.
    """
    answered = InterviewRequest.objects.filter(mentor=mentor, first_response_at__isnull=False)
    ignored = Q(status=RequestStatus.EXPIRED, first_response_at__isnull=True)
    recent = (
        InterviewRequest.objects.filter(mentor=mentor)
        .filter(Q(first_response_at__isnull=False) | ignored)
        .annotate(ended_waiting=Coalesce("first_response_at", "expired_at"))
        .order_by("-ended_waiting")
        .values_list("sent_at", "ended_waiting")[:RESPONSIVENESS_SAMPLE]
    )
    hours = [(ended - sent).total_seconds() / 3600 for sent, ended in recent]
    MentorProfile.objects.filter(user=mentor).update(
        median_response_hours=statistics.median(hours) if hours else None,
        answered_request_count=answered.count(),
    )


def _contact_details(profile: MentorProfile, meeting_format: str) -> dict:
    """The mentor's defaults for the agreed format; they can change them later."""
    return {
        "video_link": profile.default_video_link if meeting_format == MeetingFormat.VIDEO else "",
        "location": profile.default_meeting_place
        if meeting_format == MeetingFormat.IN_PERSON
        else "",
        "phone": profile.phone if meeting_format == MeetingFormat.PHONE else "",
    }


def accept_slot(
    *, request_id: int, user, slot_id: int, expected_version: int | None, now=None
) -> Meeting:
    """The awaited party accepts one of the other's times: the meeting exists."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        party = party_for(request, user)
        _require_turn(request, party, now=now)
        slot = take_offered_slot(
            request, party=party, actor=user, slot_id=slot_id, now=now, rescheduling=False
        )
        profile = MentorProfile.objects.get(user_id=request.mentor_id)
        meeting = Meeting.objects.create(
            request=request,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            format=request.format,
            **_contact_details(profile, request.format),
        )
        request.confirmed_at = now
        changed = ("confirmed_at",)
        if party == Party.MENTOR:
            changed += _mark_first_response(request, now)
        record_transition(
            request,
            event=TransitionEvent.ACCEPTED,
            to_status=RequestStatus.CONFIRMED,
            actor=user,
            actor_party=party,
            changed_fields=changed,
            now=now,
        )
        if "first_response_at" in changed:
            refresh_responsiveness(request.mentor)
        notify.accepted(request, meeting, now=now)
    return meeting


def _require_rounds_left(request: InterviewRequest) -> None:
    limit = get_program_settings().max_proposal_rounds
    if request.current_round >= limit:
        raise NotAllowed(
            f"This request has had {limit} rounds of times already. "
            "Accept one of the times on offer, or end the request."
        )


def _propose_new_times(
    *,
    request_id: int,
    user,
    party: Party,
    event: TransitionEvent,
    to_status: RequestStatus,
    slot_starts: list[datetime],
    note: str,
    expected_version: int | None,
    now: datetime,
) -> InterviewRequest:
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        if party_for(request, user) != party:
            raise NotAllowed(f"Only the {party.label.lower()} can propose other times here.")
        _require_turn(request, party, now=now)
        _require_rounds_left(request)
        add_proposal_round(request, party=party, slot_starts=slot_starts, now=now)
        changed = ("current_round", "awaiting_since")
        if party == Party.MENTOR:
            changed += _mark_first_response(request, now)
        record_transition(
            request,
            event=event,
            to_status=to_status,
            actor=user,
            actor_party=party,
            note=note.strip(),
            changed_fields=changed,
            now=now,
        )
        add_message(
            request, author=user, author_party=party, kind=MessageKind.NOTE, body=note, now=now
        )
        if "first_response_at" in changed:
            refresh_responsiveness(user)
        if party == Party.MENTOR:
            notify.counter_proposed(request, now=now)
        else:
            notify.student_proposed(request, now=now)
    return request


def counter_propose(
    *,
    request_id: int,
    mentor,
    slot_starts: list[datetime],
    note: str = "",
    expected_version: int | None,
    now=None,
) -> InterviewRequest:
    """The mentor offers other times; the student picks one or proposes again."""
    return _propose_new_times(
        request_id=request_id,
        user=mentor,
        party=Party.MENTOR,
        event=TransitionEvent.COUNTER_PROPOSED,
        to_status=RequestStatus.COUNTER_PROPOSED,
        slot_starts=slot_starts,
        note=note,
        expected_version=expected_version,
        now=now or timezone.now(),
    )


def propose_again(
    *,
    request_id: int,
    student,
    slot_starts: list[datetime],
    note: str = "",
    expected_version: int | None,
    now=None,
) -> InterviewRequest:
    """None of the mentor's times suits the student: they offer new ones."""
    return _propose_new_times(
        request_id=request_id,
        user=student,
        party=Party.STUDENT,
        event=TransitionEvent.STUDENT_PROPOSED,
        to_status=RequestStatus.PENDING,
        slot_starts=slot_starts,
        note=note,
        expected_version=expected_version,
        now=now or timezone.now(),
    )


def decline_request(
    *,
    request_id: int,
    mentor,
    reason: str,
    message: str = "",
    suggested_mentor_ids: list[int] = (),
    expected_version: int | None,
    now=None,
) -> InterviewRequest:
    """The mentor says no, kindly, and may point to other mentors."""
    now = now or timezone.now()
    if reason not in DeclineReason.values:
        raise NotAllowed("Choose a reason for declining.")
    if reason == DeclineReason.OTHER and not message.strip():
        raise NotAllowed("Tell the student in a few words why you decline.")
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        if party_for(request, mentor) != Party.MENTOR:
            raise NotAllowed("Only the mentor can decline this request.")
        if request.status not in OPEN_STATUSES:
            raise NotAllowed(
                f"This request is {request.get_status_display().lower()}; it can't be declined now."
            )
        request.decline_reason = reason
        request.declined_at = now
        changed = ("decline_reason", "declined_at", *_mark_first_response(request, now))
        record_transition(
            request,
            event=TransitionEvent.DECLINED,
            to_status=RequestStatus.DECLINED,
            actor=mentor,
            actor_party=Party.MENTOR,
            note=DeclineReason(reason).label,
            changed_fields=changed,
            now=now,
        )
        add_message(
            request,
            author=mentor,
            author_party=Party.MENTOR,
            kind=MessageKind.DECLINE_REASON,
            body=message,
            now=now,
        )
        suggestions = MentorProfile.objects.filter(
            user_id__in=list(suggested_mentor_ids),
            approval_state=ApprovalState.APPROVED,
            user__is_active=True,
            user__deleted_at__isnull=True,
        ).exclude(user_id__in=[request.mentor_id, request.student_id])
        request.suggested_mentors.set(suggestions.values_list("user_id", flat=True))
        if "first_response_at" in changed:
            refresh_responsiveness(mentor)
        notify.declined(request, now=now)
    return request


def withdraw_request(
    *, request_id: int, student, note: str = "", expected_version: int | None, now=None
) -> InterviewRequest:
    """The student takes back a request that is still open."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        if party_for(request, student) != Party.STUDENT:
            raise NotAllowed("Only the student can withdraw this request.")
        if request.status not in OPEN_STATUSES:
            raise NotAllowed(
                f"This request is {request.get_status_display().lower()}; "
                "only an open request can be withdrawn."
            )
        request.withdrawn_at = now
        record_transition(
            request,
            event=TransitionEvent.WITHDRAWN,
            to_status=RequestStatus.WITHDRAWN,
            actor=student,
            actor_party=Party.STUDENT,
            note=note.strip(),
            changed_fields=("withdrawn_at",),
            now=now,
        )
        add_message(
            request,
            author=student,
            author_party=Party.STUDENT,
            kind=MessageKind.WITHDRAW_REASON,
            body=note,
            now=now,
        )
        notify.withdrawn(request, now=now)
    return request


def expire_request(*, request_id: int, now=None) -> bool:
    """End an open request that went unanswered too long or ran out of times.

    Re-checks under the lock, so an answer that arrived meanwhile wins.
    Returns whether the request expired.
    """
    now = now or timezone.now()
    program = get_program_settings()
    with transaction.atomic():
        try:
            request = lock_request(request_id, expected_version=None)
        except NotAllowed:
            return False  # deleted meanwhile: nothing to expire
        if not due_for_expiry(now=now, program=program).filter(pk=request_id).exists():
            return False
        request.expired_at = now
        record_transition(
            request,
            event=TransitionEvent.EXPIRED,
            to_status=RequestStatus.EXPIRED,
            actor=None,
            actor_party=Party.SYSTEM,
            changed_fields=("expired_at",),
            now=now,
        )
        if request.first_response_at is None:
            refresh_responsiveness(request.mentor)
        notify.expired(request, now=now)
    return True


def expire_due_requests(*, now=None, student=None) -> int:
    """Expire every due request (of one student, if given); return how many."""
    now = now or timezone.now()
    due = due_for_expiry(now=now, program=get_program_settings())
    if student is not None:
        due = due.filter(student=student)
    ids = list(due.values_list("pk", flat=True))
    return sum(expire_request(request_id=pk, now=now) for pk in ids)
