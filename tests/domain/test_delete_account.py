"""Leaving CareerConnect: the person's data goes, the shared history stays anonymized."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress

from careerconnect.models import User
from interviews.domain import requests as request_rules
from interviews.domain.accounts import LEAVING_NOTE, REMOVED, delete_account
from interviews.enums import DeclineReason, FoundVia, MessageKind, Party, RequestStatus
from interviews.models import InterviewRequest, Meeting, MentorProfile, Message, StudentProfile
from tests import builders
from tests.domain.support import NOW, day, row_counts, transitions_of
from tests.factories import MentorFactory, StudentFactory

LATER = NOW + timedelta(hours=1)
PAST = NOW - timedelta(days=30)


def past_meeting(student, mentor):
    """A meeting that took place before NOW (still confirmed: nobody reported on it)."""
    return builders.confirm(
        student, mentor, now=PAST, starts=[PAST + timedelta(days=3), PAST + timedelta(days=4)]
    )


def messages_by(user):
    return list(
        Message.objects.filter(author=user).order_by("created_at", "pk").values_list("kind", "body")
    )


@pytest.fixture
def leaving_student(student, mentor, other_mentor):
    """Sophie has an upcoming meeting, an open request with a note, and a past meeting."""
    upcoming = builders.confirm(
        student,
        mentor,
        now=NOW,
        found_via=FoundVia.REFERRAL,
        referrer_name="Prof. Ada Lovelace",
    )
    open_request = builders.counter(
        builders.send(student, other_mentor, now=NOW, starts=[day(20), day(21)]),
        now=NOW,
        starts=[day(25)],
    )
    request_rules.propose_again(
        request_id=open_request.pk,
        student=student,
        slot_starts=[day(26)],
        note="Maybe these times?",
        expected_version=open_request.version,
        now=NOW,
    )
    past = past_meeting(student, MentorFactory())
    return {"upcoming": upcoming, "open": open_request, "past": past}


def test_deleting_a_student_cancels_their_upcoming_meeting(student, leaving_student):
    upcoming = leaving_student["upcoming"]
    uid = upcoming.meeting.calendar_uid

    delete_account(user=student, now=LATER)

    upcoming.refresh_from_db()
    meeting = Meeting.objects.get(request=upcoming)
    assert (upcoming.status, upcoming.cancelled_at) == (RequestStatus.CANCELLED, LATER)
    assert (meeting.sequence, meeting.calendar_uid) == (1, uid)
    # The mentor's contact details stay on the meeting: only the mentor's own deletion clears them.
    assert meeting.video_link == "https://meet.example.com/mentor-room"
    assert transitions_of(upcoming)[-1] == (
        "cancelled",
        RequestStatus.CONFIRMED,
        RequestStatus.CANCELLED,
        student.pk,
        Party.STUDENT,
        LEAVING_NOTE,
    )


def test_deleting_a_student_withdraws_their_open_request(student, leaving_student):
    open_request = leaving_student["open"]

    delete_account(user=student, now=LATER)

    open_request.refresh_from_db()
    assert (open_request.status, open_request.withdrawn_at) == (RequestStatus.WITHDRAWN, LATER)
    assert transitions_of(open_request)[-1] == (
        "withdrawn",
        RequestStatus.PENDING,
        RequestStatus.WITHDRAWN,
        student.pk,
        Party.STUDENT,
        LEAVING_NOTE,
    )


def test_deleting_a_student_leaves_their_past_meeting_as_it_was(student, leaving_student):
    past = leaving_student["past"]
    meeting_before = Meeting.objects.filter(request=past).values().get()

    delete_account(user=student, now=LATER)

    past.refresh_from_db()
    assert past.status == RequestStatus.CONFIRMED
    assert Meeting.objects.filter(request=past).values().get() == meeting_before


def test_deleting_a_student_redacts_what_they_wrote(student, other_mentor, leaving_student):
    delete_account(user=student, now=LATER)

    assert (
        list(
            InterviewRequest.objects.filter(student=student).values_list(
                "about_me", "why_this_mentor", "referrer_name", "found_via_detail"
            )
        )
        == [("", "", "", "")] * 3
    )
    assert messages_by(student) == [
        (MessageKind.NOTE, REMOVED),
        (MessageKind.CANCEL_REASON, LEAVING_NOTE),
        (MessageKind.WITHDRAW_REASON, LEAVING_NOTE),
    ]
    proposed_again = leaving_student["open"].transitions.get(event="student_proposed")
    assert proposed_again.note == REMOVED
    # What the mentor wrote is theirs and stays.
    assert messages_by(other_mentor) == [(MessageKind.NOTE, "Could one of these work?")]


def test_deleting_a_student_removes_profile_and_email_and_anonymizes_the_user(
    student, leaving_student
):
    delete_account(user=student, now=LATER)

    user = User.objects.get(pk=student.pk)
    assert StudentProfile.objects.filter(user=user).exists() is False
    assert EmailAddress.objects.filter(user=user).exists() is False
    assert (user.email, user.first_name, user.last_name) == (
        f"deleted-{student.pk}@deleted.invalid",
        "",
        "",
    )
    assert (user.is_active, user.is_staff, user.is_superuser) == (False, False, False)
    assert user.has_usable_password() is False
    assert user.deleted_at == LATER
    assert user.display_name == "Former member"


def test_deleting_a_student_keeps_the_other_partys_requests_and_meetings(
    student, mentor, other_mentor, leaving_student
):
    before = row_counts()

    delete_account(user=student, now=LATER)

    after = row_counts()
    assert (after["requests"], after["meetings"], after["slots"]) == (
        before["requests"],
        before["meetings"],
        before["slots"],
    )
    # One cancellation and one withdrawal, each with its transition and message.
    assert after["transitions"] == before["transitions"] + 2
    assert after["messages"] == before["messages"] + 2
    assert mentor.requests_received.get().student_id == student.pk
    assert other_mentor.requests_received.get().student_id == student.pk


def test_deleting_an_account_twice_changes_nothing_more(student, leaving_student):
    delete_account(user=student, now=LATER)
    before = row_counts()
    user = User.objects.get(pk=student.pk)

    delete_account(user=user, now=LATER + timedelta(days=1))

    user.refresh_from_db()
    assert row_counts() == before
    assert (user.deleted_at, user.email) == (LATER, f"deleted-{student.pk}@deleted.invalid")


def test_deleting_a_student_with_nothing_going_on(student):
    delete_account(user=student, now=NOW)

    user = User.objects.get(pk=student.pk)
    assert (user.email, user.is_active, user.deleted_at) == (
        f"deleted-{student.pk}@deleted.invalid",
        False,
        NOW,
    )
    assert row_counts()["transitions"] == 0


@pytest.fixture
def leaving_mentor(mentor, student, other_student):
    """Maria has an open request she counter-proposed on, an upcoming and a past meeting."""
    open_request = builders.counter(
        builders.send(student, mentor, now=NOW, starts=[day(20), day(21)]),
        now=NOW,
        starts=[day(25)],
    )
    upcoming = builders.confirm(other_student, mentor, now=NOW)
    past = past_meeting(StudentFactory(), mentor)
    return {"open": open_request, "upcoming": upcoming, "past": past}


def test_deleting_a_mentor_declines_their_open_requests(mentor, leaving_mentor):
    open_request = leaving_mentor["open"]

    delete_account(user=mentor, now=LATER)

    open_request.refresh_from_db()
    assert (open_request.status, open_request.decline_reason, open_request.declined_at) == (
        RequestStatus.DECLINED,
        DeclineReason.OTHER,
        LATER,
    )
    assert transitions_of(open_request)[-1] == (
        "declined",
        RequestStatus.COUNTER_PROPOSED,
        RequestStatus.DECLINED,
        mentor.pk,
        Party.MENTOR,
        "Another reason (explained below)",
    )


def test_deleting_a_mentor_cancels_the_meeting_and_clears_contact_details(mentor, leaving_mentor):
    upcoming = leaving_mentor["upcoming"]

    delete_account(user=mentor, now=LATER)

    upcoming.refresh_from_db()
    meeting = Meeting.objects.get(request=upcoming)
    assert upcoming.status == RequestStatus.CANCELLED
    assert meeting.sequence == 1
    assert (meeting.video_link, meeting.location, meeting.phone) == ("", "", "")
    assert transitions_of(upcoming)[-1] == (
        "cancelled",
        RequestStatus.CONFIRMED,
        RequestStatus.CANCELLED,
        mentor.pk,
        Party.MENTOR,
        LEAVING_NOTE,
    )
    past_meeting_row = Meeting.objects.get(request=leaving_mentor["past"])
    assert (past_meeting_row.video_link, past_meeting_row.sequence) == ("", 0)


def test_deleting_a_mentor_redacts_their_notes_and_removes_the_profile(
    mentor, student, leaving_mentor
):
    before = row_counts()

    delete_account(user=mentor, now=LATER)

    # Running requests are closed in the order they were made (the open one first).
    assert messages_by(mentor) == [
        (MessageKind.NOTE, REMOVED),
        (MessageKind.DECLINE_REASON, LEAVING_NOTE),
        (MessageKind.CANCEL_REASON, LEAVING_NOTE),
    ]
    assert leaving_mentor["open"].transitions.get(event="counter_proposed").note == REMOVED
    # The students' own words stay: only the leaving person's texts go.
    assert InterviewRequest.objects.get(pk=leaving_mentor["open"].pk).about_me == (
        "I study computer science and graduate in 2027."
    )
    assert MentorProfile.objects.filter(user=mentor).exists() is False
    assert EmailAddress.objects.filter(user=mentor).exists() is False
    user = User.objects.get(pk=mentor.pk)
    assert (user.email, user.is_active, user.has_usable_password()) == (
        f"deleted-{mentor.pk}@deleted.invalid",
        False,
        False,
    )
    after = row_counts()
    assert (after["requests"], after["meetings"]) == (before["requests"], before["meetings"])
    assert student.requests_sent.get().mentor_id == mentor.pk


def test_deleting_an_account_stops_its_emails_and_its_calendar_feed(student, mentor):
    from interviews.domain.preferences import feed_of, preferences_of
    from interviews.enums import NotificationStatus
    from interviews.models import CalendarFeed, Notification, NotificationPreferences

    builders.confirm(student, mentor, now=NOW, starts=[day(20), day(21)])
    feed_of(student)
    preferences_of(student)

    delete_account(user=student, now=LATER)

    queued_for_them = Notification.objects.filter(
        recipient=student, status=NotificationStatus.QUEUED
    )
    assert list(queued_for_them) == []
    assert CalendarFeed.objects.filter(user=student).exists() is False
    assert NotificationPreferences.objects.filter(user=student).exists() is False
    # The mentor is still told the meeting is off (a cancellation invite).
    assert list(
        Notification.objects.filter(recipient=mentor, kind="meeting_cancelled").values_list(
            "status", flat=True
        )
    ) == [NotificationStatus.QUEUED]


def test_deleting_a_student_removes_their_private_notes_and_empties_their_thanks(student, mentor):
    from interviews.domain import learning, outcomes, prep, thanks
    from interviews.models import LearningNote, PrepPlan, ThankYouNote

    request = builders.confirm(student, mentor, now=NOW, starts=[day(3), day(4)])
    prep.save_research_notes(
        request_id=request.pk,
        student=student,
        person="Her talk at the 2026 fair.",
        organization="",
    )
    after = request.meeting.ends_at + timedelta(hours=1)
    outcomes.report_outcome(request_id=request.pk, user=student, outcome="held", now=after)
    learning.save_learning_note(
        request_id=request.pk, student=student, body="Start with the data.", shared=True, now=after
    )
    thanks.send_thank_you(
        request_id=request.pk, student=student, body="Thank you, Maria!", now=after
    )

    delete_account(user=student, now=after + timedelta(days=1))

    assert PrepPlan.objects.filter(request=request).exists() is False
    assert LearningNote.objects.filter(request=request).exists() is False
    note = ThankYouNote.objects.get(request=request)
    # The mentor's history still shows that thanks came, not what the person wrote.
    assert (note.body, note.channel) == (REMOVED, "careerconnect")
