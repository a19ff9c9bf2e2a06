"""The confirmed meeting: cancel, reschedule (propose, accept, decline, withdraw)
and changing its details — what each records, and every refusal."""

from datetime import timedelta

import pytest

from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.domain.errors import NotAllowed, StaleRequest
from interviews.enums import MessageKind, Party, RequestStatus
from interviews.models import Meeting, Message
from tests import builders
from tests.domain.support import (
    NOW,
    day,
    set_program,
    slot_of,
    slot_times,
    state_of,
    transitions_of,
)

LATER = NOW + timedelta(hours=1)
# builders.confirm puts the meeting on the first default time: day 3, 15:00–15:30 UTC.
MEETING_START, MEETING_END = day(3), day(3, 15, 30)
CONFIRMED = RequestStatus.CONFIRMED


@pytest.fixture
def confirmed(student, mentor):
    return builders.confirm(student, mentor, now=NOW)


def meeting_of(request) -> Meeting:
    return Meeting.objects.get(request=request)


def propose(request, user, starts, *, now=LATER, note="Could we move it?"):
    meeting_rules.propose_reschedule(
        request_id=request.pk,
        user=user,
        slot_starts=starts,
        note=note,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


def accept_new_time(request, user, slot, *, now=LATER):
    meeting = meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=user,
        slot_id=slot.pk,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return meeting


def change_details(request, user, *, now=LATER, **values):
    details = {
        "location": "",
        "video_link": "https://meet.example.com/mentor-room",
        "phone": "",
        **values,
    }
    return meeting_rules.update_meeting_details(
        request_id=request.pk,
        mentor=user,
        expected_version=request.version,
        now=now,
        **details,
    )


def test_confirmed_meeting_starts_with_sequence_zero(confirmed):
    meeting = meeting_of(confirmed)

    assert (meeting.starts_at, meeting.ends_at, meeting.sequence) == (
        MEETING_START,
        MEETING_END,
        0,
    )


# Cancelling --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_either_participant_cancels_and_the_sequence_grows(confirmed, who):
    person = getattr(confirmed, who)
    uid = meeting_of(confirmed).calendar_uid

    meeting_rules.cancel_meeting(
        request_id=confirmed.pk,
        user=person,
        reason="  Something came up.  ",
        expected_version=confirmed.version,
        now=LATER,
    )

    confirmed.refresh_from_db()
    meeting = meeting_of(confirmed)
    assert confirmed.status == RequestStatus.CANCELLED
    assert confirmed.cancelled_at == LATER
    assert confirmed.version == 3
    assert (meeting.starts_at, meeting.sequence, meeting.calendar_uid) == (MEETING_START, 1, uid)
    assert transitions_of(confirmed)[-1] == (
        "cancelled",
        CONFIRMED,
        RequestStatus.CANCELLED,
        person.pk,
        who,
        "Something came up.",
    )
    assert list(
        Message.objects.filter(request=confirmed).values_list(
            "author_id", "author_party", "kind", "body"
        )
    ) == [(person.pk, who, MessageKind.CANCEL_REASON, "Something came up.")]


def test_cancel_refuses_an_empty_reason(confirmed):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        meeting_rules.cancel_meeting(
            request_id=confirmed.pk,
            user=confirmed.student,
            reason="   ",
            expected_version=confirmed.version,
            now=LATER,
        )

    assert refusal.value.message == "Tell the other person in a few words why you cancel."
    assert state_of(confirmed) == before


def test_cancelling_a_pending_request_is_refused(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        builders.cancel(request, now=LATER)

    assert refusal.value.message == (
        "This request is waiting for the mentor; there is no upcoming meeting to change."
    )
    assert state_of(request) == before


def test_cancelling_twice_is_refused(confirmed):
    request = builders.cancel(confirmed, now=LATER)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        builders.cancel(request, by=request.mentor, now=LATER)

    assert refusal.value.message == (
        "This request is cancelled; there is no upcoming meeting to change."
    )
    assert state_of(request) == before


def test_cancelling_a_meeting_that_has_ended_is_refused(confirmed):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        builders.cancel(confirmed, now=MEETING_END)

    assert refusal.value.message == "This meeting is over; it can no longer be changed."
    assert state_of(confirmed) == before


def test_a_meeting_under_way_can_still_be_cancelled(confirmed):
    request = builders.cancel(confirmed, now=MEETING_END - timedelta(minutes=1))

    assert request.status == RequestStatus.CANCELLED


def test_a_third_person_cannot_cancel(confirmed, other_student):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        builders.cancel(confirmed, by=other_student, now=LATER)

    assert refusal.value.message == "Only the student and the mentor of this request can do that."
    assert state_of(confirmed) == before


def test_cancel_with_a_stale_version_is_refused(confirmed):
    before = state_of(confirmed)

    with pytest.raises(StaleRequest):
        meeting_rules.cancel_meeting(
            request_id=confirmed.pk,
            user=confirmed.student,
            reason="Something came up.",
            expected_version=confirmed.version - 1,
            now=LATER,
        )

    assert state_of(confirmed) == before


def test_cancel_while_a_reschedule_waits_ends_the_reschedule_too(confirmed):
    request = propose(confirmed, confirmed.student, [day(12)])

    request = builders.cancel(request, by=request.mentor, now=LATER)

    assert (request.status, request.reschedule_proposed_by) == (RequestStatus.CANCELLED, "")
    assert request.awaiting_party == ""


# Rescheduling ------------------------------------------------------------------------


def test_propose_reschedule_keeps_the_agreed_time(confirmed):
    request = propose(confirmed, confirmed.student, [day(13), day(12)], note=" Could we move it? ")

    meeting = meeting_of(request)
    assert request.status == CONFIRMED
    assert request.version == 3
    assert request.current_round == 2
    assert request.awaiting_since == LATER
    assert request.reschedule_proposed_by == Party.STUDENT
    assert request.awaiting_party == Party.MENTOR
    assert (meeting.starts_at, meeting.ends_at, meeting.sequence) == (
        MEETING_START,
        MEETING_END,
        0,
    )
    assert slot_times(request, 2) == [
        (day(12), day(12, 15, 30), Party.STUDENT),
        (day(13), day(13, 15, 30), Party.STUDENT),
    ]
    assert transitions_of(request)[-1] == (
        "reschedule_proposed",
        CONFIRMED,
        CONFIRMED,
        request.student_id,
        Party.STUDENT,
        "Could we move it?",
    )
    assert Message.objects.get(request=request).body == "Could we move it?"


def test_propose_reschedule_may_overlap_the_meeting_it_replaces(confirmed):
    request = propose(confirmed, confirmed.mentor, [day(3, 15, 15)])

    assert slot_times(request, 2) == [(day(3, 15, 15), day(3, 15, 45), Party.MENTOR)]


def test_accept_reschedule_moves_the_same_meeting(confirmed):
    uid = meeting_of(confirmed).calendar_uid
    request = propose(confirmed, confirmed.student, [day(12), day(13)])
    accepted_at = LATER + timedelta(hours=1)

    meeting = accept_new_time(request, request.mentor, slot_of(request, 2, 1), now=accepted_at)

    assert (meeting.starts_at, meeting.ends_at) == (day(13), day(13, 15, 30))
    assert (meeting.sequence, meeting.reschedule_count, meeting.calendar_uid) == (1, 1, uid)
    assert Meeting.objects.filter(request=request).count() == 1
    assert request.status == CONFIRMED
    assert request.version == 4
    assert request.reschedule_proposed_by == ""
    assert transitions_of(request)[-1] == (
        "rescheduled",
        CONFIRMED,
        CONFIRMED,
        request.mentor_id,
        Party.MENTOR,
        "",
    )


def test_the_proposer_cannot_accept_their_own_new_time(confirmed):
    request = propose(confirmed, confirmed.student, [day(12)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept_new_time(request, request.student, slot_of(request, 2))

    assert refusal.value.message == "You proposed these times; the other person picks one."
    assert state_of(request) == before


def test_accept_reschedule_refuses_a_time_of_the_original_round(confirmed):
    request = propose(confirmed, confirmed.mentor, [day(12)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept_new_time(request, request.student, slot_of(request, 1, 2))

    assert refusal.value.message == "That time is not one of the times on offer."
    assert state_of(request) == before


def test_accept_reschedule_refuses_a_new_time_that_has_started(confirmed):
    # Day 2 comes before the meeting on day 3, so the meeting is not over yet.
    request = propose(confirmed, confirmed.mentor, [day(2)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept_new_time(request, request.student, slot_of(request, 2), now=day(2))

    assert refusal.value.message == (
        "That time has already started, so it can no longer be accepted. "
        "Keep the agreed time or propose other times."
    )
    assert state_of(request) == before


def test_accept_reschedule_refuses_a_time_the_other_person_has_since_filled(
    confirmed, other_student
):
    request = propose(confirmed, confirmed.student, [day(12)])
    other = builders.send(other_student, confirmed.mentor, now=NOW, starts=[day(12), day(14)])
    request_rules.accept_slot(
        request_id=other.pk,
        user=confirmed.mentor,
        slot_id=slot_of(other, 1, 0).pk,
        expected_version=other.version,
        now=NOW,
    )
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept_new_time(request, request.mentor, slot_of(request, 2))

    assert refusal.value.message == "You already have a confirmed meeting at this time."
    assert state_of(request) == before


def test_decline_reschedule_keeps_the_agreed_time(confirmed):
    request = propose(confirmed, confirmed.student, [day(12)])

    meeting_rules.decline_reschedule(
        request_id=request.pk,
        user=request.mentor,
        note=" That week is full. ",
        expected_version=request.version,
        now=LATER,
    )

    request.refresh_from_db()
    meeting = meeting_of(request)
    assert (request.status, request.reschedule_proposed_by) == (CONFIRMED, "")
    assert (meeting.starts_at, meeting.sequence, meeting.reschedule_count) == (MEETING_START, 0, 0)
    assert transitions_of(request)[-1] == (
        "reschedule_declined",
        CONFIRMED,
        CONFIRMED,
        request.mentor_id,
        Party.MENTOR,
        "That week is full.",
    )
    assert Message.objects.filter(request=request).last().body == "That week is full."


def test_the_proposer_cannot_decline_their_own_new_times(confirmed):
    request = propose(confirmed, confirmed.mentor, [day(12)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        meeting_rules.decline_reschedule(
            request_id=request.pk, user=request.mentor, expected_version=request.version, now=LATER
        )

    assert refusal.value.message == "You proposed these times; you can withdraw them instead."
    assert state_of(request) == before


def test_withdraw_reschedule_keeps_the_agreed_time(confirmed):
    request = propose(confirmed, confirmed.mentor, [day(12)])

    meeting_rules.withdraw_reschedule(
        request_id=request.pk, user=request.mentor, expected_version=request.version, now=LATER
    )

    request.refresh_from_db()
    meeting = meeting_of(request)
    assert (request.status, request.reschedule_proposed_by) == (CONFIRMED, "")
    assert (meeting.starts_at, meeting.sequence) == (MEETING_START, 0)
    assert transitions_of(request)[-1] == (
        "reschedule_withdrawn",
        CONFIRMED,
        CONFIRMED,
        request.mentor_id,
        Party.MENTOR,
        "",
    )


def test_only_the_proposer_can_withdraw_new_times(confirmed):
    request = propose(confirmed, confirmed.mentor, [day(12)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        meeting_rules.withdraw_reschedule(
            request_id=request.pk, user=request.student, expected_version=request.version, now=LATER
        )

    assert refusal.value.message == "Only the person who proposed the new times can withdraw them."
    assert state_of(request) == before


@pytest.mark.parametrize(
    "answer",
    [
        lambda request, **common: meeting_rules.accept_reschedule(
            slot_id=slot_of(request, 1).pk, **common
        ),
        lambda request, **common: meeting_rules.decline_reschedule(**common),
        lambda request, **common: meeting_rules.withdraw_reschedule(**common),
    ],
    ids=["accept", "decline", "withdraw"],
)
def test_answering_a_reschedule_that_is_not_there_is_refused(confirmed, answer):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        answer(
            confirmed,
            request_id=confirmed.pk,
            user=confirmed.student,
            expected_version=confirmed.version,
            now=LATER,
        )

    assert refusal.value.message == "No new times are waiting for an answer."
    assert state_of(confirmed) == before


@pytest.mark.parametrize("second_proposer", ["student", "mentor"])
def test_a_second_reschedule_while_one_waits_is_refused(confirmed, second_proposer):
    request = propose(confirmed, confirmed.student, [day(12)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose(request, getattr(request, second_proposer), [day(14)])

    assert refusal.value.message == (
        "New times are already waiting for an answer: answer them, or withdraw them first."
    )
    assert state_of(request) == before


def test_reschedule_limit_refuses_moving_the_meeting_again(confirmed):
    set_program(max_proposal_rounds=2)
    request = confirmed
    for first_day in (10, 20):
        request = propose(request, request.student, [day(first_day)])
        accept_new_time(request, request.mentor, slot_of(request, request.current_round))
    assert meeting_of(request).reschedule_count == 2
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose(request, request.mentor, [day(30)])

    assert refusal.value.message == (
        "New times have been proposed for this meeting 2 times, the most the program "
        "allows. Keep this time or cancel the meeting."
    )
    assert state_of(request) == before


def test_rescheduling_a_meeting_that_has_ended_is_refused(confirmed):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        propose(confirmed, confirmed.student, [day(12)], now=MEETING_END + timedelta(hours=1))

    assert refusal.value.message == "This meeting is over; it can no longer be changed."
    assert state_of(confirmed) == before


def test_accepting_new_times_after_the_meeting_ended_is_refused(confirmed):
    request = propose(confirmed, confirmed.student, [day(12)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept_new_time(request, request.mentor, slot_of(request, 2), now=MEETING_END)

    assert refusal.value.message == "This meeting is over; it can no longer be changed."
    assert state_of(request) == before


def test_rescheduling_a_pending_request_is_refused(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose(request, student, [day(12)])

    assert refusal.value.message == (
        "This request is waiting for the mentor; there is no upcoming meeting to change."
    )
    assert state_of(request) == before


# Changing the details ----------------------------------------------------------------


def test_mentor_changes_the_video_link_and_the_sequence_grows(confirmed):
    uid = meeting_of(confirmed).calendar_uid

    meeting = change_details(
        confirmed, confirmed.mentor, video_link="  https://meet.example.com/new-room  "
    )

    confirmed.refresh_from_db()
    assert (meeting.video_link, meeting.location, meeting.phone) == (
        "https://meet.example.com/new-room",
        "",
        "",
    )
    assert (meeting.sequence, meeting.calendar_uid, meeting.starts_at) == (1, uid, MEETING_START)
    assert confirmed.version == 3
    assert transitions_of(confirmed)[-1] == (
        "details_changed",
        CONFIRMED,
        CONFIRMED,
        confirmed.mentor_id,
        Party.MENTOR,
        "Changed: video link.",
    )


def test_changing_several_details_names_each_in_the_history(confirmed):
    change_details(
        confirmed,
        confirmed.mentor,
        location="Room 4, Main Library",
        video_link="",
        phone="+49 30 7654321",
    )

    assert transitions_of(confirmed)[-1][5] == "Changed: place, video link, phone number."
    meeting = meeting_of(confirmed)
    assert (meeting.location, meeting.video_link, meeting.phone, meeting.sequence) == (
        "Room 4, Main Library",
        "",
        "+49 30 7654321",
        1,
    )


@pytest.mark.parametrize(
    "link", ["https://meet.example.com/mentor-room", "  https://meet.example.com/mentor-room "]
)
def test_changing_nothing_is_refused(confirmed, link):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        change_details(confirmed, confirmed.mentor, video_link=link)

    assert refusal.value.message == "Nothing changed: the details are the same as before."
    assert state_of(confirmed) == before


def test_student_cannot_change_the_meeting_details(confirmed):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        change_details(confirmed, confirmed.student, video_link="https://evil.example.com/")

    assert refusal.value.message == "Only the mentor can change the meeting's details."
    assert state_of(confirmed) == before


def test_changing_details_after_the_meeting_ended_is_refused(confirmed):
    before = state_of(confirmed)

    with pytest.raises(NotAllowed) as refusal:
        change_details(
            confirmed, confirmed.mentor, video_link="https://meet.example.com/x", now=MEETING_END
        )

    assert refusal.value.message == "This meeting is over; it can no longer be changed."
    assert state_of(confirmed) == before
