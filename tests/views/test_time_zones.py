"""Times on the pages, in each person's own zone, across a daylight-saving switch.

Sophie Student lives in America/New_York, Maria Mentor in Europe/Berlin. The
United States move to summer time on Sunday 8 March 2026, Europe only on 29
March: a meeting at 15:00 UTC is 10:00 EST / 16:00 CET on Friday 6 March and
11:00 EDT / 16:00 CET on Monday 16 March. "Now" is frozen on Sunday 1 March.
"""

from datetime import UTC, datetime

import pytest
import time_machine

from interviews.domain import requests as request_rules
from interviews.enums import FoundVia, MeetingFormat, Topic
from interviews.models import ProposedSlot
from tests import builders
from tests.factories import MentorFactory
from tests.views.support import form_values, main

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MARCH_6 = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
MARCH_16 = datetime(2026, 3, 16, 15, 0, tzinfo=UTC)
MARCH_17 = datetime(2026, 3, 17, 15, 0, tzinfo=UTC)

STUDENT_SEES = {
    MARCH_6: "Fri 6 Mar 2026, 10:00 EST (16:00 CET for Maria Mentor)",
    MARCH_16: "Mon 16 Mar 2026, 11:00 EDT (16:00 CET for Maria Mentor)",
}
MENTOR_SEES = {
    MARCH_6: "Fri 6 Mar 2026, 16:00 CET (10:00 EST for Sophie Student)",
    MARCH_16: "Mon 16 Mar 2026, 16:00 CET (11:00 EDT for Sophie Student)",
}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(student, mentor):
    assert (student.time_zone, mentor.time_zone) == ("America/New_York", "Europe/Berlin")
    return student, mentor


def confirmed_at(student, mentor, moment: datetime, *, starts=(MARCH_6, MARCH_16)):
    """Sent with both March times (or `starts`); the mentor accepts `moment`."""
    request = builders.send(student, mentor, now=NOW, starts=list(starts))
    slot = request.slots.get(starts_at=moment)
    request_rules.accept_slot(
        request_id=request.pk,
        user=mentor,
        slot_id=slot.pk,
        expected_version=request.version,
        now=NOW,
    )
    request.refresh_from_db()
    return request


def meeting_line(response) -> str:
    section = main(response).one("section", **{"aria-labelledby": "meeting-heading"})
    return section.one("p", class_="fs-5").text


def offered_times(response) -> list[str]:
    """The text of each time on offer (the first span of each list item)."""
    section = main(response).one("section", **{"aria-labelledby": "offer-heading"})
    items = section.one("ul", class_="list-group").find_all("li")
    return [item.find_all("span")[0].text for item in items]


@pytest.mark.parametrize("moment", [MARCH_6, MARCH_16], ids=["6-march", "16-march"])
def test_student_sees_the_meeting_in_new_york_time_then_berlin_time(people, client_for, moment):
    student, mentor = people
    request = confirmed_at(student, mentor, moment)

    response = client_for(student).get(f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert meeting_line(response) == STUDENT_SEES[moment]


@pytest.mark.parametrize("moment", [MARCH_6, MARCH_16], ids=["6-march", "16-march"])
def test_mentor_sees_the_meeting_in_berlin_time_then_new_york_time(people, client_for, moment):
    student, mentor = people
    request = confirmed_at(student, mentor, moment)

    response = client_for(mentor).get(f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert meeting_line(response) == MENTOR_SEES[moment]


def test_proposed_times_show_in_both_zones_before_confirmation(people, client_for):
    student, mentor = people
    request = builders.send(student, mentor, now=NOW, starts=[MARCH_6, MARCH_16])

    as_student = client_for(student).get(f"/requests/{request.pk}/")
    as_mentor = client_for(mentor).get(f"/requests/{request.pk}/")

    assert offered_times(as_student) == [STUDENT_SEES[MARCH_6], STUDENT_SEES[MARCH_16]]
    assert offered_times(as_mentor) == [MENTOR_SEES[MARCH_6], MENTOR_SEES[MARCH_16]]


def test_dashboards_list_upcoming_meetings_in_each_persons_zone(people, client_for):
    student, mentor = people
    other_mentor = MentorFactory(first_name="Max", last_name="Weber")
    confirmed_at(student, mentor, MARCH_6)
    confirmed_at(student, other_mentor, MARCH_16, starts=[MARCH_16, MARCH_17])

    as_student = client_for(student).get("/dashboard/")
    as_mentor = client_for(mentor).get("/dashboard/")

    def upcoming(response):
        section = main(response).one("section", **{"aria-labelledby": "upcoming"})
        return [item.text for item in section.find_all("li")]

    assert upcoming(as_student) == [
        "Maria Mentor Fri 6 Mar 2026, 10:00 EST (16:00 CET for Maria Mentor) Video call",
        "Max Weber Mon 16 Mar 2026, 11:00 EDT (16:00 CET for Max Weber) Video call",
    ]
    assert upcoming(as_mentor) == [
        "Sophie Student Fri 6 Mar 2026, 16:00 CET (10:00 EST for Sophie Student) Video call"
    ]


def test_times_typed_in_new_york_are_stored_in_utc(people, client_for):
    student, mentor = people
    client = client_for(student)
    typed = {
        "about_me": "My name is Sophie Student. I study Computer Science.",
        "found_via": FoundVia.ALUMNI_DIRECTORY,
        "topics": [Topic.CAREER_PATH],
        "why_this_mentor": "Your move from physics into software is the path I am considering.",
        "format": MeetingFormat.VIDEO,
        "duration_minutes": "30",
        "slot_1": "2026-03-06T10:00",
        "slot_2": "2026-03-16T11:00",
    }

    preview = client.post(f"/mentors/{mentor.pk}/request/", {**typed, "step": "preview"})

    assert preview.status_code == 200
    listed = main(preview).one("article").one("ul").find_all("li")
    assert [item.text for item in listed] == [STUDENT_SEES[MARCH_6], STUDENT_SEES[MARCH_16]]

    sent = client.post(
        f"/mentors/{mentor.pk}/request/",
        {**form_values(main(preview).one("form")), "step": "send"},
    )

    assert sent.status_code == 302
    assert list(
        ProposedSlot.objects.filter(request__student=student)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    ) == [
        (MARCH_6, datetime(2026, 3, 6, 15, 30, tzinfo=UTC)),
        (MARCH_16, datetime(2026, 3, 16, 15, 30, tzinfo=UTC)),
    ]
