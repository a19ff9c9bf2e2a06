"""Suspension and reports against concurrent changes, under PostgreSQL's row locks.

The harness (threads released together, bounded joins) is the one of
tests/postgres/test_concurrency.py. Each scenario runs several rounds.
"""

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from interviews.domain import moderation
from interviews.domain import requests as request_rules
from interviews.domain.errors import LimitReached, NotAllowed, StaleRequest
from interviews.enums import DeclineReason, RequestStatus
from interviews.models import InterviewRequest, Report
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.postgres.test_concurrency import (
    ROUNDS,
    concurrent_db,  # noqa: F401 (the fixture, by name)
    failures,
    run_together,
    successes,
)

# Committed data other connections see (the fixture comes from tests/postgres).
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("concurrent_db")]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STARTS = [datetime(2026, 3, 10, 15, 0, tzinfo=UTC) + timedelta(days=day) for day in range(2)]


def test_a_request_sent_while_the_mentor_is_suspended_never_stays_open():
    advisor = AdvisorFactory()
    for _ in range(ROUNDS):
        student, mentor = StudentFactory(), MentorFactory()

        outcomes = run_together(
            partial(builders.send, student, mentor, now=NOW, starts=STARTS),
            partial(
                moderation.suspend_user,
                user_id=mentor.pk,
                advisor=advisor,
                reason="Spam.",
                now=NOW,
            ),
        )

        sent, suspended = outcomes
        assert suspended.error is None, outcomes
        # Either refused (the mentor was already suspended), or sent first and
        # then ended by the suspension.
        assert sent.error is None or type(sent.error) is LimitReached, outcomes
        assert list(
            InterviewRequest.objects.filter(mentor=mentor).values_list("status", "decline_reason")
        ) == ([] if sent.error else [(RequestStatus.DECLINED, DeclineReason.UNAVAILABLE)])


def test_an_accept_racing_the_students_suspension_leaves_no_meeting():
    advisor = AdvisorFactory()
    for _ in range(ROUNDS):
        student, mentor = StudentFactory(), MentorFactory()
        request = builders.send(student, mentor, now=NOW, starts=STARTS)

        outcomes = run_together(
            partial(
                request_rules.accept_slot,
                request_id=request.pk,
                user=mentor,
                slot_id=builders.first_slot(request).pk,
                expected_version=request.version,
                now=NOW,
            ),
            partial(
                moderation.suspend_user,
                user_id=student.pk,
                advisor=advisor,
                reason="Harassment.",
                now=NOW,
            ),
        )

        accepted, suspended = outcomes
        assert suspended.error is None, outcomes
        request.refresh_from_db()
        if accepted.error is None:
            # Confirmed first, then cancelled by the suspension.
            assert request.status == RequestStatus.CANCELLED, outcomes
        else:
            assert type(accepted.error) in (StaleRequest, NotAllowed), outcomes
            assert request.status == RequestStatus.DECLINED, outcomes


def test_two_identical_reports_at_once_file_one():
    for _ in range(ROUNDS):
        student, mentor = StudentFactory(), MentorFactory()

        outcomes = run_together(
            *(
                partial(
                    moderation.report_user,
                    reporter=student,
                    user_id=mentor.pk,
                    reason="spam",
                    details="",
                    now=NOW,
                )
                for _ in range(2)
            )
        )

        assert len(successes(outcomes)) == 1, outcomes
        assert [type(error) for error in failures(outcomes)] == [moderation.DuplicateReport]
        assert Report.objects.filter(reporter=student).count() == 1
