"""Rules for proposed times, shared by requests, counter-proposals and reschedules."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from ..enums import Party, RequestStatus
from ..models import Meeting, MentorProfile, ProgramSettings
from .errors import InvalidSlots

DURATION_CHOICES = (15, 30, 45, 60)
DEFAULT_DURATION = 30
FIRST_PROPOSAL_MIN, FIRST_PROPOSAL_MAX = 2, 5
LATER_PROPOSAL_MIN, LATER_PROPOSAL_MAX = 1, 5


@dataclass(frozen=True)
class SlotInput:
    starts_at: datetime
    ends_at: datetime


def slots_from_starts(starts: list[datetime], *, duration_minutes: int) -> list[SlotInput]:
    try:
        return [SlotInput(start, start + timedelta(minutes=duration_minutes)) for start in starts]
    except OverflowError:
        raise InvalidSlots({}, "One of the times is too far in the future.") from None


def minimum_notice_hours(profile: MentorProfile, program: ProgramSettings) -> int:
    if profile.minimum_notice_hours is not None:
        return profile.minimum_notice_hours
    return program.minimum_notice_hours


def busy_windows(users, *, start: datetime, end: datetime, ignore_request_id=None):
    """Confirmed meetings of any of `users` that touch [start, end): one query."""
    user_ids = [user.pk for user in users]
    meetings = Meeting.objects.filter(
        Q(request__student_id__in=user_ids) | Q(request__mentor_id__in=user_ids),
        request__status=RequestStatus.CONFIRMED,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if ignore_request_id is not None:
        meetings = meetings.exclude(request_id=ignore_request_id)
    return list(
        meetings.values_list("starts_at", "ends_at", "request__student_id", "request__mentor_id")
    )


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def conflict_message(slot: SlotInput, *, actor, other, windows) -> str:
    """Why `slot` collides with a confirmed meeting, or "" when it does not."""
    for starts_at, ends_at, student_id, mentor_id in windows:
        if not _overlaps(slot.starts_at, slot.ends_at, starts_at, ends_at):
            continue
        if actor.pk in (student_id, mentor_id):
            return "You already have a confirmed meeting at this time."
        # Say no more than that: the other person's calendar is private.
        return f"{other.display_name} is not available at this time."
    return ""


def validate_proposed_slots(
    slots: list[SlotInput],
    *,
    proposer_party: Party,
    student,
    mentor,
    mentor_profile: MentorProfile,
    program: ProgramSettings,
    now: datetime,
    minimum_count: int,
    maximum_count: int,
    ignore_request_id=None,
) -> None:
    """Raise InvalidSlots naming every broken rule, slot by slot (0-based)."""
    if len(slots) < minimum_count:
        raise InvalidSlots(
            {}, f"Propose at least {minimum_count} time{'s' if minimum_count > 1 else ''}."
        )
    if len(slots) > maximum_count:
        raise InvalidSlots({}, f"Propose at most {maximum_count} times.")

    notice = minimum_notice_hours(mentor_profile, program)
    earliest = now + timedelta(hours=notice)
    latest = now + timedelta(days=program.max_days_ahead)
    errors: dict[int, str] = {}
    for index, slot in enumerate(slots):
        if slot.starts_at <= now:
            errors[index] = "This time is in the past."
        elif slot.starts_at < earliest:
            if proposer_party == Party.STUDENT:
                errors[index] = (
                    f"This is too soon: {mentor.display_name} needs at least "
                    f"{notice} hours' notice."
                )
            else:
                errors[index] = f"This is too soon: at least {notice} hours' notice are needed."
        elif slot.starts_at > latest:
            errors[index] = f"This is too far ahead: at most {program.max_days_ahead} days."
    for index, slot in enumerate(slots):
        for other_index, other in enumerate(slots[:index]):
            if index not in errors and _overlaps(
                slot.starts_at, slot.ends_at, other.starts_at, other.ends_at
            ):
                errors[index] = f"This overlaps time option {other_index + 1}."

    actor, other_person = (
        (student, mentor) if proposer_party == Party.STUDENT else (mentor, student)
    )
    windows = busy_windows(
        [student, mentor],
        start=min(slot.starts_at for slot in slots),
        end=max(slot.ends_at for slot in slots),
        ignore_request_id=ignore_request_id,
    )
    for index, slot in enumerate(slots):
        if index in errors:
            continue
        message = conflict_message(slot, actor=actor, other=other_person, windows=windows)
        if message:
            errors[index] = message
    if errors:
        raise InvalidSlots(errors)
