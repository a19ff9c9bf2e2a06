"""The confirmed meeting's transitions: cancel, reschedule, change details.

The meeting keeps its identity (calendar UID) for life; its sequence grows
with every change the other party must hear about. While a reschedule waits
for an answer, the agreed time stands.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from ..enums import (
    DeclineReason,
    MeetingOutcome,
    MessageKind,
    Party,
    RequestStatus,
    TransitionEvent,
)
from ..models import InterviewRequest, Meeting, OutcomeReport, ProposedSlot
from . import notify
from .errors import NotAllowed
from .history import add_message, lock_request, party_for, record_transition
from .outcomes import clear_moved_reports, reported_moved
from .program import get_program_settings
from .proposals import add_proposal_round, take_offered_slot


def _upcoming_meeting(
    request: InterviewRequest, *, now: datetime, or_reported_moved: bool = False
) -> Meeting:
    if request.status != RequestStatus.CONFIRMED:
        raise NotAllowed(
            f"This request is {request.get_status_display().lower()}; "
            "there is no upcoming meeting to change."
        )
    meeting = Meeting.objects.get(request=request)
    if meeting.ends_at <= now and not (or_reported_moved and reported_moved(meeting)):
        raise NotAllowed("This meeting is over; it can no longer be changed.")
    return meeting


def _save_meeting_change(meeting: Meeting, *, now: datetime, **fields) -> None:
    """Save a change the other party must hear about: the sequence grows."""
    Meeting.objects.filter(pk=meeting.pk).update(
        sequence=F("sequence") + 1, updated_at=now, **fields
    )
    meeting.refresh_from_db()


def _require_pending_reschedule(request: InterviewRequest) -> None:
    if request.status != RequestStatus.CONFIRMED or not request.reschedule_proposed_by:
        raise NotAllowed("No new times are waiting for an answer.")


def cancel_meeting(
    *, request_id: int, user, reason: str, expected_version: int | None, now=None
) -> InterviewRequest:
    """Either participant calls the meeting off, saying why."""
    now = now or timezone.now()
    if not reason.strip():
        raise NotAllowed("Tell the other person in a few words why you cancel.")
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        party = party_for(request, user)
        meeting = _upcoming_meeting(request, now=now, or_reported_moved=True)
        _record_cancellation(request, meeting, actor=user, party=party, note=reason, now=now)
        add_message(
            request,
            author=user,
            author_party=party,
            kind=MessageKind.CANCEL_REASON,
            body=reason,
            now=now,
        )
        notify.meeting_cancelled(request, meeting, now=now)
    return request


def _record_cancellation(
    request: InterviewRequest, meeting: Meeting, *, actor, party: Party, note: str, now: datetime
) -> None:
    """The meeting is off: its sequence grows (the CANCEL outranks every invite)."""
    _save_meeting_change(meeting, now=now)
    request.cancelled_at = now
    request.reschedule_proposed_by = ""
    record_transition(
        request,
        event=TransitionEvent.CANCELLED,
        to_status=RequestStatus.CANCELLED,
        actor=actor,
        actor_party=party,
        note=note.strip(),
        changed_fields=("cancelled_at", "reschedule_proposed_by"),
        now=now,
    )


def cancel_unavailable_meeting(*, request_id: int, now=None) -> bool:
    """CareerConnect calls off an upcoming meeting that can no longer take place
    (the career center suspended one of the two people).

    The same cancellation as a participant's, by the system and without a
    message: both calendars get the CANCEL, the emails say only that the
    conversation can no longer take place through CareerConnect. Returns False
    when there is no upcoming meeting (any more) to cancel.
    """
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        try:
            meeting = _upcoming_meeting(request, now=now, or_reported_moved=True)
        except NotAllowed:
            return False
        _record_cancellation(
            request,
            meeting,
            actor=None,
            party=Party.SYSTEM,
            note=DeclineReason.UNAVAILABLE.label,
            now=now,
        )
        notify.meeting_cancelled(request, meeting, now=now)
    return True


def propose_reschedule(
    *,
    request_id: int,
    user,
    slot_starts: list[datetime],
    note: str = "",
    expected_version: int | None,
    now=None,
) -> InterviewRequest:
    """Offer new times for a confirmed meeting; the other person picks one."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        party = party_for(request, user)
        # "It was moved": new times may follow a meeting that did not happen.
        _upcoming_meeting(request, now=now, or_reported_moved=True)
        if request.reschedule_proposed_by:
            raise NotAllowed(
                "New times are already waiting for an answer: answer them, or withdraw them first."
            )
        limit = get_program_settings().max_proposal_rounds
        # Proposals count, not only accepted moves: asking again and again is
        # a burden on the other person too.
        proposals = request.transitions.filter(event=TransitionEvent.RESCHEDULE_PROPOSED).count()
        if proposals >= limit:
            raise NotAllowed(
                f"New times have been proposed for this meeting {proposals} times, the most "
                "the program allows. Keep this time or cancel the meeting."
            )
        add_proposal_round(request, party=party, slot_starts=slot_starts, now=now)
        request.reschedule_proposed_by = party
        record_transition(
            request,
            event=TransitionEvent.RESCHEDULE_PROPOSED,
            to_status=RequestStatus.CONFIRMED,
            actor=user,
            actor_party=party,
            note=note.strip(),
            changed_fields=("current_round", "awaiting_since", "reschedule_proposed_by"),
            now=now,
        )
        add_message(
            request, author=user, author_party=party, kind=MessageKind.NOTE, body=note, now=now
        )
        notify.reschedule_proposed(request, proposer=party, now=now)
    return request


def accept_reschedule(
    *, request_id: int, user, slot_id: int, expected_version: int | None, now=None
) -> Meeting:
    """The other person picks one of the new times: the meeting moves."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        party = party_for(request, user)
        _require_pending_reschedule(request)
        if request.reschedule_proposed_by == party:
            raise NotAllowed("You proposed these times; the other person picks one.")
        meeting = _upcoming_meeting(request, now=now, or_reported_moved=True)
        slot = take_offered_slot(
            request, party=party, actor=user, slot_id=slot_id, now=now, rescheduling=True
        )
        clear_moved_reports(meeting)
        _save_meeting_change(
            meeting,
            now=now,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            reschedule_count=F("reschedule_count") + 1,
        )
        request.reschedule_proposed_by = ""
        record_transition(
            request,
            event=TransitionEvent.RESCHEDULED,
            to_status=RequestStatus.CONFIRMED,
            actor=user,
            actor_party=party,
            changed_fields=("reschedule_proposed_by",),
            now=now,
        )
        notify.meeting_rescheduled(request, meeting, now=now)
    return meeting


def decline_reschedule(
    *, request_id: int, user, note: str = "", expected_version: int | None, now=None
) -> InterviewRequest:
    """None of the new times suits the other person: the agreed time stands."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        party = party_for(request, user)
        _require_pending_reschedule(request)
        if request.reschedule_proposed_by == party:
            raise NotAllowed("You proposed these times; you can withdraw them instead.")
        proposer = Party(request.reschedule_proposed_by)
        request.reschedule_proposed_by = ""
        record_transition(
            request,
            event=TransitionEvent.RESCHEDULE_DECLINED,
            to_status=RequestStatus.CONFIRMED,
            actor=user,
            actor_party=party,
            note=note.strip(),
            changed_fields=("reschedule_proposed_by",),
            now=now,
        )
        add_message(
            request, author=user, author_party=party, kind=MessageKind.NOTE, body=note, now=now
        )
        notify.reschedule_declined(request, proposer=proposer, now=now)
    return request


def withdraw_reschedule(
    *, request_id: int, user, expected_version: int | None, now=None
) -> InterviewRequest:
    """The proposer takes their new times back: the agreed time stands."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        party = party_for(request, user)
        _require_pending_reschedule(request)
        if request.reschedule_proposed_by != party:
            raise NotAllowed("Only the person who proposed the new times can withdraw them.")
        request.reschedule_proposed_by = ""
        record_transition(
            request,
            event=TransitionEvent.RESCHEDULE_WITHDRAWN,
            to_status=RequestStatus.CONFIRMED,
            actor=user,
            actor_party=party,
            changed_fields=("reschedule_proposed_by",),
            now=now,
        )
        notify.reschedule_withdrawn(request, now=now)
    return request


def update_meeting_details(
    *,
    request_id: int,
    mentor,
    location: str,
    video_link: str,
    phone: str,
    expected_version: int | None,
    now=None,
) -> Meeting:
    """The mentor changes where the meeting happens (link, place, phone)."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=expected_version)
        if party_for(request, mentor) != Party.MENTOR:
            raise NotAllowed("Only the mentor can change the meeting's details.")
        meeting = _upcoming_meeting(request, now=now)
        new = {
            "location": location.strip(),
            "video_link": video_link.strip(),
            "phone": phone.strip(),
        }
        changed = [name for name, value in new.items() if getattr(meeting, name) != value]
        if not changed:
            raise NotAllowed("Nothing changed: the details are the same as before.")
        _save_meeting_change(meeting, now=now, **new)
        labels = {"location": "place", "video_link": "video link", "phone": "phone number"}
        record_transition(
            request,
            event=TransitionEvent.DETAILS_CHANGED,
            to_status=RequestStatus.CONFIRMED,
            actor=mentor,
            actor_party=Party.MENTOR,
            note="Changed: " + ", ".join(labels[name] for name in changed) + ".",
            now=now,
        )
        notify.meeting_details_changed(request, meeting, now=now)
    return meeting


def reschedules_due_to_lapse(*, now: datetime):
    """Confirmed meetings whose proposed new times all started unanswered, or
    whose own time has passed: the proposal can no longer be taken up."""
    has_time_left = Exists(
        ProposedSlot.objects.filter(
            request=OuterRef("pk"), round=OuterRef("current_round"), starts_at__gt=now
        )
    )
    # After "it was moved", new times for a past meeting are what is wanted.
    moved = OutcomeReport.objects.filter(
        meeting__request=OuterRef("pk"), outcome=MeetingOutcome.MOVED
    )
    return (
        InterviewRequest.objects.filter(status=RequestStatus.CONFIRMED)
        .exclude(reschedule_proposed_by="")
        .filter(~has_time_left | (Q(meeting__ends_at__lte=now) & ~Exists(moved)))
    )


def lapse_reschedule(*, request_id: int, now=None) -> bool:
    """The system clears a proposal nobody answered in time; the agreed time stands."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        if not reschedules_due_to_lapse(now=now).filter(pk=request.pk).exists():
            return False
        request.reschedule_proposed_by = ""
        record_transition(
            request,
            event=TransitionEvent.RESCHEDULE_LAPSED,
            to_status=RequestStatus.CONFIRMED,
            actor=None,
            actor_party=Party.SYSTEM,
            changed_fields=("reschedule_proposed_by",),
            now=now,
        )
        notify.reschedule_withdrawn(request, now=now)
    return True


def lapse_stale_reschedules(*, now=None) -> int:
    now = now or timezone.now()
    ids = list(reschedules_due_to_lapse(now=now).values_list("pk", flat=True))
    return sum(lapse_reschedule(request_id=pk, now=now) for pk in ids)
