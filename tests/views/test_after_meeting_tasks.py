"""The dashboard lists what is left to do after recent meetings."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import outcomes, thanks
from interviews.domain.dashboards import after_meeting_tasks
from interviews.enums import MeetingOutcome, Party
from tests import builders
from tests.factories import MentorFactory
from tests.views.support import main

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
START = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
AFTER = START + timedelta(hours=2)


def met(student, mentor, *, start=START):
    return builders.confirm(student, mentor, now=NOW, starts=[start, start + timedelta(days=1)])


def tasks(user, party, now):
    return [
        (item.request.pk, item.task) for item in after_meeting_tasks(user, party=party, now=now)
    ]


def test_after_a_meeting_both_are_asked_and_the_student_is_reminded_to_thank(student, mentor):
    request = met(student, mentor)

    assert tasks(student, Party.STUDENT, START) == []
    assert tasks(student, Party.STUDENT, AFTER) == [(request.pk, "report")]
    assert tasks(mentor, Party.MENTOR, AFTER) == [(request.pk, "report")]

    outcomes.report_outcome(request_id=request.pk, user=mentor, outcome="held", now=AFTER)

    assert tasks(mentor, Party.MENTOR, AFTER) == []
    # Held, with no answer from the student: thanking is what is left.
    assert tasks(student, Party.STUDENT, AFTER) == [(request.pk, "thank")]

    thanks.send_thank_you(request_id=request.pk, student=student, body="Thank you!", now=AFTER)

    assert tasks(student, Party.STUDENT, AFTER) == []


def test_a_meeting_reported_missed_leaves_nothing_to_do(student, mentor):
    request = met(student, mentor)
    assert tasks(student, Party.STUDENT, AFTER) == [(request.pk, "report")]

    outcomes.report_outcome(
        request_id=request.pk, user=mentor, outcome=MeetingOutcome.STUDENT_NO_SHOW, now=AFTER
    )

    # Decided: the student may still answer on the page, but nothing waits for them.
    assert tasks(student, Party.STUDENT, AFTER) == []


def test_old_meetings_drop_off_the_list(student, mentor):
    request = met(student, mentor)
    outcomes.report_outcome(request_id=request.pk, user=mentor, outcome="held", now=AFTER)

    assert tasks(student, Party.STUDENT, START + timedelta(days=29)) == [(request.pk, "thank")]
    assert tasks(student, Party.STUDENT, START + timedelta(days=31)) == []


@pytest.mark.parametrize("count", [1, 3])
def test_the_dashboard_links_each_task(student, client_for, count):
    # Each mentor's meeting on its own days.
    requests = [
        met(
            student,
            MentorFactory(first_name=f"M{n}", last_name="Mentor"),
            start=START + timedelta(days=n * 2),
        )
        for n in range(count)
    ]

    with time_machine.travel(START + timedelta(days=count * 2), tick=False):
        response = client_for(student).get(reverse("dashboard"))

    section = main(response).one("section", **{"aria-labelledby": "after-meetings"})
    links = [(link.attrs["href"], link.text) for link in section.find_all("a")]
    assert links == [
        (
            reverse("meeting_outcome", args=[request.pk]),
            f"Did your meeting with M{n} Mentor take place?",
        )
        for n, request in enumerate(requests)
    ]
