"""The rules every proposed time obeys, with the message for each time option."""

from datetime import timedelta

import pytest

from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.domain.errors import InvalidSlots
from interviews.models import MentorProfile
from tests import builders
from tests.domain.support import NOW, day, row_counts, set_program, slot_of, state_of


def refusal_of_send(student, mentor, starts, **draft_overrides) -> InvalidSlots:
    """Send with these times, expect InvalidSlots, and check nothing was written."""
    before = row_counts()
    with pytest.raises(InvalidSlots) as refusal:
        request_rules.send_request(
            student=student,
            mentor=mentor,
            draft=builders.draft(**draft_overrides),
            slot_starts=starts,
            now=NOW,
        )
    assert row_counts() == before
    return refusal.value


def confirm_at(student, mentor, start):
    """A confirmed meeting of `student` and `mentor` at `start` (30 minutes)."""
    request = builders.send(student, mentor, now=NOW, starts=[start, start + timedelta(days=1)])
    request_rules.accept_slot(
        request_id=request.pk,
        user=mentor,
        slot_id=slot_of(request, 1, 0).pk,
        expected_version=request.version,
        now=NOW,
    )
    request.refresh_from_db()
    return request


def test_times_exactly_at_the_notice_and_horizon_limits_are_accepted(student, mentor):
    request = builders.send(
        student,
        mentor,
        now=NOW,
        starts=[NOW + timedelta(hours=24), NOW + timedelta(days=60)],
    )

    assert request.slots.count() == 2


@pytest.mark.parametrize(
    "past", [NOW, NOW - timedelta(minutes=1), NOW - timedelta(days=3)], ids=["now", "1m", "3d"]
)
def test_a_time_in_the_past_is_refused(student, mentor, past):
    refusal = refusal_of_send(student, mentor, [day(3), past])

    assert refusal.errors == {1: "This time is in the past."}
    assert refusal.message == "Some of the proposed times can't be used."


def test_a_time_within_the_program_notice_is_refused(student, mentor):
    refusal = refusal_of_send(
        student, mentor, [NOW + timedelta(hours=23, minutes=59), day(3), NOW + timedelta(hours=2)]
    )

    too_soon = "This is too soon: Maria Mentor needs at least 24 hours' notice."
    assert refusal.errors == {0: too_soon, 2: too_soon}


def test_the_program_notice_comes_from_program_settings(student, mentor):
    set_program(minimum_notice_hours=72)

    refusal = refusal_of_send(student, mentor, [day(2), day(3)])

    assert refusal.errors == {0: "This is too soon: Maria Mentor needs at least 72 hours' notice."}


def test_a_mentors_own_notice_overrides_the_program_default(student, mentor):
    MentorProfile.objects.filter(user=mentor).update(minimum_notice_hours=48)

    refusal = refusal_of_send(
        student, mentor, [NOW + timedelta(hours=47), NOW + timedelta(hours=48)]
    )

    assert refusal.errors == {0: "This is too soon: Maria Mentor needs at least 48 hours' notice."}


def test_a_mentor_who_needs_no_notice_can_be_asked_for_this_afternoon(student, mentor):
    MentorProfile.objects.filter(user=mentor).update(minimum_notice_hours=0)

    request = builders.send(student, mentor, now=NOW, starts=[day(0, 13), day(0, 14)])

    assert request.slots.count() == 2


def test_a_time_more_than_sixty_days_ahead_is_refused(student, mentor):
    refusal = refusal_of_send(
        student, mentor, [day(3), NOW + timedelta(days=60, minutes=1), day(90)]
    )

    too_far = "This is too far ahead: at most 60 days."
    assert refusal.errors == {1: too_far, 2: too_far}


def test_the_horizon_comes_from_program_settings(student, mentor):
    set_program(max_days_ahead=7)

    refusal = refusal_of_send(student, mentor, [day(3), day(8)])

    assert refusal.errors == {1: "This is too far ahead: at most 7 days."}


def test_overlapping_times_name_the_earlier_option(student, mentor):
    refusal = refusal_of_send(
        student, mentor, [day(3, 15, 0), day(3, 15, 15), day(3, 15, 30), day(3, 15, 0)]
    )

    assert refusal.errors == {
        1: "This overlaps time option 1.",
        2: "This overlaps time option 2.",
        3: "This overlaps time option 1.",
    }


def test_back_to_back_times_do_not_overlap(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=[day(3, 15, 0), day(3, 15, 30)])

    assert request.slots.count() == 2


def test_overlap_uses_the_requested_duration(student, mentor):
    refusal = refusal_of_send(student, mentor, [day(3, 15, 0), day(3, 15, 45)], duration_minutes=60)

    assert refusal.errors == {1: "This overlaps time option 1."}


def test_each_time_gets_its_own_message(student, mentor):
    refusal = refusal_of_send(
        student, mentor, [NOW - timedelta(hours=1), day(3), day(61), day(0, 20), day(3, 15, 10)]
    )

    assert refusal.errors == {
        0: "This time is in the past.",
        2: "This is too far ahead: at most 60 days.",
        3: "This is too soon: Maria Mentor needs at least 24 hours' notice.",
        4: "This overlaps time option 2.",
    }


def test_a_time_overlapping_the_students_confirmed_meeting_is_refused(
    student, mentor, other_mentor
):
    confirm_at(student, other_mentor, day(5))

    refusal = refusal_of_send(student, mentor, [day(4), day(5, 15, 15)])

    assert refusal.errors == {1: "You already have a confirmed meeting at this time."}


def test_a_time_overlapping_the_mentors_confirmed_meeting_names_only_the_mentor(
    student, mentor, other_student
):
    confirm_at(other_student, mentor, day(5))

    refusal = refusal_of_send(student, mentor, [day(5, 14, 45), day(6)])

    assert refusal.errors == {0: "Maria Mentor is not available at this time."}


def test_a_cancelled_meeting_no_longer_blocks_its_time(student, mentor, other_student):
    builders.cancel(confirm_at(other_student, mentor, day(5)), now=NOW)

    request = builders.send(student, mentor, now=NOW, starts=[day(5), day(6)])

    assert request.slots.count() == 2


def test_a_counter_proposal_overlapping_the_mentors_meeting_is_refused(
    student, mentor, other_student
):
    confirm_at(other_student, mentor, day(9))
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(InvalidSlots) as refusal:
        builders.counter(request, now=NOW, starts=[day(10), day(9)])

    assert refusal.value.errors == {1: "You already have a confirmed meeting at this time."}
    assert state_of(request) == before


def test_a_counter_proposal_overlapping_the_students_meeting_names_the_student(
    student, mentor, other_mentor
):
    confirm_at(student, other_mentor, day(9))
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(InvalidSlots) as refusal:
        builders.counter(request, now=NOW, starts=[day(9)])

    assert refusal.value.errors == {0: "Sophie Student is not available at this time."}
    assert state_of(request) == before


def test_a_reschedule_in_the_past_is_refused(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(InvalidSlots) as refusal:
        meeting_rules.propose_reschedule(
            request_id=request.pk,
            user=mentor,
            slot_starts=[day(10), NOW - timedelta(days=1)],
            expected_version=request.version,
            now=NOW,
        )

    assert refusal.value.errors == {1: "This time is in the past."}
    assert state_of(request) == before


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (0, "Propose at least 2 times."),
        (1, "Propose at least 2 times."),
        (6, "Propose at most 5 times."),
    ],
)
def test_a_first_request_needs_two_to_five_times(student, mentor, count, message):
    refusal = refusal_of_send(student, mentor, [day(3 + n) for n in range(count)])

    assert (refusal.message, refusal.errors) == (message, {})


@pytest.mark.parametrize("count", [2, 5])
def test_a_first_request_with_two_or_five_times_is_sent(student, mentor, count):
    request = builders.send(student, mentor, now=NOW, starts=[day(3 + n) for n in range(count)])

    assert request.slots.filter(round=1).count() == count


@pytest.mark.parametrize(
    ("count", "message"),
    [(0, "Propose at least 1 time."), (6, "Propose at most 5 times.")],
)
def test_a_later_proposal_needs_one_to_five_times(student, mentor, count, message):
    request = builders.send(student, mentor, now=NOW)
    before = state_of(request)

    with pytest.raises(InvalidSlots) as refusal:
        request_rules.counter_propose(
            request_id=request.pk,
            mentor=mentor,
            slot_starts=[day(10 + n) for n in range(count)],
            expected_version=request.version,
            now=NOW,
        )

    assert (refusal.value.message, refusal.value.errors) == (message, {})
    assert state_of(request) == before


@pytest.mark.parametrize("count", [1, 5])
def test_a_later_proposal_with_one_or_five_times_is_accepted(student, mentor, count):
    request = builders.counter(
        builders.send(student, mentor, now=NOW),
        now=NOW,
        starts=[day(10 + n) for n in range(count)],
    )

    assert request.slots.filter(round=2).count() == count
