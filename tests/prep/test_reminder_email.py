"""The reminder before the meeting: the student's unticked checklist, the
mentor's view of the questions the student shares (text and HTML parts)."""

from datetime import timedelta

import pytest

from interviews.domain import prep
from interviews.enums import NotificationKind as K
from tests.notifications.emails_support import (
    check_envelope,
    deliver_to,
    footer_lines,
    links,
    list_items,
    paragraphs,
)
from tests.prep.conftest import MEETING_START

SITE = "http://testserver"
REMINDER_AT = MEETING_START - timedelta(hours=24)
STUDENT_ZONES = (
    "Times are in your time zone, America/New_York, followed by Maria Mentor's (Europe/Berlin)."
)
MENTOR_ZONES = (
    "Times are in your time zone, Europe/Berlin, followed by Sophie Student's (America/New_York)."
)
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
ADVICE = {
    "researched_person": "Research Maria Mentor: their role, their career path and what they "
    "are happy to talk about.",
    "researched_organization": "Research Northwind Systems: what it does, its place in the "
    "industry, recent news.",
    "questions_ready": "Prepare your questions, the most important first: you may not get to "
    "all of them.",
    "logistics_checked": "Check the logistics: open the video link a few minutes early and "
    "test your camera and microphone.",
    "professional_setting": "Choose a quiet, professional setting and dress as you would for "
    "their workplace: act professionally, even on video.",
    "thank_you_planned": "Plan your thank-you: note what you learn, and send a few lines "
    "within a day.",
}
FLEXIBILITY = (
    "Be flexible: let the conversation go where Maria Mentor takes it, and keep to the "
    "30 minutes you asked for."
)


def request_url(interview_request) -> str:
    return f"{SITE}/requests/{interview_request.pk}/"


def prep_url(interview_request) -> str:
    return f"{SITE}/requests/{interview_request.pk}/prepare/"


def head_for_student(interview_request) -> list[str]:
    return [
        "Hello Sophie,",
        "",
        "A reminder of your informational interview with Maria Mentor:",
        "",
        "  Thu 5 Mar 2026, 10:00 EST (16:00 CET for Maria Mentor)",
        "  Video call, 30 minutes",
        "  Video link: https://meet.example.com/mentor-room",
        f"  Maria Mentor's email: {interview_request.mentor.email}",
        "",
        STUDENT_ZONES,
        "",
    ]


def tail(received, interview_request) -> list[str]:
    return [
        "",
        "To reschedule or cancel, use the meeting page:",
        request_url(interview_request),
        *footer_lines(received),
    ]


def share(interview_request, *texts):
    for text in texts:
        prep.add_own_question(
            request_id=interview_request.pk, student=interview_request.student, text=text
        )
    prep.share_questions(request_id=interview_request.pk, student=interview_request.student)


def test_the_students_reminder_lists_the_whole_checklist_when_nothing_is_ticked(confirmed):
    received = deliver_to(confirmed.student, K.MEETING_REMINDER, now=REMINDER_AT)

    check_envelope(received, recipient=confirmed.student, other=confirmed.mentor)
    assert received.lines == [
        *head_for_student(confirmed),
        "Your preparation checklist:",
        *[f"  [ ] {advice}" for advice in ADVICE.values()],
        "",
        FLEXIBILITY,
        "",
        "Your research notes, your questions and your checklist are on your preparation page:",
        prep_url(confirmed),
        *tail(received, confirmed),
    ]
    html = received.html
    assert [h2.text for h2 in html.find_all("h2")] == ["Your preparation checklist"]
    assert list_items(html) == list(ADVICE.values())
    assert FLEXIBILITY in paragraphs(html)
    assert links(html)[-4:-1] == [
        ("Open your preparation", prep_url(confirmed)),
        ("Open the meeting", request_url(confirmed)),
        ("Email settings", f"{SITE}/settings/email/"),
    ]


def test_the_students_reminder_lists_only_what_is_still_unticked(confirmed):
    ticked = {"researched_person", "questions_ready", "thank_you_planned"}
    prep.tick_checklist(request_id=confirmed.pk, student=confirmed.student, ticked=ticked)
    still = [advice for name, advice in ADVICE.items() if name not in ticked]

    received = deliver_to(confirmed.student, K.MEETING_REMINDER, now=REMINDER_AT)

    assert received.lines == [
        *head_for_student(confirmed),
        "Your preparation checklist, 3 of 6 done. Still to do:",
        *[f"  [ ] {advice}" for advice in still],
        "",
        FLEXIBILITY,
        "",
        "Your research notes, your questions and your checklist are on your preparation page:",
        prep_url(confirmed),
        *tail(received, confirmed),
    ]
    html = received.html
    assert "3 of 6 done. Still to do:" in paragraphs(html)
    assert list_items(html) == still


def test_a_complete_checklist_is_praised_instead(confirmed):
    prep.tick_checklist(request_id=confirmed.pk, student=confirmed.student, ticked=set(ADVICE))

    received = deliver_to(confirmed.student, K.MEETING_REMINDER, now=REMINDER_AT)

    assert received.lines == [
        *head_for_student(confirmed),
        "Your preparation checklist is complete: all 6 items ticked. Well done!",
        "",
        FLEXIBILITY,
        "",
        "Your research notes, your questions and your checklist are on your preparation page:",
        prep_url(confirmed),
        *tail(received, confirmed),
    ]
    html = received.html
    assert list_items(html) == []
    assert "Complete: all 6 items ticked. Well done!" in paragraphs(html)


def test_the_students_reminder_never_carries_their_notes(confirmed):
    prep.save_research_notes(
        request_id=confirmed.pk,
        student=confirmed.student,
        person="Private note on Maria.",
        organization="Private note on Northwind.",
    )

    received = deliver_to(confirmed.student, K.MEETING_REMINDER, now=REMINDER_AT)

    for content in received.decoded_parts():
        assert "Private note" not in content


def mentor_lines(received, interview_request, *extra) -> list[str]:
    return [
        "Hello Maria,",
        "",
        "A reminder of your informational interview with Sophie Student:",
        "",
        "  Thu 5 Mar 2026, 16:00 CET (10:00 EST for Sophie Student)",
        "  Video call, 30 minutes",
        "  Video link: https://meet.example.com/mentor-room",
        f"  Sophie Student's email: {interview_request.student.email}",
        "",
        MENTOR_ZONES,
        "",
        "Sophie Student introduced themselves in their request:",
        "",
        *INTRODUCTION,
        *extra,
        *tail(received, interview_request),
    ]


def test_the_mentors_reminder_carries_the_questions_the_student_shares(confirmed):
    share(confirmed, "What drew you from physics to <software>?", "Who else should I meet?")

    received = deliver_to(confirmed.mentor, K.MEETING_REMINDER, now=REMINDER_AT)

    check_envelope(received, recipient=confirmed.mentor, other=confirmed.student)
    assert received.lines == mentor_lines(
        received,
        confirmed,
        "",
        "Sophie Student shared the questions they prepared for you:",
        "",
        "  1. What drew you from physics to <software>?",
        "  2. Who else should I meet?",
    )
    html = received.html
    assert [h2.text for h2 in html.find_all("h2")] == [
        "About me",
        "How I found you",
        "Why I am reaching out",
        "Questions Sophie Student prepared for you",
    ]
    assert [item.text for item in html.one("ol").find_all("li")] == [
        "What drew you from physics to <software>?",
        "Who else should I meet?",
    ]
    assert "&lt;software&gt;" in received.html_source


@pytest.mark.parametrize("sharing", ["never", "stopped"])
def test_the_mentors_reminder_has_no_questions_unless_shared(confirmed, sharing):
    prep.add_own_question(
        request_id=confirmed.pk, student=confirmed.student, text="A private question?"
    )
    prep.tick_checklist(
        request_id=confirmed.pk, student=confirmed.student, ticked={"researched_person"}
    )
    if sharing == "stopped":
        prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
        prep.stop_sharing_questions(request_id=confirmed.pk, student=confirmed.student)

    received = deliver_to(confirmed.mentor, K.MEETING_REMINDER, now=REMINDER_AT)

    assert received.lines == mentor_lines(received, confirmed)
    assert [h2.text for h2 in received.html.find_all("h2")] == [
        "About me",
        "How I found you",
        "Why I am reaching out",
    ]
    for content in received.decoded_parts():
        assert "A private question?" not in content
        assert "checklist" not in content.lower()
