"""Sending a request: what is recorded, and the request's own rules."""

from datetime import timedelta

import pytest

from interviews.domain import requests as request_rules
from interviews.domain.errors import NotAllowed
from interviews.enums import FoundVia, MeetingFormat, Party, RequestStatus, Topic
from tests import builders
from tests.domain.support import NOW, day, row_counts, slot_times, transitions_of
from tests.factories import MentorFactory


def test_send_creates_pending_request_with_round_one_times(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=[day(3), day(5), day(4)])

    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert request.version == 1
    assert request.current_round == 1
    assert request.sent_at == NOW
    assert request.awaiting_since == NOW
    assert request.first_response_at is None
    assert request.confirmed_at is None
    assert slot_times(request, 1) == [
        (day(3), day(3, 15, 30), Party.STUDENT),
        (day(4), day(4, 15, 30), Party.STUDENT),
        (day(5), day(5, 15, 30), Party.STUDENT),
    ]
    assert transitions_of(request) == [
        ("sent", "", RequestStatus.PENDING, student.pk, Party.STUDENT, ""),
    ]


def test_send_stores_the_four_parts_trimmed(student, mentor):
    request = builders.send(
        student,
        mentor,
        now=NOW,
        about_me="  I study history.  ",
        found_via=FoundVia.REFERRAL,
        referrer_name="  Prof. Ada Lovelace ",
        found_via_detail=" Her seminar ",
        topics=[Topic.JOB, Topic.GRAD_SCHOOL],
        why_this_mentor=" You moved from history to data science. ",
        format=MeetingFormat.PHONE,
        duration_minutes=45,
    )

    request.refresh_from_db()
    assert (
        request.about_me,
        request.found_via,
        request.referrer_name,
        request.found_via_detail,
        request.topics,
        request.why_this_mentor,
        request.format,
        request.duration_minutes,
    ) == (
        "I study history.",
        FoundVia.REFERRAL,
        "Prof. Ada Lovelace",
        "Her seminar",
        [Topic.JOB, Topic.GRAD_SCHOOL],
        "You moved from history to data science.",
        MeetingFormat.PHONE,
        45,
    )
    assert slot_times(request, 1)[0] == (day(3), day(3) + timedelta(minutes=45), Party.STUDENT)


@pytest.mark.parametrize("minutes", [15, 30, 45, 60])
def test_send_accepts_every_allowed_duration(student, mentor, minutes):
    request = builders.send(student, mentor, now=NOW, duration_minutes=minutes)

    assert request.duration_minutes == minutes
    first = slot_times(request, 1)[0]
    assert first[1] - first[0] == timedelta(minutes=minutes)


@pytest.mark.parametrize("minutes", [0, 10, 20, 90])
def test_send_refuses_other_durations(student, mentor, minutes):
    before = row_counts()

    with pytest.raises(NotAllowed) as refusal:
        builders.send(student, mentor, now=NOW, duration_minutes=minutes)

    assert refusal.value.message == "A conversation lasts 15, 30, 45 or 60 minutes."
    assert row_counts() == before


def test_send_refuses_format_the_mentor_does_not_offer(student, mentor):
    before = row_counts()

    with pytest.raises(NotAllowed) as refusal:
        builders.send(student, mentor, now=NOW, format=MeetingFormat.IN_PERSON)

    assert refusal.value.message == "Maria Mentor offers: phone call, video call."
    assert row_counts() == before


def test_send_accepts_in_person_when_the_mentor_offers_it(student):
    mentor = MentorFactory(profile__offers_in_person=True, profile__offers_phone=False)

    request = builders.send(student, mentor, now=NOW, format=MeetingFormat.IN_PERSON)

    assert request.format == MeetingFormat.IN_PERSON


@pytest.mark.parametrize("referrer", ["", "   "])
def test_send_refuses_referral_without_the_referrers_name(student, mentor, referrer):
    before = row_counts()

    with pytest.raises(NotAllowed) as refusal:
        builders.send(student, mentor, now=NOW, found_via=FoundVia.REFERRAL, referrer_name=referrer)

    assert refusal.value.message == "Tell the mentor who referred you."
    assert row_counts() == before


def test_send_refuses_unknown_topic(student, mentor):
    with pytest.raises(NotAllowed) as refusal:
        builders.send(student, mentor, now=NOW, topics=["salary"])

    assert refusal.value.message == "Some of the choices in the request are not ones we offer."
    assert row_counts()["requests"] == 0


def test_send_refuses_a_sender_who_is_not_a_student(mentor, other_mentor):
    with pytest.raises(NotAllowed) as refusal:
        builders.send(other_mentor, mentor, now=NOW)

    assert refusal.value.message == "Only students can request informational interviews."
    assert row_counts()["requests"] == 0


def test_send_refuses_a_recipient_who_is_not_a_mentor(student, other_student):
    with pytest.raises(NotAllowed) as refusal:
        builders.send(student, other_student, now=NOW)

    assert refusal.value.message == "This person is not a mentor."
    assert row_counts()["requests"] == 0


def test_check_request_validates_without_writing_anything(student, mentor):
    slots = request_rules.check_request(
        student=student,
        mentor=mentor,
        draft=builders.draft(duration_minutes=15),
        slot_starts=[day(3), day(4)],
        now=NOW,
    )

    assert [(slot.starts_at, slot.ends_at) for slot in slots] == [
        (day(3), day(3, 15, 15)),
        (day(4), day(4, 15, 15)),
    ]
    assert row_counts() == {
        "requests": 0,
        "transitions": 0,
        "messages": 0,
        "slots": 0,
        "meetings": 0,
    }
