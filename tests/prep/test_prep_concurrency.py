"""Two changes of one preparation at once (two tabs, a double click), under
PostgreSQL's real row locks: they happen one after the other, nothing is lost."""

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from interviews.domain import prep
from interviews.domain.errors import NotAllowed
from interviews.models import PreparedQuestion, PrepPlan
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.postgres.test_concurrency import ROUNDS, concurrent_db, failures, run_together, successes

pytestmark = [pytest.mark.postgres]
__all__ = ["concurrent_db"]  # the fixture, shared with the other races

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SLOT_START = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def a_meeting():
    starts = [SLOT_START, SLOT_START + timedelta(days=1)]
    return builders.confirm(StudentFactory(), MentorFactory(), now=NOW, starts=starts)


def positions(interview_request) -> list[tuple[int, str]]:
    return sorted(
        PreparedQuestion.objects.filter(plan__request=interview_request).values_list(
            "position", "text"
        )
    )


def test_two_first_questions_at_once_make_one_plan_and_two_places(concurrent_db):
    for _ in range(ROUNDS):
        meeting = a_meeting()

        outcomes = run_together(
            *(
                partial(
                    prep.add_own_question,
                    request_id=meeting.pk,
                    student=meeting.student,
                    text=text,
                )
                for text in ("First tab?", "Second tab?")
            )
        )

        assert failures(outcomes) == []
        assert PrepPlan.objects.filter(request=meeting).count() == 1
        assert [position for position, _text in positions(meeting)] == [1, 2]


def test_two_moves_at_once_keep_every_question_in_its_own_place(concurrent_db):
    for _ in range(ROUNDS):
        meeting = a_meeting()
        for text in ("A?", "B?", "C?"):
            prep.add_own_question(request_id=meeting.pk, student=meeting.student, text=text)
        _a, b, c = PreparedQuestion.objects.filter(plan__request=meeting).order_by("position")

        outcomes = run_together(
            partial(
                prep.move_question,
                request_id=meeting.pk,
                student=meeting.student,
                question_id=c.pk,
                direction="up",
            ),
            partial(
                prep.move_question,
                request_id=meeting.pk,
                student=meeting.student,
                question_id=b.pk,
                direction="up",
            ),
        )

        assert failures(outcomes) == []
        assert [position for position, _text in positions(meeting)] == [1, 2, 3]
        assert sorted(text for _position, text in positions(meeting)) == ["A?", "B?", "C?"]


def test_a_double_click_on_share_shares_once(concurrent_db):
    for _ in range(ROUNDS):
        meeting = a_meeting()
        prep.add_own_question(request_id=meeting.pk, student=meeting.student, text="A?")

        outcomes = run_together(
            *(
                partial(prep.share_questions, request_id=meeting.pk, student=meeting.student)
                for _click in range(2)
            )
        )

        assert len(successes(outcomes)) == 1, outcomes
        [error] = failures(outcomes)
        assert isinstance(error, NotAllowed)
        assert error.message == "Your questions are shared already."
