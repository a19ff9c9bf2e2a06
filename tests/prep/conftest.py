"""The preparation tests' world: a clock, a confirmed meeting, people around it.

"Now" is frozen on Monday 2 March 2026, 12:00 UTC; the meeting agreed by
`confirmed` is on Thursday 5 March, 15:00-15:30 UTC. The student lives in
America/New_York, the mentor in Europe/Berlin.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from interviews.domain import outcomes
from interviews.enums import MeetingOutcome
from interviews.models import BankQuestion, PreparedQuestion, PrepPlan
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
MEETING_START = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
AFTER_MEETING = MEETING_START + timedelta(hours=2)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def confirmed(student, mentor):
    interview_request = builders.confirm(student, mentor)
    assert interview_request.meeting.starts_at == MEETING_START
    return interview_request


@pytest.fixture
def held(confirmed):
    outcomes.report_outcome(
        request_id=confirmed.pk,
        user=confirmed.student,
        outcome=MeetingOutcome.HELD,
        now=AFTER_MEETING,
    )
    confirmed.refresh_from_db()
    return confirmed


@pytest.fixture
def other_student(db):
    return StudentFactory(first_name="Olga", last_name="Other")


@pytest.fixture
def other_mentor(db):
    return MentorFactory(first_name="Otto", last_name="Other")


@pytest.fixture
def another_advisor(db):
    return AdvisorFactory(first_name="Ada", last_name="Advisor")


def bank_question(text: str, category: str = "career_path", *, active: bool = True):
    return BankQuestion.objects.create(text=text, category=category, is_active=active)


def questions_of(interview_request) -> list[tuple[int, str]]:
    """(position, text) of the student's list, in order."""
    return list(
        PreparedQuestion.objects.filter(plan__request=interview_request)
        .order_by("position", "pk")
        .values_list("position", "text")
    )


def plan_of(interview_request) -> PrepPlan | None:
    return PrepPlan.objects.filter(request=interview_request).first()


def prep_snapshot() -> dict:
    """Every row of the preparation and the bank: what a refusal must leave alone."""
    return {
        "plans": list(PrepPlan.objects.order_by("pk").values()),
        "questions": list(PreparedQuestion.objects.order_by("pk").values()),
        "bank": list(
            BankQuestion.objects.order_by("pk").values_list("pk", "text", "category", "is_active")
        ),
    }


def another_meeting(student, mentor, *, days: int = 6):
    """A second confirmed meeting, `days` after NOW at 15:00 UTC (no overlap)."""
    first = builders.at_15_utc(NOW + timedelta(days=days))
    return builders.confirm(student, mentor, starts=[first, first + timedelta(days=1)])
