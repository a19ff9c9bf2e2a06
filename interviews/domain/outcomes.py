"""Did the meeting happen? The HELD and NO_SHOW transitions.

After a meeting's end both participants are asked. The first decisive answer
decides (held, or who did not come); an answer that contradicts it later is
kept and flags the meeting for advisors. "It was moved" decides nothing: it
lets either person propose new times although the old time has passed. A
meeting nobody reports on is taken as held after the grace period, unless
someone said it did not happen — and that inference is recorded as such.

`outcome_overview` is the read side: what the request page shows each person.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..enums import (
    DECIDED_STATUSES,
    NO_SHOW_OUTCOMES,
    MeetingOutcome,
    Party,
    RequestStatus,
    TransitionEvent,
)
from ..models import InterviewRequest, Meeting, OutcomeReport
from . import notify
from .access import ADVISOR
from .errors import NotAllowed
from .history import lock_request, party_for, record_transition
from .program import get_program_settings


def _meeting_over(request: InterviewRequest, *, now: datetime) -> Meeting:
    if request.status not in (RequestStatus.CONFIRMED, *DECIDED_STATUSES):
        raise NotAllowed(
            f"This request is {request.get_status_display().lower()}; "
            "there is no meeting to report on."
        )
    meeting = Meeting.objects.get(request=request)
    if meeting.ends_at > now:
        raise NotAllowed("You can tell us whether the meeting happened once it is over.")
    return meeting


def _decide(
    request: InterviewRequest,
    meeting: Meeting,
    *,
    outcome: MeetingOutcome,
    actor,
    actor_party: Party,
    inferred: bool,
    now: datetime,
) -> None:
    meeting.outcome = outcome
    meeting.outcome_inferred = inferred
    meeting.save(update_fields=["outcome", "outcome_inferred", "updated_at"])
    # New times proposed after a "moved" report have no meeting left to move.
    request.reschedule_proposed_by = ""
    if outcome == MeetingOutcome.HELD:
        request.held_at = now
        record_transition(
            request,
            event=TransitionEvent.HELD,
            to_status=RequestStatus.HELD,
            actor=actor,
            actor_party=actor_party,
            note=_sentence(_silence((now - meeting.ends_at).days)) + "." if inferred else "",
            changed_fields=("held_at", "reschedule_proposed_by"),
            now=now,
        )
        notify.meeting_held(request, meeting, now=now)
    else:
        record_transition(
            request,
            event=TransitionEvent.NO_SHOW,
            to_status=RequestStatus.NO_SHOW,
            actor=actor,
            actor_party=actor_party,
            note=MeetingOutcome(outcome).label,
            changed_fields=("reschedule_proposed_by",),
            now=now,
        )
        notify.meeting_missed(request, meeting, now=now)


def _silence(days: int) -> str:
    return f"nobody reported otherwise within {days} day{'' if days == 1 else 's'}"


def report_outcome(
    *, request_id: int, user, outcome: str, now: datetime | None = None
) -> OutcomeReport:
    """A participant says what happened; the first decisive answer decides."""
    now = now or timezone.now()
    if outcome not in MeetingOutcome.values:
        raise NotAllowed("Choose what happened.")
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        party = party_for(request, user)
        meeting = _meeting_over(request, now=now)
        if OutcomeReport.objects.filter(meeting=meeting, party=party).exists():
            raise NotAllowed("You already told us what happened. Thank you!")
        other_said = (
            OutcomeReport.objects.filter(meeting=meeting)
            .exclude(party=party)
            .values_list("outcome", flat=True)
            .first()
        )
        report = OutcomeReport.objects.create(
            meeting=meeting, party=party, outcome=outcome, reported_at=now
        )
        decided_before = request.status in DECIDED_STATUSES
        if not decided_before and outcome != MeetingOutcome.MOVED:
            _decide(
                request,
                meeting,
                outcome=MeetingOutcome(outcome),
                actor=user,
                actor_party=party,
                inferred=False,
                now=now,
            )
        elif not decided_before:
            # Nothing is decided; no thank-you reminders for a meeting that was not held.
            notify.meeting_reported_moved(request, meeting, now=now)
        contradicts_other = other_said is not None and other_said != outcome
        contradicts_decision = decided_before and outcome != meeting.outcome
        if contradicts_other or contradicts_decision:
            # The two accounts differ: keep both, and let advisors look.
            meeting.outcome_disputed = True
            meeting.save(update_fields=["outcome_disputed", "updated_at"])
        if decided_before and outcome in NO_SHOW_OUTCOMES:
            # A reported no-show drops the thank-you reminders, decided or not.
            notify.no_show_reported(request, now=now)
        if decided_before and meeting.outcome_inferred and outcome == meeting.outcome:
            # A participant confirmed what the system had inferred.
            meeting.outcome_inferred = False
            meeting.save(update_fields=["outcome_inferred", "updated_at"])
    return report


def may_be_taken_as_held(request: InterviewRequest, *, now: datetime) -> bool:
    """The meeting is over and nobody said it did not take place (or was moved)."""
    meeting = getattr(request, "meeting", None)
    if request.status != RequestStatus.CONFIRMED or meeting is None or meeting.ends_at > now:
        return False
    return not OutcomeReport.objects.filter(
        meeting=meeting, outcome__in=[*NO_SHOW_OUTCOMES, MeetingOutcome.MOVED]
    ).exists()


def reported_moved(meeting: Meeting) -> bool:
    """Someone said the meeting was moved: new times may follow its end."""
    return OutcomeReport.objects.filter(meeting=meeting, outcome=MeetingOutcome.MOVED).exists()


def due_for_inference(*, now: datetime):
    """Confirmed meetings past the grace period that nobody said did not happen."""
    grace = timedelta(days=get_program_settings().outcome_grace_days)
    said_otherwise = OutcomeReport.objects.filter(
        meeting=OuterRef("pk"), outcome__in=[*NO_SHOW_OUTCOMES, MeetingOutcome.MOVED]
    )
    return Meeting.objects.filter(
        request__status=RequestStatus.CONFIRMED, ends_at__lte=now - grace
    ).exclude(Exists(said_otherwise))


def infer_held(*, request_id: int, now: datetime | None = None) -> bool:
    """The system takes one silent meeting as held (re-checked under the lock)."""
    now = now or timezone.now()
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        meeting = due_for_inference(now=now).filter(request=request).first()
        if meeting is None:
            return False
        _decide(
            request,
            meeting,
            outcome=MeetingOutcome.HELD,
            actor=None,
            actor_party=Party.SYSTEM,
            inferred=True,
            now=now,
        )
    return True


def infer_silent_meetings(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    ids = list(due_for_inference(now=now).values_list("request_id", flat=True))
    return sum(infer_held(request_id=pk, now=now) for pk in ids)


def clear_moved_reports(meeting: Meeting) -> None:
    """A moved meeting has a new time: the question will be asked again after it."""
    OutcomeReport.objects.filter(meeting=meeting, outcome=MeetingOutcome.MOVED).delete()


# --- What the pages show ------------------------------------------------------------


def _name_of(request: InterviewRequest, party: str, *, part: str) -> str:
    """ "you" for the person looking, else the party's name."""
    if party == part:
        return "you"
    return request.student.display_name if party == Party.STUDENT else request.mentor.display_name


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe_outcome(outcome: str, *, request: InterviewRequest, part: str) -> str:
    """One answer as `part` reads it: "You did not come.", "It took place." """
    if outcome == MeetingOutcome.STUDENT_NO_SHOW:
        return _sentence(f"{_name_of(request, Party.STUDENT, part=part)} did not come.")
    if outcome == MeetingOutcome.MENTOR_NO_SHOW:
        return _sentence(f"{_name_of(request, Party.MENTOR, part=part)} did not come.")
    if outcome == MeetingOutcome.MOVED:
        return "It was moved to another time."
    return "It took place."


def outcome_choices(request: InterviewRequest, part: str) -> list[tuple[str, str]]:
    """The answers a participant picks from, in their own words."""
    if part == Party.STUDENT:
        other, mine, theirs = (
            request.mentor.display_name,
            MeetingOutcome.STUDENT_NO_SHOW,
            MeetingOutcome.MENTOR_NO_SHOW,
        )
    else:
        other, mine, theirs = (
            request.student.display_name,
            MeetingOutcome.MENTOR_NO_SHOW,
            MeetingOutcome.STUDENT_NO_SHOW,
        )
    return [
        (MeetingOutcome.HELD.value, "Yes, it took place"),
        (theirs.value, f"No: {other} did not come"),
        (mine.value, "No: I could not make it"),
        (MeetingOutcome.MOVED.value, "No: we moved it to another time"),
    ]


@dataclass(frozen=True)
class AnswerLine:
    who: str  # "Your answer", "Maria Mentor's answer"
    said: str  # "" while not answered


@dataclass(frozen=True)
class OutcomeOverview:
    """What the request page says about "did it happen?" to one viewer."""

    answers: list[AnswerLine]
    decided: str  # the recorded outcome as a sentence, "" while not known
    inferred: bool
    disputed: bool
    moved: bool  # someone said it was moved and nothing is decided
    grace_days: int  # while nothing is decided: silence means held after this


def outcome_overview(
    request: InterviewRequest, *, part: str, now: datetime
) -> OutcomeOverview | None:
    """None before the meeting's end, or when there was no meeting to report on."""
    if part not in (Party.STUDENT, Party.MENTOR, ADVISOR):
        return None
    if request.status not in (RequestStatus.CONFIRMED, *DECIDED_STATUSES):
        return None
    meeting = getattr(request, "meeting", None)
    if meeting is None or (request.status == RequestStatus.CONFIRMED and meeting.ends_at > now):
        return None
    said = dict(OutcomeReport.objects.filter(meeting=meeting).values_list("party", "outcome"))
    order = (Party.STUDENT, Party.MENTOR)
    if part == Party.MENTOR:
        order = (Party.MENTOR, Party.STUDENT)
    answers = []
    for party in order:
        answers.append(
            AnswerLine(
                who="Your answer"
                if party == part
                else f"{_name_of(request, party, part=part)}'s answer",
                said=describe_outcome(said[party], request=request, part=part)
                if party in said
                else "",
            )
        )
    decided = ""
    inferred = request.status == RequestStatus.HELD and meeting.outcome_inferred
    if inferred:
        decided = f"Taken as held: {_silence((request.held_at - meeting.ends_at).days)}."
    elif request.status == RequestStatus.HELD:
        decided = "Held: the meeting took place."
    elif request.status == RequestStatus.NO_SHOW:
        absent = Party.MENTOR
        if meeting.outcome == MeetingOutcome.STUDENT_NO_SHOW:
            absent = Party.STUDENT
        decided = f"Missed: {_name_of(request, absent, part=part)} did not come."
    return OutcomeOverview(
        answers=answers,
        decided=decided,
        inferred=inferred,
        disputed=meeting.outcome_disputed,
        moved=not decided and MeetingOutcome.MOVED in said.values(),
        grace_days=0 if decided else get_program_settings().outcome_grace_days,
    )
