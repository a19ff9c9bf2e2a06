"""Writing a request through the pages: form → preview → send.

Times are typed as the browser's datetime-local strings, in the student's
zone (America/New_York); the mentor lives in Europe/Berlin. "Now" is frozen
on Monday 2 March 2026, 12:00 UTC (07:00 in New York), a week before the
United States switch to summer time.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.enums import FoundVia, MeetingFormat, RequestStatus, Topic
from interviews.models import InterviewRequest, MentorProfile
from tests import builders
from tests.factories import StudentFactory, major
from tests.views.support import (
    assert_strict_page,
    choice_values,
    db_snapshot,
    field_error,
    form_values,
    main,
    messages_of,
    non_field_errors,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def typed(**overrides) -> dict:
    """What a student types into the form (before the step button)."""
    values = {
        "about_me": "My name is Sophie Student. I study Computer Science and graduate in 2027.",
        "found_via": FoundVia.REFERRAL,
        "referrer_name": "Prof. Ada Byron",
        "found_via_detail": "She taught my algorithms class.",
        "topics": [Topic.CAREER_PATH, Topic.INDUSTRY],
        "why_this_mentor": "You moved from physics into software; I am weighing the same move.",
        "format": MeetingFormat.VIDEO,
        "duration_minutes": "30",
        "slot_1": "2026-03-10T10:00",
        "slot_2": "2026-03-11T09:30",
        "slot_3": "",
        "slot_4": "",
        "slot_5": "",
    }
    values.update(overrides)
    return values


def request_form(response):
    return main(response).one("form", method="post")


def url(mentor) -> str:
    return reverse("request_new", args=[mentor.pk])


def test_form_prefills_about_me_from_the_profile(student, mentor, client_for):
    student.student_profile.majors.add(major("computer-science"))

    response = client_for(student).get(url(mentor))

    assert response.status_code == 200
    assert form_values(request_form(response))["about_me"] == (
        "My name is Sophie Student. I study Computer Science and graduate in 2027."
    )
    assert_strict_page(response)


def test_form_offers_only_the_formats_the_mentor_offers(student, mentor, client_for):
    response = client_for(student).get(url(mentor))

    assert choice_values(request_form(response), "format") == ["phone", "video"]


def test_form_preselects_the_only_format_a_mentor_offers(student, mentor, client_for):
    MentorProfile.objects.filter(user=mentor).update(
        offers_video=False, offers_phone=False, offers_in_person=True
    )

    response = client_for(student).get(url(mentor))

    form = request_form(response)
    assert choice_values(form, "format") == ["in_person"]
    assert form_values(form)["format"] == "in_person"


def test_preview_shows_each_time_in_both_zones(student, mentor, client_for):
    before = db_snapshot()

    response = client_for(student).post(url(mentor), {**typed(), "step": "preview"})

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/request_preview.html"
    times = [item.text for item in main(response).one("article").find_all("li")]
    assert times == [
        "Tue 10 Mar 2026, 10:00 EDT (15:00 CET for Maria Mentor)",
        "Wed 11 Mar 2026, 09:30 EDT (14:30 CET for Maria Mentor)",
    ]
    assert main(response).find_all("div", class_="alert-warning") == []
    assert db_snapshot() == before
    assert_strict_page(response)


def test_preview_shows_what_the_mentor_will_read(student, mentor, client_for):
    response = client_for(student).post(url(mentor), {**typed(), "step": "preview"})

    texts = [p.text for p in main(response).one("article").find_all("p")]
    assert texts == [
        "My name is Sophie Student. I study Computer Science and graduate in 2027.",
        "Prof. Ada Byron referred me to you. She taught my algorithms class.",
        "I'd like to learn about: your career path; your industry.",
        "You moved from physics into software; I am weighing the same move.",
        "Video call, 30 minutes, at one of these times:",
    ]


def test_preview_warns_gently_when_the_request_reads_like_a_job_application(
    student, mentor, client_for
):
    why = "I admire your team. Are you hiring interns this summer?"

    response = client_for(student).post(
        url(mentor), {**typed(why_this_mentor=why), "step": "preview"}
    )

    assert response.status_code == 200
    warning = main(response).one("div", class_="alert-warning")
    assert [p.text for p in warning.find_all("p")] == [
        "A gentle word: your request mentions “Are you hiring”.",
        "Informational interviews are for gathering information, not for asking for a job. "
        "Mentors answer more often when a request asks for their advice and experience. "
        "You can still send it as it is.",
    ]


def test_preview_carries_everything_typed_to_the_next_step(student, mentor, client_for):
    response = client_for(student).post(url(mentor), {**typed(), "step": "preview"})

    carried = form_values(main(response).one("form"))
    assert carried == typed()


def test_edit_from_the_preview_returns_the_form_with_everything_typed(student, mentor, client_for):
    browser = client_for(student)
    preview = browser.post(url(mentor), {**typed(), "step": "preview"})
    carried = form_values(main(preview).one("form"))

    response = browser.post(url(mentor), {**carried, "step": "edit"})

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/request_form.html"
    values = form_values(request_form(response))
    assert values == typed()
    assert InterviewRequest.objects.count() == 0


def test_send_from_the_preview_creates_the_request_and_opens_its_page(student, mentor, client_for):
    browser = client_for(student)
    preview = browser.post(url(mentor), {**typed(), "step": "preview"})
    carried = form_values(main(preview).one("form"))

    response = browser.post(url(mentor), {**carried, "step": "send"})

    sent = InterviewRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("request_detail", args=[sent.pk])
    assert messages_of(response) == [
        (
            "success",
            "Your request is on its way to Maria Mentor. You will hear back here and by email.",
        )
    ]
    assert (sent.student, sent.mentor, sent.status) == (student, mentor, RequestStatus.PENDING)
    assert (sent.found_via, sent.referrer_name, sent.found_via_detail) == (
        FoundVia.REFERRAL,
        "Prof. Ada Byron",
        "She taught my algorithms class.",
    )
    assert sent.topics == [Topic.CAREER_PATH, Topic.INDUSTRY]
    assert (sent.format, sent.duration_minutes) == (MeetingFormat.VIDEO, 30)
    assert list(sent.slots.values_list("starts_at", "ends_at")) == [
        (datetime(2026, 3, 10, 14, 0, tzinfo=UTC), datetime(2026, 3, 10, 14, 30, tzinfo=UTC)),
        (datetime(2026, 3, 11, 13, 30, tzinfo=UTC), datetime(2026, 3, 11, 14, 0, tzinfo=UTC)),
    ]


BAD_INPUT = {
    "one_time_only": (
        {"slot_2": ""},
        {"slot_2": "Enter a date and a time here: at least 2 times are needed."},
    ),
    "time_in_the_past": ({"slot_1": "2026-03-01T10:00"}, {"slot_1": "This time is in the past."}),
    "within_the_minimum_notice": (
        {"slot_1": "2026-03-02T20:00"},
        {"slot_1": "This is too soon: Maria Mentor needs at least 24 hours' notice."},
    ),
    "too_far_ahead": (
        {"slot_2": "2026-05-10T10:00"},
        {"slot_2": "This is too far ahead: at most 60 days."},
    ),
    "overlapping_times": (
        {"slot_2": "2026-03-10T10:15"},
        {"slot_2": "This overlaps time option 1."},
    ),
    "not_a_time": (
        {"slot_1": "next tuesday"},
        {"slot_1": "Enter a date and a time, like 2026-03-06 10:00."},
    ),
    "referral_without_a_name": (
        {"referrer_name": ""},
        {"referrer_name": "Tell the mentor who referred you."},
    ),
    "unknown_format": (
        {"format": "carrier_pigeon"},
        {"format": "Select a valid choice. carrier_pigeon is not one of the available choices."},
    ),
    "format_the_mentor_does_not_offer": (
        {"format": MeetingFormat.IN_PERSON},
        {"format": "Select a valid choice. in_person is not one of the available choices."},
    ),
    "empty_why": (
        {"why_this_mentor": ""},
        {"why_this_mentor": "Tell the mentor why you are writing to them."},
    ),
    "empty_about_me": (
        {"about_me": ""},
        {"about_me": "Introduce yourself in a sentence or two."},
    ),
    "a_bad_time_and_a_missing_field_are_both_shown": (
        {"why_this_mentor": "", "slot_2": "2026-03-10T10:15"},
        {
            "why_this_mentor": "Tell the mentor why you are writing to them.",
            "slot_2": "This overlaps time option 1.",
        },
    ),
}


@pytest.mark.parametrize("step", ["preview", "send"])
@pytest.mark.parametrize(("overrides", "errors"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_next_to_the_field_keeping_what_was_typed(
    student, mentor, client_for, step, overrides, errors
):
    before = db_snapshot()
    data = typed(**overrides)

    response = client_for(student).post(url(mentor), {**data, "step": step})

    assert response.status_code == 400
    assert response.templates[0].name == "interviews/request_form.html"
    for name, message in errors.items():
        if name == "__all__":
            assert non_field_errors(response) == [message]
        else:
            assert field_error(response, name) == message
    kept = form_values(request_form(response))
    # A radio button cannot show a choice that is not on offer.
    if "format" in errors:
        data["format"] = ""
    assert {name: kept[name] for name in data} == data
    assert db_snapshot() == before
    assert_strict_page(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_second_request_to_the_same_mentor_is_refused_before_writing(
    student, mentor, client_for, method
):
    builders.send(student, mentor)
    before = db_snapshot()

    browser = client_for(student)
    if method == "get":
        response = browser.get(url(mentor))
    else:
        response = browser.post(url(mentor), {**typed(), "step": "send"})

    assert response.status_code == 409
    assert main(response).find_all("p")[0].text == (
        "You already have an open request or a meeting with Maria Mentor."
    )
    assert db_snapshot() == before


UNAVAILABLE = {
    "at_capacity": (
        {"monthly_capacity": 1},
        "Maria Mentor has received as many requests as they can take this month. "
        "Try again next month, or find another mentor.",
    ),
    "not_accepting": (
        {"accepting_requests": False},
        "Maria Mentor is not accepting new requests at the moment.",
    ),
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("change", "reason"), UNAVAILABLE.values(), ids=UNAVAILABLE.keys())
def test_an_unavailable_mentor_gets_a_409_page_with_the_reason(
    student, mentor, client_for, method, change, reason
):
    # One request this month already (from another student).
    builders.send(StudentFactory(), mentor)
    MentorProfile.objects.filter(user=mentor).update(**change)
    before = db_snapshot()

    browser = client_for(student)
    if method == "get":
        response = browser.get(url(mentor))
    else:
        response = browser.post(url(mentor), {**typed(), "step": "send"})

    assert response.status_code == 409
    assert response.templates[0].name == "interviews/request_unavailable.html"
    content = main(response)
    assert content.one("h1").text == "You can't send Maria Mentor a request right now"
    assert content.find_all("p")[0].text == reason
    assert db_snapshot() == before
    assert_strict_page(response)
