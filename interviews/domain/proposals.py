"""A new round of proposed times, shared by counter-proposals and reschedules."""

from datetime import datetime

from ..enums import Party
from ..models import InterviewRequest, MentorProfile, ProposedSlot
from .errors import NotAllowed
from .people import lock_people
from .program import get_program_settings
from .slots import (
    LATER_PROPOSAL_MAX,
    LATER_PROPOSAL_MIN,
    busy_windows,
    conflict_message,
    slots_from_starts,
    validate_proposed_slots,
)


def add_proposal_round(
    request: InterviewRequest, *, party: Party, slot_starts: list[datetime], now: datetime
) -> None:
    """Check the times and store them as the request's next round.

    The caller holds the request's lock and records the transition, which
    saves current_round and awaiting_since.
    """
    lock_people(request.student_id, request.mentor_id)
    profile = MentorProfile.objects.select_related("user").get(user_id=request.mentor_id)
    slots = slots_from_starts(slot_starts, duration_minutes=request.duration_minutes)
    validate_proposed_slots(
        slots,
        proposer_party=party,
        student=request.student,
        mentor=request.mentor,
        mentor_profile=profile,
        program=get_program_settings(),
        now=now,
        minimum_count=LATER_PROPOSAL_MIN,
        maximum_count=LATER_PROPOSAL_MAX,
        # The request's own meeting may overlap the times that replace it.
        ignore_request_id=request.pk,
    )
    request.current_round += 1
    request.awaiting_since = now
    ProposedSlot.objects.bulk_create(
        ProposedSlot(
            request=request,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            proposed_by=party,
            round=request.current_round,
        )
        for slot in slots
    )


def take_offered_slot(
    request: InterviewRequest,
    *,
    party: Party,
    actor,
    slot_id: int,
    now: datetime,
    rescheduling: bool,
) -> ProposedSlot:
    """The time `party` picks from the other's current offer, if it can still be had.

    Locks both people, then checks that neither has since confirmed another
    meeting at that time (the request's own meeting does not count when it is
    being moved).
    """
    slot = (
        request.slots.filter(pk=slot_id, round=request.current_round)
        .exclude(proposed_by=party)
        .first()
    )
    if slot is None:
        raise NotAllowed("That time is not one of the times on offer.")
    if slot.starts_at <= now:
        alternative = (
            "Keep the agreed time or propose other times."
            if rescheduling
            else "Propose other times instead."
        )
        raise NotAllowed(
            f"That time has already started, so it can no longer be accepted. {alternative}"
        )
    lock_people(request.student_id, request.mentor_id)
    other = request.mentor if party == Party.STUDENT else request.student
    windows = busy_windows(
        [request.student, request.mentor],
        start=slot.starts_at,
        end=slot.ends_at,
        ignore_request_id=request.pk if rescheduling else None,
    )
    conflict = conflict_message(slot, actor=actor, other=other, windows=windows)
    if conflict:
        raise NotAllowed(conflict)
    return slot


def times_on_offer(request: InterviewRequest) -> list[ProposedSlot]:
    """The times waiting for an answer (the current round), or none."""
    if not request.awaiting_party:
        return []
    return list(request.slots.filter(round=request.current_round).order_by("starts_at"))
