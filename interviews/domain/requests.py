"""The request's transitions before a meeting exists: one function each.

send → PENDING; mentor: accept (→ CONFIRMED), counter-propose (→
COUNTER_PROPOSED), decline; student: accept a counter-proposed time, propose
again (→ PENDING), withdraw; the system: expire.
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
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
from .errors import LimitReached, NotAllowed
from .history import add_message, lock_request, party_for, record_transition
from .limits import due_for_expiry, open_requests_of, received_this_month, unavailability_reason
from .people import lock_people
from .program import get_program_settings
from .proposals import add_proposal_round
from .slots import (
    DURATION_CHOICES,
    FIRST_PROPOSAL_MAX,
    FIRST_PROPOSAL_MIN,
    SlotInput,
    busy_windows,
    conflict_message,
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


def _checked_slots(
    *, student, mentor, draft: RequestDraft, slot_starts: list[datetime], now: datetime
) -> list[SlotInput]:
    """Every rule of a new request; returns the times as slots or raises."""
    if not student.is_student:
        raise NotAllowed("Only students can request informational interviews.")
    program = get_program_settings()
    try:
        profile = MentorProfile.objects.select_related("user").get(user=mentor)
    except MentorProfile.DoesNotExist:
        raise NotAllowed("This person is not a mentor.") from None
    reason = unavailability_reason(
        profile, received=received_this_month(mentor, now=now), program=program
    )
    if reason:
        raise LimitReached(reason)
    # Requests whose times have all passed no longer count (they expire).
    still_open = open_requests_of(student).exclude(
        pk__in=due_for_expiry(now=now, program=program).values("pk")
    )
    if (
        still_open.filter(mentor=mentor).exists()
        or InterviewRequest.objects.filter(
            student=student, mentor=mentor, status=RequestStatus.CONFIRMED
        ).exists()
    ):
        raise LimitReached(
            f"You already have an open request or a meeting with {mentor.display_name}."
        )
    if still_open.count() >= program.open_request_limit:
        limit = program.open_request_limit
        raise LimitReached(
            f"You have {limit} request{'s' if limit != 1 else ''} waiting for an answer, "
            "the most the program allows at once. Wait for an answer or withdraw one."
        )
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
        # Locks both people so that limits and capacity are counted once.
        lock_people(student.pk, mentor.pk)
        slots = _checked_slots(
            student=student, mentor=mentor, draft=draft, slot_starts=slot_starts, now=now
        )
        # Record the expiry of requests that ran out of time before this one.
        expire_due_requests(now=now, student=student)
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
    return request


def _require_turn(request: InterviewRequest, party: Party) -> None:
    if request.status not in OPEN_STATUSES:
        raise NotAllowed(
            f"This request is {request.get_status_display().lower()}; it can't be answered now."
        )
    if request.awaiting_party != party:
        raise NotAllowed("The request is waiting for the other person's answer, not yours.")


def _mark_first_response(request: InterviewRequest, now: datetime) -> tuple[str, ...]:
    """Record the mentor's first answer; return the fields that changed."""
    if request.first_response_at is not None:
        return ()
    request.first_response_at = now
    return ("first_response_at",)


def refresh_responsiveness(mentor) -> None:
    """Recompute "usually replies within N days" from the latest answers."""
    answered = InterviewRequest.objects.filter(mentor=mentor, first_response_at__isnull=False)
    recent = answered.order_by("-first_response_at").values_list("sent_at", "first_response_at")[
        :RESPONSIVENESS_SAMPLE
    ]
    hours = [(answer - sent).total_seconds() / 3600 for sent, answer in recent]
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
        _require_turn(request, party)
        slot = (
            request.slots.filter(pk=slot_id, round=request.current_round)
            .exclude(proposed_by=party)
            .first()
        )
        if slot is None:
            raise NotAllowed("That time is not one of the times on offer.")
        if slot.starts_at <= now:
            raise NotAllowed(
                "That time has already started, so it can no longer be accepted. "
                "Propose other times instead."
            )
        lock_people(request.student_id, request.mentor_id)
        other = request.mentor if party == Party.STUDENT else request.student
        windows = busy_windows(
            [request.student, request.mentor], start=slot.starts_at, end=slot.ends_at
        )
        conflict = conflict_message(slot, actor=user, other=other, windows=windows)
        if conflict:
            raise NotAllowed(conflict)
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
        _require_turn(request, party)
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
    return True


def expire_due_requests(*, now=None, student=None) -> int:
    """Expire every due request (of one student, if given); return how many."""
    now = now or timezone.now()
    due = due_for_expiry(now=now, program=get_program_settings())
    if student is not None:
        due = due.filter(student=student)
    ids = list(due.values_list("pk", flat=True))
    return sum(expire_request(request_id=pk, now=now) for pk in ids)
