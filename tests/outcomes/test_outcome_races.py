"""Answers that arrive at once, under PostgreSQL's real row locks.

Threads are released together by a Barrier (tests/postgres/test_concurrency.py);
each scenario runs several rounds with fresh people.
"""

from datetime import timedelta
from functools import partial

import pytest

from interviews.domain import outcomes
from interviews.domain.errors import NotAllowed
from interviews.enums import MeetingOutcome, Party, RequestStatus, TransitionEvent
from interviews.models import Meeting, OutcomeReport, Transition
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.outcomes.support import AFTER, END, NOW
from tests.postgres.test_concurrency import concurrent_db, failures, run_together, successes

pytestmark = [pytest.mark.postgres]

ROUNDS = 5
DECIDING_EVENTS = (TransitionEvent.HELD, TransitionEvent.NO_SHOW)

# Imported for its fixture; named here so that linters see it used.
__all__ = ["concurrent_db"]


def a_meeting():
    student, mentor = StudentFactory(), MentorFactory()
    return builders.confirm(student, mentor, now=NOW)


def decisions(request) -> int:
    return Transition.objects.filter(request=request, event__in=DECIDING_EVENTS).count()


def test_two_different_answers_at_once_decide_once_and_flag_the_dispute(concurrent_db):
    for _ in range(ROUNDS):
        request = a_meeting()

        results = run_together(
            partial(
                outcomes.report_outcome,
                request_id=request.pk,
                user=request.student,
                outcome=MeetingOutcome.HELD,
                now=AFTER,
            ),
            partial(
                outcomes.report_outcome,
                request_id=request.pk,
                user=request.mentor,
                outcome=MeetingOutcome.STUDENT_NO_SHOW,
                now=AFTER,
            ),
        )

        assert failures(results) == []
        assert decisions(request) == 1
        request.refresh_from_db()
        meeting = Meeting.objects.get(request=request)
        assert request.status in (RequestStatus.HELD, RequestStatus.NO_SHOW)
        assert meeting.outcome_disputed is True
        assert sorted(
            OutcomeReport.objects.filter(meeting=meeting).values_list("party", "outcome")
        ) == [(Party.MENTOR, MeetingOutcome.STUDENT_NO_SHOW), (Party.STUDENT, MeetingOutcome.HELD)]


def test_the_same_answer_sent_twice_at_once_is_recorded_once(concurrent_db):
    for _ in range(ROUNDS):
        request = a_meeting()

        results = run_together(
            *(
                partial(
                    outcomes.report_outcome,
                    request_id=request.pk,
                    user=request.student,
                    outcome=MeetingOutcome.HELD,
                    now=AFTER,
                )
                for _tab in range(2)
            )
        )

        assert len(successes(results)) == 1, results
        [error] = failures(results)
        assert isinstance(error, NotAllowed)
        assert error.message == "You already told us what happened. Thank you!"
        assert decisions(request) == 1
        assert OutcomeReport.objects.filter(meeting__request=request).count() == 1


def test_the_inference_and_a_moved_answer_at_once_never_both_win(concurrent_db):
    grace_end = END + timedelta(days=7)
    for _ in range(ROUNDS):
        request = a_meeting()

        inferred, answered = run_together(
            partial(outcomes.infer_held, request_id=request.pk, now=grace_end),
            partial(
                outcomes.report_outcome,
                request_id=request.pk,
                user=request.mentor,
                outcome=MeetingOutcome.MOVED,
                now=grace_end,
            ),
        )

        assert answered.error is None
        request.refresh_from_db()
        meeting = Meeting.objects.get(request=request)
        if inferred.value:
            # Inferred first: the later "moved" contradicts it and is flagged.
            assert (request.status, meeting.outcome_inferred, meeting.outcome_disputed) == (
                RequestStatus.HELD,
                True,
                True,
            )
        else:
            # Answered first: nothing is inferred over the answer.
            assert (request.status, meeting.outcome, decisions(request)) == (
                RequestStatus.CONFIRMED,
                "",
                0,
            )
