"""The thank-you emails as their recipients get them: read from the bytes.

The mentor's carries the note and Reply-To the student (they have met; a reply
goes straight to them); the student's is their copy. Both have a text and an
HTML part that say the same.
"""

import pytest

from interviews.domain import thanks
from interviews.enums import NotificationKind as K
from tests.factories import StudentFactory
from tests.notifications.emails_support import (
    BASE_HEADERS,
    PLAIN_TREE,
    PREFERENCES_URL,
    deliver_to,
    footer_lines,
    links,
    mime_tree,
    paragraphs,
    request_url,
)
from tests.thanks.support import AFTER, held

pytestmark = pytest.mark.django_db

NOTE = "Dear Maria,\n\nThank you for your time.\n- Learn SQL\n\nBest regards,\nSophie"


def send(request, body=NOTE):
    thanks.send_thank_you(request_id=request.pk, student=request.student, body=body, now=AFTER)


def addresses(received, header: str) -> list[tuple[str, str]]:
    return [(a.display_name, a.addr_spec) for a in received.message[header].addresses]


def test_the_mentor_gets_the_note_with_reply_to_the_student(student, mentor):
    request = held(student, mentor)
    send(request)

    received = deliver_to(mentor, K.THANK_YOU_RECEIVED, now=AFTER)

    assert received.subject == "A thank-you note from Sophie Student"
    assert addresses(received, "To") == [("Maria Mentor", mentor.email)]
    assert addresses(received, "Reply-To") == [("Sophie Student", student.email)]
    assert sorted(received.header_names) == sorted([*BASE_HEADERS, "Reply-To"])
    assert mime_tree(received.message) == PLAIN_TREE
    assert received.lines == [
        "Hello Maria,",
        "",
        "Sophie Student sent you a thank-you note after your conversation of "
        "Thu 4 Mar 2027, 16:00 CET (10:00 EST for Sophie Student):",
        "",
        "----",
        "Dear Maria,",
        "",
        "Thank you for your time.",
        "- Learn SQL",
        "",
        "Best regards,",
        "Sophie",
        "----",
        "",
        "Reply to this email to write back to Sophie Student.",
        "",
        "Is there someone else Sophie Student should talk to? Suggest them on the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert paragraphs(html) == [
        "Hello Maria,",
        "Sophie Student sent you a thank-you note after your conversation of:",
        # The time for the mentor, and (on its own line) for the student.
        "Thu 4 Mar 2027, 16:00 CET10:00 EST for Sophie Student",
        "Reply to this email to write back to Sophie Student.",
        "Is there someone else Sophie Student should talk to? Suggest them on the meeting page.",
        "Open the meeting page",
    ]
    quote = html.one("blockquote")
    assert quote.raw_text == NOTE.replace("\n", "")
    assert len(quote.find_all("br")) == NOTE.count("\n")
    assert links(html) == [
        ("Open the meeting page", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_the_student_gets_a_copy_without_reply_to(student, mentor):
    request = held(student, mentor)
    send(request)

    received = deliver_to(student, K.THANK_YOU_COPY, now=AFTER)

    assert received.subject == "Your thank-you note to Maria Mentor (your copy)"
    assert addresses(received, "To") == [("Sophie Student", student.email)]
    assert received.message.get_all("Reply-To") is None
    assert sorted(received.header_names) == sorted(BASE_HEADERS)
    assert mime_tree(received.message) == PLAIN_TREE
    assert received.lines == [
        "Hello Sophie,",
        "",
        "Your thank-you note is on its way to Maria Mentor, who can reply to you directly. "
        "Here is your copy:",
        "",
        "----",
        *NOTE.splitlines(),
        "----",
        "",
        "Keep notes on what you learned, and the people Maria Mentor suggested, "
        "on the meeting page:",
        request_url(request),
        *footer_lines(received),
    ]
    html = received.html
    assert paragraphs(html)[:3] == [
        "Hello Sophie,",
        "Your thank-you note is on its way to Maria Mentor, who can reply to you directly. "
        "Here is your copy:",
        "Keep notes on what you learned, and the people Maria Mentor suggested, "
        "on the meeting page.",
    ]
    assert html.one("blockquote").raw_text == NOTE.replace("\n", "")
    assert links(html) == [
        ("Open the meeting page", request_url(request)),
        ("Email settings", PREFERENCES_URL),
    ]


def test_the_note_is_escaped_in_html_and_verbatim_in_text(mentor):
    student = StudentFactory(first_name="Eve", last_name="<i>Italic</i>")
    request = held(student, mentor)
    send(request, "Thanks <script>alert(1)</script> & <b>more</b>")

    received = deliver_to(mentor, K.THANK_YOU_RECEIVED, now=AFTER)

    assert received.lines[5] == "Thanks <script>alert(1)</script> & <b>more</b>"
    html = received.html
    assert html.find_all("script") == []
    assert html.find_all("b") == []
    assert html.find_all("i") == []
    assert html.one("blockquote").text == "Thanks <script>alert(1)</script> & <b>more</b>"
    assert (
        "Thanks &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;"
        in received.html_source
    )
    assert addresses(received, "Reply-To") == [("Eve <i>Italic</i>", student.email)]
