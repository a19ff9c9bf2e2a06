"""The one helper that builds every email CareerConnect sends.

Each email is three templates: emails/<name>-subject.txt, -body.txt and
-body.html. A calendar invite, when there is one, rides along twice, as
calendar clients expect: as a `text/calendar; method=X` alternative beside the
text and HTML bodies (what Outlook and Gmail act on), and as an invite.ics
attachment (what people can open by hand):

    multipart/mixed
      multipart/alternative: text/plain, text/html, text/calendar; method=X
      application/ics; name=invite.ics (attachment)
"""

import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage as MIMEMessage
from email.policy import SMTP
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# CRLF line ends as SMTP wants. Headers are folded only past RFC 5322's hard
# limit: Python 3.11 folds a slightly long Subject right after its colon, which
# its own parser (and some clients) then read back with a leading space.
HEADER_POLICY = SMTP.clone(max_line_length=998)


def header_text(value: str) -> str:
    """A value fit for a header: no line breaks (no header injection)."""
    return _CONTROL.sub(" ", value or "").strip()


@dataclass(frozen=True)
class CalendarInvite:
    content: bytes
    method: str  # REQUEST or CANCEL: the part's method equals the calendar's


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass
class Envelope:
    to_email: str
    to_name: str
    message_id: str
    headers: dict[str, str] = field(default_factory=dict)


def render_email(template: str, context: dict) -> RenderedEmail:
    subject = render_to_string(f"emails/{template}-subject.txt", context)
    return RenderedEmail(
        subject=header_text(" ".join(subject.split())),
        text=render_to_string(f"emails/{template}-body.txt", context),
        html=render_to_string(f"emails/{template}-body.html", context),
    )


class SendableMIME(MIMEMessage):
    """The stdlib message, taking the `linesep` that Django's SMTP backend (and
    the mailbox backend) pass to as_bytes(); the stdlib signature has none."""

    def as_bytes(self, unixfrom=False, policy=None, linesep=None):
        policy = policy or self.policy
        if linesep is not None:
            policy = policy.clone(linesep=linesep)
        return super().as_bytes(unixfrom=unixfrom, policy=policy)


class PreparedEmail(EmailMessage):
    """A Django email whose MIME tree we built ourselves (see the module doc)."""

    def __init__(self, mime: MIMEMessage, *, from_email: str, to: str):
        super().__init__(subject=str(mime["Subject"]), from_email=from_email, to=[to])
        self.mime = mime

    def message(self):
        return self.mime


def build_email(
    rendered: RenderedEmail, envelope: Envelope, *, invite: CalendarInvite | None = None
) -> PreparedEmail:
    mime = SendableMIME(policy=HEADER_POLICY)
    mime["Subject"] = rendered.subject
    mime["From"] = settings.DEFAULT_FROM_EMAIL
    # One recipient per message, never copies: nobody learns another's address.
    mime["To"] = Address(display_name=header_text(envelope.to_name), addr_spec=envelope.to_email)
    mime["Date"] = formatdate(localtime=False)
    mime["Message-ID"] = envelope.message_id
    mime["Auto-Submitted"] = "auto-generated"
    for name, value in envelope.headers.items():
        mime[name] = header_text(value)
    mime.set_content(rendered.text)
    mime.add_alternative(rendered.html, subtype="html")
    if invite is not None:
        mime.add_alternative(
            invite.content.decode("utf-8"),
            subtype="calendar",
            params={"method": invite.method},
        )
        mime.add_attachment(
            invite.content,
            maintype="application",
            subtype="ics",
            filename="invite.ics",
        )
    return PreparedEmail(mime, from_email=settings.DEFAULT_FROM_EMAIL, to=envelope.to_email)
