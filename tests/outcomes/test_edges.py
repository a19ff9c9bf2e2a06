"""Outcomes at their edges: late contradictions, moved meetings, people who leave."""

from datetime import timedelta

import pytest

from interviews.domain import delivery, outcomes
from interviews.domain.accounts import delete_account
from interviews.domain.errors import LimitReached
from interviews.enums import MeetingOutcome, NotificationKind, NotificationStatus, RequestStatus
from interviews.models import Notification
from tests import builders
from tests.outcomes.support import AFTER, END, START, confirmed, report

K = NotificationKind
S = NotificationStatus


def thank_you_rows(request) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(
            request=request, kind__in=(K.THANK_YOU_REMINDER, K.THANK_YOU_NUDGE)
        )
        .order_by("pk")
        .values_list("kind", "status")
    )


def test_a_no_show_reported_after_held_was_decided_drops_the_thank_you_reminders(student, mentor):
    request = confirmed(student, mentor)
    report(request, student, MeetingOutcome.HELD)

    report(request, mentor, MeetingOutcome.STUDENT_NO_SHOW)

    request.refresh_from_db()
    assert (request.status, request.meeting.outcome_disputed) == (RequestStatus.HELD, True)
    assert thank_you_rows(request) == [
        (K.THANK_YOU_REMINDER, S.CANCELLED),
        (K.THANK_YOU_NUDGE, S.CANCELLED),
    ]


def test_held_after_a_moved_answer_plans_the_thank_you_reminders_again(student, mentor):
    request = confirmed(student, mentor)
    report(request, student, MeetingOutcome.MOVED)
    assert {status for _, status in thank_you_rows(request)} == {S.CANCELLED}

    report(request, mentor, MeetingOutcome.HELD)

    queued = Notification.objects.filter(request=request, status=S.QUEUED)
    assert sorted(
        queued.filter(kind__in=(K.THANK_YOU_REMINDER, K.THANK_YOU_NUDGE)).values_list(
            "kind", "due_at"
        )
    ) == [
        (K.THANK_YOU_NUDGE, END + timedelta(hours=48)),
        (K.THANK_YOU_REMINDER, END + timedelta(hours=2)),
    ]


def test_a_participant_confirming_an_inferred_outcome_removes_the_inferred_mark(student, mentor):
    request = confirmed(student, mentor)
    outcomes.infer_silent_meetings(now=END + timedelta(days=8))
    request.refresh_from_db()
    assert request.meeting.outcome_inferred is True

    report(request, mentor, MeetingOutcome.HELD, now=END + timedelta(days=9))

    request.refresh_from_db()
    assert (request.meeting.outcome_inferred, request.meeting.outcome_disputed) == (False, False)


def test_a_moved_meeting_blocks_a_second_request_to_the_same_mentor(student, mentor):
    request = confirmed(student, mentor)
    report(request, student, MeetingOutcome.MOVED)

    with pytest.raises(LimitReached) as refusal:
        builders.send(
            student,
            mentor,
            now=AFTER,
            starts=[START + timedelta(days=5), START + timedelta(days=6)],
        )

    assert refusal.value.message == (
        "You already have an open request or a meeting with Maria Mentor."
    )


def test_leaving_after_a_moved_answer_cancels_the_meeting(student, mentor):
    request = confirmed(student, mentor)
    report(request, student, MeetingOutcome.MOVED)

    delete_account(user=student, now=AFTER + timedelta(hours=1))

    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED


def test_emails_about_a_person_who_left_are_not_sent(student, mentor):
    request = confirmed(student, mentor)
    report(request, student, MeetingOutcome.HELD)
    delete_account(user=mentor, now=AFTER)

    delivery.send_due(now=END + timedelta(hours=2))

    reminder = Notification.objects.get(request=request, kind=K.THANK_YOU_REMINDER)
    assert (reminder.status, reminder.last_error) == (
        S.CANCELLED,
        "The other person deleted their account.",
    )


def test_a_thank_you_reminder_sent_after_the_nudge_was_due_gives_way_to_the_nudge(student, mentor):
    request = confirmed(student, mentor)
    report(request, student, MeetingOutcome.HELD)

    # The workers were down from the reminder's time until after the nudge's.
    delivery.send_due(now=END + timedelta(hours=49))

    assert thank_you_rows(request) == [
        (K.THANK_YOU_REMINDER, S.CANCELLED),
        (K.THANK_YOU_NUDGE, S.SENT),
    ]
