"""Input at the edges: absurd dates, and limits a student learns before writing."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.models import ProgramSettings
from tests import builders
from tests.factories import MentorFactory
from tests.views.support import db_snapshot, field_error, main

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_time_in_year_9999_is_refused_with_a_message(student, mentor, client_for):
    before = db_snapshot()

    response = client_for(student).post(
        reverse("request_new", args=[mentor.pk]),
        {
            "about_me": "I study history.",
            "found_via": "alumni_directory",
            "why_this_mentor": "Your path interests me.",
            "format": "video",
            "duration_minutes": "30",
            "slot_1": "9999-12-31T23:50",
            "slot_2": "2026-03-10T10:00",
            "step": "preview",
        },
    )

    assert response.status_code == 400
    assert field_error(response, "slot_1") == "Enter a date within the next few months."
    assert db_snapshot() == before


def test_a_time_in_year_9999_in_a_counter_proposal_is_refused(student, mentor, client_for):
    request = builders.send(student, mentor)
    before = db_snapshot(request)

    response = client_for(mentor).post(
        reverse("request_propose", args=[request.pk]),
        {"version": request.version, "slot_1": "9999-12-31T23:50", "note": ""},
    )

    assert response.status_code == 400
    assert field_error(response, "slot_1") == "Enter a date within the next few months."
    assert db_snapshot(request) == before


def test_the_mentor_page_says_why_a_student_at_the_limit_cannot_ask(student, client_for):
    ProgramSettings.objects.update(open_request_limit=1)
    builders.send(student, MentorFactory())
    mentor = MentorFactory(first_name="Nora", last_name="Nextdoor")

    response = client_for(student).get(reverse("mentor_detail", args=[mentor.pk]))

    content = main(response)
    assert content.find_all("a", href=reverse("request_new", args=[mentor.pk])) == []
    assert content.one("div", class_="alert").text == (
        "You have 1 request waiting for an answer, the most the program allows at once. "
        "Wait for an answer or withdraw one."
    )


def test_the_request_form_states_the_real_time_rules(student, mentor, client_for):
    response = client_for(student).get(reverse("request_new", args=[mentor.pk]))

    rules = [
        paragraph.text
        for paragraph in main(response).find_all("p", class_="form-text")
        if paragraph.text.startswith("Propose two to five times")
    ]
    assert rules == [
        "Propose two to five times, in your time zone (America/New_York): at least 24 hours "
        "from now (Maria Mentor's notice), at most 60 days ahead, not overlapping each other "
        "or a meeting you already have."
    ]
