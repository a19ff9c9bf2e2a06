"""A meeting nobody reports on is taken as held after the grace period, and says so.

The meeting ends on Thursday 4 March 2027, 15:30 UTC; the grace period is the
program's `outcome_grace_days` (7 by default), so the inference is due from
Thursday 11 March, 15:30 UTC on.
"""

from datetime import timedelta

import pytest
import time_machine

from interviews import tasks
from interviews.domain import outcomes
from interviews.enums import MeetingOutcome, Party, RequestStatus, TransitionEvent
from interviews.models import Meeting
from tests import builders
from tests.domain.support import set_program
from tests.outcomes.support import AFTER, END, NOW, confirmed, outcome_snapshot, report

GRACE_END = END + timedelta(days=7)


@pytest.fixture
def meeting_request(student, mentor):
    return confirmed(student, mentor)


def outcome_of(request) -> tuple:
    request.refresh_from_db()
    meeting = Meeting.objects.get(request=request)
    return (
        request.status,
        request.held_at,
        meeting.outcome,
        meeting.outcome_inferred,
        meeting.outcome_disputed,
    )


def held_transitions(request) -> list[tuple]:
    return list(
        request.transitions.filter(event=TransitionEvent.HELD).values_list(
            "from_status", "to_status", "actor", "actor_party", "note", "created_at"
        )
    )


def test_a_silent_meeting_is_not_inferred_a_second_before_the_grace_period_ends(
    meeting_request,
):
    before = outcome_snapshot(meeting_request)

    assert outcomes.infer_silent_meetings(now=GRACE_END - timedelta(seconds=1)) == 0

    assert outcome_snapshot(meeting_request) == before


def test_a_silent_meeting_is_taken_as_held_when_the_grace_period_ends(meeting_request):
    assert outcomes.infer_silent_meetings(now=GRACE_END) == 1

    assert outcome_of(meeting_request) == (
        RequestStatus.HELD,
        GRACE_END,
        MeetingOutcome.HELD,
        True,
        False,
    )
    # Recorded as the system's inference, not as anybody's answer.
    assert held_transitions(meeting_request) == [
        (
            RequestStatus.CONFIRMED,
            RequestStatus.HELD,
            None,
            Party.SYSTEM,
            "Nobody reported otherwise within 7 days.",
            GRACE_END,
        )
    ]
    assert meeting_request.meeting.outcome_reports.count() == 0


def test_the_inference_runs_once(meeting_request):
    assert outcomes.infer_silent_meetings(now=GRACE_END) == 1
    assert outcomes.infer_silent_meetings(now=GRACE_END + timedelta(days=1)) == 0

    assert len(held_transitions(meeting_request)) == 1


def test_the_grace_period_comes_from_the_program_settings(meeting_request):
    set_program(outcome_grace_days=1)

    assert outcomes.infer_silent_meetings(now=END + timedelta(hours=23, minutes=59)) == 0
    assert outcomes.infer_silent_meetings(now=END + timedelta(days=1)) == 1

    assert held_transitions(meeting_request)[0][4] == "Nobody reported otherwise within 1 day."


def test_a_meeting_someone_said_was_moved_is_never_inferred(meeting_request, student):
    report(meeting_request, student, MeetingOutcome.MOVED)
    before = outcome_snapshot(meeting_request)

    assert outcomes.infer_silent_meetings(now=GRACE_END + timedelta(days=30)) == 0

    assert outcome_snapshot(meeting_request) == before


@pytest.mark.parametrize("outcome", [MeetingOutcome.STUDENT_NO_SHOW, MeetingOutcome.MENTOR_NO_SHOW])
def test_a_meeting_someone_said_was_missed_is_never_taken_as_held(meeting_request, mentor, outcome):
    report(meeting_request, mentor, outcome)
    before = outcome_snapshot(meeting_request)

    assert outcomes.infer_silent_meetings(now=GRACE_END + timedelta(days=30)) == 0

    assert outcome_snapshot(meeting_request) == before
    assert outcome_of(meeting_request)[0] == RequestStatus.NO_SHOW


def test_a_meeting_reported_held_is_not_inferred_again(meeting_request, student):
    report(meeting_request, student, MeetingOutcome.HELD)

    assert outcomes.infer_silent_meetings(now=GRACE_END) == 0

    assert outcome_of(meeting_request) == (
        RequestStatus.HELD,
        AFTER,
        MeetingOutcome.HELD,
        False,
        False,
    )


def test_cancelled_and_open_requests_are_left_alone(student, mentor, other_student):
    cancelled = builders.cancel(confirmed(student, mentor), now=NOW + timedelta(hours=1))
    pending = builders.send(other_student, mentor, now=NOW)

    assert outcomes.infer_silent_meetings(now=GRACE_END + timedelta(days=30)) == 0

    cancelled.refresh_from_db()
    pending.refresh_from_db()
    assert (cancelled.status, pending.status) == (RequestStatus.CANCELLED, RequestStatus.PENDING)


def test_the_inference_re_checks_under_the_lock(meeting_request, student):
    due = list(outcomes.due_for_inference(now=GRACE_END).values_list("request_id", flat=True))
    assert due == [meeting_request.pk]
    # The student answers between the listing and the inference.
    report(meeting_request, student, MeetingOutcome.MOVED, now=GRACE_END - timedelta(minutes=1))

    assert outcomes.infer_held(request_id=meeting_request.pk, now=GRACE_END) is False

    assert outcome_of(meeting_request)[0] == RequestStatus.CONFIRMED


def test_a_late_answer_contradicting_the_inference_flags_the_meeting(meeting_request, mentor):
    outcomes.infer_silent_meetings(now=GRACE_END)

    report(
        meeting_request,
        mentor,
        MeetingOutcome.STUDENT_NO_SHOW,
        now=GRACE_END + timedelta(days=1),
    )

    assert outcome_of(meeting_request) == (
        RequestStatus.HELD,
        GRACE_END,
        MeetingOutcome.HELD,
        True,
        True,
    )


def test_the_beat_task_infers_what_is_due_and_returns_how_many(student, mentor, other_student):
    first = confirmed(student, mentor)
    next_day = END + timedelta(days=1, minutes=30)  # it ends a day and an hour later
    second = builders.confirm(
        other_student, mentor, now=NOW, starts=[next_day, next_day + timedelta(days=1)]
    )

    with time_machine.travel(GRACE_END, tick=False):
        assert tasks.infer_meeting_outcomes() == 1
    with time_machine.travel(GRACE_END + timedelta(days=1, hours=1), tick=False):
        assert tasks.infer_meeting_outcomes() == 1
        assert tasks.infer_meeting_outcomes() == 0

    assert [outcome_of(request)[:4] for request in (first, second)] == [
        (RequestStatus.HELD, GRACE_END, MeetingOutcome.HELD, True),
        (
            RequestStatus.HELD,
            GRACE_END + timedelta(days=1, hours=1),
            MeetingOutcome.HELD,
            True,
        ),
    ]
