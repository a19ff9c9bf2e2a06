"""Claiming and sending outbox rows: each due email goes out once, stale ones never.

Rows are written by the real transitions (tests/builders.py) and sent through
interviews.domain.delivery with Django's locmem backend; the failing mail
server is a real email backend defined here. Sophie Student and Maria Mentor;
"now" is Monday 2 March 2026, 12:00 UTC; the meeting is on 5 March at 15:00
UTC for 30 minutes.
"""

import hashlib
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from interviews import tasks
from interviews.domain import delivery
from interviews.domain import meetings as meeting_rules
from interviews.domain.accounts import delete_account
from interviews.domain.preferences import set_optional_email
from interviews.enums import NotificationKind, NotificationStatus, OptionalEmail
from interviews.models import Notification
from tests import builders

K = NotificationKind
S = NotificationStatus

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
START = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
END = START + timedelta(minutes=30)
REMINDER_DUE = START - timedelta(hours=24)
NEW_START = datetime(2026, 3, 14, 15, 0, tzinfo=UTC)
LEASE_SECONDS = 300
LEASE = timedelta(seconds=LEASE_SECONDS)
SMTP_ERROR = "SMTPException('451 4.3.0 Try again later')"

# Message-IDs the failing server was handed, one per attempt, in order.
attempted_message_ids: list[str] = []


class TemporarilyFailingBackend(BaseEmailBackend):
    """A mail server that answers every message with a temporary failure."""

    def send_messages(self, email_messages):
        for message in email_messages:
            attempted_message_ids.append(str(message.message()["Message-ID"]))
        raise smtplib.SMTPException("451 4.3.0 Try again later")


FAILING = f"{__name__}.TemporarilyFailingBackend"


@pytest.fixture(autouse=True)
def _fresh_failing_server():
    attempted_message_ids.clear()
    yield
    attempted_message_ids.clear()


@pytest.fixture(autouse=True)
def _lease():
    with override_settings(NOTIFICATION_LEASE_SECONDS=LEASE_SECONDS, NOTIFICATION_MAX_ATTEMPTS=6):
        yield


@pytest.fixture
def confirmed(student, mentor):
    """Confirmed at NOW; nothing sent yet."""
    return builders.confirm(student, mentor, now=NOW)


def row(request, kind, recipient) -> Notification:
    return Notification.objects.get(request=request, kind=kind, recipient=recipient)


def states(request) -> list[tuple]:
    """(kind, recipient, status, attempts, due_at, last_error) of the rows not superseded."""
    return list(
        Notification.objects.filter(request=request)
        .exclude(last_error="Superseded by a later change.")
        .order_by("pk")
        .values_list("kind", "recipient_id", "status", "attempts", "due_at", "last_error")
    )


def received() -> list[tuple[str, str]]:
    """(To, Message-ID) of every email the locmem backend got, in order."""
    return [
        (str(email.message()["To"]), str(email.message()["Message-ID"])) for email in mail.outbox
    ]


def address(user) -> str:
    return f"{user.first_name} {user.last_name} <{user.email}>"


# --- Claiming -------------------------------------------------------------------


def test_claim_batch_takes_only_queued_rows_that_are_due(confirmed):
    claimed = delivery.claim_batch(now=NOW, limit=100)

    assert [(n.kind, n.recipient_id) for n in claimed] == [
        (K.MEETING_CONFIRMED, confirmed.student_id),
        (K.MEETING_CONFIRMED, confirmed.mentor_id),
    ]
    assert {(n.status, n.attempts, n.claimed_at) for n in claimed} == {(S.SENDING, 1, NOW)}
    assert len({n.claim_token for n in claimed}) == 1
    # The superseded new-request email and nudges, and the rows due later, stay as they were.
    assert list(
        Notification.objects.exclude(status=S.SENDING)
        .order_by("pk")
        .values_list("kind", "status", "attempts", "claim_token")
    ) == [
        (K.NEW_REQUEST, S.CANCELLED, 0, ""),
        (K.REQUEST_NUDGE, S.CANCELLED, 0, ""),
        (K.REQUEST_NUDGE, S.CANCELLED, 0, ""),
        (K.MEETING_REMINDER, S.QUEUED, 0, ""),
        (K.MEETING_REMINDER, S.QUEUED, 0, ""),
        (K.OUTCOME_PROMPT, S.QUEUED, 0, ""),
        (K.OUTCOME_PROMPT, S.QUEUED, 0, ""),
        (K.THANK_YOU_REMINDER, S.QUEUED, 0, ""),
        (K.THANK_YOU_NUDGE, S.QUEUED, 0, ""),
    ]


def test_claim_batch_takes_the_oldest_due_rows_first_up_to_its_limit(confirmed):
    everything_due = END + timedelta(hours=48)

    first = delivery.claim_batch(now=everything_due, limit=3)
    second = delivery.claim_batch(now=everything_due, limit=3)
    third = delivery.claim_batch(now=everything_due, limit=3)

    assert [(n.kind, n.due_at) for n in first] == [
        (K.MEETING_CONFIRMED, NOW),
        (K.MEETING_CONFIRMED, NOW),
        (K.MEETING_REMINDER, REMINDER_DUE),
    ]
    assert [(n.kind, n.due_at) for n in second] == [
        (K.MEETING_REMINDER, REMINDER_DUE),
        (K.OUTCOME_PROMPT, END),
        (K.OUTCOME_PROMPT, END),
    ]
    assert [(n.kind, n.due_at) for n in third] == [
        (K.THANK_YOU_REMINDER, END + timedelta(hours=2)),
        (K.THANK_YOU_NUDGE, END + timedelta(hours=48)),
    ]
    assert delivery.claim_batch(now=everything_due, limit=3) == []
    assert len({first[0].claim_token, second[0].claim_token, third[0].claim_token}) == 3


def test_a_row_is_not_due_a_second_before_its_time(confirmed):
    reminder = row(confirmed, K.MEETING_REMINDER, confirmed.student)

    assert delivery.claim_one(reminder.pk, now=REMINDER_DUE - timedelta(seconds=1)) is None
    assert [
        n.pk for n in delivery.claim_batch(now=REMINDER_DUE - timedelta(seconds=1), limit=9)
    ] == [
        row(confirmed, K.MEETING_CONFIRMED, confirmed.student).pk,
        row(confirmed, K.MEETING_CONFIRMED, confirmed.mentor).pk,
    ]
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.claim_token) == (S.QUEUED, 0, "")

    claimed = delivery.claim_one(reminder.pk, now=REMINDER_DUE)
    assert (claimed.pk, claimed.status, claimed.attempts) == (reminder.pk, S.SENDING, 1)


def test_cancelled_sent_and_failed_rows_are_never_claimed(confirmed):
    with override_settings(EMAIL_BACKEND=FAILING, NOTIFICATION_MAX_ATTEMPTS=1):
        assert delivery.send_due(now=NOW) == 0  # both confirmations fail for good
    builders.cancel(confirmed, now=LATER)
    assert delivery.send_due(now=LATER) == 2  # the cancellations go out

    assert delivery.claim_batch(now=END + timedelta(days=30), limit=100) == []
    assert sorted(Notification.objects.values_list("status", flat=True)) == sorted(
        [S.CANCELLED] * 9 + [S.FAILED] * 2 + [S.SENT] * 2
    )


def test_a_row_claimed_by_one_worker_is_not_claimed_by_another_within_the_lease(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.student)
    first = delivery.claim_one(confirmation.pk, now=NOW)

    # Up to the end of the lease, the row belongs to the first worker.
    assert delivery.claim_one(confirmation.pk, now=NOW + LEASE) is None
    assert [n.pk for n in delivery.claim_batch(now=NOW + LEASE, limit=9)] == [
        row(confirmed, K.MEETING_CONFIRMED, confirmed.mentor).pk
    ]
    confirmation.refresh_from_db()
    assert (confirmation.claim_token, confirmation.attempts) == (first.claim_token, 1)

    # Past the lease the first worker is taken for dead: the row is claimed again.
    after_lease = NOW + LEASE + timedelta(seconds=1)
    second = delivery.claim_batch(now=after_lease, limit=9)
    assert [(n.pk, n.status, n.attempts, n.claimed_at) for n in second] == [
        (confirmation.pk, S.SENDING, 2, after_lease)
    ]
    assert second[0].claim_token != first.claim_token


def test_only_the_claim_holder_records_the_outcome(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.student)
    stalled = delivery.claim_one(confirmation.pk, now=NOW)
    after_lease = NOW + LEASE + timedelta(seconds=1)
    taken_over = delivery.claim_one(confirmation.pk, now=after_lease)

    # The first worker wakes up: its claim is gone, so it neither sends nor records.
    assert delivery.deliver(stalled, now=after_lease) == ""
    assert mail.outbox == []
    assert delivery.deliver(taken_over, now=after_lease) == S.SENT
    assert delivery.deliver(stalled, now=after_lease) == ""

    confirmation.refresh_from_db()
    assert (
        confirmation.status,
        confirmation.claim_token,
        confirmation.attempts,
        confirmation.sent_at,
    ) == (S.SENT, taken_over.claim_token, 2, after_lease)
    assert received() == [(address(confirmed.student), confirmation.message_id)]


def test_a_row_abandoned_by_dying_workers_too_often_is_given_up(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.student)
    with override_settings(NOTIFICATION_MAX_ATTEMPTS=2):
        claims = [
            delivery.claim_one(confirmation.pk, now=NOW + (LEASE + timedelta(seconds=1)) * round_)
            for round_ in range(3)
        ]
        assert [claim.attempts for claim in claims] == [1, 2, 3]
        assert delivery.deliver(claims[-1], now=NOW + LEASE * 3) == S.FAILED

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.last_error) == (
        S.FAILED,
        "Given up after 2 attempts: no worker finished sending it.",
    )
    assert mail.outbox == []


# --- Sending ----------------------------------------------------------------------


def test_send_due_sends_everything_due_exactly_once(confirmed):
    assert delivery.send_due(now=NOW) == 2
    assert delivery.send_due(now=NOW) == 0
    assert delivery.send_due(now=NOW + timedelta(hours=1)) == 0

    student, mentor = confirmed.student, confirmed.mentor
    assert received() == [
        (address(student), row(confirmed, K.MEETING_CONFIRMED, student).message_id),
        (address(mentor), row(confirmed, K.MEETING_CONFIRMED, mentor).message_id),
    ]

    assert delivery.send_due(now=REMINDER_DUE) == 2
    assert delivery.send_due(now=END) == 2  # "did it happen?", to both
    assert delivery.send_due(now=END + timedelta(hours=2)) == 1
    assert delivery.send_due(now=END + timedelta(hours=48)) == 1
    assert delivery.send_due(now=END + timedelta(days=30)) == 0
    assert [to for to, _ in received()] == [address(p) for p in (student, mentor) * 3] + [
        address(student)
    ] * 2
    assert len({message_id for _, message_id in received()}) == 8


def test_a_sent_row_records_when_and_under_which_message_id(confirmed):
    delivery.send_due(now=NOW + timedelta(seconds=5))

    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.mentor)
    digest = hashlib.sha256(confirmation.idempotency_key.encode()).hexdigest()[:16]
    assert (
        confirmation.status,
        confirmation.sent_at,
        confirmation.attempts,
        confirmation.last_error,
        confirmation.message_id,
    ) == (
        S.SENT,
        NOW + timedelta(seconds=5),
        1,
        "",
        f"<notification-{confirmation.pk}-{digest}@testserver>",
    )


def test_send_one_sends_a_due_row_once(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.student)

    assert delivery.send_one(confirmation.pk, now=NOW) == S.SENT
    assert delivery.send_one(confirmation.pk, now=NOW) == ""
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == (S.SENT, 1)
    assert received() == [(address(confirmed.student), confirmation.message_id)]
    assert (
        delivery.send_one(row(confirmed, K.MEETING_REMINDER, confirmed.student).pk, now=NOW) == ""
    )


# --- Re-checks when a row is due ------------------------------------------------------


def dropped(request, kind, recipient) -> tuple[str, str]:
    notification = row(request, kind, recipient)
    return notification.status, notification.last_error


def test_a_cancelled_meeting_sends_no_reminder_and_no_thank_you_reminder(confirmed):
    assert delivery.send_due(now=NOW) == 2
    builders.cancel(confirmed, now=LATER)
    assert delivery.send_due(now=LATER) == 2

    for moment in (REMINDER_DUE, START, END + timedelta(hours=2), END + timedelta(hours=48)):
        assert delivery.send_due(now=moment) == 0

    assert list(
        Notification.objects.filter(status=S.SENT)
        .order_by("pk")
        .values_list("kind", "recipient_id")
    ) == [
        (K.MEETING_CONFIRMED, confirmed.student_id),
        (K.MEETING_CONFIRMED, confirmed.mentor_id),
        (K.MEETING_CANCELLED, confirmed.student_id),
        (K.MEETING_CANCELLED, confirmed.mentor_id),
    ]
    assert len(mail.outbox) == 4


def test_a_reminder_in_flight_when_the_meeting_is_cancelled_is_dropped(confirmed):
    delivery.send_due(now=NOW)
    claimed = delivery.claim_batch(now=REMINDER_DUE, limit=9)
    builders.cancel(confirmed, now=REMINDER_DUE + timedelta(minutes=1))

    assert [delivery.deliver(n, now=REMINDER_DUE + timedelta(minutes=2)) for n in claimed] == [
        S.CANCELLED,
        S.CANCELLED,
    ]
    reason = "The meeting was cancelled or moved."
    assert dropped(confirmed, K.MEETING_REMINDER, confirmed.student) == (S.CANCELLED, reason)
    assert dropped(confirmed, K.MEETING_REMINDER, confirmed.mentor) == (S.CANCELLED, reason)
    assert len(mail.outbox) == 2  # the confirmations only


def test_a_thank_you_reminder_of_a_cancelled_meeting_has_a_reason_to_drop(confirmed):
    builders.cancel(confirmed, now=LATER)

    reason = "The meeting did not take place as planned, or thanks were sent."
    for kind, due in ((K.THANK_YOU_REMINDER, 2), (K.THANK_YOU_NUDGE, 48)):
        notification = row(confirmed, kind, confirmed.student)
        assert delivery.reason_to_drop(notification, now=END + timedelta(hours=due)) == reason


def test_the_old_reminder_of_a_moved_meeting_is_dropped(confirmed):
    delivery.send_due(now=NOW)
    request = builders.propose_reschedule(confirmed, now=LATER)
    assert delivery.send_due(now=LATER) == 1  # the new times, to the mentor
    old_reminders = delivery.claim_batch(now=REMINDER_DUE, limit=9)
    meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=request.mentor,
        slot_id=builders.first_slot(request).pk,
        expected_version=request.version,
        now=REMINDER_DUE + timedelta(minutes=1),
    )

    assert [n.kind for n in old_reminders] == [K.MEETING_REMINDER, K.MEETING_REMINDER]
    assert [
        delivery.deliver(n, now=REMINDER_DUE + timedelta(minutes=2)) for n in old_reminders
    ] == [
        S.CANCELLED,
        S.CANCELLED,
    ]
    assert {
        n.last_error for n in Notification.objects.filter(pk__in=[n.pk for n in old_reminders])
    } == {"The meeting was cancelled or moved."}
    # The reminders of the new time go out at theirs.
    assert delivery.send_due(now=REMINDER_DUE + timedelta(minutes=2)) == 2  # the move, to both
    assert delivery.send_due(now=NEW_START - timedelta(hours=24)) == 2
    assert (
        list(
            Notification.objects.filter(kind=K.MEETING_REMINDER, status=S.SENT).values_list(
                "payload", flat=True
            )
        )
        == [{"starts_at": "2026-03-14T15:00:00+00:00", "sequence": 1}] * 2
    )


def test_a_nudge_in_flight_when_the_mentor_answers_is_dropped(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    delivery.send_due(now=NOW)
    nudge_due = NOW + timedelta(days=3)
    [nudge] = delivery.claim_batch(now=nudge_due, limit=9)
    builders.decline(request, now=nudge_due + timedelta(minutes=1))

    assert delivery.deliver(nudge, now=nudge_due + timedelta(minutes=2)) == S.CANCELLED
    nudge.refresh_from_db()
    assert (nudge.kind, nudge.status, nudge.last_error) == (
        K.REQUEST_NUDGE,
        S.CANCELLED,
        "The request was answered or ended.",
    )
    assert [to for to, _ in received()] == [address(mentor)]  # the new request only


def test_a_new_request_email_in_flight_when_the_student_withdraws_is_dropped(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    [email] = delivery.claim_batch(now=NOW, limit=9)
    builders.withdraw(request, now=NOW + timedelta(seconds=30))

    assert delivery.deliver(email, now=NOW + timedelta(minutes=1)) == S.CANCELLED
    assert dropped(request, K.NEW_REQUEST, mentor) == (
        S.CANCELLED,
        "The request was answered or ended.",
    )
    assert delivery.send_due(now=NOW + timedelta(minutes=1)) == 1  # the withdrawal
    assert received() == [(address(mentor), row(request, K.REQUEST_WITHDRAWN, mentor).message_id)]


def test_a_reminder_that_comes_due_after_the_meeting_started_is_dropped(confirmed):
    delivery.send_due(now=NOW)
    # The workers were down from the reminder's time until after the start.
    assert delivery.send_due(now=START + timedelta(minutes=1)) == 0

    reason = "The meeting has already started."
    assert dropped(confirmed, K.MEETING_REMINDER, confirmed.student) == (S.CANCELLED, reason)
    assert dropped(confirmed, K.MEETING_REMINDER, confirmed.mentor) == (S.CANCELLED, reason)
    assert row(confirmed, K.THANK_YOU_REMINDER, confirmed.student).status == S.QUEUED


def test_a_confirmation_that_comes_due_after_the_meeting_is_over_is_dropped(confirmed):
    # The workers were down from the confirmation until after the meeting.
    assert delivery.send_due(now=END + timedelta(minutes=1)) == 2

    reason = "The meeting is already over."
    assert dropped(confirmed, K.MEETING_CONFIRMED, confirmed.student) == (S.CANCELLED, reason)
    assert dropped(confirmed, K.MEETING_CONFIRMED, confirmed.mentor) == (S.CANCELLED, reason)
    # What is due after the end still goes out: "did it happen?", to both.
    assert received() == [
        (
            address(confirmed.student),
            row(confirmed, K.OUTCOME_PROMPT, confirmed.student).message_id,
        ),
        (address(confirmed.mentor), row(confirmed, K.OUTCOME_PROMPT, confirmed.mentor).message_id),
    ]


def test_a_recipient_who_deleted_their_account_gets_nothing(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    assert delivery.send_due(now=NOW) == 1  # the new request, to the mentor
    builders.decline(request, now=LATER)
    delete_account(user=student, now=LATER + timedelta(minutes=1))

    assert delivery.send_due(now=LATER + timedelta(minutes=2)) == 0

    assert dropped(request, K.REQUEST_DECLINED, student) == (
        S.CANCELLED,
        "The recipient deleted their account.",
    )
    assert [to for to, _ in received()] == [address(mentor)]


def test_an_invite_in_flight_when_the_meeting_changes_again_is_dropped(confirmed):
    claimed = delivery.claim_batch(now=NOW, limit=9)
    builders.cancel(confirmed, now=NOW + timedelta(seconds=30))

    assert [delivery.deliver(n, now=NOW + timedelta(minutes=1)) for n in claimed] == [
        S.CANCELLED,
        S.CANCELLED,
    ]
    reason = "A later change to the meeting replaced this calendar update."
    assert dropped(confirmed, K.MEETING_CONFIRMED, confirmed.student) == (S.CANCELLED, reason)
    assert dropped(confirmed, K.MEETING_CONFIRMED, confirmed.mentor) == (S.CANCELLED, reason)
    # Only the cancellations go out: no REQUEST after the CANCEL.
    assert delivery.send_due(now=NOW + timedelta(minutes=1)) == 2
    assert list(Notification.objects.filter(status=S.SENT).values_list("kind", flat=True)) == [
        K.MEETING_CANCELLED,
        K.MEETING_CANCELLED,
    ]


def test_a_reminder_turned_off_is_dropped_and_the_other_person_still_gets_theirs(confirmed):
    delivery.send_due(now=NOW)
    set_optional_email(confirmed.student, OptionalEmail.MEETING_REMINDERS, wanted=False)

    assert delivery.send_due(now=REMINDER_DUE) == 1

    assert dropped(confirmed, K.MEETING_REMINDER, confirmed.student) == (
        S.CANCELLED,
        "The recipient turned this kind of email off.",
    )
    assert row(confirmed, K.MEETING_REMINDER, confirmed.mentor).status == S.SENT
    assert [to for to, _ in received()][2:] == [address(confirmed.mentor)]


def test_confirmations_always_go_out_whatever_the_preferences(confirmed):
    for optional in OptionalEmail:
        set_optional_email(confirmed.student, optional, wanted=False)

    assert delivery.send_due(now=NOW) == 2


# --- Failures, backoff, retry -------------------------------------------------------------


def test_a_failing_mail_server_backs_off_then_marks_the_rows_failed(confirmed):
    student, mentor = confirmed.student_id, confirmed.mentor_id
    moment = NOW
    with override_settings(EMAIL_BACKEND=FAILING):
        for attempt, wait in enumerate(delivery.BACKOFF_MINUTES, 1):
            assert delivery.send_due(now=moment) == 0
            again = moment + timedelta(minutes=wait)
            assert states(confirmed)[:2] == [
                (K.MEETING_CONFIRMED, student, S.QUEUED, attempt, again, SMTP_ERROR),
                (K.MEETING_CONFIRMED, mentor, S.QUEUED, attempt, again, SMTP_ERROR),
            ]
            # Nothing is tried before the backoff is over.
            assert delivery.claim_batch(now=again - timedelta(seconds=1), limit=9) == []
            moment = again
        assert delivery.send_due(now=moment) == 0

    assert states(confirmed)[:2] == [
        (K.MEETING_CONFIRMED, student, S.FAILED, 6, moment, SMTP_ERROR),
        (K.MEETING_CONFIRMED, mentor, S.FAILED, 6, moment, SMTP_ERROR),
    ]
    assert delivery.claim_batch(now=moment + timedelta(days=1), limit=9) == []
    assert mail.outbox == []
    assert len(attempted_message_ids) == 12


def test_backoff_past_the_end_of_its_table_keeps_the_longest_wait(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.student)
    moment = NOW
    waits = []
    with override_settings(EMAIL_BACKEND=FAILING, NOTIFICATION_MAX_ATTEMPTS=8):
        for _ in range(7):
            assert delivery.send_one(confirmation.pk, now=moment) == S.QUEUED
            confirmation.refresh_from_db()
            waits.append((confirmation.due_at - moment) / timedelta(minutes=1))
            moment = confirmation.due_at
        assert delivery.send_one(confirmation.pk, now=moment) == S.FAILED

    assert waits == [1, 5, 15, 60, 180, 180, 180]


def test_retry_puts_failed_rows_back_and_they_go_out_under_the_same_message_id(confirmed):
    student, mentor = confirmed.student, confirmed.mentor
    with override_settings(EMAIL_BACKEND=FAILING, NOTIFICATION_MAX_ATTEMPTS=2):
        delivery.send_due(now=NOW)
        delivery.send_due(now=NOW + timedelta(minutes=1))
    failed = list(Notification.objects.filter(status=S.FAILED).order_by("pk"))
    assert [(n.kind, n.recipient_id) for n in failed] == [
        (K.MEETING_CONFIRMED, student.pk),
        (K.MEETING_CONFIRMED, mentor.pk),
    ]
    reminder = row(confirmed, K.MEETING_REMINDER, student)

    retried_at = NOW + timedelta(hours=2)
    assert delivery.retry([*(n.pk for n in failed), reminder.pk], now=retried_at) == 2

    assert states(confirmed)[:3] == [
        (K.MEETING_CONFIRMED, student.pk, S.QUEUED, 0, retried_at, SMTP_ERROR),
        (K.MEETING_CONFIRMED, mentor.pk, S.QUEUED, 0, retried_at, SMTP_ERROR),
        (K.MEETING_REMINDER, student.pk, S.QUEUED, 0, REMINDER_DUE, ""),
    ]
    assert delivery.send_due(now=retried_at) == 2
    assert states(confirmed)[:2] == [
        (K.MEETING_CONFIRMED, student.pk, S.SENT, 1, retried_at, ""),
        (K.MEETING_CONFIRMED, mentor.pk, S.SENT, 1, retried_at, ""),
    ]
    student_id, mentor_id = (delivery.message_id(n) for n in failed)
    assert student_id != mentor_id
    assert attempted_message_ids == [student_id, mentor_id, student_id, mentor_id]
    assert received() == [(address(student), student_id), (address(mentor), mentor_id)]


def test_a_failed_invite_retried_after_the_meeting_was_cancelled_is_dropped(confirmed):
    with override_settings(EMAIL_BACKEND=FAILING, NOTIFICATION_MAX_ATTEMPTS=1):
        delivery.send_due(now=NOW)
    builders.cancel(confirmed, now=LATER)
    failed = Notification.objects.filter(status=S.FAILED)

    assert delivery.retry(failed.values_list("pk", flat=True), now=LATER) == 2
    assert delivery.send_due(now=LATER) == 2

    assert list(
        Notification.objects.filter(kind__in=[K.MEETING_CONFIRMED, K.MEETING_CANCELLED])
        .order_by("pk")
        .values_list("kind", "status")
    ) == [
        (K.MEETING_CONFIRMED, S.CANCELLED),
        (K.MEETING_CONFIRMED, S.CANCELLED),
        (K.MEETING_CANCELLED, S.SENT),
        (K.MEETING_CANCELLED, S.SENT),
    ]


def test_message_ids_are_unique_per_notification(confirmed):
    # Each sweep on time: the confirmations, the reminders, the outcome
    # prompts, the thank-you reminder (2 h after) and the nudge (48 h after).
    for moment in (NOW, REMINDER_DUE, END, END + timedelta(hours=2), END + timedelta(hours=48)):
        delivery.send_due(now=moment)

    ids = list(Notification.objects.filter(status=S.SENT).values_list("message_id", flat=True))
    assert len(ids) == 8
    assert len(set(ids)) == 8
    assert [message_id for _, message_id in received()] == ids


# --- Outbox lag -----------------------------------------------------------------------------


def test_the_outbox_lag_is_zero_when_nothing_due_waits(confirmed):
    assert delivery.outbox_lag(now=NOW) == 0.0
    delivery.send_due(now=NOW)

    assert delivery.outbox_lag(now=REMINDER_DUE - timedelta(seconds=1)) == 0.0


def test_the_outbox_lag_is_the_age_of_the_oldest_due_unsent_row(confirmed):
    assert delivery.outbox_lag(now=NOW + timedelta(seconds=90)) == 90.0

    # A row being sent still counts until it is sent.
    delivery.claim_one(row(confirmed, K.MEETING_CONFIRMED, confirmed.student).pk, now=NOW)
    assert delivery.outbox_lag(now=NOW + timedelta(seconds=95, milliseconds=500)) == 95.5

    delivery.send_due(now=NOW + timedelta(seconds=100))  # the mentor's
    assert delivery.outbox_lag(now=NOW + timedelta(seconds=100)) == 100.0


def test_the_outbox_lag_counts_from_the_first_of_several_due_rows(confirmed):
    delivery.send_due(now=NOW)

    assert (
        delivery.outbox_lag(now=END + timedelta(hours=3))
        == (END + timedelta(hours=3) - REMINDER_DUE).total_seconds()
    )


# --- The Celery tasks, called directly -----------------------------------------------------


def test_the_send_notification_task_sends_a_due_row_once(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.mentor)
    reminder = row(confirmed, K.MEETING_REMINDER, confirmed.mentor)

    with time_machine.travel(NOW + timedelta(seconds=2), tick=False):
        assert tasks.send_notification(confirmation.pk) == "sent"
        assert tasks.send_notification(confirmation.pk) == ""
        assert tasks.send_notification(reminder.pk) == ""
        assert tasks.send_notification(987654321) == ""

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.sent_at) == (S.SENT, NOW + timedelta(seconds=2))
    assert received() == [(address(confirmed.mentor), confirmation.message_id)]
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (S.QUEUED, 0)


def test_the_sweep_task_sends_what_is_due_and_returns_how_many(confirmed):
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        assert tasks.send_due_notifications() == 2
        assert tasks.send_due_notifications() == 0
    with time_machine.travel(REMINDER_DUE, tick=False):
        assert tasks.send_due_notifications() == 2

    assert len(mail.outbox) == 4


def test_the_tasks_record_a_failure_on_the_row_and_return_quietly(confirmed):
    confirmation = row(confirmed, K.MEETING_CONFIRMED, confirmed.student)
    with (
        override_settings(EMAIL_BACKEND=FAILING),
        time_machine.travel(NOW, tick=False),
    ):
        assert tasks.send_notification(confirmation.pk) == "queued"
        assert tasks.send_due_notifications() == 0

    assert states(confirmed)[:2] == [
        (
            K.MEETING_CONFIRMED,
            confirmed.student_id,
            S.QUEUED,
            1,
            NOW + timedelta(minutes=1),
            SMTP_ERROR,
        ),
        (
            K.MEETING_CONFIRMED,
            confirmed.mentor_id,
            S.QUEUED,
            1,
            NOW + timedelta(minutes=1),
            SMTP_ERROR,
        ),
    ]
