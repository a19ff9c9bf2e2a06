"""Suspending a person: what ends, who is told, what is logged; and lifting it.

Sophie Student and Maria Mentor; "now" is Monday 2 March 2026, 12:00 UTC.
Requests are made through the domain's own transitions (tests/builders.py).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from interviews.domain import moderation
from interviews.domain.directory import DirectoryFilters, search_mentors
from interviews.domain.errors import LimitReached, NotAllowed
from interviews.domain.requests import why_student_cannot_request
from interviews.enums import (
    DeclineReason,
    ModerationActionKind,
    NotificationKind,
    NotificationStatus,
    Party,
    ReportStatus,
    RequestStatus,
    TransitionEvent,
)
from interviews.models import MentorProfile, ModerationAction, Notification
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.notifications.emails_support import deliver_to
from tests.notifications.ical_support import method_of, read_calendar

K = NotificationKind
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=1)
UNAVAILABLE = "This conversation is no longer possible through CareerConnect"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def rows_since(mark: int) -> list[tuple[str, int, str]]:
    """(kind, recipient, status) of the outbox rows written after row `mark`."""
    return list(
        Notification.objects.filter(pk__gt=mark)
        .order_by("pk")
        .values_list("kind", "recipient_id", "status")
    )


def last_row() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def suspend(person, advisor, **kwargs):
    return moderation.suspend_user(
        user_id=person.pk, advisor=advisor, reason="Harassment, twice.", now=NOW, **kwargs
    )


# --- What ends ----------------------------------------------------------------------


def test_a_suspended_mentors_open_requests_end_declined_by_the_system(mentor, advisor):
    pending = builders.send(StudentFactory(), mentor, now=EARLIER)
    countered = builders.counter(builders.send(StudentFactory(), mentor, now=EARLIER), now=EARLIER)

    suspend(mentor, advisor)

    for request in (pending, countered):
        request.refresh_from_db()
        last = request.transitions.order_by("-pk").first()
        assert (request.status, request.decline_reason, request.declined_at) == (
            RequestStatus.DECLINED,
            DeclineReason.UNAVAILABLE,
            NOW,
        )
        assert (last.event, last.to_status, last.actor, last.actor_party, last.note) == (
            TransitionEvent.DECLINED,
            RequestStatus.DECLINED,
            None,
            Party.SYSTEM,
            UNAVAILABLE,
        )
    # Not the mentor's answer: their response figures do not move.
    assert (pending.first_response_at, countered.first_response_at) == (None, EARLIER)
    # The system writes nothing in the thread.
    assert list(pending.messages.values_list("body", flat=True)) == []


def test_a_suspended_students_open_requests_end_and_only_the_mentors_are_told(
    student, mentor, advisor
):
    other_mentor = MentorFactory()
    first = builders.send(student, mentor, now=EARLIER)
    second = builders.send(student, other_mentor, now=EARLIER)
    mark = last_row()

    suspend(student, advisor)

    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.status, second.status] == [RequestStatus.DECLINED] * 2
    assert rows_since(mark) == [
        (K.REQUEST_DECLINED, mentor.pk, NotificationStatus.QUEUED),
        (K.REQUEST_DECLINED, other_mentor.pk, NotificationStatus.QUEUED),
    ]
    # The new-request email and the nudges to the mentors are dropped.
    assert (
        list(
            Notification.objects.filter(request=first, kind__in=(K.NEW_REQUEST, K.REQUEST_NUDGE))
            .order_by("pk")
            .values_list("status", flat=True)
        )
        == [NotificationStatus.CANCELLED] * 3
    )


def test_a_suspended_mentors_upcoming_meeting_is_cancelled_with_a_calendar_cancel(
    student, mentor, advisor
):
    confirmed = builders.confirm(student, mentor, now=EARLIER)
    meeting = confirmed.meeting
    assert meeting.sequence == 0
    mark = last_row()

    suspend(mentor, advisor)

    confirmed.refresh_from_db()
    meeting.refresh_from_db()
    last = confirmed.transitions.order_by("-pk").first()
    assert (confirmed.status, confirmed.cancelled_at, meeting.sequence) == (
        RequestStatus.CANCELLED,
        NOW,
        1,
    )
    assert (last.event, last.actor, last.actor_party, last.note) == (
        TransitionEvent.CANCELLED,
        None,
        Party.SYSTEM,
        UNAVAILABLE,
    )
    # Both calendars drop the event, the suspended person's too.
    assert rows_since(mark) == [
        (K.MEETING_CANCELLED, student.pk, NotificationStatus.QUEUED),
        (K.MEETING_CANCELLED, mentor.pk, NotificationStatus.QUEUED),
    ]
    assert (
        list(
            Notification.objects.filter(kind=K.MEETING_CANCELLED).values_list("payload", flat=True)
        )
        == [{"sequence": 1}] * 2
    )
    # Nothing planned around the meeting goes out any more.
    assert (
        list(
            Notification.objects.filter(
                request=confirmed, kind__in=(K.MEETING_REMINDER, K.OUTCOME_PROMPT)
            ).values_list("status", flat=True)
        )
        == [NotificationStatus.CANCELLED] * 4
    )


def test_the_calendar_cancel_goes_out_as_an_itip_cancel_and_says_why_kindly(
    student, mentor, advisor
):
    confirmed = builders.confirm(student, mentor, now=EARLIER)
    suspend(mentor, advisor)

    received = deliver_to(student, K.MEETING_CANCELLED, now=NOW)

    assert method_of(read_calendar(received.part("text/calendar").get_content().encode())) == (
        "CANCEL"
    )
    lines = received.lines
    assert "Your informational interview with Maria Mentor has been cancelled:" in lines
    assert (
        "This conversation can no longer take place through CareerConnect; "
        "there is nothing you need to do." in lines
    )
    assert "Other mentors would be glad to hear from you:" in lines
    # No "their reason", no word of a suspension.
    assert "Their reason:" not in lines
    assert "suspend" not in received.text.lower()
    assert confirmed.pk == received.notification.request_id


def test_the_student_of_a_suspended_mentor_reads_a_kind_closing_email(student, mentor, advisor):
    builders.send(student, mentor, now=EARLIER)
    suspend(mentor, advisor)

    received = deliver_to(student, K.REQUEST_DECLINED, now=NOW)

    assert received.subject == "Your request to Maria Mentor has been closed"
    assert received.lines[2:5] == [
        "Your request to Maria Mentor for an informational interview has been closed: "
        "this conversation can no longer take place through CareerConnect.",
        "",
        "It says nothing about you or your request, and it does not count against you. "
        "Other mentors would be glad to hear from you.",
    ]
    assert "suspend" not in received.text.lower()


def test_the_mentor_of_a_suspended_student_reads_that_nothing_is_needed(student, mentor, advisor):
    builders.send(student, mentor, now=EARLIER)
    suspend(student, advisor)

    received = deliver_to(mentor, K.REQUEST_DECLINED, now=NOW)

    assert received.subject == "The request from Sophie Student has been closed"
    assert received.lines[2:5] == [
        "The request from Sophie Student for an informational interview has been closed: "
        "this conversation can no longer take place through CareerConnect.",
        "",
        "There is nothing you need to do. Thank you for your time.",
    ]
    assert "Find more mentors in the directory:" not in received.lines


def test_a_meeting_already_over_is_left_for_its_outcome(student, mentor, advisor):
    past = builders.confirm(student, mentor, now=NOW - timedelta(days=5))

    suspend(mentor, advisor)

    past.refresh_from_db()
    assert past.status == RequestStatus.CONFIRMED


def test_finished_requests_are_left_as_they_are(student, mentor, advisor):
    declined = builders.decline(builders.send(student, mentor, now=EARLIER), now=EARLIER)
    version = declined.version

    suspend(mentor, advisor)

    declined.refresh_from_db()
    assert (declined.status, declined.decline_reason, declined.version) == (
        RequestStatus.DECLINED,
        DeclineReason.TOO_BUSY,
        version,
    )


def test_nothing_else_queued_for_the_suspended_person_goes_out(student, mentor, advisor):
    builders.send(student, mentor, now=EARLIER)
    held = builders.confirm(StudentFactory(), mentor, now=NOW - timedelta(days=5))

    suspend(mentor, advisor)

    assert (
        list(Notification.objects.filter(recipient=mentor, status=NotificationStatus.QUEUED)) == []
    )
    assert Notification.objects.filter(
        request=held, recipient=mentor, kind=K.OUTCOME_PROMPT
    ).values_list("status", "last_error").get() == (
        NotificationStatus.CANCELLED,
        "The recipient's account is suspended.",
    )


def test_a_row_in_flight_to_a_suspended_person_is_dropped_when_due(student, mentor, advisor):
    from interviews.domain import delivery

    request = builders.send(student, mentor, now=EARLIER)
    nudge = Notification.objects.filter(request=request, kind=K.REQUEST_NUDGE).first()
    # Claimed by a worker just before the suspension.
    claimed = delivery.claim_one(nudge.pk, now=nudge.due_at)
    moderation.suspend_user(user_id=mentor.pk, advisor=advisor, reason="Spam.", now=NOW)

    assert delivery.deliver(claimed, now=nudge.due_at) == NotificationStatus.CANCELLED
    nudge.refresh_from_db()
    assert nudge.last_error == "The recipient's account is suspended."


# --- The log and the reports ---------------------------------------------------------


def test_suspending_logs_the_action_and_closes_the_open_reports(student, mentor, advisor):
    request = builders.send(student, mentor, now=EARLIER)
    report = moderation.report_request(
        reporter=student, request_id=request.pk, reason="spam", details="", now=EARLIER
    )
    other = moderation.report_user(
        reporter=StudentFactory(), user_id=mentor.pk, reason="fake", details="", now=EARLIER
    )

    person = suspend(mentor, advisor, report_id=report.pk)

    assert person.suspended_at == NOW
    mentor.refresh_from_db()
    assert mentor.suspended_at == NOW
    assert list(
        ModerationAction.objects.values_list(
            "actor", "kind", "subject", "report", "reason", "created_at"
        )
    ) == [
        (advisor.pk, ModerationActionKind.SUSPEND, mentor.pk, report.pk, "Harassment, twice.", NOW)
    ]
    for item in (report, other):
        item.refresh_from_db()
        assert (item.status, item.handled_by, item.handled_at) == (
            ReportStatus.ACTIONED,
            advisor,
            NOW,
        )


def test_suspending_needs_a_reason_and_changes_nothing_without_one(student, mentor, advisor):
    request = builders.send(student, mentor, now=EARLIER)

    with pytest.raises(NotAllowed) as refused:
        moderation.suspend_user(user_id=mentor.pk, advisor=advisor, reason="  ", now=NOW)

    assert (
        refused.value.message
        == "Write down why you suspend this person: the moderation log keeps it."
    )
    request.refresh_from_db()
    mentor.refresh_from_db()
    assert (request.status, mentor.suspended_at, ModerationAction.objects.count()) == (
        RequestStatus.PENDING,
        None,
        0,
    )


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_only_advisors_suspend(student, mentor, who):
    actor = {"student": student, "mentor": MentorFactory()}[who]

    with pytest.raises(NotAllowed) as refused:
        moderation.suspend_user(user_id=mentor.pk, advisor=actor, reason="No.", now=NOW)

    assert refused.value.message == "Only career advisors suspend accounts or lift suspensions."


def test_advisors_are_not_suspended_here(advisor):
    with pytest.raises(NotAllowed) as refused:
        moderation.suspend_user(user_id=AdvisorFactory().pk, advisor=advisor, reason="x", now=NOW)

    assert refused.value.message == (
        "Advisors' accounts are managed by the operators, not suspended here."
    )


def test_suspending_twice_is_refused(mentor, advisor):
    suspend(mentor, advisor)

    with pytest.raises(NotAllowed) as refused:
        suspend(mentor, advisor)

    assert refused.value.message == "Maria Mentor is already suspended; nothing was changed."
    assert ModerationAction.objects.count() == 1


def test_a_report_about_someone_else_cannot_be_used(student, mentor, advisor):
    request = builders.send(student, mentor, now=EARLIER)
    about_mentor = moderation.report_request(
        reporter=student, request_id=request.pk, reason="spam", details="", now=EARLIER
    )

    with pytest.raises(NotAllowed) as refused:
        suspend(student, advisor, report_id=about_mentor.pk)

    assert refused.value.message == "That report is not about this person."


# --- Not listed, not requested ------------------------------------------------------


def test_a_suspended_mentor_leaves_the_directory_and_cannot_be_requested(student, mentor, advisor):
    def listed():
        return [p.user_id for p in search_mentors(DirectoryFilters(), now=NOW)]

    assert listed() == [mentor.pk]

    suspend(mentor, advisor)

    assert listed() == []
    profile = MentorProfile.objects.select_related("user").get(user=mentor)
    assert why_student_cannot_request(student=student, mentor_profile=profile, now=NOW) == (
        "Maria Mentor is not taking requests through CareerConnect."
    )
    with pytest.raises(LimitReached) as refused:
        builders.send(student, mentor, now=NOW)
    assert refused.value.message == "Maria Mentor is not taking requests through CareerConnect."


def test_a_suspended_mentor_is_not_offered_as_a_suggestion(student, mentor, advisor):
    colleague = MentorFactory()
    suspend(colleague, advisor)
    request = builders.send(student, mentor, now=NOW)
    from interviews.domain.requests import decline_request

    decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.NOT_MY_AREA,
        suggested_mentor_ids=[colleague.pk],
        expected_version=request.version,
        now=NOW,
    )

    assert list(request.suggested_mentors.all()) == []


def test_mentors_cannot_pick_the_systems_reason(student, mentor):
    from interviews.domain.requests import decline_request

    request = builders.send(student, mentor, now=NOW)

    with pytest.raises(NotAllowed) as refused:
        decline_request(
            request_id=request.pk,
            mentor=mentor,
            reason=DeclineReason.UNAVAILABLE,
            expected_version=request.version,
            now=NOW,
        )

    assert refused.value.message == "Choose a reason for declining."


# --- Lifting ------------------------------------------------------------------------------


def test_lifting_clears_the_flag_logs_it_and_reopens_nothing(student, mentor, advisor):
    request = builders.send(student, mentor, now=EARLIER)
    suspend(mentor, advisor)

    moderation.lift_suspension(
        user_id=mentor.pk, advisor=advisor, reason="Apologised; a misunderstanding.", now=NOW
    )

    mentor.refresh_from_db()
    request.refresh_from_db()
    assert (mentor.suspended_at, request.status) == (None, RequestStatus.DECLINED)
    assert list(
        ModerationAction.objects.order_by("pk").values_list("kind", "subject", "reason")
    ) == [
        (ModerationActionKind.SUSPEND, mentor.pk, "Harassment, twice."),
        (ModerationActionKind.LIFT, mentor.pk, "Apologised; a misunderstanding."),
    ]
    assert [p.user_id for p in search_mentors(DirectoryFilters(), now=NOW)] == [mentor.pk]


def test_lifting_a_person_who_is_not_suspended_is_refused(mentor, advisor):
    with pytest.raises(NotAllowed) as refused:
        moderation.lift_suspension(user_id=mentor.pk, advisor=advisor, reason="x", now=NOW)

    assert refused.value.message == "Maria Mentor is not suspended; nothing was changed."
    assert ModerationAction.objects.count() == 0
