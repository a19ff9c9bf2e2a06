"""The thank-you note: the prefilled draft, sending it once, thanking another way."""

from datetime import timedelta

import pytest

from interviews.domain import learning, referrals, thanks
from interviews.domain.errors import NotAllowed
from interviews.enums import NotificationKind as K
from interviews.enums import NotificationStatus, RequestStatus, ThanksChannel, Topic
from interviews.models import InterviewRequest, Notification, ThankYouNote
from tests.thanks.support import AFTER, confirmed, followup_snapshot, held, no_show

pytestmark = pytest.mark.django_db


def write_notes(request, body: str, *, shared: bool = False):
    return learning.save_learning_note(
        request_id=request.pk, student=request.student, body=body, shared=shared, now=AFTER
    )


def rows(request, *kinds):
    return list(
        Notification.objects.filter(request=request, kind__in=kinds)
        .order_by("kind", "recipient_id")
        .values_list("kind", "recipient_id", "status", "due_at")
    )


# --- The draft ------------------------------------------------------------------


def test_draft_thanks_lists_three_learned_lines_and_a_next_step(student, mentor):
    request = held(student, mentor)
    write_notes(
        request,
        "- Most of the job is talking to customers\n"
        "* Learn SQL before anything else\n"
        "\n"
        "3. Internships open in October\n"
        "Ask about the graduate programme",
    )

    assert thanks.thank_you_draft(request) == (
        "Dear Maria,\n"
        "\n"
        "Thank you for taking the time to talk with me about your work at Northwind Systems. "
        "I really appreciated your openness and your advice.\n"
        "\n"
        "What I took away from our conversation:\n"
        "- Most of the job is talking to customers\n"
        "- Learn SQL before anything else\n"
        "- Internships open in October\n"
        "\n"
        "As a next step, I will put your advice into practice, and I would be glad to keep "
        "you posted on how it goes.\n"
        "\n"
        "Thank you again for your time.\n"
        "\n"
        "Best regards,\n"
        "Sophie Student"
    )


def test_draft_takes_the_first_sentences_of_a_single_paragraph(student, mentor):
    request = held(student, mentor)
    write_notes(
        request,
        "Consulting is mostly research. Travel is less than I thought! "
        "Is a master's worth it? Network early.",
    )

    draft = thanks.thank_you_draft(request)

    assert draft.split("\n\n")[2] == (
        "What I took away from our conversation:\n"
        "- Consulting is mostly research.\n"
        "- Travel is less than I thought!\n"
        "- Is a master's worth it?"
    )


def test_draft_without_notes_names_the_requested_topics(student, mentor):
    request = held(student, mentor, topics=[Topic.CAREER_PATH, Topic.INDUSTRY, Topic.EMPLOYER])

    draft = thanks.thank_you_draft(request)

    # Topics come in the order the request form lists them.
    assert draft.split("\n\n")[2] == (
        "I learned a lot from our conversation, in particular about your career path, "
        "your employer and your industry."
    )


def test_draft_without_notes_or_topics_stays_general(student, mentor):
    request = held(student, mentor, topics=[])

    assert thanks.thank_you_draft(request).split("\n\n")[2] == (
        "I learned a lot from our conversation."
    )


def test_draft_next_step_names_the_referred_people(student, mentor, other_mentor):
    request = held(student, mentor)
    referrals.make_referral(
        request_id=request.pk, user=mentor, to_mentor_id=other_mentor.pk, now=AFTER
    )
    referrals.make_referral(
        request_id=request.pk, user=student, outside_name="Jo Outside", now=AFTER
    )

    assert thanks.thank_you_draft(request).split("\n\n")[3] == (
        "As a next step, I will reach out to Nora Nextdoor and Jo Outside, as you suggested."
    )


def test_learned_points_strip_bullets_and_skip_blank_lines():
    assert thanks.learned_points("\n  •  One\n\n2) Two\n– Three\n- Four\n") == [
        "One",
        "Two",
        "Three",
    ]
    assert thanks.learned_points("") == []
    assert thanks.learned_points("Only one line without a stop") == ["Only one line without a stop"]


# --- Sending ------------------------------------------------------------------------


def test_send_thank_you_records_the_note_and_the_exact_moment(student, mentor):
    request = held(student, mentor)
    moment = AFTER + timedelta(seconds=17, microseconds=250)

    note = thanks.send_thank_you(
        request_id=request.pk, student=student, body="  Thank you, Maria!\n", now=moment
    )

    stored = ThankYouNote.objects.get(request=request)
    assert (stored.pk, stored.channel, stored.body, stored.sent_at) == (
        note.pk,
        ThanksChannel.CAREERCONNECT,
        "Thank you, Maria!",
        moment,
    )
    fresh = InterviewRequest.objects.get(pk=request.pk)
    assert fresh.thanked_at == moment
    # Thanking is not a transition: the status and the forms' version stay.
    assert (fresh.status, fresh.version) == (RequestStatus.HELD, request.version)


def test_thanked_within_24_hours_is_read_from_the_exact_timestamps(student, mentor):
    """What a dashboard computes: thanked_at - meeting end, to the microsecond."""
    request = held(student, mentor)
    ends_at = request.meeting.ends_at
    thanks.send_thank_you(
        request_id=request.pk,
        student=student,
        body="Thanks!",
        now=ends_at + timedelta(hours=24) - timedelta(microseconds=1),
    )

    fresh = InterviewRequest.objects.get(pk=request.pk)
    assert fresh.thanked_at - ends_at == timedelta(hours=24) - timedelta(microseconds=1)
    assert InterviewRequest.objects.filter(
        pk=request.pk, thanked_at__lt=ends_at + timedelta(hours=24)
    ).exists()


def test_send_thank_you_emails_the_mentor_and_the_student_and_stops_the_reminders(student, mentor):
    request = held(student, mentor)

    thanks.send_thank_you(request_id=request.pk, student=student, body="Thanks!", now=AFTER)

    assert rows(request, K.THANK_YOU_RECEIVED, K.THANK_YOU_COPY) == [
        (K.THANK_YOU_COPY, student.pk, NotificationStatus.QUEUED, AFTER),
        (K.THANK_YOU_RECEIVED, mentor.pk, NotificationStatus.QUEUED, AFTER),
    ]
    assert sorted(
        Notification.objects.filter(
            request=request, kind__in=(K.THANK_YOU_REMINDER, K.THANK_YOU_NUDGE)
        ).values_list("kind", "status")
    ) == [
        (K.THANK_YOU_NUDGE, NotificationStatus.CANCELLED),
        (K.THANK_YOU_REMINDER, NotificationStatus.CANCELLED),
    ]


def test_thank_another_way_is_recorded_and_sends_nothing(student, mentor):
    request = held(student, mentor)

    note = thanks.thank_another_way(request_id=request.pk, student=student, now=AFTER)

    assert (note.channel, note.body, note.sent_at) == (ThanksChannel.ANOTHER_WAY, "", AFTER)
    assert InterviewRequest.objects.get(pk=request.pk).thanked_at == AFTER
    assert rows(request, K.THANK_YOU_RECEIVED, K.THANK_YOU_COPY) == []
    assert set(
        Notification.objects.filter(
            request=request, kind__in=(K.THANK_YOU_REMINDER, K.THANK_YOU_NUDGE)
        ).values_list("status", flat=True)
    ) == {NotificationStatus.CANCELLED}


# --- Refusals -----------------------------------------------------------------------


def refused(call, request) -> str:
    before = followup_snapshot(request)
    with pytest.raises(NotAllowed) as caught:
        call()
    assert followup_snapshot(request) == before
    return caught.value.message


def test_only_once_whichever_way(student, mentor):
    request = held(student, mentor)
    thanks.send_thank_you(request_id=request.pk, student=student, body="Thanks!", now=AFTER)

    again = refused(
        lambda: thanks.send_thank_you(
            request_id=request.pk, student=student, body="Thanks again!", now=AFTER
        ),
        request,
    )
    other_way = refused(
        lambda: thanks.thank_another_way(request_id=request.pk, student=student, now=AFTER),
        request,
    )

    expected = "You already sent your thank-you note to Maria Mentor (Fri 5 Mar 2027, 04:00 EST)."
    assert again == expected
    assert other_way == expected


def test_after_thanking_another_way_no_note_can_follow(student, mentor):
    request = held(student, mentor)
    thanks.thank_another_way(request_id=request.pk, student=student, now=AFTER)

    message = refused(
        lambda: thanks.send_thank_you(
            request_id=request.pk, student=student, body="Thanks!", now=AFTER
        ),
        request,
    )

    assert message == ("You already told us you thanked Maria Mentor (Fri 5 Mar 2027, 04:00 EST).")


def test_only_the_student_thanks(student, mentor, other_student):
    request = held(student, mentor)

    by_mentor = refused(
        lambda: thanks.send_thank_you(
            request_id=request.pk, student=mentor, body="Thanks!", now=AFTER
        ),
        request,
    )
    by_outsider = refused(
        lambda: thanks.thank_another_way(request_id=request.pk, student=other_student, now=AFTER),
        request,
    )

    assert by_mentor == "Only the student sends a thank-you note."
    assert by_outsider == "Only the student and the mentor of this request can do that."


def still_ahead(student, mentor):
    """Confirmed, and not over yet at AFTER."""
    return confirmed(student, mentor, days_later=2)


@pytest.mark.parametrize(
    ("make", "status"),
    [(still_ahead, "confirmed"), (no_show, "no-show")],
    ids=["not-yet-held", "no-show"],
)
def test_only_held_meetings_are_thanked_for(student, mentor, make, status):
    request = make(student, mentor)

    message = refused(
        lambda: thanks.send_thank_you(
            request_id=request.pk, student=student, body="Thanks!", now=AFTER
        ),
        request,
    )

    assert message == (
        f"A thank-you note follows a meeting that took place; this request is {status}."
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   \n ", "Write your note before sending it."),
        ("x" * 4001, "A thank-you note has at most 4000 characters; this one has 4001."),
    ],
    ids=["blank", "too-long"],
)
def test_a_blank_or_overlong_note_is_refused(student, mentor, body, message):
    request = held(student, mentor)

    assert (
        refused(
            lambda: thanks.send_thank_you(
                request_id=request.pk, student=student, body=body, now=AFTER
            ),
            request,
        )
        == message
    )


def test_thanking_after_a_meeting_nobody_reported_on_says_it_took_place(student, mentor):
    from interviews.enums import RequestStatus
    from interviews.models import OutcomeReport

    request = confirmed(student, mentor)  # over at AFTER; nobody answered "did it happen?"

    thanks.send_thank_you(request_id=request.pk, student=student, body="Thank you!", now=AFTER)

    request.refresh_from_db()
    report = OutcomeReport.objects.get(meeting=request.meeting)
    assert (request.status, request.thanked_at) == (RequestStatus.HELD, AFTER)
    assert (report.party, report.outcome, report.reported_at) == ("student", "held", AFTER)
