"""Answering a request through the pages: accept, other times, decline, withdraw.

"Now" is frozen on Monday 2 March 2026, 12:00 UTC. The student lives in
America/New_York, the mentor in Europe/Berlin; each types times in their own
zone.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import requests as request_rules
from interviews.enums import DeclineReason, MessageKind, Party, RequestStatus, TransitionEvent
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.views.support import (
    assert_strict_page,
    db_snapshot,
    field_error,
    form_values,
    main,
    messages_of,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pending(student, mentor):
    return builders.send(student, mentor)


def detail_url(interview_request) -> str:
    return reverse("request_detail", args=[interview_request.pk])


def current_slots(interview_request):
    return list(
        interview_request.slots.filter(round=interview_request.current_round).order_by("starts_at")
    )


def the_form(response):
    return main(response).one("form", method="post")


# --- Accept ---------------------------------------------------------------------


def test_request_page_offers_the_mentor_one_accept_form_per_time(pending, mentor, client_for):
    response = client_for(mentor).get(detail_url(pending))

    accept_url = reverse("request_accept", args=[pending.pk])
    forms = main(response).find_all("form", action=accept_url)
    assert [form_values(form) for form in forms] == [
        {"version": "1", "slot": str(slot.pk)} for slot in current_slots(pending)
    ]
    assert_strict_page(response)


def test_mentor_accepts_one_of_the_times(pending, mentor, client_for):
    chosen = current_slots(pending)[1]

    response = client_for(mentor).post(
        reverse("request_accept", args=[pending.pk]), {"version": 1, "slot": chosen.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(pending)
    assert messages_of(response) == [
        ("success", "Confirmed. You both get a calendar invitation by email.")
    ]
    pending.refresh_from_db()
    assert pending.status == RequestStatus.CONFIRMED
    assert (pending.meeting.starts_at, pending.meeting.ends_at) == (
        chosen.starts_at,
        chosen.ends_at,
    )


def test_accepting_without_choosing_a_time_changes_nothing(pending, mentor, client_for):
    before = db_snapshot(pending)

    response = client_for(mentor).post(reverse("request_accept", args=[pending.pk]), {"version": 1})

    assert response["Location"] == detail_url(pending)
    assert messages_of(response) == [("error", "Choose one of the times on offer.")]
    assert db_snapshot(pending) == before


def test_accepting_a_time_of_another_request_changes_nothing(pending, mentor, client_for):
    elsewhere = builders.send(StudentFactory(first_name="Olga", last_name="Other"), mentor)
    before = db_snapshot(pending)

    response = client_for(mentor).post(
        reverse("request_accept", args=[pending.pk]),
        {"version": 1, "slot": current_slots(elsewhere)[0].pk},
    )

    assert response["Location"] == detail_url(pending)
    assert messages_of(response) == [("error", "That time is not one of the times on offer.")]
    assert db_snapshot(pending) == before


# --- Other times ----------------------------------------------------------------


def test_propose_page_carries_the_version_the_mentor_saw(pending, mentor, client_for):
    response = client_for(mentor).get(reverse("request_propose", args=[pending.pk]))

    assert response.status_code == 200
    assert form_values(the_form(response))["version"] == "1"
    assert_strict_page(response)


def test_mentor_proposes_other_times_in_their_own_zone(pending, mentor, client_for):
    response = client_for(mentor).post(
        reverse("request_propose", args=[pending.pk]),
        {
            "version": 1,
            "slot_1": "2026-03-12T16:00",
            "slot_2": "2026-03-13T09:00",
            "note": "Evenings are hard; would one of these work?",
        },
    )

    assert response["Location"] == detail_url(pending)
    assert messages_of(response) == [("success", "Your new times are sent.")]
    pending.refresh_from_db()
    assert (pending.status, pending.current_round) == (RequestStatus.COUNTER_PROPOSED, 2)
    assert [(s.starts_at, s.proposed_by) for s in current_slots(pending)] == [
        (datetime(2026, 3, 12, 15, 0, tzinfo=UTC), Party.MENTOR),
        (datetime(2026, 3, 13, 8, 0, tzinfo=UTC), Party.MENTOR),
    ]
    assert list(pending.messages.values_list("kind", "body")) == [
        (MessageKind.NOTE, "Evenings are hard; would one of these work?")
    ]


BAD_TIMES = {
    "no_time": (
        {"slot_1": ""},
        "slot_1",
        "Enter a date and a time here: at least one time is needed.",
    ),
    "past": ({"slot_1": "2026-03-01T10:00"}, "slot_1", "This time is in the past."),
    "overlap": ({"slot_2": "2026-03-12T16:15"}, "slot_2", "This overlaps time option 1."),
    "gibberish": ({"slot_2": "soon"}, "slot_2", "Enter a date and a time, like 2026-03-06 10:00."),
}


@pytest.mark.parametrize(("overrides", "name", "message"), BAD_TIMES.values(), ids=BAD_TIMES)
def test_bad_counter_proposal_keeps_what_the_mentor_typed(
    pending, mentor, client_for, overrides, name, message
):
    typed = {
        "version": "1",
        "slot_1": "2026-03-12T16:00",
        "slot_2": "2026-03-13T09:00",
        "slot_3": "",
        "slot_4": "",
        "slot_5": "",
        "note": "Would one of these work?",
        **overrides,
    }
    before = db_snapshot(pending)

    response = client_for(mentor).post(reverse("request_propose", args=[pending.pk]), typed)

    assert response.status_code == 400
    assert field_error(response, name) == message
    kept = form_values(the_form(response))
    assert {key: kept[key] for key in typed} == typed
    assert db_snapshot(pending) == before


def test_student_accepts_a_counter_proposed_time(pending, student, client_for):
    builders.counter(pending)
    offered = current_slots(pending)[0]

    response = client_for(student).post(
        reverse("request_accept", args=[pending.pk]),
        {"version": pending.version, "slot": offered.pk},
    )

    assert response["Location"] == detail_url(pending)
    pending.refresh_from_db()
    assert pending.status == RequestStatus.CONFIRMED
    assert pending.meeting.starts_at == offered.starts_at


def test_student_proposes_again_after_a_counter_proposal(pending, student, client_for):
    builders.counter(pending)

    response = client_for(student).post(
        reverse("request_propose", args=[pending.pk]),
        {"version": pending.version, "slot_1": "2026-03-16T11:00", "note": "Mornings suit me."},
    )

    assert response["Location"] == detail_url(pending)
    pending.refresh_from_db()
    assert (pending.status, pending.current_round) == (RequestStatus.PENDING, 3)
    assert [(s.starts_at, s.proposed_by) for s in current_slots(pending)] == [
        (datetime(2026, 3, 16, 15, 0, tzinfo=UTC), Party.STUDENT)
    ]


# --- Decline --------------------------------------------------------------------


def test_decline_page_offers_similar_mentors_as_suggestions(pending, mentor, client_for):
    colleague = MentorFactory(first_name="Carla", last_name="Colleague")

    response = client_for(mentor).get(reverse("request_decline", args=[pending.pk]))

    assert response.status_code == 200
    form = the_form(response)
    # The system's own reason (a suspended person's requests) is never offered.
    assert [node.attrs["value"] for node in form.find_all("input", name="reason")] == [
        DeclineReason.TOO_BUSY,
        DeclineReason.NOT_MY_AREA,
        DeclineReason.TIMES_DONT_WORK,
        DeclineReason.OTHER,
    ]
    assert [node.attrs["value"] for node in form.find_all("input", name="suggested_mentors")] == [
        str(colleague.pk)
    ]
    assert_strict_page(response)


def test_mentor_declines_with_a_reason_and_suggests_a_colleague(
    pending, mentor, student, client_for
):
    colleague = MentorFactory(first_name="Carla", last_name="Colleague")

    response = client_for(mentor).post(
        reverse("request_decline", args=[pending.pk]),
        {
            "version": 1,
            "reason": DeclineReason.NOT_MY_AREA,
            "message": "Carla knows this field far better than I do.",
            "suggested_mentors": [colleague.pk],
        },
    )

    assert response["Location"] == detail_url(pending)
    pending.refresh_from_db()
    assert pending.status == RequestStatus.DECLINED
    assert pending.decline_reason == DeclineReason.NOT_MY_AREA
    assert list(pending.suggested_mentors.all()) == [colleague]
    assert list(pending.messages.values_list("kind", "body")) == [
        (MessageKind.DECLINE_REASON, "Carla knows this field far better than I do.")
    ]
    student_page = main(client_for(student).get(detail_url(pending)))
    section = student_page.one("section", **{"aria-labelledby": "declined-heading"})
    assert section.one("h3").text == "Maria Mentor suggests you talk with"
    link = section.one("a")
    assert (link.attrs["href"], link.text) == (
        reverse("mentor_detail", args=[colleague.pk]),
        "Carla Colleague",
    )


def test_declining_for_another_reason_needs_a_few_words(pending, mentor, client_for):
    before = db_snapshot(pending)

    response = client_for(mentor).post(
        reverse("request_decline", args=[pending.pk]),
        {"version": 1, "reason": DeclineReason.OTHER, "message": "  "},
    )

    assert response.status_code == 400
    assert field_error(response, "message") == "Tell the student in a few words why you decline."
    assert form_values(the_form(response))["reason"] == DeclineReason.OTHER
    assert db_snapshot(pending) == before


# --- Withdraw -------------------------------------------------------------------


def test_student_withdraws_a_pending_request_with_a_note(pending, student, client_for):
    page = client_for(student).get(reverse("request_withdraw", args=[pending.pk]))
    assert page.status_code == 200
    assert form_values(the_form(page))["version"] == "1"

    response = client_for(student).post(
        reverse("request_withdraw", args=[pending.pk]),
        {"version": 1, "note": "I found an internship advisor in the meantime."},
    )

    assert response["Location"] == detail_url(pending)
    assert messages_of(response) == [("success", "You withdrew the request.")]
    pending.refresh_from_db()
    assert pending.status == RequestStatus.WITHDRAWN
    assert list(pending.transitions.values_list("event", flat=True)) == [
        TransitionEvent.SENT,
        TransitionEvent.WITHDRAWN,
    ]
    assert list(pending.messages.values_list("kind", "body")) == [
        (MessageKind.WITHDRAW_REASON, "I found an internship advisor in the meantime.")
    ]


def test_student_withdraws_after_a_counter_proposal(pending, student, client_for):
    builders.counter(pending)

    response = client_for(student).post(
        reverse("request_withdraw", args=[pending.pk]), {"version": pending.version, "note": ""}
    )

    assert response["Location"] == detail_url(pending)
    pending.refresh_from_db()
    assert pending.status == RequestStatus.WITHDRAWN
    # The mentor's note stays; an empty withdrawal note adds nothing.
    assert list(pending.messages.values_list("kind", "body")) == [
        (MessageKind.NOTE, "Could one of these work?")
    ]


def test_a_closed_request_offers_no_answers(pending, mentor, client_for):
    request_rules.withdraw_request(
        request_id=pending.pk, student=pending.student, expected_version=1
    )

    response = client_for(mentor).get(detail_url(pending))

    assert main(response).find_all("form") == []
    for name in ("request_propose", "request_decline"):
        assert main(response).find_all("a", href=reverse(name, args=[pending.pk])) == []
