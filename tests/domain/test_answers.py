"""Answering a request before a meeting exists: accept, counter-propose,
propose again, decline, withdraw — what each records, and every refusal."""

from datetime import timedelta

import pytest

from interviews.domain import requests as request_rules
from interviews.domain.errors import NotAllowed, StaleRequest
from interviews.enums import (
    ApprovalState,
    DeclineReason,
    MeetingFormat,
    MessageKind,
    Party,
    RequestStatus,
)
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
from tests.factories import MentorFactory, StudentFactory

SENT = ("sent", "", RequestStatus.PENDING)


def accept(request, user, slot, *, now, version=None):
    return request_rules.accept_slot(
        request_id=request.pk,
        user=user,
        slot_id=slot.pk,
        expected_version=request.version if version is None else version,
        now=now,
    )


def counter(request, *, now, starts, note="Could one of these work?", by=None):
    request_rules.counter_propose(
        request_id=request.pk,
        mentor=by or request.mentor,
        slot_starts=starts,
        note=note,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


def propose_again(request, *, now, starts, note="Would these suit you?", by=None):
    request_rules.propose_again(
        request_id=request.pk,
        student=by or request.student,
        slot_starts=starts,
        note=note,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


def messages_of(request):
    return list(
        Message.objects.filter(request=request).values_list(
            "author_id", "author_party", "kind", "body", "created_at"
        )
    )


# Accepting --------------------------------------------------------------------------


def test_mentor_accepts_a_time_and_the_meeting_has_the_slots_times(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    later = NOW + timedelta(hours=5)

    meeting = accept(request, mentor, slot_of(request, 1, 1), now=later)

    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert request.version == 2
    assert request.confirmed_at == later
    assert request.first_response_at == later
    assert (meeting.starts_at, meeting.ends_at, meeting.format) == (
        day(4),
        day(4, 15, 30),
        MeetingFormat.VIDEO,
    )
    assert (meeting.sequence, meeting.reschedule_count) == (0, 0)
    assert Meeting.objects.get(request=request).pk == meeting.pk
    assert transitions_of(request) == [
        (*SENT, student.pk, Party.STUDENT, ""),
        ("accepted", RequestStatus.PENDING, RequestStatus.CONFIRMED, mentor.pk, Party.MENTOR, ""),
    ]


@pytest.mark.parametrize(
    ("meeting_format", "details"),
    [
        (MeetingFormat.VIDEO, ("https://meet.example.com/mentor-room", "", "")),
        (MeetingFormat.PHONE, ("", "", "+49 30 1234567")),
        (MeetingFormat.IN_PERSON, ("", "Café Central, Berlin", "")),
    ],
)
def test_accept_copies_only_the_contact_details_of_the_format(student, meeting_format, details):
    mentor = MentorFactory(profile__offers_in_person=True)
    request = builders.send(student, mentor, now=NOW, format=meeting_format)

    meeting = accept(request, mentor, slot_of(request, 1), now=NOW)

    assert meeting.format == meeting_format
    assert (meeting.video_link, meeting.location, meeting.phone) == details


def test_accept_refuses_a_time_that_has_started(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, mentor, slot_of(request, 1, 0), now=day(3))

    assert refusal.value.message == (
        "That time has already started, so it can no longer be accepted. "
        "Propose other times instead."
    )
    assert state_of(request) == before


def test_accept_refuses_a_time_of_another_request(student, mentor, other_student):
    request = builders.send(student, mentor, now=NOW)
    elsewhere = builders.send(other_student, mentor, now=NOW, starts=[day(6), day(7)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, mentor, slot_of(elsewhere, 1), now=NOW)

    assert refusal.value.message == "That time is not one of the times on offer."
    assert state_of(request) == before


def test_accept_refuses_a_time_of_an_older_round(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    request = counter(request, now=NOW, starts=[day(10)])
    request = propose_again(request, now=NOW, starts=[day(12)])
    request = counter(request, now=NOW, starts=[day(14)])
    before = state_of(request)

    # Round 2 was the mentor's, but round 4 is the one on offer now.
    with pytest.raises(NotAllowed) as refusal:
        accept(request, student, slot_of(request, 2), now=NOW)

    assert refusal.value.message == "That time is not one of the times on offer."
    assert state_of(request) == before


def test_student_cannot_accept_their_own_time_while_the_mentor_is_to_answer(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, student, slot_of(request, 1), now=NOW)

    assert refusal.value.message == (
        "The request is waiting for the other person's answer, not yours."
    )
    assert state_of(request) == before


def test_mentor_cannot_accept_their_own_counter_proposed_time(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    request = counter(request, now=NOW, starts=[day(10)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, mentor, slot_of(request, 2), now=NOW)

    assert refusal.value.message == (
        "The request is waiting for the other person's answer, not yours."
    )
    assert state_of(request) == before


def test_a_third_person_cannot_accept(student, mentor, other_mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, other_mentor, slot_of(request, 1), now=NOW)

    assert refusal.value.message == "Only the student and the mentor of this request can do that."
    assert state_of(request) == before


def test_accept_with_a_stale_version_is_refused(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    request = counter(request, now=NOW, starts=[day(10)])
    before = state_of(request)

    with pytest.raises(StaleRequest) as refusal:
        accept(request, student, slot_of(request, 2), now=NOW, version=1)

    assert refusal.value.message == (
        "This request changed while you were looking at it (perhaps in another tab). "
        "Nothing was changed; here is where it stands now."
    )
    assert state_of(request) == before


def test_accepting_a_declined_request_is_refused(student, mentor):
    request = builders.decline(builders.send(student, mentor, now=NOW), now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, mentor, slot_of(request, 1), now=NOW)

    assert refusal.value.message == "This request is declined; it can't be answered now."
    assert state_of(request) == before


def test_accepting_twice_is_refused(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    accept(request, mentor, slot_of(request, 1, 0), now=NOW)
    request.refresh_from_db()
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, mentor, slot_of(request, 1, 1), now=NOW)

    assert refusal.value.message == "This request is confirmed; it can't be answered now."
    assert state_of(request) == before


def test_mentor_cannot_accept_a_time_that_overlaps_their_confirmed_meeting(
    student, mentor, other_student
):
    first = builders.send(student, mentor, now=NOW, starts=[day(4), day(5)])
    second = builders.send(other_student, mentor, now=NOW, starts=[day(4, 15, 15), day(6)])
    accept(second, mentor, slot_of(second, 1, 0), now=NOW)
    before = state_of(first)

    with pytest.raises(NotAllowed) as refusal:
        accept(first, mentor, slot_of(first, 1, 0), now=NOW)

    assert refusal.value.message == "You already have a confirmed meeting at this time."
    assert state_of(first) == before


def test_student_cannot_accept_a_time_the_mentor_has_since_filled(student, mentor, other_student):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    other = builders.send(other_student, mentor, now=NOW, starts=[day(10), day(11)])
    accept(other, mentor, slot_of(other, 1, 0), now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        accept(request, student, slot_of(request, 2), now=NOW)

    # The student learns the mentor is busy, nothing about the other meeting.
    assert refusal.value.message == "Maria Mentor is not available at this time."
    assert state_of(request) == before


# Counter-proposing -------------------------------------------------------------------


def test_counter_propose_opens_round_two_and_waits_for_the_student(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    later = NOW + timedelta(hours=1)

    request = counter(request, now=later, starts=[day(11), day(10)], note="  Could these work? ")

    assert request.status == RequestStatus.COUNTER_PROPOSED
    assert request.version == 2
    assert request.current_round == 2
    assert request.awaiting_since == later
    assert request.first_response_at == later
    assert request.awaiting_party == Party.STUDENT
    assert slot_times(request, 2) == [
        (day(10), day(10, 15, 30), Party.MENTOR),
        (day(11), day(11, 15, 30), Party.MENTOR),
    ]
    assert len(slot_times(request, 1)) == 3
    assert messages_of(request) == [
        (mentor.pk, Party.MENTOR, MessageKind.NOTE, "Could these work?", later)
    ]
    assert transitions_of(request)[1:] == [
        (
            "counter_proposed",
            RequestStatus.PENDING,
            RequestStatus.COUNTER_PROPOSED,
            mentor.pk,
            Party.MENTOR,
            "Could these work?",
        )
    ]


def test_counter_propose_without_a_note_stores_no_message(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(9)], note="")

    assert messages_of(request) == []
    assert transitions_of(request)[1][5] == ""


def test_student_accepts_a_counter_proposed_time(student, mentor):
    request = counter(
        builders.send(student, mentor, now=NOW),
        now=NOW + timedelta(hours=1),
        starts=[day(10), day(11)],
    )
    later = NOW + timedelta(hours=2)

    meeting = accept(request, student, slot_of(request, 2, 1), now=later)

    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert request.version == 3
    assert request.confirmed_at == later
    # The mentor's first answer was the counter-proposal; the student's does not count.
    assert request.first_response_at == NOW + timedelta(hours=1)
    assert (meeting.starts_at, meeting.ends_at) == (day(11), day(11, 15, 30))
    assert meeting.video_link == "https://meet.example.com/mentor-room"
    assert transitions_of(request)[2:] == [
        (
            "accepted",
            RequestStatus.COUNTER_PROPOSED,
            RequestStatus.CONFIRMED,
            student.pk,
            Party.STUDENT,
            "",
        )
    ]


def test_student_cannot_counter_propose(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        counter(request, now=NOW, starts=[day(10)], by=student)

    assert refusal.value.message == "Only the mentor can propose other times here."
    assert state_of(request) == before


def test_a_third_person_cannot_counter_propose(student, mentor, other_mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        counter(request, now=NOW, starts=[day(10)], by=other_mentor)

    assert refusal.value.message == "Only the student and the mentor of this request can do that."
    assert state_of(request) == before


def test_mentor_cannot_counter_propose_twice_in_a_row(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        counter(request, now=NOW, starts=[day(12)])

    assert refusal.value.message == (
        "The request is waiting for the other person's answer, not yours."
    )
    assert state_of(request) == before


def test_counter_propose_with_a_stale_version_is_refused(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(StaleRequest):
        request_rules.counter_propose(
            request_id=request.pk,
            mentor=mentor,
            slot_starts=[day(10)],
            expected_version=request.version + 1,
            now=NOW,
        )

    assert state_of(request) == before


# Proposing again and the round limit --------------------------------------------------


def test_student_proposes_again_and_the_request_waits_for_the_mentor(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    later = NOW + timedelta(days=1)

    request = propose_again(request, now=later, starts=[day(12), day(13)], note=" Or these? ")

    assert request.status == RequestStatus.PENDING
    assert request.version == 3
    assert request.current_round == 3
    assert request.awaiting_since == later
    assert slot_times(request, 3) == [
        (day(12), day(12, 15, 30), Party.STUDENT),
        (day(13), day(13, 15, 30), Party.STUDENT),
    ]
    assert messages_of(request)[-1] == (
        student.pk,
        Party.STUDENT,
        MessageKind.NOTE,
        "Or these?",
        later,
    )
    assert transitions_of(request)[-1] == (
        "student_proposed",
        RequestStatus.COUNTER_PROPOSED,
        RequestStatus.PENDING,
        student.pk,
        Party.STUDENT,
        "Or these?",
    )


def test_mentor_accepts_a_time_the_student_proposed_again(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    request = propose_again(request, now=NOW, starts=[day(12)])

    meeting = accept(request, mentor, slot_of(request, 3), now=NOW)

    assert meeting.starts_at == day(12)
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED


def test_mentor_cannot_propose_again_as_the_student(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose_again(request, now=NOW, starts=[day(12)], by=mentor)

    assert refusal.value.message == "Only the student can propose other times here."
    assert state_of(request) == before


def test_student_cannot_propose_again_while_the_mentor_is_to_answer(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose_again(request, now=NOW, starts=[day(12)])

    assert refusal.value.message == (
        "The request is waiting for the other person's answer, not yours."
    )
    assert state_of(request) == before


def test_round_limit_refuses_proposing_again(student, mentor):
    set_program(max_proposal_rounds=2)
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose_again(request, now=NOW, starts=[day(12)])

    assert refusal.value.message == (
        "This request has had 2 rounds of times already. "
        "Accept one of the times on offer, or end the request."
    )
    assert state_of(request) == before


def test_default_round_limit_allows_four_rounds_then_refuses_a_fifth(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    request = propose_again(request, now=NOW, starts=[day(12)])
    request = counter(request, now=NOW, starts=[day(14)])
    assert request.current_round == 4
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        propose_again(request, now=NOW, starts=[day(16)])

    assert refusal.value.message == (
        "This request has had 4 rounds of times already. "
        "Accept one of the times on offer, or end the request."
    )
    assert state_of(request) == before


# Declining ---------------------------------------------------------------------------


def test_decline_records_reason_message_and_first_response(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    later = NOW + timedelta(hours=30)

    request_rules.decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.NOT_MY_AREA,
        message="  Someone in finance would help you more.  ",
        expected_version=1,
        now=later,
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert request.version == 2
    assert request.decline_reason == DeclineReason.NOT_MY_AREA
    assert request.declined_at == later
    assert request.first_response_at == later
    assert messages_of(request) == [
        (
            mentor.pk,
            Party.MENTOR,
            MessageKind.DECLINE_REASON,
            "Someone in finance would help you more.",
            later,
        )
    ]
    assert transitions_of(request)[1:] == [
        (
            "declined",
            RequestStatus.PENDING,
            RequestStatus.DECLINED,
            mentor.pk,
            Party.MENTOR,
            "Someone else can help you better with these topics",
        )
    ]


def test_decline_keeps_only_approved_other_mentors_as_suggestions(student, mentor, other_mentor):
    pending_mentor = MentorFactory(profile__approval_state=ApprovalState.PENDING)
    suspended_mentor = MentorFactory(profile__approval_state=ApprovalState.SUSPENDED)
    a_student = StudentFactory()
    request = builders.send(student, mentor, now=NOW)

    request_rules.decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.NOT_MY_AREA,
        suggested_mentor_ids=[
            other_mentor.pk,
            pending_mentor.pk,
            suspended_mentor.pk,
            a_student.pk,
            mentor.pk,
            student.pk,
        ],
        expected_version=1,
        now=NOW,
    )

    assert list(request.suggested_mentors.values_list("pk", flat=True)) == [other_mentor.pk]


def test_decline_with_a_ready_made_reason_needs_no_free_text(student, mentor):
    request = builders.send(student, mentor, now=NOW)

    request_rules.decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.TOO_BUSY,
        expected_version=1,
        now=NOW,
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert messages_of(request) == []
    assert list(request.suggested_mentors.all()) == []


def test_mentor_may_decline_while_the_student_considers_a_counter_proposal(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])

    request = builders.decline(request, now=NOW + timedelta(hours=1))

    assert request.status == RequestStatus.DECLINED
    assert transitions_of(request)[-1][:3] == (
        "declined",
        RequestStatus.COUNTER_PROPOSED,
        RequestStatus.DECLINED,
    )
    # The first answer was the counter-proposal.
    assert request.first_response_at == NOW


@pytest.mark.parametrize(
    ("reason", "message", "expected"),
    [
        ("", "No.", "Choose a reason for declining."),
        ("not-a-reason", "No.", "Choose a reason for declining."),
        (DeclineReason.OTHER, "   ", "Tell the student in a few words why you decline."),
    ],
)
def test_decline_refuses_missing_reason(student, mentor, reason, message, expected):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        request_rules.decline_request(
            request_id=request.pk,
            mentor=mentor,
            reason=reason,
            message=message,
            expected_version=1,
            now=NOW,
        )

    assert refusal.value.message == expected
    assert state_of(request) == before


def test_student_cannot_decline(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        request_rules.decline_request(
            request_id=request.pk,
            mentor=student,
            reason=DeclineReason.TOO_BUSY,
            expected_version=1,
            now=NOW,
        )

    assert refusal.value.message == "Only the mentor can decline this request."
    assert state_of(request) == before


def test_decline_after_confirmation_is_refused(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        builders.decline(request, now=NOW)

    assert refusal.value.message == "This request is confirmed; it can't be declined now."
    assert state_of(request) == before


# Withdrawing -------------------------------------------------------------------------


def test_student_withdraws_a_pending_request(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    later = NOW + timedelta(hours=3)

    request_rules.withdraw_request(
        request_id=request.pk,
        student=student,
        note=" I found my answers elsewhere. ",
        expected_version=1,
        now=later,
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.version == 2
    assert request.withdrawn_at == later
    assert request.first_response_at is None
    assert messages_of(request) == [
        (
            student.pk,
            Party.STUDENT,
            MessageKind.WITHDRAW_REASON,
            "I found my answers elsewhere.",
            later,
        )
    ]
    assert transitions_of(request)[1:] == [
        (
            "withdrawn",
            RequestStatus.PENDING,
            RequestStatus.WITHDRAWN,
            student.pk,
            Party.STUDENT,
            "I found my answers elsewhere.",
        )
    ]


def test_student_withdraws_instead_of_answering_a_counter_proposal(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])

    request = builders.withdraw(request, now=NOW)

    assert request.status == RequestStatus.WITHDRAWN
    assert transitions_of(request)[-1][:5] == (
        "withdrawn",
        RequestStatus.COUNTER_PROPOSED,
        RequestStatus.WITHDRAWN,
        student.pk,
        Party.STUDENT,
    )


def test_mentor_cannot_withdraw(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        request_rules.withdraw_request(
            request_id=request.pk, student=mentor, expected_version=1, now=NOW
        )

    assert refusal.value.message == "Only the student can withdraw this request."
    assert state_of(request) == before


def test_withdrawing_a_confirmed_request_is_refused(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        builders.withdraw(request, now=NOW)

    assert refusal.value.message == (
        "This request is confirmed; only an open request can be withdrawn."
    )
    assert state_of(request) == before


def test_withdraw_with_a_stale_version_is_refused(student, mentor):
    request = counter(builders.send(student, mentor, now=NOW), now=NOW, starts=[day(10)])
    before = state_of(request)

    with pytest.raises(StaleRequest):
        request_rules.withdraw_request(
            request_id=request.pk, student=student, expected_version=1, now=NOW
        )

    assert state_of(request) == before


def test_a_request_that_does_not_exist_is_refused(student, mentor):
    with pytest.raises(NotAllowed) as refusal:
        request_rules.withdraw_request(
            request_id=987654, student=student, expected_version=None, now=NOW
        )

    assert refusal.value.message == "This request no longer exists."
