"""Reading calendar files as clients do: with icalendar and with the strict `ical` parser.

Every file a test looks at goes through both parsers; `read_calendar` fails on
any component error icalendar reports and on anything `ical` refuses, and
`event_facts` fails unless both parsers read the same UID, SEQUENCE and start.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import ical.calendar
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from interviews.domain.email_content import compose
from interviews.enums import INVITE_KINDS, NotificationStatus
from interviews.models import Notification


@dataclass(frozen=True)
class ParsedCalendar:
    text: str
    lines: list[str]  # the content lines, unfolded
    calendar: Calendar
    strict: ical.calendar.Calendar

    def values(self, name: str) -> list[str]:
        """The raw value of every `name` line, parameters left out."""
        found = []
        for line in self.lines:
            head, _sep, value = line.partition(":")
            if head.split(";")[0].upper() == name:
                found.append(value)
        return found

    @property
    def property_names(self) -> list[str]:
        return [line.partition(":")[0].split(";")[0] for line in self.lines]


@dataclass(frozen=True)
class EventFacts:
    uid: str
    sequence: int
    dtstart: datetime
    dtend: datetime
    status: str


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "a bare line feed"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def read_calendar(content: bytes) -> ParsedCalendar:
    text = content.decode("utf-8")
    calendar = Calendar.from_ical(content)
    errors = [(component.name, component.errors) for component in calendar.walk()]
    assert [(name, found) for name, found in errors if found] == []
    strict = IcsCalendarStream.calendar_from_ics(text)
    return ParsedCalendar(text=text, lines=unfold(text), calendar=calendar, strict=strict)


def method_of(parsed: ParsedCalendar) -> str:
    """METHOD as icalendar, the strict parser and the raw line all read it."""
    method = str(parsed.calendar["METHOD"])
    assert parsed.strict.method == method
    assert parsed.values("METHOD") == [method]
    return method


def event_facts(parsed: ParsedCalendar) -> list[EventFacts]:
    """Each VEVENT's identity and time, checked to read alike in both parsers."""
    events = parsed.calendar.walk("VEVENT")
    assert len(parsed.strict.events) == len(events)
    facts = []
    for event, strict in zip(events, parsed.strict.events, strict=True):
        fact = EventFacts(
            uid=str(event["UID"]),
            sequence=int(event["SEQUENCE"]),
            dtstart=event.decoded("DTSTART"),
            dtend=event.decoded("DTEND"),
            status=str(event["STATUS"]),
        )
        assert strict.uid == fact.uid
        assert strict.sequence == fact.sequence
        assert strict.dtstart == fact.dtstart
        assert strict.dtend == fact.dtend
        assert strict.status.value == fact.status
        assert fact.dtstart.tzinfo is not None
        assert fact.dtstart.utcoffset().total_seconds() == 0
        facts.append(fact)
    return facts


def the_event(parsed: ParsedCalendar):
    """The one VEVENT of an invite (fails if there are none or several)."""
    events = parsed.calendar.walk("VEVENT")
    assert len(events) == 1
    assert len(parsed.strict.events) == 1
    return events[0]


def at(year: int, month: int, day: int, hour: int = 15) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


def queued_invite(request, recipient) -> Notification:
    """The one invite email waiting for `recipient` (older ones were superseded)."""
    return Notification.objects.get(
        request=request,
        recipient=recipient,
        kind__in=list(INVITE_KINDS),
        status=NotificationStatus.QUEUED,
    )


def invite_as_sent(request, recipient, *, now: datetime) -> tuple[str, ParsedCalendar]:
    """What delivery would attach to the waiting invite email: (the part's method, the file)."""
    composition = compose(queued_invite(request, recipient), now=now)
    assert composition.invite is not None
    return composition.invite.method, read_calendar(composition.invite.content)
