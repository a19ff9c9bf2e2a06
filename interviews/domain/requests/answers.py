"""Answers to an open request: accept, propose other times, decline, withdraw."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ...enums import (
    OPEN_STATUSES,
    DeclineReason,
    MeetingFormat,
    MessageKind,
    Party,
    RequestStatus,
    TransitionEvent,
)
from ...models import InterviewRequest, Meeting, MentorProfile, Referral
from .. import notify
from ..errors import NotAllowed
from ..history import add_message, lock_request, party_for, record_transition
from ..limits import due_for_expiry
from ..listing import listed_mentors
from ..program import get_program_settings
from ..proposals import add_proposal_round, take_offered_slot
from .responsiveness import refresh_responsiveness


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
        # A referral that led here: the mentor who made it likes to know.
        for referral in Referral.objects.filter(resulting_request=request).select_related(
            "made_by"
        ):
            notify.referral_became_meeting(referral, now=now)
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
    if reason not in DeclineReason.values or reason == DeclineReason.UNAVAILABLE:
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
        # Only mentors the student may see and ask (the directory's rule).
        suggestions = listed_mentors().filter(user_id__in=list(suggested_mentor_ids))
        suggestions = suggestions.exclude(user_id__in=[request.mentor_id, request.student_id])
        request.suggested_mentors.set(suggestions.values_list("user_id", flat=True))
        if "first_response_at" in changed:
            refresh_responsiveness(mentor)
        notify.declined(request, now=now)
    return request


def decline_unavailable_request(*, request_id: int, unavailable_user, now=None) -> bool:
    """CareerConnect ends an open request that can no longer go ahead: the
    career center suspended `unavailable_user`, one of its two people.

    DECLINED with the system's reason (DeclineReason.UNAVAILABLE), by the
    system: no words from anyone, the mentor's response figures untouched.
    Only the other person is told, in words that do not say why. Returns False
    when the request is no longer open (answered meanwhile).
    """
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        if request.status not in OPEN_STATUSES:
            return False
        other = request.mentor if unavailable_user.pk == request.student_id else request.student
        request.decline_reason = DeclineReason.UNAVAILABLE
        request.declined_at = now
        record_transition(
            request,
            event=TransitionEvent.DECLINED,
            to_status=RequestStatus.DECLINED,
            actor=None,
            actor_party=Party.SYSTEM,
            note=DeclineReason.UNAVAILABLE.label,
            changed_fields=("decline_reason", "declined_at"),
            now=now,
        )
        notify.declined_unavailable(request, recipient=other, now=now)
    return True


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
