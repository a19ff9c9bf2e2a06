"""Advisors find the meetings whose two outcome answers differ.

Meetings are confirmed at NOW (Monday 1 March 2027, 09:00 UTC) for some day of
the following weeks and answered half an hour after their end; the pages are
read with the clock frozen a month later.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.domain.outcomes import report_outcome
from interviews.enums import MeetingOutcome, RequestStatus
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.outcomes.support import NOW
from tests.views.support import assert_strict_page, main

LATER = NOW + timedelta(days=30)


@pytest.fixture(autouse=True)
def frozen_later():
    with time_machine.travel(LATER, tick=False):
        yield


def a_meeting(index: int, *, mentor_says, student_says=MeetingOutcome.HELD):
    """Meeting number `index` of its own pair, answered by both (the student first)."""
    student = StudentFactory(first_name=f"Student{index}", last_name="Tester")
    mentor = MentorFactory(first_name=f"Mentor{index}", last_name="Tester")
    start = builders.at_15_utc(NOW + timedelta(days=3 + index))
    request = builders.confirm(
        student,
        mentor,
        now=NOW + timedelta(minutes=index),
        starts=[start, start + timedelta(days=1)],
    )
    answered = start + timedelta(hours=1)
    report_outcome(request_id=request.pk, user=student, outcome=student_says, now=answered)
    if mentor_says:
        report_outcome(
            request_id=request.pk,
            user=mentor,
            outcome=mentor_says,
            now=answered + timedelta(minutes=1),
        )
    request.refresh_from_db()
    return request


def rows(response) -> list[tuple[str, str]]:
    """(student, status cell) of each row of the requests table."""
    body = main(response).one("tbody")
    return [
        (cells[0].text, cells[2].text)
        for cells in (row.find_all("td") for row in body.find_all("tr"))
    ]


@pytest.fixture
def three_meetings(db):
    agreed = a_meeting(0, mentor_says=MeetingOutcome.HELD)
    disputed = a_meeting(1, mentor_says=MeetingOutcome.STUDENT_NO_SHOW)
    half_answered = a_meeting(2, mentor_says=None)
    return agreed, disputed, half_answered


def test_the_list_flags_disputed_outcomes(three_meetings, advisor, client_for):
    response = client_for(advisor).get(reverse("advisor_requests"))

    assert rows(response) == [
        ("Student2 Tester", "Held"),
        ("Student1 Tester", "Held Disputed"),
        ("Student0 Tester", "Held"),
    ]
    assert "checked" not in main(response).by_id("disputed").attrs
    assert_strict_page(response)


def test_advisors_filter_the_list_to_disputed_outcomes(three_meetings, advisor, client_for):
    response = client_for(advisor).get(reverse("advisor_requests"), {"disputed": "1"})

    assert rows(response) == [("Student1 Tester", "Held Disputed")]
    checkbox = main(response).by_id("disputed")
    assert (checkbox.attrs["name"], checkbox.attrs["value"], "checked" in checkbox.attrs) == (
        "disputed",
        "1",
        True,
    )
    assert main(response).one("label", for_="disputed").text == "Only disputed outcomes"
    # The pages of the list keep the filters.
    assert response.context["query_string"] == "status=&disputed=1"


def test_the_dispute_filter_combines_with_the_status(three_meetings, advisor, client_for):
    _agreed, disputed, _half = three_meetings

    held = client_for(advisor).get(
        reverse("advisor_requests"), {"disputed": "1", "status": RequestStatus.HELD}
    )
    missed = client_for(advisor).get(
        reverse("advisor_requests"), {"disputed": "1", "status": RequestStatus.NO_SHOW}
    )

    assert [row[0] for row in rows(held)] == [disputed.student.display_name]
    assert main(missed).find_all("tbody") == []
    assert main(missed).find_all("p")[-1].text == "No requests match."
    assert held.context["query_string"] == "status=held&disputed=1"


@pytest.mark.parametrize("value", ["0", "", "yes", "<b>"])
def test_any_other_dispute_value_shows_every_request(three_meetings, advisor, client_for, value):
    response = client_for(advisor).get(reverse("advisor_requests"), {"disputed": value})

    assert response.status_code == 200
    assert len(rows(response)) == 3


@pytest.mark.parametrize("count", [1, 3])
def test_the_disputed_list_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    disputed = [
        a_meeting(index, mentor_says=MeetingOutcome.MENTOR_NO_SHOW) for index in range(count)
    ]
    a_meeting(8, mentor_says=MeetingOutcome.HELD)  # agreed: not listed
    client = client_for(advisor)

    # Session, user, the paginator's count, the page of requests (with people
    # and meetings), the count of mentors waiting for approval, the open
    # reports (the menu's badge).
    with django_assert_num_queries(6):
        response = client.get(reverse("advisor_requests"), {"disputed": "1"})

    assert [request.pk for request in response.context["page"]] == [
        request.pk for request in reversed(disputed)
    ]
