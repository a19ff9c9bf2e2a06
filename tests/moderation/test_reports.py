"""Members report a request, a message or a person; advisors dismiss reports.

Who may report what is checked on the object: only what the reporter can see
(a request of theirs, the other person's message in it, the other person, a
listed mentor); anything else is a 404, as for every page of a request.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from interviews.domain import moderation
from interviews.domain.accounts import delete_account
from interviews.domain.errors import NotAllowed, NotFound
from interviews.enums import ApprovalState, ModerationActionKind, ReportReason, ReportStatus
from interviews.models import MentorProfile, ModerationAction, Report
from tests import builders
from tests.factories import MentorFactory, StudentFactory

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pending(student, mentor):
    return builders.send(student, mentor, now=NOW - timedelta(hours=2))


def rows():
    return list(
        Report.objects.order_by("pk").values_list(
            "reporter", "reported_user", "request", "message", "reason", "details", "status"
        )
    )


def test_a_student_reports_a_request_about_its_mentor(pending, student, mentor):
    report = moderation.report_request(
        reporter=student,
        request_id=pending.pk,
        reason=ReportReason.SPAM,
        details="  Sells a course.  ",
        now=NOW,
    )

    assert rows() == [
        (student.pk, mentor.pk, pending.pk, None, "spam", "Sells a course.", ReportStatus.OPEN)
    ]
    assert (report.created_at, report.handled_by, report.handled_at) == (NOW, None, None)


def test_a_mentor_reports_a_request_about_its_student(pending, student, mentor):
    moderation.report_request(
        reporter=mentor, request_id=pending.pk, reason="inappropriate", details="", now=NOW
    )

    assert rows() == [(mentor.pk, student.pk, pending.pk, None, "inappropriate", "", "open")]


def test_a_student_reports_the_mentors_message(pending, student, mentor):
    countered = builders.counter(pending, now=NOW)
    note = countered.messages.get()

    moderation.report_message(
        reporter=student,
        request_id=pending.pk,
        message_id=note.pk,
        reason="harassment",
        details="",
        now=NOW,
    )

    assert rows() == [(student.pk, mentor.pk, pending.pk, note.pk, "harassment", "", "open")]


def test_nobody_reports_their_own_message(pending, mentor):
    note = builders.counter(pending, now=NOW).messages.get()

    with pytest.raises(NotFound):
        moderation.report_message(
            reporter=mentor, request_id=pending.pk, message_id=note.pk, reason="spam", details=""
        )


def test_a_message_of_another_request_is_not_found(pending, student):
    elsewhere = builders.counter(builders.send(StudentFactory(), MentorFactory(), now=NOW))
    foreign = elsewhere.messages.get()

    with pytest.raises(NotFound):
        moderation.report_message(
            reporter=student,
            request_id=pending.pk,
            message_id=foreign.pk,
            reason="spam",
            details="",
        )


@pytest.mark.parametrize("who", ["other_student", "other_mentor", "advisor"])
def test_strangers_and_advisors_cannot_report_a_request(pending, advisor, who):
    outsider = {"other_student": StudentFactory(), "other_mentor": MentorFactory()}.get(
        who, advisor
    )

    with pytest.raises(NotFound):
        moderation.report_request(
            reporter=outsider, request_id=pending.pk, reason="spam", details=""
        )
    assert rows() == []


def test_anyone_who_sees_the_directory_may_report_a_listed_mentor(mentor):
    other_mentor = MentorFactory()

    moderation.report_user(reporter=other_mentor, user_id=mentor.pk, reason="fake", details="")

    assert rows() == [(other_mentor.pk, mentor.pk, None, None, "fake", "", "open")]


def test_an_unlisted_stranger_cannot_be_reported(student):
    waiting = MentorFactory()
    MentorProfile.objects.filter(user=waiting).update(approval_state=ApprovalState.PENDING)

    for person in (waiting, StudentFactory()):
        with pytest.raises(NotFound):
            moderation.report_user(reporter=student, user_id=person.pk, reason="fake", details="")


def test_the_other_person_of_a_request_may_be_reported_even_unlisted(pending, student, mentor):
    MentorProfile.objects.filter(user=mentor).update(approval_state=ApprovalState.REJECTED)

    moderation.report_user(reporter=mentor, user_id=student.pk, reason="spam", details="")
    moderation.report_user(reporter=student, user_id=mentor.pk, reason="spam", details="")

    assert [row[:2] for row in rows()] == [(mentor.pk, student.pk), (student.pk, mentor.pk)]


def test_nobody_reports_themselves(mentor):
    with pytest.raises(NotFound):
        moderation.report_user(reporter=mentor, user_id=mentor.pk, reason="spam", details="")


def test_a_message_report_keeps_a_copy_of_the_message(pending, student):
    note = builders.counter(pending, now=NOW).messages.get()

    report = moderation.report_message(
        reporter=student, request_id=pending.pk, message_id=note.pk, reason="spam", details=""
    )

    assert Report.objects.get(pk=report.pk).reported_text == note.body


def test_a_request_report_keeps_a_copy_of_what_the_student_wrote(pending, mentor):
    report = moderation.report_request(
        reporter=mentor, request_id=pending.pk, reason="spam", details=""
    )

    assert Report.objects.get(pk=report.pk).reported_text == (
        "About me:\nI study computer science and graduate in 2027.\n\n"
        "Why I am reaching out:\n"
        "Your move from physics into software is the path I am considering."
    )


def test_a_person_report_copies_nothing(mentor, student):
    report = moderation.report_user(reporter=student, user_id=mentor.pk, reason="fake", details="")

    assert Report.objects.get(pk=report.pk).reported_text == ""


def test_the_copy_survives_the_authors_account_deletion(pending, student, mentor):
    note = builders.counter(pending, now=NOW).messages.get()
    about_message = moderation.report_message(
        reporter=student, request_id=pending.pk, message_id=note.pk, reason="spam", details=""
    )
    about_request = moderation.report_request(
        reporter=mentor, request_id=pending.pk, reason="spam", details=""
    )
    written = note.body

    delete_account(user=mentor, now=NOW)
    delete_account(user=student, now=NOW)

    note.refresh_from_db()
    assert note.body == "(removed: the author deleted their account)"
    assert Report.objects.get(pk=about_message.pk).reported_text == written
    assert Report.objects.get(pk=about_request.pk).reported_text.startswith(
        "About me:\nI study computer science"
    )


def test_a_second_open_report_of_the_same_thing_is_refused_kindly(pending, student):
    moderation.report_request(reporter=student, request_id=pending.pk, reason="spam", details="")

    with pytest.raises(moderation.DuplicateReport) as refused:
        moderation.report_request(
            reporter=student, request_id=pending.pk, reason="harassment", details="Again."
        )

    assert refused.value.message == (
        "You have already reported this, and an advisor has not looked at it yet. "
        "Thank you: there is no need to report it again."
    )
    assert len(rows()) == 1


def test_the_request_and_its_people_are_different_targets(pending, student, mentor):
    moderation.report_request(reporter=student, request_id=pending.pk, reason="spam", details="")
    moderation.report_user(reporter=student, user_id=mentor.pk, reason="spam", details="")

    assert [row[2] for row in rows()] == [pending.pk, None]


def test_once_handled_the_same_thing_can_be_reported_again(pending, student, advisor):
    first = moderation.report_request(
        reporter=student, request_id=pending.pk, reason="spam", details=""
    )
    moderation.dismiss_report(report_id=first.pk, advisor=advisor, reason="Not spam.")

    moderation.report_request(reporter=student, request_id=pending.pk, reason="spam", details="")

    assert [row[-1] for row in rows()] == [ReportStatus.DISMISSED, ReportStatus.OPEN]


def test_something_else_needs_details(pending, student):
    with pytest.raises(NotAllowed) as refused:
        moderation.report_request(
            reporter=student, request_id=pending.pk, reason=ReportReason.OTHER, details=" "
        )

    assert refused.value.message == "Tell the career center in a few words what happened."
    assert rows() == []


def test_dismissing_closes_the_report_and_logs_why(pending, student, mentor, advisor):
    report = moderation.report_request(
        reporter=student, request_id=pending.pk, reason="spam", details=""
    )

    moderation.dismiss_report(
        report_id=report.pk, advisor=advisor, reason=" Ordinary answer. ", now=NOW
    )

    report.refresh_from_db()
    assert (report.status, report.handled_by, report.handled_at) == (
        ReportStatus.DISMISSED,
        advisor,
        NOW,
    )
    assert list(
        ModerationAction.objects.values_list("actor", "kind", "subject", "report", "reason")
    ) == [
        (advisor.pk, ModerationActionKind.DISMISS_REPORT, mentor.pk, report.pk, "Ordinary answer.")
    ]


def test_a_report_is_dismissed_once(pending, student, advisor):
    report = moderation.report_request(
        reporter=student, request_id=pending.pk, reason="spam", details=""
    )
    moderation.dismiss_report(report_id=report.pk, advisor=advisor, reason="No.")

    with pytest.raises(NotAllowed) as refused:
        moderation.dismiss_report(report_id=report.pk, advisor=advisor, reason="Again.")

    assert (
        refused.value.message == "This report was already handled (dismissed); nothing was changed."
    )
    assert ModerationAction.objects.count() == 1


def test_the_queue_lists_open_reports_first_then_the_newest(pending, student, mentor, advisor):
    old_open = moderation.report_request(
        reporter=student, request_id=pending.pk, reason="spam", details="", now=NOW
    )
    dismissed = moderation.report_user(
        reporter=StudentFactory(), user_id=mentor.pk, reason="fake", details="", now=NOW
    )
    moderation.dismiss_report(report_id=dismissed.pk, advisor=advisor, reason="Fine.")
    new_open = moderation.report_user(
        reporter=student, user_id=mentor.pk, reason="fake", details="", now=NOW + timedelta(1)
    )

    assert [r.pk for r in moderation.reports_queue()] == [new_open.pk, old_open.pk, dismissed.pk]
    assert [r.pk for r in moderation.reports_queue(status="dismissed")] == [dismissed.pk]
    assert moderation.open_report_count() == 2
