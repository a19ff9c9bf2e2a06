"""A history built through the domain (send, accept, decline, report the
outcome, thank), read back by the dashboard: the milestones the domain writes
are the ones the figures count, so the hand-built rows of the other tests
stand for real ones."""

from datetime import date, timedelta

import pytest

from interviews.domain import outcomes, thanks
from interviews.domain.analytics.attention import students_needing_attention
from interviews.domain.analytics.figures import (
    MeetingFigures,
    RequestFigures,
    active_mentors,
    median_hours_to_first_answer,
    meeting_figures,
    request_figures,
)
from interviews.domain.analytics.series import Stage, Week, funnel, weekly_series
from interviews.enums import MeetingOutcome
from tests import builders
from tests.analytics.rows import local, scope
from tests.factories import MentorFactory, StudentFactory

pytestmark = pytest.mark.django_db

MARCH = scope(date(2026, 3, 1), date(2026, 3, 31))


def ended(request):
    return request.meeting.ends_at


@pytest.fixture
def history():
    students = [StudentFactory(first_name=f"S{index}", last_name="Student") for index in range(5)]
    mentors = [MentorFactory(first_name=f"M{index}", last_name="Mentor") for index in range(5)]
    # Waiting for the mentor.
    builders.send(students[0], mentors[0], now=local(2026, 3, 2, 10))
    # Confirmed at once, held (the student says so), thanked an hour after the end.
    thanked = builders.confirm(students[1], mentors[1], now=local(2026, 3, 2, 11))
    outcomes.report_outcome(
        request_id=thanked.pk,
        user=students[1],
        outcome=MeetingOutcome.HELD,
        now=ended(thanked) + timedelta(minutes=30),
    )
    thanks.send_thank_you(
        request_id=thanked.pk,
        student=students[1],
        body="Thank you for your time.",
        now=ended(thanked) + timedelta(hours=1),
    )
    # Confirmed, held (the mentor says so), never thanked.
    unthanked = builders.confirm(students[2], mentors[2], now=local(2026, 3, 3, 9))
    outcomes.report_outcome(
        request_id=unthanked.pk,
        user=mentors[2],
        outcome=MeetingOutcome.HELD,
        now=ended(unthanked) + timedelta(hours=1),
    )
    # Declined the next day (26 hours later).
    pending = builders.send(students[3], mentors[3], now=local(2026, 3, 3, 9))
    builders.decline(pending, now=local(2026, 3, 4, 11))
    # Confirmed; the student did not come.
    missed = builders.confirm(students[4], mentors[4], now=local(2026, 3, 3, 10))
    outcomes.report_outcome(
        request_id=missed.pk,
        user=mentors[4],
        outcome=MeetingOutcome.STUDENT_NO_SHOW,
        now=ended(missed) + timedelta(hours=1),
    )
    return {"students": students, "missed": missed, "unthanked": unthanked}


def test_the_funnel_of_a_history_made_through_the_domain(history):
    figures = request_figures(MARCH)

    assert funnel(figures) == [
        Stage("Sent", 5, 100),
        Stage("Answered", 4, 80),
        Stage("Confirmed", 3, 60),
        Stage("Held", 2, 40),
        Stage("Thanked", 1, 20),
    ]
    assert figures == RequestFigures(
        sent=5,
        answered=4,
        accepted=3,
        declined=1,
        closed_by_center=0,
        expired=0,
        withdrawn=0,
        still_open=1,
        held=2,
        thanked=1,
        active_students=5,
    )


def test_the_meetings_and_answers_of_a_history_made_through_the_domain(history):
    assert meeting_figures(MARCH, now=local(2026, 3, 20, 12)) == MeetingFigures(
        confirmed=3,
        upcoming=0,
        held=2,
        cancelled=0,
        student_no_shows=1,
        mentor_no_shows=0,
        awaiting_outcome=0,
        thanked=1,
        thanked_within_24h=1,
    )
    # Three acceptances at once (0 hours) and a decline after 26 hours.
    assert median_hours_to_first_answer(MARCH) == 0
    assert active_mentors(MARCH) == 4
    assert weekly_series(scope(date(2026, 3, 2), date(2026, 3, 8))) == [
        Week(date(2026, 3, 2), sent=5, confirmed=3, held=2)
    ]


def test_the_students_needing_attention_of_a_history_made_through_the_domain(history):
    rows = students_needing_attention(MARCH, now=local(2026, 3, 20, 12), grace_hours=48)

    assert [(row.name, row.reasons, row.latest_request_id) for row in rows] == [
        ("S4 Student", ["missed a meeting"], history["missed"].pk),
        ("S2 Student", ["1 held meeting without a thank-you"], history["unthanked"].pk),
    ]
