"""The outbox delivers every confirmation, once, whatever dies on the way.

Real components only: the meetings are confirmed through the domain in this
process (the web process, publishing its on-commit kicks to Redis), a
separate `celery worker --beat` process (beat runs the sweep every second)
sends them over SMTP to an aiosmtpd server this test runs, and both work on
the PostgreSQL test database. The database is committed for real
(transactional tests), so the worker sees what the test wrote.

Counting is by Message-ID: the outbox gives each notification one
deterministic Message-ID, so a message sent twice is recognisable, and mail
clients show it once.
"""

import time
from collections import Counter

import pytest
from django.db import transaction

from interviews.domain import delivery
from interviews.enums import NotificationKind, NotificationStatus
from interviews.models import InterviewRequest, Notification
from tests import builders
from tests.factories import MentorFactory, StudentFactory

from .support import database_url, log_tail, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(240),
]

MEETINGS = 200
# Pool processes of the worker: at most this many messages are in flight at once.
CONCURRENCY = 2
SWEEP_SECONDS = "1"
# The Redis restart test: meetings confirmed before Redis dies, and while it is down.
CONFIRMED_BEFORE = 100
CONFIRMED_WHILE_DOWN = 5


def people(count: int) -> list[tuple]:
    """`count` (student, mentor) pairs, nobody in two: no meeting can overlap another."""
    return [(StudentFactory(), MentorFactory()) for _ in range(count)]


def confirm_at_once(pairs: list[tuple]) -> list[InterviewRequest]:
    """One meeting per pair, all confirmed in one commit.

    Each request is sent and accepted inside the same transaction, so its
    "new request" email is superseded before anyone could see it: the only
    emails due are the confirmations, two per meeting, all released at once.
    """
    with transaction.atomic():
        return [builders.confirm(student, mentor) for student, mentor in pairs]


def confirmations(requests: list[InterviewRequest]):
    return Notification.objects.filter(
        kind=NotificationKind.MEETING_CONFIRMED, request__in=requests
    ).select_related("recipient")


def expected_messages(requests: list[InterviewRequest]) -> set[tuple[str, str]]:
    """(Message-ID, recipient) of every confirmation the outbox holds for these meetings."""
    return {(delivery.message_id(row), row.recipient.email) for row in confirmations(requests)}


def all_delivered(sink, requests, expected) -> bool:
    """Every expected Message-ID arrived and every confirmation row is marked sent."""
    arrived = set(sink.message_id_counts())
    if not {message_id for message_id, _ in expected} <= arrived:
        return False
    return not confirmations(requests).exclude(status=NotificationStatus.SENT).exists()


def statuses(requests) -> Counter:
    return Counter(confirmations(requests).values_list("status", flat=True))


def wait_for_delivery(sink, requests, expected, worker, *, what: str) -> None:
    wait_until(
        lambda: all_delivered(sink, requests, expected),
        what=what,
        alive=worker.require_running,
        state=lambda: (
            f"{sink.count()} messages, rows {dict(statuses(requests))}, worker log:\n"
            f"{log_tail(worker.log_path)}"
        ),
    )


def worker_environment(redis_server, smtp_sink, **variables) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis_server.url,
        "EMAIL_URL": smtp_sink.url,
        "NOTIFICATION_SWEEP_SECONDS": SWEEP_SECONDS,
        **variables,
    }


def test_two_hundred_meetings_confirmed_at_once_send_one_confirmation_per_person(
    redis_server, smtp_sink, publish_to, start_worker
):
    publish_to(redis_server.url)
    worker = start_worker(**worker_environment(redis_server, smtp_sink))

    requests = confirm_at_once(people(MEETINGS))
    expected = expected_messages(requests)
    assert len(expected) == 2 * MEETINGS
    assert len({recipient for _, recipient in expected}) == 2 * MEETINGS

    wait_for_delivery(smtp_sink, requests, expected, worker, what="all 400 confirmations")
    # A warm shutdown: whatever the worker was still doing ends before we count.
    worker.stop()

    received = smtp_sink.messages()
    assert sorted((message.message_id, message.to) for message in received) == sorted(expected)
    # Each one is the confirmation with its calendar invite.
    assert {tuple(message.calendar_methods) for message in received} == {("REQUEST",)}
    # The SMTP envelope went to the same single person the To header names.
    assert {message.envelope_to for message in received} == {
        (recipient,) for _, recipient in expected
    }
    assert statuses(requests) == {NotificationStatus.SENT: 2 * MEETINGS}
    # The "new request" emails were superseded in the transaction that confirmed.
    assert Counter(
        Notification.objects.filter(
            kind=NotificationKind.NEW_REQUEST, request__in=requests
        ).values_list("status", flat=True)
    ) == {NotificationStatus.CANCELLED: MEETINGS}


def test_worker_killed_mid_way_and_restarted_every_person_gets_their_confirmation(
    redis_server, smtp_sink, publish_to, start_worker
):
    publish_to(redis_server.url)
    # A short lease: rows the dead worker held are taken over soon after the restart.
    environment = worker_environment(redis_server, smtp_sink, NOTIFICATION_LEASE_SECONDS="5")
    worker = start_worker(**environment)

    requests = confirm_at_once(people(MEETINGS))
    expected = expected_messages(requests)
    assert len(expected) == 2 * MEETINGS

    wait_until(lambda: smtp_sink.count() >= 50, what="50 messages", alive=worker.require_running)
    # From now on the server keeps what it gets but its replies are held back:
    # the kill then finds the worker in the middle of a delivery, the message
    # stored but the row not yet marked sent — a message in flight.
    smtp_sink.hold_replies()
    wait_until(
        lambda: len(smtp_sink.held()) >= 1,
        what="a delivery in flight",
        alive=worker.require_running,
    )
    worker.kill()
    smtp_sink.release_replies()
    in_flight = {message.message_id for message in smtp_sink.held()}
    # The rows the dead worker had claimed and not finished (a sweep claims a
    # whole batch): the in-flight messages are among them.
    claimed = {
        delivery.message_id(row)
        for row in confirmations(requests).filter(status=NotificationStatus.SENDING)
    }
    assert 1 <= len(in_flight) <= CONCURRENCY
    assert in_flight <= claimed
    assert 50 < len(set(smtp_sink.message_id_counts())) < 2 * MEETINGS

    restarted = start_worker(**environment)
    wait_for_delivery(
        smtp_sink, requests, expected, restarted, what="every confirmation after the restart"
    )
    restarted.stop()

    received = smtp_sink.messages()
    # Everyone has their confirmation, and every copy of one went to its recipient.
    assert {(message.message_id, message.to) for message in received} == expected
    assert statuses(requests) == {NotificationStatus.SENT: 2 * MEETINGS}
    # Exactly the messages in flight at the kill arrived twice, with the same
    # Message-ID (so mail clients show them once); every other one once.
    assert Counter(message.message_id for message in received) == {
        message_id: 2 if message_id in in_flight else 1 for message_id, _ in expected
    }


def test_redis_restarted_mid_way_loses_no_confirmation(
    redis_server, smtp_sink, publish_to, start_worker
):
    publish_to(redis_server.url)
    worker = start_worker(**worker_environment(redis_server, smtp_sink))

    later_pairs = people(CONFIRMED_WHILE_DOWN)
    first = confirm_at_once(people(CONFIRMED_BEFORE))
    wait_until(lambda: smtp_sink.count() >= 20, what="20 messages", alive=worker.require_running)
    # Persistence is off: the kicks still queued in Redis are gone for good.
    kicks_lost = redis_server.queued()
    redis_server.kill()
    assert kicks_lost > 0
    assert smtp_sink.count() < 2 * CONFIRMED_BEFORE
    # Meetings confirmed while Redis is down: their kicks cannot even be
    # published, and trying must not hold up the transition (one connection
    # attempt per kick, no retries: three kicks a meeting, refused at once).
    started = time.monotonic()
    second = confirm_at_once(later_pairs)
    assert time.monotonic() - started < 10
    redis_server.start()

    requests = first + second
    expected = expected_messages(requests)
    assert len(expected) == 2 * (CONFIRMED_BEFORE + CONFIRMED_WHILE_DOWN)
    wait_for_delivery(
        smtp_sink, requests, expected, worker, what="every confirmation after the Redis restart"
    )
    worker.stop()

    received = smtp_sink.messages()
    assert sorted((message.message_id, message.to) for message in received) == sorted(expected)
    assert statuses(requests) == {NotificationStatus.SENT: len(expected)}
