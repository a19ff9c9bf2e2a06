"""Shared helpers for the domain tests: a fixed clock, program rules, row snapshots."""

from datetime import UTC, datetime, timedelta

from interviews.models import (
    InterviewRequest,
    Meeting,
    Message,
    ProgramSettings,
    ProposedSlot,
    Transition,
)

# Every domain test runs on this clock (passed as `now=`), far from any real date.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def day(days: int, hour: int = 15, minute: int = 0) -> datetime:
    """`days` after NOW at hour:minute UTC."""
    return (NOW + timedelta(days=days)).replace(hour=hour, minute=minute)


def set_program(**values) -> ProgramSettings:
    ProgramSettings.objects.filter(pk=ProgramSettings.SINGLETON_PK).update(**values)
    return ProgramSettings.objects.get(pk=ProgramSettings.SINGLETON_PK)


def row_counts() -> dict[str, int]:
    return {
        "requests": InterviewRequest.objects.count(),
        "transitions": Transition.objects.count(),
        "messages": Message.objects.count(),
        "slots": ProposedSlot.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def state_of(request: InterviewRequest) -> dict:
    """Everything a refused action must leave as it was, read from the database."""
    fresh = InterviewRequest.objects.get(pk=request.pk)
    state = {
        "status": fresh.status,
        "version": fresh.version,
        "current_round": fresh.current_round,
        "awaiting_since": fresh.awaiting_since,
        "reschedule_proposed_by": fresh.reschedule_proposed_by,
        "first_response_at": fresh.first_response_at,
        **row_counts(),
    }
    meeting = Meeting.objects.filter(request=fresh).first()
    if meeting is not None:
        state["meeting"] = (
            meeting.starts_at,
            meeting.ends_at,
            meeting.sequence,
            meeting.reschedule_count,
            meeting.video_link,
            meeting.location,
            meeting.phone,
        )
    return state


def transitions_of(request: InterviewRequest) -> list[tuple]:
    """(event, from_status, to_status, actor_id, actor_party, note) in order."""
    return list(
        request.transitions.order_by("created_at", "pk").values_list(
            "event", "from_status", "to_status", "actor_id", "actor_party", "note"
        )
    )


def slot_times(request: InterviewRequest, round_: int) -> list[tuple]:
    """(starts_at, ends_at, proposed_by) of one round, earliest first."""
    return list(
        request.slots.filter(round=round_)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at", "proposed_by")
    )


def slot_of(request: InterviewRequest, round_: int, index: int = 0) -> ProposedSlot:
    return request.slots.filter(round=round_).order_by("starts_at")[index]
