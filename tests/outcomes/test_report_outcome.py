"""Did the meeting happen? Each participant's answer, the HELD and NO_SHOW transitions.

Everything runs through interviews.domain.outcomes with a fixed `now`; the
emails it plans or drops are checked by sending them (interviews.domain.delivery).
"""

from datetime import timedelta

import pytest
from django.core import mail

from interviews.domain import delivery
from interviews.domain import meetings as meeting_rules
from interviews.domain.actions import Action, available_actions
from interviews.domain.errors import NotAllowed
from interviews.domain.outcomes import report_outcome
from interviews.enums import (
    MeetingOutcome,
    NotificationKind,
    NotificationStatus,
    Party,
    RequestStatus,
    TransitionEvent,
)
from interviews.models import Meeting, Notification, OutcomeReport, Transition
from tests import builders
from tests.outcomes.support import (
    AFTER,
    END,
    NOW,
    START,
    confirmed,
    outcome_snapshot,
    report,
    reports_of,
)

K = NotificationKind
S = NotificationStatus
SUPERSEDED = "Superseded by a later change."


@pytest.fixture
def meeting_request(student, mentor):
    return confirmed(student, mentor)


def last_transition(request) -> tuple:
    transition = request.transitions.order_by("-created_at", "-pk").first()
    return (
        transition.event,
        transition.from_status,
        transition.to_status,
        transition.actor_id,
        transition.actor_party,
        transition.note,
        transition.created_at,
    )


def meeting_state(request) -> tuple:
    meeting = Meeting.objects.get(request=request)
    return meeting.outcome, meeting.outcome_inferred, meeting.outcome_disputed


def statuses_of(request, kind) -> list[tuple[int, str, str]]:
    return list(
        Notification.objects.filter(request=request, kind=kind)
        .order_by("pk")
        .values_list("recipient_id", "status", "last_error")
    )


# --- Refusals ---------------------------------------------------------------------


def test_a_report_before_the_meeting_s_end_is_refused(meeting_request, student):
    before = outcome_snapshot(meeting_request)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(
            request_id=meeting_request.pk,
            user=student,
            outcome=MeetingOutcome.HELD,
            now=END - timedelta(seconds=1),
        )

    assert refusal.value.message == (
        "You can tell us whether the meeting happened once it is over."
    )
    assert outcome_snapshot(meeting_request) == before


def test_a_report_at_the_meeting_s_exact_end_is_taken(meeting_request, student):
    report(meeting_request, student, MeetingOutcome.HELD, now=END)

    assert meeting_request.status == RequestStatus.HELD
    assert reports_of(meeting_request) == [(Party.STUDENT, MeetingOutcome.HELD)]


def test_a_second_report_by_the_same_person_is_refused(meeting_request, student):
    report(meeting_request, student, MeetingOutcome.MOVED)
    before = outcome_snapshot(meeting_request)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(
            request_id=meeting_request.pk,
            user=student,
            outcome=MeetingOutcome.HELD,
            now=AFTER + timedelta(hours=1),
        )

    assert refusal.value.message == "You already told us what happened. Thank you!"
    assert outcome_snapshot(meeting_request) == before


def test_a_third_answer_after_both_answered_is_refused(meeting_request, student, mentor):
    report(meeting_request, student, MeetingOutcome.HELD)
    report(meeting_request, mentor, MeetingOutcome.HELD)
    before = outcome_snapshot(meeting_request)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(
            request_id=meeting_request.pk,
            user=mentor,
            outcome=MeetingOutcome.STUDENT_NO_SHOW,
            now=AFTER,
        )

    assert refusal.value.message == "You already told us what happened. Thank you!"
    assert outcome_snapshot(meeting_request) == before


@pytest.mark.parametrize("outsider", ["other_student", "other_mentor", "advisor"])
def test_only_the_two_participants_report(meeting_request, request, outsider):
    person = request.getfixturevalue(outsider)
    before = outcome_snapshot(meeting_request)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(
            request_id=meeting_request.pk, user=person, outcome=MeetingOutcome.HELD, now=AFTER
        )

    assert refusal.value.message == ("Only the student and the mentor of this request can do that.")
    assert outcome_snapshot(meeting_request) == before


@pytest.mark.parametrize("outcome", ["", "happened", "HELD", "no_show"])
def test_an_unknown_answer_is_refused(meeting_request, student, outcome):
    before = outcome_snapshot(meeting_request)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(request_id=meeting_request.pk, user=student, outcome=outcome, now=AFTER)

    assert refusal.value.message == "Choose what happened."
    assert outcome_snapshot(meeting_request) == before


def test_a_cancelled_meeting_has_nothing_to_report_on(meeting_request, student):
    builders.cancel(meeting_request, now=NOW + timedelta(hours=1))
    before = outcome_snapshot(meeting_request)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(
            request_id=meeting_request.pk, user=student, outcome=MeetingOutcome.HELD, now=AFTER
        )

    assert refusal.value.message == ("This request is cancelled; there is no meeting to report on.")
    assert outcome_snapshot(meeting_request) == before


def test_a_request_that_never_became_a_meeting_has_nothing_to_report_on(student, mentor):
    request = builders.send(student, mentor, now=NOW)

    with pytest.raises(NotAllowed) as refusal:
        report_outcome(request_id=request.pk, user=mentor, outcome=MeetingOutcome.HELD, now=AFTER)

    assert refusal.value.message == (
        "This request is waiting for the mentor; there is no meeting to report on."
    )
    assert OutcomeReport.objects.count() == 0


# --- The first decisive answer decides ------------------------------------------------


@pytest.mark.parametrize("reporter", ["student", "mentor"])
def test_held_moves_the_request_to_held_and_logs_the_transition(meeting_request, request, reporter):
    person = request.getfixturevalue(reporter)
    version = meeting_request.version

    report(meeting_request, person, MeetingOutcome.HELD)

    assert (meeting_request.status, meeting_request.held_at, meeting_request.version) == (
        RequestStatus.HELD,
        AFTER,
        version + 1,
    )
    assert meeting_state(meeting_request) == (MeetingOutcome.HELD, False, False)
    assert last_transition(meeting_request) == (
        TransitionEvent.HELD,
        RequestStatus.CONFIRMED,
        RequestStatus.HELD,
        person.pk,
        Party(reporter),
        "",
        AFTER,
    )
    assert reports_of(meeting_request) == [(Party(reporter), MeetingOutcome.HELD)]


@pytest.mark.parametrize(
    ("reporter", "outcome", "note"),
    [
        ("mentor", MeetingOutcome.STUDENT_NO_SHOW, "The student did not come"),
        ("student", MeetingOutcome.MENTOR_NO_SHOW, "The mentor did not come"),
        ("student", MeetingOutcome.STUDENT_NO_SHOW, "The student did not come"),
    ],
)
def test_a_no_show_moves_the_request_to_no_show_and_logs_who_missed_it(
    meeting_request, request, reporter, outcome, note
):
    person = request.getfixturevalue(reporter)

    report(meeting_request, person, outcome)

    assert (meeting_request.status, meeting_request.held_at) == (RequestStatus.NO_SHOW, None)
    assert meeting_state(meeting_request) == (outcome, False, False)
    assert last_transition(meeting_request) == (
        TransitionEvent.NO_SHOW,
        RequestStatus.CONFIRMED,
        RequestStatus.NO_SHOW,
        person.pk,
        Party(reporter),
        note,
        AFTER,
    )


def test_the_other_s_matching_answer_is_recorded_and_changes_nothing_else(
    meeting_request, student, mentor
):
    report(meeting_request, student, MeetingOutcome.HELD)
    transitions = Transition.objects.count()
    version = meeting_request.version

    report(meeting_request, mentor, MeetingOutcome.HELD, now=AFTER + timedelta(days=1))

    assert (meeting_request.status, meeting_request.version) == (RequestStatus.HELD, version)
    assert meeting_state(meeting_request) == (MeetingOutcome.HELD, False, False)
    assert Transition.objects.count() == transitions
    assert reports_of(meeting_request) == [
        (Party.STUDENT, MeetingOutcome.HELD),
        (Party.MENTOR, MeetingOutcome.HELD),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (MeetingOutcome.HELD, MeetingOutcome.STUDENT_NO_SHOW),
        (MeetingOutcome.MENTOR_NO_SHOW, MeetingOutcome.HELD),
        (MeetingOutcome.MENTOR_NO_SHOW, MeetingOutcome.STUDENT_NO_SHOW),
        (MeetingOutcome.HELD, MeetingOutcome.MOVED),
    ],
)
def test_a_contradicting_answer_is_kept_and_flags_the_meeting(
    meeting_request, student, mentor, first, second
):
    report(meeting_request, student, first)
    decided = meeting_request.status
    transitions = Transition.objects.count()

    report(meeting_request, mentor, second, now=AFTER + timedelta(hours=3))

    # The first answer decided; the second is kept for advisors to weigh.
    assert meeting_request.status == decided
    assert meeting_state(meeting_request) == (first, False, True)
    assert Transition.objects.count() == transitions
    assert reports_of(meeting_request) == [(Party.STUDENT, first), (Party.MENTOR, second)]


def test_held_after_the_other_said_moved_decides_and_flags_the_dispute(
    meeting_request, student, mentor
):
    report(meeting_request, student, MeetingOutcome.MOVED)

    report(meeting_request, mentor, MeetingOutcome.HELD, now=AFTER + timedelta(hours=1))

    assert meeting_request.status == RequestStatus.HELD
    assert meeting_state(meeting_request) == (MeetingOutcome.HELD, False, True)
    assert reports_of(meeting_request) == [
        (Party.STUDENT, MeetingOutcome.MOVED),
        (Party.MENTOR, MeetingOutcome.HELD),
    ]


def test_both_saying_moved_is_no_dispute(meeting_request, student, mentor):
    report(meeting_request, student, MeetingOutcome.MOVED)
    report(meeting_request, mentor, MeetingOutcome.MOVED, now=AFTER + timedelta(hours=1))

    assert meeting_request.status == RequestStatus.CONFIRMED
    assert meeting_state(meeting_request) == ("", False, False)


# --- "It was moved" ------------------------------------------------------------------


def test_moved_decides_nothing_and_opens_new_times_after_the_end(meeting_request, student):
    version = meeting_request.version
    assert Action.RESCHEDULE not in available_actions(meeting_request, Party.STUDENT, now=AFTER)

    report(meeting_request, student, MeetingOutcome.MOVED)

    assert (meeting_request.status, meeting_request.version) == (
        RequestStatus.CONFIRMED,
        version,
    )
    assert meeting_state(meeting_request) == ("", False, False)
    assert (
        meeting_request.transitions.filter(
            event__in=[TransitionEvent.HELD, TransitionEvent.NO_SHOW]
        ).count()
        == 0
    )
    # Both may now propose new times for the passed meeting.
    for part in (Party.STUDENT, Party.MENTOR):
        assert Action.RESCHEDULE in available_actions(meeting_request, part, now=AFTER)


def test_new_times_are_refused_after_the_end_unless_someone_said_it_was_moved(
    meeting_request, mentor
):
    with pytest.raises(NotAllowed) as refusal:
        builders.propose_reschedule(meeting_request, by=mentor, now=AFTER)

    assert refusal.value.message == "This meeting is over; it can no longer be changed."


def test_a_new_time_accepted_after_moved_clears_the_moved_answers_and_asks_again(
    meeting_request, student, mentor
):
    report(meeting_request, student, MeetingOutcome.MOVED)
    report(meeting_request, mentor, MeetingOutcome.MOVED, now=AFTER + timedelta(minutes=5))
    new_start = START + timedelta(days=7)
    proposed = builders.propose_reschedule(
        meeting_request, by=student, now=AFTER + timedelta(hours=1), starts=[new_start]
    )

    meeting = meeting_rules.accept_reschedule(
        request_id=proposed.pk,
        user=mentor,
        slot_id=builders.first_slot(proposed).pk,
        expected_version=proposed.version,
        now=AFTER + timedelta(hours=2),
    )

    assert (meeting.starts_at, meeting.ends_at) == (new_start, new_start + timedelta(minutes=30))
    assert reports_of(meeting_request) == []
    # The question is asked again at the new end, of both.
    assert list(
        Notification.objects.filter(request=meeting_request, kind=K.OUTCOME_PROMPT, status=S.QUEUED)
        .order_by("pk")
        .values_list("recipient_id", "due_at")
    ) == [
        (student.pk, new_start + timedelta(minutes=30)),
        (mentor.pk, new_start + timedelta(minutes=30)),
    ]
    # Until then, nobody can answer about the new time.
    with pytest.raises(NotAllowed):
        report_outcome(
            request_id=meeting_request.pk,
            user=student,
            outcome=MeetingOutcome.HELD,
            now=AFTER + timedelta(hours=3),
        )


def test_a_decision_clears_new_times_still_waiting_after_a_moved_answer(
    meeting_request, student, mentor
):
    report(meeting_request, student, MeetingOutcome.MOVED)
    builders.propose_reschedule(meeting_request, by=student, now=AFTER + timedelta(minutes=5))
    assert meeting_request.reschedule_proposed_by == Party.STUDENT

    report(meeting_request, mentor, MeetingOutcome.HELD, now=AFTER + timedelta(hours=1))

    assert (meeting_request.status, meeting_request.reschedule_proposed_by) == (
        RequestStatus.HELD,
        "",
    )
    assert meeting_request.awaiting_party == ""


# --- The emails each answer changes (sent through the outbox) --------------------------


def test_a_reported_no_show_drops_the_thank_you_reminders(meeting_request, student, mentor):
    assert delivery.send_due(now=NOW) == 2  # the confirmations
    assert delivery.send_due(now=START - timedelta(hours=24)) == 2  # the reminders
    report(meeting_request, mentor, MeetingOutcome.STUDENT_NO_SHOW, now=END + timedelta(minutes=1))
    sent_before = len(mail.outbox)

    for moment in (END + timedelta(hours=2), END + timedelta(hours=48), END + timedelta(days=30)):
        assert delivery.send_due(now=moment) == 0

    assert len(mail.outbox) == sent_before
    assert statuses_of(meeting_request, K.THANK_YOU_REMINDER) == [
        (student.pk, S.CANCELLED, SUPERSEDED)
    ]
    assert statuses_of(meeting_request, K.THANK_YOU_NUDGE) == [
        (student.pk, S.CANCELLED, SUPERSEDED)
    ]
    # Nobody is asked any more whether it happened.
    assert statuses_of(meeting_request, K.OUTCOME_PROMPT) == [
        (student.pk, S.CANCELLED, SUPERSEDED),
        (mentor.pk, S.CANCELLED, SUPERSEDED),
    ]


def test_a_thank_you_reminder_in_flight_when_a_no_show_is_reported_is_dropped(
    meeting_request, mentor
):
    delivery.send_due(now=NOW)
    reminder_due = END + timedelta(hours=2)
    reminder = Notification.objects.get(request=meeting_request, kind=K.THANK_YOU_REMINDER)
    claimed = delivery.claim_one(reminder.pk, now=reminder_due)
    # A worker holds the reminder when the mentor says the student did not come:
    # superseding cannot recall it, the re-check at send time drops it.
    report(
        meeting_request,
        mentor,
        MeetingOutcome.STUDENT_NO_SHOW,
        now=reminder_due + timedelta(seconds=10),
    )

    assert delivery.deliver(claimed, now=reminder_due + timedelta(seconds=20)) == S.CANCELLED
    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (
        S.CANCELLED,
        "The meeting did not take place as planned, or thanks were sent.",
    )
    assert mail.outbox[2:] == []


def test_a_thank_you_reminder_of_a_missed_meeting_has_a_reason_to_drop(meeting_request, mentor):
    reminder = Notification.objects.get(request=meeting_request, kind=K.THANK_YOU_REMINDER)
    report(meeting_request, mentor, MeetingOutcome.STUDENT_NO_SHOW, now=END)
    reminder.refresh_from_db()

    assert delivery.reason_to_drop(reminder, now=END + timedelta(hours=2)) == (
        "The meeting did not take place as planned, or thanks were sent."
    )


def test_held_stops_the_question_but_keeps_the_thank_you_reminders(
    meeting_request, student, mentor
):
    delivery.send_due(now=NOW)
    report(meeting_request, mentor, MeetingOutcome.HELD, now=END + timedelta(minutes=1))
    student_prompt = Notification.objects.get(
        request=meeting_request, kind=K.OUTCOME_PROMPT, recipient=student
    )

    assert student_prompt.status == S.CANCELLED
    assert delivery.send_due(now=END + timedelta(hours=2)) == 1
    assert [email.to for email in mail.outbox[2:]] == [[student.email]]
    assert statuses_of(meeting_request, K.THANK_YOU_REMINDER) == [(student.pk, S.SENT, "")]


def test_moved_drops_the_thank_you_reminders_but_not_the_other_s_question(
    meeting_request, student, mentor
):
    delivery.send_due(now=NOW)
    report(meeting_request, student, MeetingOutcome.MOVED, now=END)

    assert delivery.send_due(now=END + timedelta(hours=48)) == 1
    assert [email.to for email in mail.outbox[2:]] == [[mentor.email]]
    assert statuses_of(meeting_request, K.OUTCOME_PROMPT) == [
        (student.pk, S.CANCELLED, "What happened is known already, or the meeting moved."),
        (mentor.pk, S.SENT, ""),
    ]
    assert statuses_of(meeting_request, K.THANK_YOU_REMINDER) == [
        (student.pk, S.CANCELLED, SUPERSEDED)
    ]
