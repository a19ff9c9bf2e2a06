"""A request's history as people read it: changes and messages in order."""

from dataclasses import dataclass
from datetime import datetime

from ..models import InterviewRequest, Message, ProposedSlot, Transition


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    transition: Transition | None = None
    message: Message | None = None
    slots: tuple[ProposedSlot, ...] = ()


def request_timeline(request: InterviewRequest) -> list[TimelineEntry]:
    """Three queries whatever the length: transitions, messages, slots."""
    transitions = list(request.transitions.select_related("actor"))
    messages = list(request.messages.select_related("author"))
    slots_by_round: dict[int, list[ProposedSlot]] = {}
    for slot in request.slots.order_by("round", "starts_at"):
        slots_by_round.setdefault(slot.round, []).append(slot)

    # Each proposal transition shows the times of the round it opened.
    proposal_round = 1
    entries = []
    for transition in transitions:
        slots: tuple[ProposedSlot, ...] = ()
        if transition.event in PROPOSAL_EVENTS:
            slots = tuple(slots_by_round.get(proposal_round, ()))
            proposal_round += 1
        entries.append(TimelineEntry(at=transition.created_at, transition=transition, slots=slots))
    entries.extend(TimelineEntry(at=message.created_at, message=message) for message in messages)
    # A message written with a change comes right after it.
    return sorted(entries, key=lambda entry: (entry.at, entry.message is not None))


PROPOSAL_EVENTS = {"sent", "counter_proposed", "student_proposed", "reschedule_proposed"}
