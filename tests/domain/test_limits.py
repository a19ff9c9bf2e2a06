"""Who can still be asked: open requests per student, one request per pair,
the mentor's monthly capacity, and mentors who are not taking requests."""

from datetime import UTC, datetime, timedelta

import pytest

from interviews.domain import requests as request_rules
from interviews.domain.accounts import delete_account
from interviews.domain.errors import LimitReached, NotAllowed
from interviews.enums import ApprovalState, RequestStatus
from interviews.models import MentorProfile
from tests import builders
from tests.domain.support import NOW, day, row_counts, set_program
from tests.factories import MentorFactory, StudentFactory

OPEN_LIMIT = (
    "You have 3 requests waiting for an answer, the most the program allows at once. "
    "Wait for an answer or withdraw one."
)
SAME_PAIR = "You already have an open request or a meeting with Maria Mentor."
FULL = (
    "Maria Mentor has received as many requests as they can take this month. "
    "Try again next month, or find another mentor."
)


def refused(student, mentor, *, now=NOW, error=LimitReached, **kwargs) -> str:
    """Send, expect a refusal, check nothing was written; return the message."""
    before = row_counts()
    with pytest.raises(error) as refusal:
        builders.send(student, mentor, now=now, **kwargs)
    assert row_counts() == before
    return refusal.value.message


def set_capacity(mentor, capacity):
    MentorProfile.objects.filter(user=mentor).update(monthly_capacity=capacity)


# Open requests per student -----------------------------------------------------------


def test_a_fourth_open_request_is_refused(student, mentor):
    for _ in range(3):
        builders.send(student, MentorFactory(), now=NOW)

    assert refused(student, mentor) == OPEN_LIMIT


def test_counter_proposed_requests_count_as_open(student, mentor):
    for _ in range(3):
        builders.counter(builders.send(student, MentorFactory(), now=NOW), now=NOW)

    assert refused(student, mentor) == OPEN_LIMIT


def test_the_open_request_limit_comes_from_program_settings(student, mentor):
    set_program(open_request_limit=2)
    builders.send(student, MentorFactory(), now=NOW)
    builders.send(student, MentorFactory(), now=NOW)

    assert refused(student, mentor) == (
        "You have 2 requests waiting for an answer, the most the program allows at once. "
        "Wait for an answer or withdraw one."
    )


def test_a_withdrawn_request_frees_a_place(student, mentor):
    requests = [builders.send(student, MentorFactory(), now=NOW) for _ in range(3)]
    builders.withdraw(requests[0], now=NOW)

    request = builders.send(student, mentor, now=NOW)

    assert request.status == RequestStatus.PENDING


def test_an_expired_request_frees_a_place(student, mentor):
    near = builders.send(student, MentorFactory(), now=NOW, starts=[day(3), day(4)])
    for _ in range(2):
        builders.send(student, MentorFactory(), now=NOW, starts=[day(20), day(21)])
    later = day(4) + timedelta(minutes=1)
    assert request_rules.expire_due_requests(now=later) == 1

    request = builders.send(student, mentor, now=later)

    near.refresh_from_db()
    assert (near.status, request.status) == (RequestStatus.EXPIRED, RequestStatus.PENDING)


def test_a_request_whose_times_have_all_passed_does_not_count(student, mentor):
    near = builders.send(student, MentorFactory(), now=NOW, starts=[day(3), day(4)])
    for _ in range(2):
        builders.send(student, MentorFactory(), now=NOW, starts=[day(20), day(21)])
    later = day(4) + timedelta(minutes=1)

    request = builders.send(student, mentor, now=later)

    assert request.status == RequestStatus.PENDING
    # Sending recorded the expiry of the request that ran out of time.
    near.refresh_from_db()
    assert near.status == RequestStatus.EXPIRED
    assert near.transitions.last().event == "expired"


def test_answered_requests_do_not_count_against_the_open_limit(student, mentor):
    builders.confirm(student, MentorFactory(), now=NOW, starts=[day(3), day(4)])
    declined = builders.send(student, MentorFactory(), now=NOW, starts=[day(4), day(5)])
    builders.decline(declined, now=NOW)
    builders.send(student, MentorFactory(), now=NOW, starts=[day(6), day(7)])
    builders.send(student, MentorFactory(), now=NOW, starts=[day(8), day(9)])

    request = builders.send(student, mentor, now=NOW, starts=[day(10), day(11)])

    assert request.status == RequestStatus.PENDING


def test_the_limit_is_per_student(student, other_student, mentor):
    for _ in range(3):
        builders.send(student, MentorFactory(), now=NOW)

    request = builders.send(other_student, mentor, now=NOW)

    assert request.status == RequestStatus.PENDING


# One request per student and mentor --------------------------------------------------


def test_a_second_open_request_to_the_same_mentor_is_refused(student, mentor):
    builders.send(student, mentor, now=NOW)

    assert refused(student, mentor, starts=[day(20), day(21)]) == SAME_PAIR


def test_a_new_request_while_a_meeting_is_confirmed_is_refused(student, mentor):
    builders.confirm(student, mentor, now=NOW)

    assert refused(student, mentor, starts=[day(20), day(21)]) == SAME_PAIR


@pytest.mark.parametrize(
    "end_it",
    [
        lambda student, mentor: builders.decline(builders.send(student, mentor, now=NOW), now=NOW),
        lambda student, mentor: builders.withdraw(builders.send(student, mentor, now=NOW), now=NOW),
        lambda student, mentor: builders.cancel(
            builders.confirm(student, mentor, now=NOW), now=NOW
        ),
    ],
    ids=["declined", "withdrawn", "cancelled"],
)
def test_a_new_request_after_the_last_one_ended_is_allowed(student, mentor, end_it):
    end_it(student, mentor)

    request = builders.send(student, mentor, now=NOW, starts=[day(20), day(21)])

    assert request.status == RequestStatus.PENDING
    assert mentor.requests_received.count() == 2


def test_a_request_to_the_same_mentor_whose_times_have_passed_makes_way(student, mentor):
    old = builders.send(student, mentor, now=NOW, starts=[day(3), day(4)])
    later = day(4) + timedelta(minutes=1)

    request = builders.send(student, mentor, now=later)

    old.refresh_from_db()
    assert (old.status, request.status) == (RequestStatus.EXPIRED, RequestStatus.PENDING)


# The mentor's monthly capacity -------------------------------------------------------


def test_the_default_capacity_refuses_a_fifth_request_this_month(mentor):
    for _ in range(4):
        builders.send(StudentFactory(), mentor, now=NOW)

    assert refused(StudentFactory(), mentor) == FULL


def test_a_mentors_own_capacity_overrides_the_default(mentor):
    set_capacity(mentor, 2)
    for _ in range(2):
        builders.send(StudentFactory(), mentor, now=NOW)

    assert refused(StudentFactory(), mentor) == FULL


def test_withdrawn_requests_do_not_use_capacity(mentor):
    set_capacity(mentor, 2)
    builders.withdraw(builders.send(StudentFactory(), mentor, now=NOW), now=NOW)
    builders.send(StudentFactory(), mentor, now=NOW)

    request = builders.send(StudentFactory(), mentor, now=NOW)

    assert request.status == RequestStatus.PENDING


def test_declined_requests_still_use_capacity(mentor):
    set_capacity(mentor, 2)
    builders.decline(builders.send(StudentFactory(), mentor, now=NOW), now=NOW)
    builders.send(StudentFactory(), mentor, now=NOW)

    assert refused(StudentFactory(), mentor) == FULL


def at_utc(hour, minute):
    return datetime(2027, 3, 1, hour, minute, tzinfo=UTC)


def test_capacity_resets_at_midnight_on_the_first_in_the_program_time_zone(settings, mentor):
    settings.TIME_ZONE = "America/New_York"
    set_capacity(mentor, 1)
    # 04:30 UTC on 1 March is 23:30 on 28 February in New York (EST, UTC-5).
    builders.send(StudentFactory(), mentor, now=at_utc(4, 30))
    student = StudentFactory()

    assert refused(student, mentor, now=at_utc(4, 59)) == FULL
    request = builders.send(student, mentor, now=at_utc(5, 0))

    assert request.status == RequestStatus.PENDING


def test_capacity_month_follows_the_configured_time_zone(settings, mentor):
    settings.TIME_ZONE = "UTC"
    set_capacity(mentor, 1)
    builders.send(StudentFactory(), mentor, now=at_utc(4, 30))

    assert refused(StudentFactory(), mentor, now=at_utc(5, 0)) == FULL


def test_requests_of_last_month_do_not_use_this_months_capacity(mentor):
    set_capacity(mentor, 1)
    builders.send(StudentFactory(), mentor, now=NOW - timedelta(days=10))

    request = builders.send(StudentFactory(), mentor, now=NOW)

    assert request.status == RequestStatus.PENDING


# Mentors who are not taking requests -------------------------------------------------


def test_a_mentor_who_is_not_accepting_is_refused(student, mentor):
    MentorProfile.objects.filter(user=mentor).update(accepting_requests=False)

    assert refused(student, mentor) == "Maria Mentor is not accepting new requests at the moment."


@pytest.mark.parametrize(
    "state", [ApprovalState.PENDING, ApprovalState.REJECTED, ApprovalState.SUSPENDED]
)
def test_a_mentor_who_is_not_approved_is_refused(student, mentor, state):
    MentorProfile.objects.filter(user=mentor).update(approval_state=state)

    assert refused(student, mentor) == "Maria Mentor is not taking requests through CareerConnect."


def test_an_inactive_mentor_is_refused(student, mentor):
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])

    assert refused(student, mentor) == "Maria Mentor is not taking requests through CareerConnect."


def test_a_mentor_who_deleted_their_account_is_refused(student, mentor):
    delete_account(user=mentor, now=NOW)

    assert refused(student, mentor, error=NotAllowed) == "This person is not a mentor."
