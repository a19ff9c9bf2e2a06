"""Changing a confirmed meeting through the pages: cancel, reschedule, details.

"Now" is frozen on Monday 2 March 2026, 12:00 UTC; the meeting is on
Thursday 5 March, 15:00 UTC. The student lives in America/New_York, the
mentor in Europe/Berlin.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.enums import MessageKind, Party, RequestStatus, TransitionEvent
from interviews.models import Meeting
from tests import builders
from tests.views.support import (
    assert_strict_page,
    db_snapshot,
    field_error,
    form_values,
    main,
    messages_of,
    non_field_errors,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
MEETING_START = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


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
def rescheduling(confirmed, student):
    """The student proposed 12 March, 10:00 in New York (14:00 UTC)."""
    return builders.propose_reschedule(
        confirmed, by=student, starts=[datetime(2026, 3, 12, 14, 0, tzinfo=UTC)]
    )


def detail_url(interview_request) -> str:
    return reverse("request_detail", args=[interview_request.pk])


def the_form(response):
    return main(response).one("form", method="post")


def meeting_of(interview_request) -> Meeting:
    return Meeting.objects.get(request=interview_request)


# --- Cancel ---------------------------------------------------------------------


@pytest.mark.parametrize("party", [Party.STUDENT, Party.MENTOR])
def test_either_participant_cancels_with_a_reason(confirmed, client_for, party):
    person = confirmed.student if party == Party.STUDENT else confirmed.mentor
    browser = client_for(person)
    page = browser.get(reverse("meeting_cancel", args=[confirmed.pk]))
    assert page.status_code == 200
    assert form_values(the_form(page))["version"] == str(confirmed.version)

    response = browser.post(
        reverse("meeting_cancel", args=[confirmed.pk]),
        {"version": confirmed.version, "reason": "I caught the flu, sorry."},
    )

    assert response["Location"] == detail_url(confirmed)
    assert messages_of(response) == [("success", "The meeting is cancelled.")]
    confirmed.refresh_from_db()
    assert confirmed.status == RequestStatus.CANCELLED
    assert meeting_of(confirmed).sequence == 1
    assert list(confirmed.messages.values_list("kind", "author_party", "body")) == [
        (MessageKind.CANCEL_REASON, party, "I caught the flu, sorry.")
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(confirmed, student, client_for, reason):
    before = db_snapshot(confirmed)

    response = client_for(student).post(
        reverse("meeting_cancel", args=[confirmed.pk]),
        {"version": confirmed.version, "reason": reason},
    )

    assert response.status_code == 400
    assert field_error(response, "reason") == "This field is required."
    assert db_snapshot(confirmed) == before
    assert_strict_page(response)


# --- Reschedule -----------------------------------------------------------------


def test_student_proposes_a_new_time_and_the_agreed_time_stands(confirmed, student, client_for):
    response = client_for(student).post(
        reverse("meeting_reschedule", args=[confirmed.pk]),
        {"version": confirmed.version, "slot_1": "2026-03-12T10:00", "note": "An exam moved."},
    )

    assert response["Location"] == detail_url(confirmed)
    assert messages_of(response) == [
        ("success", "Your new times are sent. The agreed time stands until one is picked.")
    ]
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.reschedule_proposed_by) == (
        RequestStatus.CONFIRMED,
        Party.STUDENT,
    )
    assert meeting_of(confirmed).starts_at == MEETING_START
    assert list(
        confirmed.slots.filter(round=confirmed.current_round).values_list(
            "starts_at", "proposed_by"
        )
    ) == [(datetime(2026, 3, 12, 14, 0, tzinfo=UTC), Party.STUDENT)]


def test_bad_reschedule_times_keep_what_was_typed(confirmed, mentor, client_for):
    typed = {
        "version": str(confirmed.version),
        "slot_1": "2026-03-12T16:00",
        "slot_2": "2026-03-01T09:00",
        "slot_3": "",
        "slot_4": "",
        "slot_5": "",
        "note": "A trip came up.",
    }
    before = db_snapshot(confirmed)

    response = client_for(mentor).post(reverse("meeting_reschedule", args=[confirmed.pk]), typed)

    assert response.status_code == 400
    assert field_error(response, "slot_2") == "This time is in the past."
    kept = form_values(the_form(response))
    assert {key: kept[key] for key in typed} == typed
    assert db_snapshot(confirmed) == before


def test_the_other_person_sees_the_new_times_with_accept_and_keep_options(
    rescheduling, mentor, client_for
):
    response = client_for(mentor).get(detail_url(rescheduling))

    page = main(response)
    slot = rescheduling.slots.get(round=rescheduling.current_round)
    accept = page.one("form", action=reverse("meeting_reschedule_accept", args=[rescheduling.pk]))
    assert form_values(accept) == {
        "version": str(rescheduling.version),
        "slot": str(slot.pk),
    }
    keep = page.one("a", href=reverse("meeting_reschedule_decline", args=[rescheduling.pk]))
    assert keep.text == "Keep the agreed time"
    assert_strict_page(response)


def test_mentor_accepts_the_new_time_and_the_meeting_moves(rescheduling, mentor, client_for):
    slot = rescheduling.slots.get(round=rescheduling.current_round)
    uid = meeting_of(rescheduling).calendar_uid

    response = client_for(mentor).post(
        reverse("meeting_reschedule_accept", args=[rescheduling.pk]),
        {"version": rescheduling.version, "slot": slot.pk},
    )

    assert response["Location"] == detail_url(rescheduling)
    assert messages_of(response) == [("success", "The meeting has moved to the time you picked.")]
    rescheduling.refresh_from_db()
    meeting = meeting_of(rescheduling)
    assert (meeting.starts_at, meeting.ends_at) == (slot.starts_at, slot.ends_at)
    assert (meeting.calendar_uid, meeting.sequence, meeting.reschedule_count) == (uid, 1, 1)
    assert (rescheduling.status, rescheduling.reschedule_proposed_by) == (
        RequestStatus.CONFIRMED,
        "",
    )


def test_mentor_keeps_the_agreed_time(rescheduling, mentor, client_for):
    browser = client_for(mentor)
    page = browser.get(reverse("meeting_reschedule_decline", args=[rescheduling.pk]))
    assert page.status_code == 200
    assert_strict_page(page)

    response = browser.post(
        reverse("meeting_reschedule_decline", args=[rescheduling.pk]),
        {"version": rescheduling.version, "note": "Thursday is the only day I can do."},
    )

    assert response["Location"] == detail_url(rescheduling)
    assert messages_of(response) == [("success", "You kept the agreed time.")]
    rescheduling.refresh_from_db()
    assert rescheduling.reschedule_proposed_by == ""
    assert (meeting_of(rescheduling).starts_at, meeting_of(rescheduling).sequence) == (
        MEETING_START,
        0,
    )
    assert list(rescheduling.transitions.values_list("event", flat=True))[-1] == (
        TransitionEvent.RESCHEDULE_DECLINED
    )
    assert list(rescheduling.messages.values_list("body", flat=True)) == [
        "Could we move it?",
        "Thursday is the only day I can do.",
    ]


def test_student_withdraws_the_new_times(rescheduling, student, client_for):
    response = client_for(student).post(
        reverse("meeting_reschedule_withdraw", args=[rescheduling.pk]),
        {"version": rescheduling.version},
    )

    assert response["Location"] == detail_url(rescheduling)
    assert messages_of(response) == [
        ("success", "You withdrew the new times; the agreed time stands.")
    ]
    rescheduling.refresh_from_db()
    assert rescheduling.reschedule_proposed_by == ""
    assert meeting_of(rescheduling).starts_at == MEETING_START


# --- Details --------------------------------------------------------------------


def test_details_form_starts_from_the_meetings_details(confirmed, mentor, client_for):
    response = client_for(mentor).get(reverse("meeting_details", args=[confirmed.pk]))

    values = form_values(the_form(response))
    assert (values["video_link"], values["location"], values["phone"]) == (
        "https://meet.example.com/mentor-room",
        "",
        "",
    )
    assert_strict_page(response)


def test_mentor_changes_the_video_link_and_the_student_sees_it(
    confirmed, mentor, student, client_for
):
    response = client_for(mentor).post(
        reverse("meeting_details", args=[confirmed.pk]),
        {
            "version": confirmed.version,
            "video_link": "https://meet.example.com/new-room",
            "location": "",
            "phone": "",
        },
    )

    assert response["Location"] == detail_url(confirmed)
    assert messages_of(response) == [("success", "The meeting's details are updated.")]
    meeting = meeting_of(confirmed)
    assert (meeting.video_link, meeting.sequence) == ("https://meet.example.com/new-room", 1)
    assert confirmed.transitions.last().note == "Changed: video link."
    student_page = main(client_for(student).get(detail_url(confirmed)))
    link = student_page.one("section", **{"aria-labelledby": "meeting-heading"}).one(
        "a", href="https://meet.example.com/new-room"
    )
    assert link.text == "https://meet.example.com/new-room"


def test_a_link_that_is_not_a_url_is_refused_keeping_what_was_typed(confirmed, mentor, client_for):
    typed = {"version": str(confirmed.version), "video_link": "my zoom", "location": "Lobby"}
    typed["phone"] = ""
    before = db_snapshot(confirmed)

    response = client_for(mentor).post(reverse("meeting_details", args=[confirmed.pk]), typed)

    assert response.status_code == 400
    assert field_error(response, "video_link") == "Enter a valid URL."
    kept = form_values(the_form(response))
    assert {key: kept[key] for key in typed} == typed
    assert db_snapshot(confirmed) == before


def test_saving_the_same_details_says_nothing_changed(confirmed, mentor, client_for):
    before = db_snapshot(confirmed)

    response = client_for(mentor).post(
        reverse("meeting_details", args=[confirmed.pk]),
        {
            "version": confirmed.version,
            "video_link": "https://meet.example.com/mentor-room",
            "location": "",
            "phone": "",
        },
    )

    assert response.status_code == 400
    assert non_field_errors(response) == ["Nothing changed: the details are the same as before."]
    assert db_snapshot(confirmed) == before
