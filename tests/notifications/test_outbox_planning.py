"""Which outbox rows each transition writes, when they are due, and what they replace.

Every transition runs through the real domain functions with a fixed `now`;
nothing is sent here (tests/notifications/test_delivery.py sends). Sophie
Student and Maria Mentor; "now" is Monday 2 March 2026, 12:00 UTC, and the
student's times are 5, 6 and 7 March at 15:00 UTC (30 minutes each).
"""

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import pytest
import time_machine
from django.db import transaction

from interviews import tasks
from interviews.domain import delivery, outbox
from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.domain.errors import NotAllowed, StaleRequest
from interviews.enums import NotificationKind, NotificationStatus, Party, RequestStatus
from interviews.models import InterviewRequest, Meeting, Notification, ProgramSettings
from tests import builders

K = NotificationKind
QUEUED = NotificationStatus.QUEUED
CANCELLED = NotificationStatus.CANCELLED
SENT = NotificationStatus.SENT
SUPERSEDED = "Superseded by a later change."

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
FIRST_START = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
FIRST_END = FIRST_START + timedelta(minutes=30)
LATER = NOW + timedelta(hours=1)
NEW_START = datetime(2026, 3, 14, 15, 0, tzinfo=UTC)  # builders' reschedule default (+12 days)
NEW_END = NEW_START + timedelta(minutes=30)


class Row(NamedTuple):
    kind: str
    recipient_id: int
    due_at: datetime
    status: str


def outbox_of(request: InterviewRequest) -> list[Row]:
    """The request's rows in the order they were written."""
    return [
        Row(*values)
        for values in Notification.objects.filter(request=request)
        .order_by("pk")
        .values_list("kind", "recipient_id", "due_at", "status")
    ]


def set_program(**values) -> None:
    ProgramSettings.objects.filter(pk=ProgramSettings.SINGLETON_PK).update(**values)


def sent_request_rows(request) -> list[Row]:
    """What sending writes, in order, as `status` now has them."""
    mentor = request.mentor_id
    return [
        Row(K.NEW_REQUEST, mentor, NOW, QUEUED),
        Row(K.REQUEST_NUDGE, mentor, NOW + timedelta(days=3), QUEUED),
        Row(K.REQUEST_NUDGE, mentor, NOW + timedelta(days=7), QUEUED),
    ]


def superseded(rows: list[Row]) -> list[Row]:
    return [row._replace(status=CANCELLED) for row in rows]


def deliver_due(now: datetime) -> int:
    """Send what is due at `now` (the locmem backend keeps the emails)."""
    return delivery.send_due(now=now)


@pytest.fixture
def sent(student, mentor):
    return builders.send(student, mentor, now=NOW)


@pytest.fixture
def confirmed(student, mentor):
    """Confirmed at NOW for 5 March, 15:00 UTC; its two confirmations already sent."""
    request = builders.confirm(student, mentor, now=NOW)
    assert deliver_due(NOW) == 2
    return request


def meeting_rows(request, *, start, end, status=QUEUED) -> list[Row]:
    """The reminder, "did it happen?" and thank-you rows planned for a meeting at start–end."""
    student, mentor = request.student_id, request.mentor_id
    return [
        Row(K.MEETING_REMINDER, student, start - timedelta(hours=24), status),
        Row(K.MEETING_REMINDER, mentor, start - timedelta(hours=24), status),
        Row(K.OUTCOME_PROMPT, student, end, status),
        Row(K.OUTCOME_PROMPT, mentor, end, status),
        Row(K.THANK_YOU_REMINDER, student, end + timedelta(hours=2), status),
        Row(K.THANK_YOU_NUDGE, student, end + timedelta(hours=48), status),
    ]


# --- A new request -----------------------------------------------------------


def test_sending_a_request_queues_the_new_request_email_and_two_nudges(sent):
    assert outbox_of(sent) == sent_request_rows(sent)


def test_the_rows_of_a_new_request_have_their_keys_and_payloads(sent):
    rows = Notification.objects.filter(request=sent).order_by("pk")
    mentor = sent.mentor_id

    assert [(row.idempotency_key, row.payload, row.meeting_id) for row in rows] == [
        (f"new_request:r{sent.pk}:v1:u{mentor}", {"round": 1}, None),
        (f"request_nudge:r{sent.pk}:round1:1", {"round": 1, "number": 1}, None),
        (f"request_nudge:r{sent.pk}:round1:2", {"round": 1, "number": 2}, None),
    ]
    assert [(row.attempts, row.last_error, row.claim_token, row.sent_at) for row in rows] == [
        (0, "", "", None)
    ] * 3


def test_nudge_offsets_come_from_program_settings(student, mentor):
    set_program(first_nudge_days=2, second_nudge_days=5)
    request = builders.send(student, mentor, now=NOW)

    assert outbox_of(request)[1:] == [
        Row(K.REQUEST_NUDGE, mentor.pk, NOW + timedelta(days=2), QUEUED),
        Row(K.REQUEST_NUDGE, mentor.pk, NOW + timedelta(days=5), QUEUED),
    ]


def test_a_nudge_set_to_zero_days_is_not_planned(student, mentor):
    set_program(first_nudge_days=4, second_nudge_days=0)
    request = builders.send(student, mentor, now=NOW)

    assert outbox_of(request) == [
        Row(K.NEW_REQUEST, mentor.pk, NOW, QUEUED),
        Row(K.REQUEST_NUDGE, mentor.pk, NOW + timedelta(days=4), QUEUED),
    ]


# --- Answers that end the wait --------------------------------------------------


def test_a_counter_proposal_cancels_the_nudges_and_tells_the_student(sent):
    builders.counter(sent, now=LATER)

    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.COUNTER_PROPOSAL, sent.student_id, LATER, QUEUED),
    ]
    assert set(
        Notification.objects.filter(request=sent, status=CANCELLED).values_list(
            "last_error", flat=True
        )
    ) == {SUPERSEDED}


def test_new_times_from_the_student_plan_nudges_for_the_new_round(sent):
    countered = builders.counter(sent, now=LATER)
    answered_at = LATER + timedelta(days=1)
    request_rules.propose_again(
        request_id=sent.pk,
        student=sent.student,
        slot_starts=[datetime(2026, 3, 20, 15, 0, tzinfo=UTC)],
        note="Would this work instead?",
        expected_version=countered.version,
        now=answered_at,
    )

    mentor = sent.mentor_id
    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.COUNTER_PROPOSAL, sent.student_id, LATER, CANCELLED),
        Row(K.NEW_TIMES_FROM_STUDENT, mentor, answered_at, QUEUED),
        Row(K.REQUEST_NUDGE, mentor, answered_at + timedelta(days=3), QUEUED),
        Row(K.REQUEST_NUDGE, mentor, answered_at + timedelta(days=7), QUEUED),
    ]
    assert list(
        Notification.objects.filter(request=sent, status=QUEUED).values_list("payload", flat=True)
    ) == [{"round": 3}, {"round": 3, "number": 1}, {"round": 3, "number": 2}]


def test_a_decline_cancels_the_nudges_and_tells_the_student(sent):
    builders.decline(sent, now=LATER)

    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.REQUEST_DECLINED, sent.student_id, LATER, QUEUED),
    ]


def test_a_withdrawal_cancels_the_nudges_and_tells_the_mentor(sent):
    builders.withdraw(sent, now=LATER)

    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.REQUEST_WITHDRAWN, sent.mentor_id, LATER, QUEUED),
    ]


def test_a_new_request_email_in_flight_is_left_to_its_worker_when_the_request_is_answered(sent):
    claimed = delivery.claim_one(
        Notification.objects.get(request=sent, kind=K.NEW_REQUEST).pk, now=NOW
    )
    # In flight (a worker holds it) when the mentor answers: not recalled here,
    # the re-check at send time decides (see test_delivery.py).
    builders.decline(sent, now=LATER)

    rows = outbox_of(sent)
    assert rows[0] == Row(K.NEW_REQUEST, sent.mentor_id, NOW, NotificationStatus.SENDING)
    assert rows[1:] == [
        *superseded(sent_request_rows(sent)[1:]),
        Row(K.REQUEST_DECLINED, sent.student_id, LATER, QUEUED),
    ]
    assert claimed.status == NotificationStatus.SENDING


def test_expiry_runs_through_the_transition_and_queues_the_expired_email(sent):
    # All of the student's times have started by 7 March, 15:00 UTC.
    expired_at = datetime(2026, 3, 7, 15, 0, tzinfo=UTC)

    assert request_rules.expire_due_requests(now=expired_at) == 1

    sent.refresh_from_db()
    assert sent.status == RequestStatus.EXPIRED
    assert list(sent.transitions.values_list("event", "actor_party", "created_at")) == [
        ("sent", Party.STUDENT, NOW),
        ("expired", Party.SYSTEM, expired_at),
    ]
    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.REQUEST_EXPIRED, sent.student_id, expired_at, QUEUED),
    ]


def test_the_periodic_expiry_task_queues_the_expired_email(sent):
    fourteen_days = NOW + timedelta(days=14)
    with time_machine.travel(fourteen_days, tick=False):
        assert tasks.expire_requests() == 1

    assert outbox_of(sent)[-1] == Row(K.REQUEST_EXPIRED, sent.student_id, fourteen_days, QUEUED)


# --- Confirmation -----------------------------------------------------------------


def test_confirming_queues_invites_reminders_outcome_prompts_and_thank_you_reminders(sent):
    accepted_at = NOW + timedelta(days=1)
    meeting = request_rules.accept_slot(
        request_id=sent.pk,
        user=sent.mentor,
        slot_id=builders.first_slot(sent).pk,
        expected_version=sent.version,
        now=accepted_at,
    )

    student, mentor = sent.student_id, sent.mentor_id
    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.MEETING_CONFIRMED, student, accepted_at, QUEUED),
        Row(K.MEETING_CONFIRMED, mentor, accepted_at, QUEUED),
        *meeting_rows(sent, start=FIRST_START, end=FIRST_END),
    ]
    planned = {"starts_at": "2026-03-05T15:00:00+00:00", "sequence": 0}
    assert [
        (row.idempotency_key, row.meeting_id, row.payload)
        for row in Notification.objects.filter(request=sent, status=QUEUED).order_by("pk")
    ] == [
        (f"meeting_confirmed:m{meeting.pk}:s0:u{student}", meeting.pk, {"sequence": 0}),
        (f"meeting_confirmed:m{meeting.pk}:s0:u{mentor}", meeting.pk, {"sequence": 0}),
        (f"meeting_reminder:m{meeting.pk}:s0:u{student}", meeting.pk, planned),
        (f"meeting_reminder:m{meeting.pk}:s0:u{mentor}", meeting.pk, planned),
        (f"outcome_prompt:m{meeting.pk}:s0:u{student}", meeting.pk, planned),
        (f"outcome_prompt:m{meeting.pk}:s0:u{mentor}", meeting.pk, planned),
        (f"thank_you_reminder:m{meeting.pk}:s0:u{student}", meeting.pk, planned),
        (f"thank_you_nudge:m{meeting.pk}:s0:u{student}", meeting.pk, planned),
    ]


def test_accepting_a_counter_proposed_time_cancels_the_unsent_counter_proposal(sent):
    countered = builders.counter(sent, now=LATER)
    accepted_at = LATER + timedelta(hours=3)
    request_rules.accept_slot(
        request_id=sent.pk,
        user=sent.student,
        slot_id=builders.first_slot(countered).pk,
        expected_version=countered.version,
        now=accepted_at,
    )

    start = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # builders.counter's default (+10 days)
    assert outbox_of(sent) == [
        *superseded(sent_request_rows(sent)),
        Row(K.COUNTER_PROPOSAL, sent.student_id, LATER, CANCELLED),
        Row(K.MEETING_CONFIRMED, sent.student_id, accepted_at, QUEUED),
        Row(K.MEETING_CONFIRMED, sent.mentor_id, accepted_at, QUEUED),
        *meeting_rows(sent, start=start, end=start + timedelta(minutes=30)),
    ]


def test_reminder_and_thank_you_offsets_come_from_program_settings(student, mentor):
    set_program(
        reminder_hours_before=48, thank_you_reminder_hours_after=1, thank_you_nudge_hours_after=24
    )
    request = builders.confirm(student, mentor, now=NOW)

    assert outbox_of(request)[5:] == [
        Row(K.MEETING_REMINDER, student.pk, FIRST_START - timedelta(hours=48), QUEUED),
        Row(K.MEETING_REMINDER, mentor.pk, FIRST_START - timedelta(hours=48), QUEUED),
        Row(K.OUTCOME_PROMPT, student.pk, FIRST_END, QUEUED),
        Row(K.OUTCOME_PROMPT, mentor.pk, FIRST_END, QUEUED),
        Row(K.THANK_YOU_REMINDER, student.pk, FIRST_END + timedelta(hours=1), QUEUED),
        Row(K.THANK_YOU_NUDGE, student.pk, FIRST_END + timedelta(hours=24), QUEUED),
    ]


def test_a_meeting_confirmed_at_short_notice_gets_no_reminder(sent):
    accepted_at = FIRST_START - timedelta(hours=23, minutes=59)
    request_rules.accept_slot(
        request_id=sent.pk,
        user=sent.mentor,
        slot_id=builders.first_slot(sent).pk,
        expected_version=sent.version,
        now=accepted_at,
    )

    assert outbox_of(sent)[3:] == [
        Row(K.MEETING_CONFIRMED, sent.student_id, accepted_at, QUEUED),
        Row(K.MEETING_CONFIRMED, sent.mentor_id, accepted_at, QUEUED),
        # "Did it happen?" is asked all the same, at the meeting's end.
        Row(K.OUTCOME_PROMPT, sent.student_id, FIRST_END, QUEUED),
        Row(K.OUTCOME_PROMPT, sent.mentor_id, FIRST_END, QUEUED),
        Row(K.THANK_YOU_REMINDER, sent.student_id, FIRST_END + timedelta(hours=2), QUEUED),
        Row(K.THANK_YOU_NUDGE, sent.student_id, FIRST_END + timedelta(hours=48), QUEUED),
    ]


def test_a_meeting_confirmed_exactly_a_day_ahead_gets_no_reminder(sent):
    request_rules.accept_slot(
        request_id=sent.pk,
        user=sent.mentor,
        slot_id=builders.first_slot(sent).pk,
        expected_version=sent.version,
        now=FIRST_START - timedelta(hours=24),
    )

    assert Notification.objects.filter(request=sent, kind=K.MEETING_REMINDER).count() == 0


def test_a_meeting_confirmed_a_minute_more_than_a_day_ahead_gets_its_reminders(sent):
    request_rules.accept_slot(
        request_id=sent.pk,
        user=sent.mentor,
        slot_id=builders.first_slot(sent).pk,
        expected_version=sent.version,
        now=FIRST_START - timedelta(hours=24, minutes=1),
    )

    assert list(
        Notification.objects.filter(request=sent, kind=K.MEETING_REMINDER).values_list(
            "recipient_id", "due_at"
        )
    ) == [
        (sent.student_id, FIRST_START - timedelta(hours=24)),
        (sent.mentor_id, FIRST_START - timedelta(hours=24)),
    ]


# --- Refused transitions and the shared transaction ------------------------------


def test_a_refused_transition_writes_no_rows(sent):
    before = outbox_of(sent)

    with pytest.raises(NotAllowed):
        # The student cannot decline their own request.
        request_rules.decline_request(
            request_id=sent.pk,
            mentor=sent.student,
            reason="too_busy",
            expected_version=sent.version,
            now=LATER,
        )
    with pytest.raises(StaleRequest):
        # The student's page showed an older version of the request.
        request_rules.withdraw_request(
            request_id=sent.pk, student=sent.student, expected_version=sent.version + 1, now=LATER
        )
    with pytest.raises(NotAllowed):
        # 5 March, 15:00 has started: it can no longer be accepted.
        request_rules.accept_slot(
            request_id=sent.pk,
            user=sent.mentor,
            slot_id=builders.first_slot(sent).pk,
            expected_version=sent.version,
            now=FIRST_START,
        )

    assert outbox_of(sent) == before
    assert Notification.objects.count() == 3


def test_a_second_acceptance_is_refused_and_writes_no_second_invite(sent):
    request_rules.accept_slot(
        request_id=sent.pk,
        user=sent.mentor,
        slot_id=builders.first_slot(sent).pk,
        expected_version=sent.version,
        now=LATER,
    )
    before = outbox_of(sent)

    with pytest.raises(NotAllowed):
        request_rules.accept_slot(
            request_id=sent.pk,
            user=sent.mentor,
            slot_id=builders.first_slot(sent).pk,
            expected_version=None,
            now=LATER,
        )

    assert outbox_of(sent) == before
    assert Notification.objects.filter(kind=K.MEETING_CONFIRMED).count() == 2


def test_the_rows_are_written_in_the_transition_s_transaction(student, mentor):
    class RolledBack(Exception):
        pass

    written = []

    def confirm_then_fail():
        with transaction.atomic():
            builders.confirm(student, mentor, now=NOW)
            written.append(Notification.objects.count())
            raise RolledBack

    with pytest.raises(RolledBack):
        confirm_then_fail()

    assert written == [11]
    assert InterviewRequest.objects.count() == 0
    assert Notification.objects.count() == 0


def test_the_same_key_never_makes_a_second_row(sent):
    first = Notification.objects.get(request=sent, kind=K.NEW_REQUEST)

    again = outbox.queue(
        kind=K.NEW_REQUEST,
        recipient=sent.mentor,
        request=sent,
        due_at=LATER,
        key=first.idempotency_key,
        now=LATER,
    )

    assert again.pk == first.pk
    assert outbox_of(sent) == sent_request_rows(sent)


def test_every_row_of_a_long_history_has_its_own_key(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    request = builders.propose_reschedule(request, now=LATER)
    meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=request.mentor,
        slot_id=builders.first_slot(request).pk,
        expected_version=request.version,
        now=LATER,
    )
    request.refresh_from_db()
    request = change_details(request, now=LATER, video_link="https://meet.example.com/new")
    builders.cancel(request, now=LATER)

    keys = list(Notification.objects.values_list("idempotency_key", flat=True))
    # 3 when sent, 8 when confirmed, 1 proposal, 8 when moved, 2 details, 2 cancellations.
    assert len(keys) == 24
    assert len(set(keys)) == 24


# --- Cancel, reschedule, details ----------------------------------------------------


def change_details(request, *, now, **values):
    meeting = Meeting.objects.get(request=request)
    details = {
        "location": meeting.location,
        "video_link": meeting.video_link,
        "phone": meeting.phone,
        **values,
    }
    meeting_rules.update_meeting_details(
        request_id=request.pk,
        mentor=request.mentor,
        expected_version=request.version,
        now=now,
        **details,
    )
    request.refresh_from_db()
    return request


def test_cancelling_supersedes_the_reminders_and_queues_cancellations_to_both(confirmed):
    builders.cancel(confirmed, now=LATER)

    student, mentor = confirmed.student_id, confirmed.mentor_id
    assert outbox_of(confirmed) == [
        *superseded(sent_request_rows(confirmed)),
        Row(K.MEETING_CONFIRMED, student, NOW, SENT),
        Row(K.MEETING_CONFIRMED, mentor, NOW, SENT),
        *meeting_rows(confirmed, start=FIRST_START, end=FIRST_END, status=CANCELLED),
        Row(K.MEETING_CANCELLED, student, LATER, QUEUED),
        Row(K.MEETING_CANCELLED, mentor, LATER, QUEUED),
    ]
    meeting = Meeting.objects.get(request=confirmed)
    assert meeting.sequence == 1
    assert list(
        Notification.objects.filter(kind=K.MEETING_CANCELLED).values_list(
            "idempotency_key", "payload"
        )
    ) == [
        (f"meeting_cancelled:m{meeting.pk}:s1:u{student}", {"sequence": 1}),
        (f"meeting_cancelled:m{meeting.pk}:s1:u{mentor}", {"sequence": 1}),
    ]


def test_cancelling_before_the_confirmations_went_out_cancels_them_too(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    builders.cancel(request, by=mentor, now=LATER)

    assert outbox_of(request) == [
        *superseded(sent_request_rows(request)),
        Row(K.MEETING_CONFIRMED, student.pk, NOW, CANCELLED),
        Row(K.MEETING_CONFIRMED, mentor.pk, NOW, CANCELLED),
        *meeting_rows(request, start=FIRST_START, end=FIRST_END, status=CANCELLED),
        Row(K.MEETING_CANCELLED, student.pk, LATER, QUEUED),
        Row(K.MEETING_CANCELLED, mentor.pk, LATER, QUEUED),
    ]


def test_cancelling_with_new_times_waiting_cancels_their_unsent_email(confirmed):
    request = builders.propose_reschedule(confirmed, now=LATER)
    builders.cancel(request, by=request.mentor, now=LATER + timedelta(hours=1))

    assert outbox_of(request)[5:] == [
        *meeting_rows(request, start=FIRST_START, end=FIRST_END, status=CANCELLED),
        Row(K.RESCHEDULE_PROPOSED, request.mentor_id, LATER, CANCELLED),
        Row(K.MEETING_CANCELLED, request.student_id, LATER + timedelta(hours=1), QUEUED),
        Row(K.MEETING_CANCELLED, request.mentor_id, LATER + timedelta(hours=1), QUEUED),
    ]


def test_proposing_new_times_tells_the_other_person(confirmed):
    builders.propose_reschedule(confirmed, by=confirmed.mentor, now=LATER)

    meeting = Meeting.objects.get(request=confirmed)
    assert outbox_of(confirmed)[-1] == Row(
        K.RESCHEDULE_PROPOSED, confirmed.student_id, LATER, QUEUED
    )
    assert Notification.objects.get(kind=K.RESCHEDULE_PROPOSED).meeting_id == meeting.pk
    # The agreed time stands meanwhile: its reminders stay planned.
    assert outbox_of(confirmed)[5:11] == meeting_rows(confirmed, start=FIRST_START, end=FIRST_END)


def test_moving_the_meeting_replaces_its_reminders_and_sends_updates_to_both(confirmed):
    request = builders.propose_reschedule(confirmed, now=LATER)
    moved_at = LATER + timedelta(hours=2)
    meeting = meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=request.mentor,
        slot_id=builders.first_slot(request).pk,
        expected_version=request.version,
        now=moved_at,
    )

    student, mentor = request.student_id, request.mentor_id
    assert outbox_of(request)[5:] == [
        *meeting_rows(request, start=FIRST_START, end=FIRST_END, status=CANCELLED),
        Row(K.RESCHEDULE_PROPOSED, mentor, LATER, CANCELLED),
        Row(K.MEETING_RESCHEDULED, student, moved_at, QUEUED),
        Row(K.MEETING_RESCHEDULED, mentor, moved_at, QUEUED),
        *meeting_rows(request, start=NEW_START, end=NEW_END),
    ]
    planned = {"starts_at": "2026-03-14T15:00:00+00:00", "sequence": 1}
    assert [
        (row.idempotency_key, row.payload)
        for row in Notification.objects.filter(request=request, status=QUEUED).order_by("pk")
    ] == [
        (f"meeting_rescheduled:m{meeting.pk}:s1:u{student}", {"sequence": 1}),
        (f"meeting_rescheduled:m{meeting.pk}:s1:u{mentor}", {"sequence": 1}),
        (f"meeting_reminder:m{meeting.pk}:s1:u{student}", planned),
        (f"meeting_reminder:m{meeting.pk}:s1:u{mentor}", planned),
        (f"outcome_prompt:m{meeting.pk}:s1:u{student}", planned),
        (f"outcome_prompt:m{meeting.pk}:s1:u{mentor}", planned),
        (f"thank_you_reminder:m{meeting.pk}:s1:u{student}", planned),
        (f"thank_you_nudge:m{meeting.pk}:s1:u{student}", planned),
    ]


def test_declining_new_times_tells_the_proposer_and_keeps_the_reminders(confirmed):
    request = builders.propose_reschedule(confirmed, by=confirmed.student, now=LATER)
    declined_at = LATER + timedelta(hours=1)
    meeting_rules.decline_reschedule(
        request_id=request.pk,
        user=request.mentor,
        note="That week is full.",
        expected_version=request.version,
        now=declined_at,
    )

    assert outbox_of(request)[5:] == [
        *meeting_rows(request, start=FIRST_START, end=FIRST_END),
        Row(K.RESCHEDULE_PROPOSED, request.mentor_id, LATER, CANCELLED),
        Row(K.RESCHEDULE_DECLINED, request.student_id, declined_at, QUEUED),
    ]


def test_withdrawing_new_times_cancels_their_unsent_email_and_writes_nothing_else(confirmed):
    request = builders.propose_reschedule(confirmed, by=confirmed.mentor, now=LATER)
    meeting_rules.withdraw_reschedule(
        request_id=request.pk,
        user=request.mentor,
        expected_version=request.version,
        now=LATER + timedelta(hours=1),
    )

    assert outbox_of(request)[5:] == [
        *meeting_rows(request, start=FIRST_START, end=FIRST_END),
        Row(K.RESCHEDULE_PROPOSED, request.student_id, LATER, CANCELLED),
    ]


def test_a_details_change_sends_updates_and_keeps_the_reminders(confirmed):
    change_details(confirmed, now=LATER, video_link="https://meet.example.com/new-room")

    meeting = Meeting.objects.get(request=confirmed)
    assert outbox_of(confirmed)[3:] == [
        Row(K.MEETING_CONFIRMED, confirmed.student_id, NOW, SENT),
        Row(K.MEETING_CONFIRMED, confirmed.mentor_id, NOW, SENT),
        *meeting_rows(confirmed, start=FIRST_START, end=FIRST_END),
        Row(K.MEETING_DETAILS_CHANGED, confirmed.student_id, LATER, QUEUED),
        Row(K.MEETING_DETAILS_CHANGED, confirmed.mentor_id, LATER, QUEUED),
    ]
    assert list(
        Notification.objects.filter(kind=K.MEETING_DETAILS_CHANGED).values_list(
            "idempotency_key", "payload"
        )
    ) == [
        (f"meeting_details_changed:m{meeting.pk}:s1:u{confirmed.student_id}", {"sequence": 1}),
        (f"meeting_details_changed:m{meeting.pk}:s1:u{confirmed.mentor_id}", {"sequence": 1}),
    ]


def test_a_details_change_supersedes_an_older_invite_still_unsent(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    request = change_details(request, now=LATER, video_link="https://meet.example.com/first")
    change_details(request, now=LATER + timedelta(hours=1), phone="+49 30 7654321")

    assert outbox_of(request)[3:] == [
        Row(K.MEETING_CONFIRMED, student.pk, NOW, CANCELLED),
        Row(K.MEETING_CONFIRMED, mentor.pk, NOW, CANCELLED),
        *meeting_rows(request, start=FIRST_START, end=FIRST_END),
        Row(K.MEETING_DETAILS_CHANGED, student.pk, LATER, CANCELLED),
        Row(K.MEETING_DETAILS_CHANGED, mentor.pk, LATER, CANCELLED),
        Row(K.MEETING_DETAILS_CHANGED, student.pk, LATER + timedelta(hours=1), QUEUED),
        Row(K.MEETING_DETAILS_CHANGED, mentor.pk, LATER + timedelta(hours=1), QUEUED),
    ]
    assert list(
        Notification.objects.filter(
            request=request, status=QUEUED, kind=K.MEETING_DETAILS_CHANGED
        ).values_list("payload", flat=True)
    ) == [{"sequence": 2}, {"sequence": 2}]
