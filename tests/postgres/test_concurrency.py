"""Races under PostgreSQL's real row locks: threads released together by a Barrier.

Each scenario runs several rounds with fresh people, so that a missing lock
shows up as a failure rather than as luck. Every thread opens its connection
before the barrier (so the race is between the domain calls, not the
connects) and closes it at the end; every join is bounded.
"""

import threading
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from django.db import connection

from interviews.domain import requests as request_rules
from interviews.domain.errors import LimitReached, NotAllowed, StaleRequest
from interviews.enums import RequestStatus, TransitionEvent
from interviews.models import InterviewRequest, Meeting, ProgramSettings, Transition
from tests import builders
from tests.factories import MentorFactory, StudentFactory

pytestmark = [pytest.mark.postgres]

ROUNDS = 5
JOIN_TIMEOUT = 30
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SLOT_START = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def concurrent_db(transactional_db, django_db_serialized_rollback):
    """Committed data that other connections see; seeded rows restored each test.

    Without the serialized rollback, the flush after a transactional test
    would leave later tests without the migrations' majors and industries.
    """
    ProgramSettings.objects.update_or_create(
        pk=ProgramSettings.SINGLETON_PK, defaults={"open_request_limit": 3}
    )


class Outcome:
    def __init__(self, value=None, error: BaseException | None = None):
        self.value = value
        self.error = error

    def __repr__(self) -> str:
        return f"Outcome(value={self.value!r}, error={self.error!r})"


def run_together(*calls) -> list[Outcome]:
    """Run the calls in threads released at once; return each one's outcome.

    An exception a thread raises is collected (domain refusals are expected
    outcomes); a thread still running after the timeout fails the test.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[Outcome | None] = [None] * len(calls)

    def work(index, call):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=JOIN_TIMEOUT)
            outcomes[index] = Outcome(value=call())
        except BaseException as error:  # collected, the test judges it
            outcomes[index] = Outcome(error=error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert [thread.is_alive() for thread in threads] == [False] * len(threads)
    assert None not in outcomes
    return outcomes


def successes(outcomes: list[Outcome]) -> list[Outcome]:
    return [outcome for outcome in outcomes if outcome.error is None]


def failures(outcomes: list[Outcome]) -> list[BaseException]:
    return [outcome.error for outcome in outcomes if outcome.error is not None]


def slot_times(count: int = 2) -> list[datetime]:
    return [SLOT_START + timedelta(days=offset) for offset in range(count)]


@pytest.mark.parametrize("same_slot", [True, False], ids=["same-slot", "different-slots"])
def test_two_accepts_of_one_request_confirm_one_meeting(concurrent_db, same_slot):
    for _ in range(ROUNDS):
        student, mentor = StudentFactory(), MentorFactory()
        request = builders.send(student, mentor, now=NOW, starts=slot_times(2))
        first, second = request.slots.order_by("starts_at")
        chosen = [first, first] if same_slot else [first, second]

        outcomes = run_together(
            *(
                partial(
                    request_rules.accept_slot,
                    request_id=request.pk,
                    user=mentor,
                    slot_id=slot.pk,
                    expected_version=request.version,
                    now=NOW,
                )
                for slot in chosen
            )
        )

        assert len(successes(outcomes)) == 1, outcomes
        [error] = failures(outcomes)
        assert type(error) in (StaleRequest, NotAllowed), outcomes
        [winner] = successes(outcomes)
        assert list(Meeting.objects.filter(request=request).values_list("pk", flat=True)) == [
            winner.value.pk
        ]
        assert (
            Transition.objects.filter(request=request, event=TransitionEvent.ACCEPTED).count() == 1
        )
        request.refresh_from_db()
        assert (request.status, request.version) == (RequestStatus.CONFIRMED, 2)


def test_accepts_of_two_overlapping_requests_of_one_mentor_confirm_one_meeting(concurrent_db):
    for _ in range(ROUNDS):
        mentor = MentorFactory()
        requests = [
            builders.send(StudentFactory(), mentor, now=NOW, starts=slot_times(2))
            for _student in range(2)
        ]

        outcomes = run_together(
            *(
                partial(
                    request_rules.accept_slot,
                    request_id=request.pk,
                    user=mentor,
                    slot_id=builders.first_slot(request).pk,
                    expected_version=request.version,
                    now=NOW,
                )
                for request in requests
            )
        )

        assert len(successes(outcomes)) == 1, outcomes
        [error] = failures(outcomes)
        assert type(error) is NotAllowed, outcomes
        assert error.message == "You already have a confirmed meeting at this time."
        assert Meeting.objects.filter(request__mentor=mentor).count() == 1
        statuses = sorted(
            InterviewRequest.objects.filter(mentor=mentor).values_list("status", flat=True)
        )
        assert statuses == [RequestStatus.CONFIRMED, RequestStatus.PENDING]


def test_four_sends_against_a_limit_of_three_make_three_requests(concurrent_db):
    for _ in range(ROUNDS):
        student = StudentFactory()
        mentors = [MentorFactory() for _mentor in range(4)]

        outcomes = run_together(
            *(
                partial(builders.send, student, mentor, now=NOW, starts=slot_times(2))
                for mentor in mentors
            )
        )

        assert len(successes(outcomes)) == 3, outcomes
        [error] = failures(outcomes)
        assert type(error) is LimitReached, outcomes
        assert error.message == (
            "You have 3 requests waiting for an answer, the most the program allows at once. "
            "Wait for an answer or withdraw one."
        )
        assert InterviewRequest.objects.filter(student=student).count() == 3
        assert (
            Transition.objects.filter(request__student=student, event=TransitionEvent.SENT).count()
            == 3
        )


def test_sending_while_an_overdue_request_is_accepted_never_deadlocks(concurrent_db):
    """A student sends to one mentor while another mentor answers the student's
    request that is past its expiry age. Both lock requests before people, so
    each finishes: the send succeeds, the late accept is refused."""
    for _ in range(ROUNDS):
        student = StudentFactory()
        late_mentor, new_mentor = MentorFactory(), MentorFactory()
        overdue = builders.send(
            student,
            late_mentor,
            now=NOW - timedelta(days=15),
            starts=[SLOT_START + timedelta(days=20), SLOT_START + timedelta(days=21)],
        )
        slot_id = builders.first_slot(overdue).pk

        outcomes = run_together(
            partial(
                request_rules.accept_slot,
                request_id=overdue.pk,
                user=late_mentor,
                slot_id=slot_id,
                expected_version=overdue.version,
                now=NOW,
            ),
            partial(builders.send, student, new_mentor, now=NOW, starts=slot_times()),
        )

        accept, send = outcomes
        assert isinstance(send.value, InterviewRequest)
        assert isinstance(accept.error, (NotAllowed, StaleRequest))
        assert InterviewRequest.objects.get(pk=overdue.pk).status == RequestStatus.EXPIRED
