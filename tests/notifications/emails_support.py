"""Emails as their recipients get them: delivered through the outbox, read from the bytes.

`deliver_to` sends one queued notification through interviews.domain.delivery
(claim, then deliver) with the locmem backend, takes the message's actual
bytes and parses them back with the standard library's email parser, as a
mail client would. The text part is read line by line, the HTML part with
html.parser (tests/views/support.parse), the calendar part as raw bytes.
"""

import email
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy

from django.conf import settings
from django.core import mail
from icalendar import Calendar

from interviews.domain import delivery
from interviews.domain.links import AcceptTicket, read_accept_token, read_unsubscribe_token
from interviews.enums import NotificationKind as K
from interviews.enums import NotificationStatus
from interviews.models import Notification
from tests.views.support import Node, parse

# Every test here runs on this clock (Monday 1 March 2027, 09:00 UTC): far
# from any real date, in winter time on both sides of the Atlantic.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SITE = "http://testserver"

# The MIME tree of an email that carries a calendar invite.
INVITE_TREE = (
    "multipart/mixed",
    [("multipart/alternative", ["text/plain", "text/html", "text/calendar"]), "application/ics"],
)
# ...and of every other email.
PLAIN_TREE = ("multipart/alternative", ["text/plain", "text/html"])

# What the issue asks of each kind, written out here rather than read from the
# code under test.
OPTIONAL_KINDS = {
    K.REQUEST_NUDGE: "request_nudges",
    K.MEETING_REMINDER: "meeting_reminders",
    K.THANK_YOU_REMINDER: "thank_you_reminders",
    K.THANK_YOU_NUDGE: "thank_you_reminders",
    K.OUTCOME_PROMPT: "outcome_prompts",
}
REPLY_TO_KINDS = {
    K.MEETING_CONFIRMED,
    K.MEETING_RESCHEDULED,
    K.MEETING_DETAILS_CHANGED,
    K.MEETING_REMINDER,
}
INVITE_METHODS = {
    K.MEETING_CONFIRMED: "REQUEST",
    K.MEETING_RESCHEDULED: "REQUEST",
    K.MEETING_DETAILS_CHANGED: "REQUEST",
    K.MEETING_CANCELLED: "CANCEL",
}
BASE_HEADERS = [
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "MIME-Version",
    "Content-Type",
]
PREFERENCES_URL = f"{SITE}/settings/email/"

ACCEPT_URL = re.compile(r"http://testserver/email/accept/([^/\s]+)/")
UNSUBSCRIBE_HEADER = re.compile(r"<http://testserver/email/unsubscribe/([^/>]+)/>")


@dataclass
class Received:
    notification: Notification
    raw: bytes
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def html_source(self) -> str:
        return self.message.get_body(("html",)).get_content()

    @property
    def html(self) -> Node:
        return parse(self.html_source)

    @property
    def subject(self) -> str | None:
        return self.header("Subject")

    def parts(self) -> list[EmailMessage]:
        return [part for part in self.message.walk() if not part.is_multipart()]

    def part(self, content_type: str) -> EmailMessage:
        found = [part for part in self.parts() if part.get_content_type() == content_type]
        assert len(found) == 1, f"{len(found)} {content_type} parts"
        return found[0]

    def decoded_parts(self) -> list[str]:
        """Every leaf part's content, transfer encoding undone, as text."""
        contents = []
        for part in self.parts():
            content = part.get_content()
            contents.append(content.decode("utf-8") if isinstance(content, bytes) else content)
        return contents

    def header(self, name: str) -> str | None:
        """A header's value as a mail client shows it (see `header_value`)."""
        return header_value(self.message, name)

    @property
    def header_names(self) -> list[str]:
        return list(self.message.keys())


def header_value(message: EmailMessage, name: str) -> str | None:
    """The header's one value, exactly as a reader gets it (no header is folded
    in a way that adds a leading space: see careerconnect.emails.HEADER_POLICY)."""
    values = message.get_all(name)
    if values is None:
        return None
    assert len(values) == 1, f"{len(values)} {name} headers"
    return str(values[0])


def mime_tree(part: EmailMessage):
    """The content types of a message as nested (type, [children]) tuples."""
    if part.is_multipart():
        return (part.get_content_type(), [mime_tree(child) for child in part.iter_parts()])
    return part.get_content_type()


def read_bytes(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=default_policy)


def queued(kind, recipient, **filters) -> Notification:
    """The one queued row of this kind for this recipient."""
    rows = list(
        Notification.objects.filter(
            kind=kind, recipient=recipient, status=NotificationStatus.QUEUED, **filters
        )
    )
    assert len(rows) == 1, f"{len(rows)} queued {kind} rows for {recipient}"
    return rows[0]


def deliver_to(recipient, kind, *, now: datetime, **filters) -> Received:
    """Claim and deliver the queued `kind` row of `recipient`; the email as received."""
    row = queued(kind, recipient, **filters)
    sent_before = len(mail.outbox)
    claimed = delivery.claim_one(row.pk, now=now)
    assert claimed is not None
    assert delivery.deliver(claimed, now=now) == NotificationStatus.SENT
    assert len(mail.outbox) == sent_before + 1
    raw = mail.outbox[-1].message().as_bytes()
    row.refresh_from_db()
    return Received(notification=row, raw=raw, message=read_bytes(raw))


def assert_lines_in_order(text: str, expected: list[str]) -> None:
    """Each expected line is a whole line of `text`, in this order."""
    lines = text.splitlines()
    position = 0
    for wanted in expected:
        try:
            position = lines.index(wanted, position) + 1
        except ValueError:
            raise AssertionError(
                f"line {wanted!r} missing (or out of order) in:\n" + "\n".join(lines)
            ) from None


def links(node: Node) -> list[tuple[str, str]]:
    """(text, href) of every link, in document order."""
    return [(anchor.text, anchor.attrs.get("href") or "") for anchor in node.find_all("a")]


def paragraphs(node: Node) -> list[str]:
    return [paragraph.text for paragraph in node.find_all("p")]


def list_items(node: Node) -> list[str]:
    return [item.text for item in node.find_all("li")]


def time_items(node: Node) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each listed time: (the recipient's time, the other's in parentheses, its links)."""
    items = []
    for item in node.find_all("li"):
        others = item.find_all("span")
        items.append((item.one("strong").text, others[0].text if others else "", links(item)))
    return items


def accept_urls(text: str) -> list[str]:
    return [match.group(0) for match in ACCEPT_URL.finditer(text)]


def accept_tickets(text: str) -> list[AcceptTicket]:
    """The accept links of a text, read back from their signed tokens."""
    return [read_accept_token(token) for token in ACCEPT_URL.findall(text)]


def footer_lines(received: "Received") -> list[str]:
    lines = [
        "",
        "--",
        "CareerConnect, your career center's informational interviews.",
        f"Email settings: {PREFERENCES_URL}",
    ]
    if received.notification.kind in OPTIONAL_KINDS:
        lines.append(f"Stop emails like this one: {unsubscribe_link(received)[0]}")
    return lines


def request_url(request) -> str:
    return f"{SITE}/requests/{request.pk}/"


def mentor_url(user) -> str:
    return f"{SITE}/mentors/{user.pk}/"


def contact_details_of(person) -> list[str]:
    """What must not reach the other person before the meeting is confirmed."""
    details = [person.email]
    profile = getattr(person, "mentor_profile", None)
    if profile is not None:
        details += [value for value in (profile.phone, profile.default_video_link) if value]
    return details


def assert_no_contact_details(received: Received, person) -> None:
    """Nowhere in the email (raw bytes, any decoded part, any header) is `person` reachable."""
    details = contact_details_of(person)
    assert details, "nothing to look for"
    headers = "\n".join(f"{name}: {value}" for name, value in received.message.items())
    for detail in details:
        assert detail.encode() not in received.raw
        assert detail not in headers
        for content in received.decoded_parts():
            assert detail not in content


def unsubscribe_link(received: Received) -> tuple[str, str]:
    """The one-click unsubscribe (url, token): the same in the header, the text and the HTML."""
    header = received.header("List-Unsubscribe") or ""
    match = UNSUBSCRIBE_HEADER.fullmatch(header)
    assert match is not None, header
    url = header[1:-1]
    assert f"Stop emails like this one: {url}" in received.lines
    assert ("Stop emails like this one", url) in links(received.html)
    return url, match.group(1)


def check_envelope(received: Received, *, recipient, other) -> bytes | None:
    """What every email must be, whatever it says; returns the invite, if any.

    One To (the recipient, by name), no copies; the deterministic Message-ID;
    List-Unsubscribe exactly on the optional kinds; Reply-To (the other
    person) exactly on the confirmed-meeting kinds; the footer's links; the
    MIME tree; and no header beyond these.
    """
    kind = received.notification.kind
    message = received.message
    to = message["To"]
    assert len(message.get_all("To")) == 1
    assert [(a.display_name, a.addr_spec) for a in to.addresses] == [
        (recipient.display_name, recipient.email)
    ]
    assert message.get_all("Cc") is None
    assert message.get_all("Bcc") is None
    assert received.header("From") == settings.DEFAULT_FROM_EMAIL
    assert received.header("Message-ID") == delivery.message_id(received.notification)
    assert received.notification.message_id == delivery.message_id(received.notification)

    expected_headers = list(BASE_HEADERS)
    footer = [("Email settings", PREFERENCES_URL)]
    if kind in OPTIONAL_KINDS:
        expected_headers += ["List-Unsubscribe", "List-Unsubscribe-Post"]
        assert received.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        url, token = unsubscribe_link(received)
        assert read_unsubscribe_token(token) == (recipient.pk, OPTIONAL_KINDS[kind])
        footer.append(("Stop emails like this one", url))
    if kind in REPLY_TO_KINDS:
        expected_headers.append("Reply-To")
        reply_to = message["Reply-To"]
        assert [(a.display_name, a.addr_spec) for a in reply_to.addresses] == [
            (other.display_name, other.email)
        ]
    assert sorted(received.header_names) == sorted(expected_headers)
    assert links(received.html)[-len(footer) :] == footer

    if kind not in INVITE_METHODS:
        assert mime_tree(message) == PLAIN_TREE
        return None
    assert mime_tree(message) == INVITE_TREE
    calendar_part = received.part("text/calendar")
    content = calendar_part.get_content()
    ics = content.encode("utf-8") if isinstance(content, str) else content
    method = str(Calendar.from_ical(ics)["METHOD"])
    assert method == INVITE_METHODS[kind]
    assert calendar_part.get_param("method") == method
    assert calendar_part.get_content_charset() == "utf-8"
    attachment = received.part("application/ics")
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == ics
    return ics
