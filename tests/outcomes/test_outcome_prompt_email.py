"""The "did your meeting take place?" email, as each participant receives it, and
when it is dropped instead.

Sent through the outbox (tests/notifications/emails_support.deliver_to) and read
back from the message's bytes: the headers, the text part line by line, the
HTML part as a tree.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from interviews.domain import delivery
from interviews.domain import meetings as meeting_rules
from interviews.domain.links import read_unsubscribe_token
from interviews.domain.preferences import preferences_of, set_optional_email
from interviews.enums import MeetingOutcome, NotificationStatus, OptionalEmail
from interviews.enums import NotificationKind as K
from interviews.models import Notification
from tests import builders
from tests.domain.support import set_program
from tests.notifications.emails_support import (
    PLAIN_TREE,
    PREFERENCES_URL,
    SITE,
    deliver_to,
    links,
    list_items,
    mime_tree,
    paragraphs,
    unsubscribe_link,
)
from tests.outcomes.support import AFTER, END, NOW, START, confirmed, report

DROPPED = "What happened is known already, or the meeting moved."


@pytest.fixture
def meeting_request(student, mentor):
    return confirmed(student, mentor)


def outcome_url(request, answer: str) -> str:
    return f"{SITE}/requests/{request.pk}/outcome/?outcome={answer}"


def prompt_to(request, person) -> Notification:
    return Notification.objects.get(request=request, kind=K.OUTCOME_PROMPT, recipient=person)


def test_the_student_is_asked_at_the_end_with_an_answer_link_each(meeting_request, student):
    received = deliver_to(student, K.OUTCOME_PROMPT, now=END)

    assert received.notification.due_at == END
    assert received.subject == "Did your meeting with Maria Mentor take place?"
    answers = [
        ("Yes, it took place", outcome_url(meeting_request, "held")),
        ("No: Maria Mentor did not come", outcome_url(meeting_request, "mentor_no_show")),
        ("No: I could not make it", outcome_url(meeting_request, "student_no_show")),
        ("No: we moved it to another time", outcome_url(meeting_request, "moved")),
    ]
    unsubscribe_url, _token = unsubscribe_link(received)
    assert received.lines == [
        "Hello Sophie,",
        "",
        "Your informational interview with Maria Mentor was planned for:",
        "",
        "  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
        "",
        "Times are in your time zone, America/New_York, followed by Maria Mentor's "
        "(Europe/Berlin).",
        "",
        "Did it take place? Choose your answer:",
        "",
        "Yes, it took place:",
        outcome_url(meeting_request, "held"),
        "",
        "No: Maria Mentor did not come:",
        outcome_url(meeting_request, "mentor_no_show"),
        "",
        "No: I could not make it:",
        outcome_url(meeting_request, "student_no_show"),
        "",
        "No: we moved it to another time:",
        outcome_url(meeting_request, "moved"),
        "",
        "Each link opens a page where you confirm your answer. Maria Mentor answers for "
        "themselves; if your answers differ, the career center looks into it.",
        "",
        "If nobody says otherwise within 7 days, the meeting is taken as held.",
        "",
        "--",
        "CareerConnect, your career center's informational interviews.",
        f"Email settings: {PREFERENCES_URL}",
        f"Stop emails like this one: {unsubscribe_url}",
    ]
    html = received.html
    assert html.one("strong").text == "Thu 4 Mar 2027, 10:00 EST"
    assert list_items(html) == [label for label, _url in answers]
    assert links(html) == [
        *answers,
        ("Email settings", PREFERENCES_URL),
        ("Stop emails like this one", unsubscribe_url),
    ]
    assert paragraphs(html)[-2:] == [
        "Each link opens a page where you confirm your answer. Maria Mentor answers for "
        "themselves; if your answers differ, the career center looks into it.",
        "If nobody says otherwise within 7 days, the meeting is taken as held.",
    ]


def test_the_mentor_is_asked_in_their_own_words(meeting_request, mentor):
    received = deliver_to(mentor, K.OUTCOME_PROMPT, now=END)

    assert received.subject == "Did your meeting with Sophie Student take place?"
    assert received.lines[:22] == [
        "Hello Maria,",
        "",
        "Your informational interview with Sophie Student was planned for:",
        "",
        "  Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        "",
        "Times are in your time zone, Europe/Berlin, followed by Sophie Student's "
        "(America/New_York).",
        "",
        "Did it take place? Choose your answer:",
        "",
        "Yes, it took place:",
        outcome_url(meeting_request, "held"),
        "",
        "No: Sophie Student did not come:",
        outcome_url(meeting_request, "student_no_show"),
        "",
        "No: I could not make it:",
        outcome_url(meeting_request, "mentor_no_show"),
        "",
        "No: we moved it to another time:",
        outcome_url(meeting_request, "moved"),
        "",
    ]
    assert links(received.html)[:4] == [
        ("Yes, it took place", outcome_url(meeting_request, "held")),
        ("No: Sophie Student did not come", outcome_url(meeting_request, "student_no_show")),
        ("No: I could not make it", outcome_url(meeting_request, "mentor_no_show")),
        ("No: we moved it to another time", outcome_url(meeting_request, "moved")),
    ]


def test_the_email_is_optional_and_says_so_in_its_headers(meeting_request, student):
    received = deliver_to(student, K.OUTCOME_PROMPT, now=END)

    assert sorted(received.header_names) == sorted(
        [
            "Subject",
            "From",
            "To",
            "Date",
            "Message-ID",
            "Auto-Submitted",
            "MIME-Version",
            "Content-Type",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
        ]
    )
    assert received.header("From") == settings.DEFAULT_FROM_EMAIL
    assert [(a.display_name, a.addr_spec) for a in received.message["To"].addresses] == [
        ("Sophie Student", student.email)
    ]
    assert received.header("Reply-To") is None
    assert received.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    _url, token = unsubscribe_link(received)
    assert read_unsubscribe_token(token) == (student.pk, OptionalEmail.OUTCOME_PROMPTS)
    assert mime_tree(received.message) == PLAIN_TREE


def test_the_unsubscribe_link_turns_off_only_these_questions(meeting_request, student):
    url, _token = unsubscribe_link(deliver_to(student, K.OUTCOME_PROMPT, now=END))

    response = Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    preferences = preferences_of(student)
    assert {choice.value: getattr(preferences, choice.value) for choice in OptionalEmail} == {
        "request_nudges": True,
        "meeting_reminders": True,
        "thank_you_reminders": True,
        "outcome_prompts": False,
    }


def test_the_grace_period_in_the_email_follows_the_program(meeting_request, mentor):
    set_program(outcome_grace_days=1)

    received = deliver_to(mentor, K.OUTCOME_PROMPT, now=END)

    assert "If nobody says otherwise within 1 day, the meeting is taken as held." in (
        received.lines
    )


# --- Dropped when it no longer makes sense -----------------------------------------------------


def test_the_email_goes_out_while_the_recipient_has_not_answered(meeting_request, student):
    assert delivery.reason_to_drop(prompt_to(meeting_request, student), now=END) == ""


def test_dropped_when_the_recipient_already_answered(meeting_request, student, mentor):
    report(meeting_request, student, MeetingOutcome.MOVED, now=END)

    assert delivery.reason_to_drop(prompt_to(meeting_request, student), now=END) == DROPPED
    # The other person has not answered: they are still asked.
    assert delivery.reason_to_drop(prompt_to(meeting_request, mentor), now=END) == ""


@pytest.mark.parametrize(
    "outcome", [MeetingOutcome.HELD, MeetingOutcome.STUDENT_NO_SHOW, MeetingOutcome.MENTOR_NO_SHOW]
)
def test_dropped_when_the_outcome_is_known(meeting_request, student, mentor, outcome):
    prompt = prompt_to(meeting_request, student)
    # In flight when the mentor answers: superseding cannot recall it.
    claimed = delivery.claim_one(prompt.pk, now=END)
    report(meeting_request, mentor, outcome, now=END + timedelta(seconds=5))

    assert delivery.deliver(claimed, now=END + timedelta(seconds=10)) == (
        NotificationStatus.CANCELLED
    )
    prompt.refresh_from_db()
    assert (prompt.status, prompt.last_error) == (NotificationStatus.CANCELLED, DROPPED)


def test_dropped_when_the_meeting_was_moved_to_a_new_time(meeting_request, student, mentor):
    prompt = prompt_to(meeting_request, student)
    claimed = delivery.claim_one(prompt.pk, now=END)
    report(meeting_request, mentor, MeetingOutcome.MOVED, now=END)
    proposed = builders.propose_reschedule(
        meeting_request, by=mentor, now=AFTER, starts=[START + timedelta(days=7)]
    )
    meeting_rules.accept_reschedule(
        request_id=proposed.pk,
        user=student,
        slot_id=builders.first_slot(proposed).pk,
        expected_version=proposed.version,
        now=AFTER + timedelta(minutes=1),
    )

    assert delivery.deliver(claimed, now=AFTER + timedelta(minutes=2)) == (
        NotificationStatus.CANCELLED
    )
    prompt.refresh_from_db()
    assert (prompt.status, prompt.last_error) == (NotificationStatus.CANCELLED, DROPPED)


def test_dropped_when_the_recipient_turned_these_questions_off(meeting_request, student, mentor):
    assert delivery.send_due(now=NOW) == 2  # the confirmations
    set_optional_email(student, OptionalEmail.OUTCOME_PROMPTS, wanted=False)

    assert delivery.send_due(now=END) == 1  # the mentor's question only

    assert (
        prompt_to(meeting_request, student).status,
        prompt_to(meeting_request, student).last_error,
    ) == (NotificationStatus.CANCELLED, "The recipient turned this kind of email off.")
    assert prompt_to(meeting_request, mentor).status == NotificationStatus.SENT
