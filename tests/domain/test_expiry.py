"""Time moves on: unanswered requests and requests out of times expire."""

from datetime import timedelta

from interviews.domain import requests as request_rules
from interviews.enums import Party, RequestStatus
from tests import builders
from tests.domain.support import NOW, day, set_program, transitions_of
from tests.factories import MentorFactory

FAR = [day(20), day(21), day(22)]
FOURTEEN_DAYS = NOW + timedelta(days=14)


def status_of(request) -> str:
    request.refresh_from_db()
    return request.status


def test_an_unanswered_request_expires_after_fourteen_days(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=FAR)

    assert request_rules.expire_due_requests(now=FOURTEEN_DAYS) == 1

    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert request.expired_at == FOURTEEN_DAYS
    assert request.version == 2
    assert transitions_of(request)[-1] == (
        "expired",
        RequestStatus.PENDING,
        RequestStatus.EXPIRED,
        None,
        Party.SYSTEM,
        "",
    )
    assert request.transitions.last().created_at == FOURTEEN_DAYS


def test_a_request_is_left_alone_one_second_before_its_fourteen_days(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=FAR)

    assert request_rules.expire_due_requests(now=FOURTEEN_DAYS - timedelta(seconds=1)) == 0
    assert status_of(request) == RequestStatus.PENDING
    assert request.transitions.count() == 1


def test_the_expiry_period_comes_from_program_settings(student, mentor):
    set_program(request_expiry_days=5)
    request = builders.send(student, mentor, now=NOW, starts=FAR)

    assert request_rules.expire_due_requests(now=NOW + timedelta(days=5)) == 1
    assert status_of(request) == RequestStatus.EXPIRED


def test_a_request_whose_times_have_all_started_expires(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=[day(3), day(4)])

    assert request_rules.expire_due_requests(now=day(4) - timedelta(seconds=1)) == 0
    assert status_of(request) == RequestStatus.PENDING

    assert request_rules.expire_due_requests(now=day(4)) == 1
    assert status_of(request) == RequestStatus.EXPIRED


def test_a_counter_proposal_restarts_the_clock(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=FAR)
    answered_at = NOW + timedelta(days=10)
    builders.counter(request, now=answered_at, starts=[day(30)])

    assert request_rules.expire_due_requests(now=FOURTEEN_DAYS) == 0
    assert status_of(request) == RequestStatus.COUNTER_PROPOSED

    # Now it waits for the student, who does not answer for fourteen days.
    assert request_rules.expire_due_requests(now=answered_at + timedelta(days=14)) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert transitions_of(request)[-1][:5] == (
        "expired",
        RequestStatus.COUNTER_PROPOSED,
        RequestStatus.EXPIRED,
        None,
        Party.SYSTEM,
    )


def test_only_the_current_rounds_times_keep_a_request_alive(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=FAR)
    # The mentor offers one near time; the student's later times no longer count.
    builders.counter(request, now=NOW, starts=[day(3)])

    assert request_rules.expire_due_requests(now=day(3)) == 1
    assert status_of(request) == RequestStatus.EXPIRED


def test_expiry_leaves_answered_and_closed_requests_alone(student, mentor):
    confirmed = builders.confirm(student, mentor, now=NOW)
    declined = builders.decline(
        builders.send(student, MentorFactory(), now=NOW, starts=FAR), now=NOW
    )
    withdrawn = builders.withdraw(
        builders.send(student, MentorFactory(), now=NOW, starts=FAR), now=NOW
    )

    assert request_rules.expire_due_requests(now=NOW + timedelta(days=100)) == 0
    assert [status_of(r) for r in (confirmed, declined, withdrawn)] == [
        RequestStatus.CONFIRMED,
        RequestStatus.DECLINED,
        RequestStatus.WITHDRAWN,
    ]


def test_expire_due_requests_expires_only_what_is_due(student, other_student, mentor):
    due = builders.send(student, mentor, now=NOW, starts=FAR)
    fresh = builders.send(other_student, mentor, now=NOW + timedelta(days=5), starts=FAR)

    assert request_rules.expire_due_requests(now=FOURTEEN_DAYS) == 1
    assert (status_of(due), status_of(fresh)) == (RequestStatus.EXPIRED, RequestStatus.PENDING)


def test_expire_due_requests_can_be_limited_to_one_student(student, other_student, mentor):
    mine = builders.send(student, mentor, now=NOW, starts=FAR)
    theirs = builders.send(other_student, mentor, now=NOW, starts=FAR)

    assert request_rules.expire_due_requests(now=FOURTEEN_DAYS, student=student) == 1
    assert (status_of(mine), status_of(theirs)) == (RequestStatus.EXPIRED, RequestStatus.PENDING)


def test_expire_request_rechecks_and_lets_a_late_answer_win(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=FAR)
    # The sweep listed the request, then the mentor answered before it got there.
    builders.counter(request, now=FOURTEEN_DAYS - timedelta(minutes=1), starts=[day(30)])
    version = request.version

    assert request_rules.expire_request(request_id=request.pk, now=FOURTEEN_DAYS) is False

    request.refresh_from_db()
    assert (request.status, request.version) == (RequestStatus.COUNTER_PROPOSED, version)
    assert request.transitions.count() == 2


def test_expire_request_does_nothing_to_a_closed_request(student, mentor):
    request = builders.decline(builders.send(student, mentor, now=NOW, starts=FAR), now=NOW)

    assert (
        request_rules.expire_request(request_id=request.pk, now=NOW + timedelta(days=30)) is False
    )
    assert status_of(request) == RequestStatus.DECLINED
    assert request.transitions.count() == 2


def test_expire_request_returns_true_when_it_expires(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=FAR)

    assert request_rules.expire_request(request_id=request.pk, now=FOURTEEN_DAYS) is True
    assert request_rules.expire_request(request_id=request.pk, now=FOURTEEN_DAYS) is False
    assert request.transitions.count() == 2
