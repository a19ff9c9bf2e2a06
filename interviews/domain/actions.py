"""Which actions a person can take on a request right now (for the pages).

The transition functions enforce their own rules; this only decides which
buttons and forms to offer, so that people are not shown dead ends.
"""

from datetime import datetime
from enum import StrEnum

from ..enums import OPEN_STATUSES, Party, RequestStatus, TransitionEvent
from ..models import InterviewRequest, OutcomeReport
from .outcomes import may_be_taken_as_held, reported_moved
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
    # Before and after the meeting.
    PREPARE = "prepare"
    REPORT_OUTCOME = "report_outcome"
    THANK = "thank"
    LEARN = "learn"
    REFER = "refer"
    GIVE_FEEDBACK = "give_feedback"


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
        ended = meeting.ends_at <= now
        moved = ended and reported_moved(meeting)
        if not ended:
            if part == Party.MENTOR:
                actions.add(Action.EDIT_DETAILS)
            if part == Party.STUDENT:
                actions.add(Action.PREPARE)
        if not ended or moved:
            # After "it was moved", the meeting can still be moved or called off.
            actions.add(Action.CANCEL)
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
        if ended and not has_reported(meeting, part):
            actions.add(Action.REPORT_OUTCOME)
        if (
            part == Party.STUDENT
            and not hasattr(request, "thank_you_note")
            and may_be_taken_as_held(request, now=now)
        ):
            # Thanking says it took place: the answer is recorded with the thanks.
            actions.add(Action.THANK)
    elif request.status in (RequestStatus.HELD, RequestStatus.NO_SHOW):
        if not has_reported(request.meeting, part):
            actions.add(Action.REPORT_OUTCOME)
        if request.status == RequestStatus.HELD:
            actions.add(Action.REFER)
            if part == Party.STUDENT:
                actions.add(Action.LEARN)
                if not hasattr(request, "thank_you_note"):
                    actions.add(Action.THANK)
            elif not hasattr(request, "mentor_feedback"):
                actions.add(Action.GIVE_FEEDBACK)
    return actions


def has_reported(meeting, part: str) -> bool:
    return OutcomeReport.objects.filter(meeting=meeting, party=part).exists()
