"""Every email kind, as its recipient receives it.

Each test makes the situation through the domain's own transition functions
(fixed `now=`), delivers the queued notification through
interviews.domain.delivery with the locmem backend, and reads the message's
actual bytes back with the standard library's email parser: the envelope
(check_envelope), the text part line by line, the HTML part as a tree.

Sophie Student is in New York, Maria Mentor in Berlin; the clock is Monday
1 March 2027, 09:00 UTC, so the first proposed time (Thursday 15:00 UTC) is
10:00 EST for Sophie and 16:00 CET for Maria.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.template.loader import get_template
from icalendar import Calendar

from interviews.domain import delivery
from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.domain.email_content import template_name
from interviews.domain.links import AcceptTicket
from interviews.enums import DeclineReason, MeetingFormat, NotificationStatus
from interviews.enums import NotificationKind as K
from interviews.models import Notification
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.notifications.emails_support import (
    NOW,
    PREFERENCES_URL,
    SITE,
    Received,
    accept_tickets,
    accept_urls,
    assert_no_contact_details,
    check_envelope,
    deliver_to,
    footer_lines,
    links,
    list_items,
    mentor_url,
    paragraphs,
    read_bytes,
    request_url,
    time_items,
)

pytestmark = pytest.mark.django_db

DIRECTORY_URL = f"{SITE}/mentors/"
ACCEPT_NOTE = (
    'Each "Accept this time" link opens a confirmation page: '
    "nothing is accepted until you confirm there."
)
STUDENT_ZONES = (
    "Times are in your time zone, America/New_York, followed by Maria Mentor's (Europe/Berlin)."
)
MENTOR_ZONES = (
    "Times are in your time zone, Europe/Berlin, followed by Sophie Student's (America/New_York)."
)
# The request text that tests/builders.py writes for Sophie.
INTRODUCTION = [
    "About me",
    "I study computer science and graduate in 2027.",
    "",
    "How I found you",
    "I found you in the alumni directory.",
    "",
    "Why I am reaching out",
    "I'd like to learn about: your career path.",
    "Your move from physics into software is the path I am considering.",
]
THANK_YOU_TIPS = [
    "A good thank-you note:",
    "  - thanks them for their time and their advice;",
    "  - mentions two or three things you learned, and how you will use them;",
    "  - names a next step: someone they suggested you contact, an application, "
    "or simply keeping in touch.",
]


def later(**delta):
    return NOW + timedelta(**delta)


def day(days: int):
    """`days` after NOW, at 15:00 UTC."""
    return builders.at_15_utc(NOW + timedelta(days=days))


def slots_of(request, round_: int | None = None) -> list:
    round_ = round_ or request.current_round
    return list(request.slots.filter(round=round_).order_by("starts_at"))


def fresh(request):
    request.refresh_from_db()
    return request


# --- Before a meeting exists ------------------------------------------------


def test_new_request_email_lists_each_time_with_its_one_click_accept_link(student, mentor):
    request = builders.send(student, mentor, now=NOW)

    received = deliver_to(mentor, K.NEW_REQUEST, now=NOW)

    check_envelope(received, recipient=mentor, other=student)
    assert_no_contact_details(received, student)
    assert received.subject == "Sophie Student asks you for an informational interview"
    assert accept_tickets(received.text) == [
        AcceptTicket(request.pk, slot.pk, request.version) for slot in slots_of(request)
    ]
    first, second, third = accept_urls(received.text)
    assert received.lines == [
        "Hello Maria,",
        "",
        "Sophie Student would like a 30-minute conversation with you (video call): an "
        "informational interview, to learn from your experience. Here is their request.",
        "",
        *INTRODUCTION,
        "",
        "Times Sophie Student proposed:",
        "",
        "  - Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        f"    Accept this time: {first}",
        "  - Fri 5 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        f"    Accept this time: {second}",
        "  - Sat 6 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        f"    Accept this time: {third}",
        "",
        MENTOR_ZONES,
        ACCEPT_NOTE,
        "",
        "None of these times works, or you'd rather not take this request? Propose other "
        "times, or decline, on the request page:",
        request_url(request),
        "",
        "Please answer within 14 days; after that, the request expires. Your email address "
        "and phone number stay private until you agree on a time.",
        *footer_lines(received),
    ]
    html = received.html
    assert html.one("title").text == "New request"
    assert [h2.text for h2 in html.find_all("h2")] == [
        "About me",
        "How I found you",
        "Why I am reaching out",
        "Times Sophie Student proposed",
    ]
    assert time_items(html) == [
        (
            "Thu 4 Mar 2027, 16:00 CET",
            "(10:00 EST for Sophie Student)",
            [("Accept this time", first)],
        ),
        (
            "Fri 5 Mar 2027, 16:00 CET",
            "(10:00 EST for Sophie Student)",
            [("Accept this time", second)],
        ),
        (
            "Sat 6 Mar 2027, 16:00 CET",
            "(10:00 EST for Sophie Student)",
            [("Accept this time", third)],
        ),
    ]
    assert links(html) == [
        ("Accept this time", first),
        ("Accept this time", second),
        ("Accept this time", third),
        ("Open the request", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]
    assert MENTOR_ZONES in paragraphs(html)
    assert ACCEPT_NOTE in paragraphs(html)


@pytest.mark.parametrize(("number", "days"), [(1, 3), (2, 7)])
def test_request_nudges_say_how_long_the_request_has_waited(student, mentor, number, days):
    request = builders.send(student, mentor, now=NOW, starts=[day(10), day(11)])

    received = deliver_to(mentor, K.REQUEST_NUDGE, now=later(days=days), payload__number=number)

    check_envelope(received, recipient=mentor, other=student)
    assert_no_contact_details(received, student)
    assert received.subject == (
        f"Reminder: Sophie Student's request has waited {days} days for your answer"
    )
    assert accept_tickets(received.text) == [
        AcceptTicket(request.pk, slot.pk, request.version) for slot in slots_of(request)
    ]
    first, second = accept_urls(received.text)
    assert received.lines == [
        "Hello Maria,",
        "",
        f"Sophie Student's request for an informational interview has waited {days} days for "
        "your answer. A short reply, even a no, helps them plan; a request nobody answers "
        "expires after 14 days.",
        "",
        "The times on offer:",
        "",
        "  - Thu 11 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        f"    Accept this time: {first}",
        "  - Fri 12 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        f"    Accept this time: {second}",
        "",
        MENTOR_ZONES,
        ACCEPT_NOTE,
        "",
        "To read the request, propose other times or decline:",
        request_url(request),
        *footer_lines(received),
    ]
    assert links(received.html)[:3] == [
        ("Accept this time", first),
        ("Accept this time", second),
        ("Open the request", request_url(request)),
    ]
    assert received.html.one("title").text == "A request is waiting for your answer"


def test_nudge_after_new_times_quotes_the_students_note_of_that_round(student, mentor):
    request = builders.counter(builders.send(student, mentor, now=NOW), now=later(hours=1))
    request_rules.propose_again(
        request_id=request.pk,
        student=student,
        slot_starts=[day(12)],
        note="Mornings suit me best.",
        expected_version=request.version,
        now=later(hours=2),
    )

    received = deliver_to(mentor, K.REQUEST_NUDGE, now=later(days=3, hours=2), payload__number=1)

    check_envelope(received, recipient=mentor, other=student)
    assert received.lines[2:8] == [
        "Sophie Student's request for an informational interview has waited 3 days for your "
        "answer. A short reply, even a no, helps them plan; a request nobody answers expires "
        "after 14 days.",
        "",
        "Sophie Student wrote:",
        "  > Mornings suit me best.",
        "",
        "The times on offer:",
    ]
    assert received.html.one("blockquote").text == "Mornings suit me best."
    request = fresh(request)
    assert accept_tickets(received.text) == [
        AcceptTicket(request.pk, slot.pk, request.version) for slot in slots_of(request, 3)
    ]


def test_withdrawn_email_tells_the_mentor_nothing_more_is_needed(student, mentor):
    request = builders.send(student, mentor, now=NOW)
    request_rules.withdraw_request(
        request_id=request.pk,
        student=student,
        note="I found the answers I needed.\nThank you all the same!",
        expected_version=request.version,
        now=later(hours=5),
    )

    received = deliver_to(mentor, K.REQUEST_WITHDRAWN, now=later(hours=5))

    check_envelope(received, recipient=mentor, other=student)
    assert_no_contact_details(received, student)
    assert received.subject == "Sophie Student withdrew their request"
    assert received.lines == [
        "Hello Maria,",
        "",
        "Sophie Student has withdrawn their request for an informational interview with you, "
        "so there is nothing more for you to do.",
        "",
        "Their message:",
        "  > I found the answers I needed.",
        "  > Thank you all the same!",
        "",
        "Thank you for making time for students. The request stays on its page, for reference:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    quoted = html.one("blockquote")
    assert quoted.children[0] == "I found the answers I needed."
    assert quoted.children[1].tag == "br"
    assert quoted.children[2:] == ["Thank you all the same!"]
    assert links(html) == [
        ("Open the request", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_new_times_from_the_student_come_with_accept_links_and_their_note(student, mentor):
    request = builders.counter(builders.send(student, mentor, now=NOW), now=later(hours=1))
    request_rules.propose_again(
        request_id=request.pk,
        student=student,
        slot_starts=[day(12), day(13)],
        note="I have classes on Thursdays; would one of these do?",
        expected_version=request.version,
        now=later(hours=2),
    )
    request = fresh(request)

    received = deliver_to(mentor, K.NEW_TIMES_FROM_STUDENT, now=later(hours=2))

    check_envelope(received, recipient=mentor, other=student)
    assert_no_contact_details(received, student)
    assert received.subject == "Sophie Student proposed new times"
    assert accept_tickets(received.text) == [
        AcceptTicket(request.pk, slot.pk, request.version) for slot in slots_of(request, 3)
    ]
    first, second = accept_urls(received.text)
    assert received.lines == [
        "Hello Maria,",
        "",
        "None of the times you offered works for Sophie Student, so they propose these instead:",
        "",
        "  - Sat 13 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        f"    Accept this time: {first}",
        "  - Sun 14 Mar 2027, 16:00 CET (11:00 EDT for Sophie Student)",
        f"    Accept this time: {second}",
        "",
        MENTOR_ZONES,
        ACCEPT_NOTE,
        "",
        "Sophie Student wrote:",
        "  > I have classes on Thursdays; would one of these do?",
        "",
        "If none of these works, propose other times or decline on the request page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert time_items(html) == [
        (
            "Sat 13 Mar 2027, 16:00 CET",
            "(10:00 EST for Sophie Student)",
            [("Accept this time", first)],
        ),
        (
            "Sun 14 Mar 2027, 16:00 CET",
            "(11:00 EDT for Sophie Student)",
            [("Accept this time", second)],
        ),
    ]
    assert html.one("blockquote").text == "I have classes on Thursdays; would one of these do?"
    assert links(html) == [
        ("Accept this time", first),
        ("Accept this time", second),
        ("Open the request", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_counter_proposal_shows_the_mentors_times_and_note_without_accept_links(student, mentor):
    request = builders.counter(builders.send(student, mentor, now=NOW), now=later(hours=1))

    received = deliver_to(student, K.COUNTER_PROPOSAL, now=later(hours=1))

    check_envelope(received, recipient=student, other=mentor)
    assert_no_contact_details(received, mentor)
    assert received.subject == "Maria Mentor proposed other times for your conversation"
    assert received.lines == [
        "Hello Sophie,",
        "",
        "Maria Mentor would like to talk with you, but none of your times works for them. "
        "They propose:",
        "",
        "  - Thu 11 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
        "",
        STUDENT_ZONES,
        "",
        "Maria Mentor wrote:",
        "  > Could one of these work?",
        "",
        "Pick one of these times on the request page, or propose others if none suits you:",
        request_url(request),
        "",
        "Please answer soon: a request nobody answers expires after 14 days.",
        *footer_lines(received),
    ]
    html = received.html
    assert time_items(html) == [("Thu 11 Mar 2027, 10:00 EST", "(16:00 CET for Maria Mentor)", [])]
    assert html.one("blockquote").text == "Could one of these work?"
    assert links(html) == [
        ("Choose a time", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_an_older_rounds_note_is_not_repeated(student, mentor):
    request = builders.counter(builders.send(student, mentor, now=NOW), now=later(hours=1))
    request_rules.propose_again(
        request_id=request.pk,
        student=student,
        slot_starts=[day(12)],
        note="Would a Saturday work?",
        expected_version=request.version,
        now=later(hours=2),
    )
    request_rules.counter_propose(
        request_id=request.pk,
        mentor=mentor,
        slot_starts=[day(14)],
        note="",
        expected_version=fresh(request).version,
        now=later(hours=3),
    )

    received = deliver_to(student, K.COUNTER_PROPOSAL, now=later(hours=3))

    assert "  > Could one of these work?" not in received.lines
    assert received.lines[4:10] == [
        "  - Mon 15 Mar 2027, 11:00 EDT (16:00 CET for Maria Mentor)",
        "",
        STUDENT_ZONES,
        "",
        "Pick one of these times on the request page, or propose others if none suits you:",
        request_url(request),
    ]
    assert received.html.find_all("blockquote") == []


def test_declined_email_gives_the_reason_the_suggestions_and_similar_mentors(student, mentor):
    suggested = MentorFactory(
        first_name="Nora", last_name="Nextdoor", profile__job_title="Data Analyst"
    )
    similar = MentorFactory(first_name="Ned", last_name="Neighbour", profile__employer="Contoso")
    request = builders.send(student, mentor, now=NOW)
    request_rules.decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.NOT_MY_AREA,
        message="Nora knows data careers far better than I do.",
        suggested_mentor_ids=[suggested.pk],
        expected_version=request.version,
        now=later(hours=4),
    )

    received = deliver_to(student, K.REQUEST_DECLINED, now=later(hours=4))

    check_envelope(received, recipient=student, other=mentor)
    assert_no_contact_details(received, mentor)
    assert received.subject == "Maria Mentor can't take your request"
    assert received.lines == [
        "Hello Sophie,",
        "",
        "Maria Mentor has declined your request for an informational interview.",
        "",
        "Their reason: Someone else can help you better with these topics",
        "  > Nora knows data careers far better than I do.",
        "",
        "Mentors decline when they are busy or when someone else can help better; it says "
        "nothing about you or your request.",
        "",
        "Maria Mentor suggests you talk with:",
        "  - Nora Nextdoor, Data Analyst at Northwind Systems",
        f"    {mentor_url(suggested)}",
        "",
        "Mentors with a similar background:",
        "  - Ned Neighbour, Software Engineer at Contoso",
        f"    {mentor_url(similar)}",
        "",
        "Find more mentors in the directory:",
        DIRECTORY_URL,
        "",
        f"Your request: {request_url(request)}",
        *footer_lines(received),
    ]
    html = received.html
    assert "Their reason: Someone else can help you better with these topics" in paragraphs(html)
    assert html.one("blockquote").text == "Nora knows data careers far better than I do."
    assert [h2.text for h2 in html.find_all("h2")] == [
        "Maria Mentor suggests you talk with",
        "Mentors with a similar background",
    ]
    assert list_items(html) == [
        "Nora Nextdoor, Data Analyst at Northwind Systems",
        "Ned Neighbour, Software Engineer at Contoso",
    ]
    assert links(html) == [
        ("Nora Nextdoor", mentor_url(suggested)),
        ("Ned Neighbour", mentor_url(similar)),
        ("Find more mentors", DIRECTORY_URL),
        ("Your request", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_expired_email_says_why_and_offers_similar_mentors(student, mentor):
    similar = MentorFactory(first_name="Ned", last_name="Neighbour")
    request = builders.send(student, mentor, now=NOW, starts=[day(20), day(21)])
    assert request_rules.expire_request(request_id=request.pk, now=later(days=14, minutes=1))

    received = deliver_to(student, K.REQUEST_EXPIRED, now=later(days=14, minutes=1))

    check_envelope(received, recipient=student, other=mentor)
    assert_no_contact_details(received, mentor)
    assert received.subject == "Your request to Maria Mentor has expired"
    assert received.lines == [
        "Hello Sophie,",
        "",
        "Maria Mentor has not answered within 14 days, so your request for an informational "
        "interview has expired.",
        "",
        "Mentors are busy people, and a request can slip through; it says nothing about you. "
        "You are welcome to send a new request: to Maria Mentor with new times, or to another "
        "mentor.",
        "",
        "Mentors with a similar background:",
        "  - Ned Neighbour, Software Engineer at Northwind Systems",
        f"    {mentor_url(similar)}",
        "",
        "Find more mentors in the directory:",
        DIRECTORY_URL,
        "",
        f"Your request: {request_url(request)}",
        *footer_lines(received),
    ]
    html = received.html
    assert list_items(html) == ["Ned Neighbour, Software Engineer at Northwind Systems"]
    assert links(html) == [
        ("Ned Neighbour", mentor_url(similar)),
        ("Find more mentors", DIRECTORY_URL),
        ("Your request", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def _expired_after_all_times_passed(student, mentor):
    request = builders.send(student, mentor, now=NOW, starts=[day(3), day(4)])
    assert request_rules.expire_request(request_id=request.pk, now=later(days=5))
    return later(days=5)


def _expired_waiting_for_the_student(student, mentor):
    builders.counter(builders.send(student, mentor, now=NOW), now=later(hours=1), starts=[day(20)])
    assert request_rules.expire_due_requests(now=later(days=14, hours=2)) == 1
    return later(days=14, hours=2)


def _expired_after_the_mentors_times_passed(student, mentor):
    builders.counter(builders.send(student, mentor, now=NOW), now=later(hours=1), starts=[day(2)])
    assert request_rules.expire_due_requests(now=later(days=3)) == 1
    return later(days=3)


@pytest.mark.parametrize(
    ("make", "why", "next_step"),
    [
        (
            _expired_after_all_times_passed,
            "All the times you proposed have passed before Maria Mentor could answer, so your "
            "request for an informational interview has expired.",
            "Mentors are busy people, and a request can slip through; it says nothing about "
            "you. You are welcome to send a new request: to Maria Mentor with new times, or to "
            "another mentor.",
        ),
        (
            _expired_waiting_for_the_student,
            "The times Maria Mentor proposed waited 14 days without an answer, so your request "
            "for an informational interview has expired.",
            "You are welcome to send a new request: to Maria Mentor with new times, or to "
            "another mentor.",
        ),
        (
            _expired_after_the_mentors_times_passed,
            "All the times Maria Mentor proposed have passed without an answer, so your request "
            "for an informational interview has expired.",
            "You are welcome to send a new request: to Maria Mentor with new times, or to "
            "another mentor.",
        ),
    ],
)
def test_expired_email_names_the_cause(student, mentor, make, why, next_step):
    when = make(student, mentor)

    received = deliver_to(student, K.REQUEST_EXPIRED, now=when)

    check_envelope(received, recipient=student, other=mentor)
    assert_no_contact_details(received, mentor)
    assert received.lines[:5] == ["Hello Sophie,", "", why, "", next_step]
    assert paragraphs(received.html)[1:3] == [why, next_step]


def test_no_email_before_confirmation_reveals_contact_details_or_a_reply_to(student, mentor):
    """A long negotiation and three other requests, sent by the periodic sweep as time passes."""
    declining = MentorFactory(first_name="Dana", last_name="Declines")
    silent = MentorFactory(first_name="Sam", last_name="Silent")
    request = builders.send(student, mentor, now=NOW, starts=[day(20), day(21)])
    declined = builders.send(student, declining, now=NOW)
    builders.send(student, silent, now=NOW, starts=[day(20), day(21)])
    steps = [
        (NOW, lambda: None),
        (later(days=1), lambda: builders.decline(declined, now=later(days=1))),
        (later(days=3), lambda: None),
        (later(days=4), lambda: builders.counter(request, now=later(days=4), starts=[day(22)])),
        (
            later(days=5),
            lambda: request_rules.propose_again(
                request_id=request.pk,
                student=student,
                slot_starts=[day(23)],
                note="Could we try this one?",
                expected_version=fresh(request).version,
                now=later(days=5),
            ),
        ),
        (later(days=7), lambda: None),
        (later(days=8), lambda: None),
        (later(days=9), lambda: builders.withdraw(fresh(request), now=later(days=9))),
        (
            later(days=14, minutes=1),
            lambda: request_rules.expire_due_requests(now=later(days=14, minutes=1)),
        ),
    ]
    for moment, act in steps:
        act()
        delivery.send_due(now=moment)

    sent = Notification.objects.filter(status=NotificationStatus.SENT)
    assert sorted((row.kind, row.recipient.display_name) for row in sent) == [
        (K.COUNTER_PROPOSAL, "Sophie Student"),
        (K.NEW_REQUEST, "Dana Declines"),
        (K.NEW_REQUEST, "Maria Mentor"),
        (K.NEW_REQUEST, "Sam Silent"),
        (K.NEW_TIMES_FROM_STUDENT, "Maria Mentor"),
        (K.REQUEST_DECLINED, "Sophie Student"),
        (K.REQUEST_EXPIRED, "Sophie Student"),
        # Maria's first round (day 3) and third round (day 5 + 3); Sam's days 3 and 7.
        (K.REQUEST_NUDGE, "Maria Mentor"),
        (K.REQUEST_NUDGE, "Maria Mentor"),
        (K.REQUEST_NUDGE, "Sam Silent"),
        (K.REQUEST_NUDGE, "Sam Silent"),
        (K.REQUEST_WITHDRAWN, "Maria Mentor"),
    ]
    assert len(mail.outbox) == sent.count()
    rows = {delivery.message_id(row): row for row in sent}
    for outgoing in mail.outbox:
        raw = outgoing.message().as_bytes()
        message = read_bytes(raw)
        row = rows[str(message["Message-ID"]).strip()]
        other = row.request.mentor if row.recipient == row.request.student else row.request.student
        assert message.get_all("Reply-To") is None
        assert_no_contact_details(Received(notification=row, raw=raw, message=message), other)


# --- The meeting -----------------------------------------------------------


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_confirmation_gives_the_time_in_both_zones_the_contact_details_and_the_invite(
    student, mentor, who
):
    request = builders.confirm(student, mentor, now=NOW)
    recipient, other = (student, mentor) if who == "student" else (mentor, student)

    received = deliver_to(recipient, K.MEETING_CONFIRMED, now=NOW)

    ics = check_envelope(received, recipient=recipient, other=other)
    assert b"DTSTART:20270304T150000Z" in ics.replace(b"\r\n ", b"")
    if who == "student":
        assert received.subject == (
            "Confirmed: informational interview with Maria Mentor, Thu 4 Mar 2027, 10:00 EST"
        )
        when = ["  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)"]
        contact = f"  Maria Mentor's email: {mentor.email}"
        zones = STUDENT_ZONES
    else:
        assert received.subject == (
            "Confirmed: informational interview with Sophie Student, Thu 4 Mar 2027, 16:00 CET"
        )
        when = ["  Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)"]
        contact = f"  Sophie Student's email: {student.email}"
        zones = MENTOR_ZONES
    assert received.lines == [
        f"Hello {recipient.first_name},",
        "",
        f"Your informational interview with {other.display_name} is confirmed:",
        "",
        *when,
        "  Video call, 30 minutes",
        "  Video link: https://meet.example.com/mentor-room",
        contact,
        "",
        zones,
        "",
        "The calendar invitation is attached; your calendar adds it. Replies to the invitation "
        "are not read: to reschedule or cancel, use the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert html.find_all("strong")[0].text == when[0].strip().split(" (")[0]
    assert links(html) == [
        ("https://meet.example.com/mentor-room", "https://meet.example.com/mentor-room"),
        (other.email, f"mailto:{other.email}"),
        ("Open the meeting", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_reminder_for_the_mentor_includes_the_students_introduction(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)

    received = deliver_to(mentor, K.MEETING_REMINDER, now=day(2))

    check_envelope(received, recipient=mentor, other=student)
    assert received.subject == (
        "Reminder: informational interview with Sophie Student, Thu 4 Mar 2027, 16:00 CET"
    )
    assert received.lines == [
        "Hello Maria,",
        "",
        "A reminder of your informational interview with Sophie Student:",
        "",
        "  Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        "  Video call, 30 minutes",
        "  Video link: https://meet.example.com/mentor-room",
        f"  Sophie Student's email: {student.email}",
        "",
        MENTOR_ZONES,
        "",
        "Sophie Student introduced themselves in their request:",
        "",
        *INTRODUCTION,
        "",
        "To reschedule or cancel, use the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert [h2.text for h2 in html.find_all("h2")] == [
        "About me",
        "How I found you",
        "Why I am reaching out",
    ]
    assert "I study computer science and graduate in 2027." in paragraphs(html)
    assert links(html)[:3] == [
        ("https://meet.example.com/mentor-room", "https://meet.example.com/mentor-room"),
        (student.email, f"mailto:{student.email}"),
        ("Open the meeting", request_url(request)),
    ]


@pytest.mark.parametrize(
    ("meeting_format", "where", "logistics"),
    [
        (
            MeetingFormat.VIDEO,
            "  Video link: https://meet.example.com/mentor-room",
            "open the video link a few minutes early and test your camera and microphone",
        ),
        (
            MeetingFormat.PHONE,
            "  Phone: +49 30 1234567",
            "save the number in your phone and keep it charged",
        ),
        (
            MeetingFormat.IN_PERSON,
            "  Place: Café Central, Berlin",
            "plan your route to the place and arrive a few minutes early",
        ),
    ],
)
def test_reminder_for_the_student_includes_the_preparation_checklist(
    student, meeting_format, where, logistics
):
    mentor = MentorFactory(first_name="Maria", last_name="Mentor", profile__offers_in_person=True)
    request = builders.confirm(student, mentor, now=NOW, format=meeting_format)

    received = deliver_to(student, K.MEETING_REMINDER, now=day(2))

    check_envelope(received, recipient=student, other=mentor)
    format_label = MeetingFormat(meeting_format).label
    # Nothing ticked yet: the whole checklist (tests/prep/ covers the rest).
    checklist = [
        "Your preparation checklist:",
        "  [ ] Research Maria Mentor: their role, their career path and what they are happy "
        "to talk about.",
        "  [ ] Research Northwind Systems: what it does, its place in the industry, recent news.",
        "  [ ] Prepare your questions, the most important first: you may not get to all of them.",
        f"  [ ] Check the logistics: {logistics}.",
        "  [ ] Choose a quiet, professional setting and dress as you would for their workplace: "
        "act professionally, even on video.",
        "  [ ] Plan your thank-you: note what you learn, and send a few lines within a day.",
    ]
    assert received.lines == [
        "Hello Sophie,",
        "",
        "A reminder of your informational interview with Maria Mentor:",
        "",
        "  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
        f"  {format_label}, 30 minutes",
        where,
        f"  Maria Mentor's email: {mentor.email}",
        "",
        STUDENT_ZONES,
        "",
        *checklist,
        "",
        "Be flexible: let the conversation go where Maria Mentor takes it, and keep to "
        "the 30 minutes you asked for.",
        "",
        "Your research notes, your questions and your checklist are on your preparation page:",
        f"{request_url(request)}prepare/",
        "",
        "To reschedule or cancel, use the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert html.one("h2").text == "Your preparation checklist"
    assert list_items(html) == [line.removeprefix("  [ ] ") for line in checklist[1:]]


@pytest.mark.parametrize(
    ("kind", "hours_after", "subject", "opening"),
    [
        (
            K.THANK_YOU_REMINDER,
            2,
            "Say thank you to Maria Mentor",
            "We hope your conversation with Maria Mentor went well. A short thank-you note, "
            "sent within a day, shows that you valued their time, and keeps the door open.",
        ),
        (
            K.THANK_YOU_NUDGE,
            48,
            "A thank-you note to Maria Mentor is still welcome",
            "You haven't sent Maria Mentor a thank-you note yet. It's not too late: a few "
            "sentences today still mean a lot to someone who gave you their time.",
        ),
    ],
)
def test_thank_you_reminders_explain_a_good_note_and_give_the_mentors_email(
    student, mentor, kind, hours_after, subject, opening
):
    request = builders.confirm(student, mentor, now=NOW)
    ends_at = request.meeting.ends_at

    received = deliver_to(student, kind, now=ends_at + timedelta(hours=hours_after))

    check_envelope(received, recipient=student, other=mentor)
    assert received.subject == subject
    assert received.lines == [
        "Hello Sophie,",
        "",
        opening,
        "",
        *THANK_YOU_TIPS,
        "",
        "Write your note on the meeting page:",
        request_url(request),
        "",
        f"or email Maria Mentor directly: {mentor.email}",
        *footer_lines(received),
    ]
    html = received.html
    assert list_items(html) == [line.removeprefix("  - ") for line in THANK_YOU_TIPS[1:]]
    assert links(html)[:2] == [
        ("Write your note", request_url(request)),
        (mentor.email, f"mailto:{mentor.email}"),
    ]


@pytest.mark.parametrize("proposer", ["student", "mentor"])
def test_reschedule_proposal_shows_the_agreed_time_and_the_new_ones(student, mentor, proposer):
    request = builders.confirm(student, mentor, now=NOW)
    asker, recipient = (student, mentor) if proposer == "student" else (mentor, student)
    builders.propose_reschedule(request, by=asker, now=later(hours=1), starts=[day(10)])

    received = deliver_to(recipient, K.RESCHEDULE_PROPOSED, now=later(hours=1))

    check_envelope(received, recipient=recipient, other=asker)
    if proposer == "student":
        assert received.subject == (
            "Sophie Student asks to move your meeting of Thu 4 Mar 2027, 16:00 CET"
        )
        times = [
            "  Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
            "  - Thu 11 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        ]
        zones = MENTOR_ZONES
    else:
        assert received.subject == (
            "Maria Mentor asks to move your meeting of Thu 4 Mar 2027, 10:00 EST"
        )
        times = [
            "  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
            "  - Thu 11 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
        ]
        zones = STUDENT_ZONES
    assert received.lines == [
        f"Hello {recipient.first_name},",
        "",
        f"{asker.display_name} asks to move your informational interview, now set for:",
        "",
        times[0],
        "",
        "to one of these times:",
        "",
        times[1],
        "",
        zones,
        "",
        f"{asker.display_name} wrote:",
        "  > Could we move it?",
        "",
        "Until you answer, the agreed time stands. Pick a new time, or keep the agreed one, "
        "on the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert list_items(html) == [times[1].removeprefix("  - ")]
    assert html.one("blockquote").text == "Could we move it?"
    assert links(html) == [
        ("Answer on the meeting page", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_declined_reschedule_tells_the_asker_the_agreed_time_stands(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    builders.propose_reschedule(request, by=student, now=later(hours=1))
    meeting_rules.decline_reschedule(
        request_id=request.pk,
        user=mentor,
        note="That week I travel, sorry.",
        expected_version=fresh(request).version,
        now=later(hours=2),
    )

    received = deliver_to(student, K.RESCHEDULE_DECLINED, now=later(hours=2))

    check_envelope(received, recipient=student, other=mentor)
    assert received.subject == "Your meeting with Maria Mentor stays at Thu 4 Mar 2027, 10:00 EST"
    assert received.lines == [
        "Hello Sophie,",
        "",
        "None of the new times you proposed works for Maria Mentor, so your informational "
        "interview stays as agreed:",
        "",
        "  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
        "",
        STUDENT_ZONES,
        "",
        "Maria Mentor wrote:",
        "  > That week I travel, sorry.",
        "",
        "If you can't make this time, propose others or cancel on the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    assert received.html.one("blockquote").text == "That week I travel, sorry."
    assert links(received.html)[0] == ("Open the meeting", request_url(request))


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_moved_meeting_email_gives_the_new_time_and_updates_the_invite(student, mentor, who):
    request = builders.confirm(student, mentor, now=NOW)
    builders.propose_reschedule(request, by=mentor, now=later(hours=1), starts=[day(15)])
    meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=student,
        slot_id=slots_of(fresh(request))[0].pk,
        expected_version=request.version,
        now=later(hours=2),
    )
    recipient, other = (student, mentor) if who == "student" else (mentor, student)

    received = deliver_to(recipient, K.MEETING_RESCHEDULED, now=later(hours=2))

    ics = check_envelope(received, recipient=recipient, other=other).replace(b"\r\n ", b"")
    assert b"DTSTART:20270316T150000Z" in ics
    assert b"SEQUENCE:1\r\n" in ics
    when = (
        "  Tue 16 Mar 2027, 11:00 EDT (16:00 CET for Maria Mentor)"
        if who == "student"
        else "  Tue 16 Mar 2027, 16:00 CET (11:00 EDT for Sophie Student)"
    )
    assert received.subject == (
        f"Moved: informational interview with {other.display_name}, {when.strip().split(' (')[0]}"
    )
    assert received.lines == [
        f"Hello {recipient.first_name},",
        "",
        f"Your informational interview with {other.display_name} has moved to:",
        "",
        when,
        "  Video call, 30 minutes",
        "  Video link: https://meet.example.com/mentor-room",
        f"  {other.display_name}'s email: {other.email}",
        "",
        STUDENT_ZONES if who == "student" else MENTOR_ZONES,
        "",
        "The calendar invitation is attached; it moves the event in your calendar. Replies to "
        "the invitation are not read: to reschedule or cancel, use the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_changed_details_email_gives_the_new_details_and_updates_the_invite(student, mentor, who):
    request = builders.confirm(student, mentor, now=NOW)
    meeting_rules.update_meeting_details(
        request_id=request.pk,
        mentor=mentor,
        location="",
        video_link="https://meet.example.com/new-room",
        phone="",
        expected_version=request.version,
        now=later(hours=1),
    )
    recipient, other = (student, mentor) if who == "student" else (mentor, student)

    received = deliver_to(recipient, K.MEETING_DETAILS_CHANGED, now=later(hours=1))

    ics = check_envelope(received, recipient=recipient, other=other).replace(b"\r\n ", b"")
    assert b"LOCATION:https://meet.example.com/new-room\r\n" in ics
    assert b"SEQUENCE:1\r\n" in ics
    opening = (
        ("Maria Mentor has updated" if who == "student" else "You updated")
        + " the details of your informational interview. Changed: video link. "
        "The time stays the same:"
    )
    when = (
        "  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)"
        if who == "student"
        else "  Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)"
    )
    assert received.subject == (
        f"Updated: informational interview with {other.display_name}, {when.strip().split(' (')[0]}"
    )
    assert received.lines == [
        f"Hello {recipient.first_name},",
        "",
        opening,
        "",
        when,
        "  Video call, 30 minutes",
        "  Video link: https://meet.example.com/new-room",
        f"  {other.display_name}'s email: {other.email}",
        "",
        STUDENT_ZONES if who == "student" else MENTOR_ZONES,
        "",
        "The calendar invitation is attached; it updates the event in your calendar. Replies "
        "to the invitation are not read: to reschedule or cancel, use the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    assert paragraphs(received.html)[1] == opening
    assert links(received.html)[0] == (
        "https://meet.example.com/new-room",
        "https://meet.example.com/new-room",
    )


def test_cancellation_tells_each_person_who_cancelled_and_why(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    meeting_rules.cancel_meeting(
        request_id=request.pk,
        user=mentor,
        reason="A family emergency; I am so sorry.",
        expected_version=request.version,
        now=later(hours=3),
    )

    to_student = deliver_to(student, K.MEETING_CANCELLED, now=later(hours=3))
    to_mentor = deliver_to(mentor, K.MEETING_CANCELLED, now=later(hours=3))

    for received, recipient, other in ((to_student, student, mentor), (to_mentor, mentor, student)):
        ics = check_envelope(received, recipient=recipient, other=other).replace(b"\r\n ", b"")
        assert b"STATUS:CANCELLED\r\n" in ics
        assert b"SEQUENCE:1\r\n" in ics
    assert to_student.subject == (
        "Cancelled: informational interview with Maria Mentor, Thu 4 Mar 2027, 10:00 EST"
    )
    assert to_student.lines == [
        "Hello Sophie,",
        "",
        "Maria Mentor has cancelled your informational interview:",
        "",
        "  Thu 4 Mar 2027, 10:00 EST (16:00 CET for Maria Mentor)",
        "",
        STUDENT_ZONES,
        "",
        "Their reason:",
        "  > A family emergency; I am so sorry.",
        "",
        "The attached cancellation removes the event from your calendar.",
        "",
        "You are welcome to ask Maria Mentor again later, or to find another mentor in the "
        "directory:",
        DIRECTORY_URL,
        "",
        f"The meeting page: {request_url(request)}",
        *footer_lines(to_student),
    ]
    assert links(to_student.html) == [
        ("Find a mentor", DIRECTORY_URL),
        ("The meeting page", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]
    assert to_mentor.subject == (
        "Cancelled: informational interview with Sophie Student, Thu 4 Mar 2027, 16:00 CET"
    )
    assert to_mentor.lines == [
        "Hello Maria,",
        "",
        "As you asked, your informational interview with Sophie Student is cancelled:",
        "",
        "  Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student)",
        "",
        MENTOR_ZONES,
        "",
        "Your reason, as Sophie Student reads it:",
        "  > A family emergency; I am so sorry.",
        "",
        "The attached cancellation removes the event from your calendar.",
        "",
        f"The meeting page: {request_url(request)}",
        *footer_lines(to_mentor),
    ]
    assert to_mentor.html.one("blockquote").text == "A family emergency; I am so sorry."
    assert links(to_mentor.html) == [
        ("The meeting page", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


# --- Every kind, and what user-written text can and cannot do ----------------


@pytest.mark.parametrize("kind", K.values)
def test_every_kind_has_a_subject_a_text_and_an_html_template(kind):
    for suffix in ("subject.txt", "body.txt", "body.html"):
        assert get_template(f"emails/{template_name(kind)}-{suffix}") is not None


def test_names_and_notes_are_escaped_in_html_and_verbatim_in_text(mentor):
    student = StudentFactory(first_name="Eve", last_name="<b>Bold</b>")
    request = builders.send(student, mentor, now=NOW)
    request_rules.withdraw_request(
        request_id=request.pk,
        student=student,
        note="<script>alert('hi')</script> & more",
        expected_version=request.version,
        now=later(hours=1),
    )
    to_mentor = deliver_to(mentor, K.REQUEST_WITHDRAWN, now=later(hours=1))
    confirmed = builders.confirm(student, MentorFactory(), now=later(hours=2))
    to_student = deliver_to(student, K.MEETING_CONFIRMED, now=later(hours=2))

    assert to_mentor.subject == "Eve <b>Bold</b> withdrew their request"
    assert to_mentor.lines[2:6] == [
        "Eve <b>Bold</b> has withdrawn their request for an informational interview with you, "
        "so there is nothing more for you to do.",
        "",
        "Their message:",
        "  > <script>alert('hi')</script> & more",
    ]
    html = to_mentor.html
    assert html.find_all("b") == []
    assert html.find_all("script") == []
    assert paragraphs(html)[1] == (
        "Eve <b>Bold</b> has withdrawn their request for an informational interview with you, "
        "so there is nothing more for you to do."
    )
    assert html.one("blockquote").text == "<script>alert('hi')</script> & more"
    assert "Eve &lt;b&gt;Bold&lt;/b&gt; has withdrawn" in to_mentor.html_source
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; &amp; more" in (
        to_mentor.html_source
    )

    check_envelope(to_student, recipient=student, other=confirmed.mentor)
    assert to_student.message["To"].addresses[0].display_name == "Eve <b>Bold</b>"
    assert to_student.lines[0] == "Hello Eve,"


def test_a_line_break_in_a_name_adds_no_header(mentor):
    student = StudentFactory(first_name="Eve\r\nBcc: x@evil.test", last_name="Student")
    builders.confirm(student, mentor, now=NOW)
    # Headers show the name with its control characters made a space.
    named = SimpleNamespace(display_name="Eve Bcc: x@evil.test Student", email=student.email)

    to_student = deliver_to(student, K.MEETING_CONFIRMED, now=NOW)
    to_mentor = deliver_to(mentor, K.MEETING_CONFIRMED, now=NOW)

    # The name is in the student's To, the mentor's Subject and Reply-To, and the invite.
    check_envelope(to_student, recipient=named, other=mentor)
    ics = check_envelope(to_mentor, recipient=mentor, other=named)
    assert to_mentor.subject == (
        "Confirmed: informational interview with Eve Bcc: x@evil.test Student, "
        "Thu 4 Mar 2027, 16:00 CET"
    )
    for received in (to_student, to_mentor):
        head = received.raw.split(b"\r\n\r\n", 1)[0]
        assert [line for line in head.split(b"\r\n") if line.lower().startswith(b"bcc")] == []
    # ...where it stays inside its CN parameter: still exactly two attendees.
    unfolded = ics.replace(b"\r\n ", b"").split(b"\r\n")
    assert [line.split(b";")[0] for line in unfolded if b"ATTENDEE" in line] == [b"ATTENDEE"] * 2
    assert [line for line in unfolded if line.lower().startswith(b"bcc")] == []
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert [(str(a), a.params["CN"]) for a in event["ATTENDEE"]] == [
        (f"mailto:{student.email}", "Eve Bcc: x@evil.test Student"),
        (f"mailto:{mentor.email}", "Maria Mentor"),
    ]
