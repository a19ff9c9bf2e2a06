"""Which actions a person can take on a request right now (for the pages).

The transition functions enforce their own rules; this only decides which
buttons and forms to offer, so that people are not shown dead ends.
"""

from datetime import datetime
from enum import StrEnum

from ..enums import OPEN_STATUSES, Party, RequestStatus, TransitionEvent
from ..models import InterviewRequest
from .program import get_program_settings


class Action(StrEnum):
    ACCEPT = "accept"
    PROPOSE = "propose"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"
    RESCHEDULE = "reschedule"
    ACCEPT_RESCHEDULE = "accept_reschedule"
    DECLINE_RESCHEDULE = "decline_reschedule"
    WITHDRAW_RESCHEDULE = "withdraw_reschedule"
    EDIT_DETAILS = "edit_details"


def available_actions(request: InterviewRequest, part: str, *, now: datetime) -> set[Action]:
    if part not in (Party.STUDENT, Party.MENTOR):
        return set()
    actions: set[Action] = set()
    program = get_program_settings()
    if request.status in OPEN_STATUSES:
        if request.awaiting_party == part:
            actions.add(Action.ACCEPT)
            if request.current_round < program.max_proposal_rounds:
                actions.add(Action.PROPOSE)
        if part == Party.MENTOR:
            actions.add(Action.DECLINE)
        else:
            actions.add(Action.WITHDRAW)
    elif request.status == RequestStatus.CONFIRMED:
        meeting = request.meeting
        if meeting.ends_at > now:
            actions.add(Action.CANCEL)
            if part == Party.MENTOR:
                actions.add(Action.EDIT_DETAILS)
            if not request.reschedule_proposed_by:
                proposals = request.transitions.filter(
                    event=TransitionEvent.RESCHEDULE_PROPOSED
                ).count()
                if proposals < program.max_proposal_rounds:
                    actions.add(Action.RESCHEDULE)
            elif request.reschedule_proposed_by == part:
                actions.add(Action.WITHDRAW_RESCHEDULE)
            else:
                actions.update({Action.ACCEPT_RESCHEDULE, Action.DECLINE_RESCHEDULE})
    return actions
