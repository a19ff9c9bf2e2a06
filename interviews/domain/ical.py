"""Calendar invites (iTIP, RFC 5545/5546) and personal feeds, in one place.

One UID per meeting for its whole life, a SEQUENCE that grows with every
change sent, times in UTC. The organizer is a service mailbox; both people
attend and have already accepted (they agreed in the app), so clients neither
ask them to reply nor send replies nobody would read.
"""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress

from ..enums import MeetingFormat, RequestStatus
from ..models import Meeting

PRODID = "-//CareerConnect//Informational interviews//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
# Every control character but none of the printable ones: user-written text
# can never start a new line, and so never a new property or parameter.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean_text(value: str) -> str:
    return _CONTROL.sub(" ", value or "").strip()


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "careerconnect"
    return f"meeting-{meeting.calendar_uid}@{host}"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("request_detail", args=[meeting.request_id])


def meeting_summary(meeting: Meeting) -> str:
    request = meeting.request
    return clean_text(
        f"Informational interview: {request.student.display_name} and {request.mentor.display_name}"
    )


def meeting_location(meeting: Meeting) -> str:
    if meeting.format == MeetingFormat.VIDEO:
        return clean_text(meeting.video_link)
    if meeting.format == MeetingFormat.IN_PERSON:
        return clean_text(meeting.location)
    return clean_text(f"Phone: {meeting.phone}") if meeting.phone else "Phone call"


def meeting_description(meeting: Meeting) -> str:
    """Format, where to meet, and where to change or cancel (replies are not read)."""
    where = meeting_location(meeting) or "to be added by the mentor"
    lines = [
        f"{meeting.get_format_display()}, {meeting.request.duration_minutes} minutes.",
        f"Where: {where}",
        "",
        "To reschedule or cancel, use the meeting page (replies to this invitation "
        f"are not read): {meeting_url(meeting)}",
    ]
    # Our own newlines stay (icalendar escapes them as \n); user text was cleaned.
    return "\n".join(lines)


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{clean_text(email)}")
    # A parameter value cannot hold a double quote (RFC 5545), and few clients
    # read RFC 6868's ^' escape for one: an apostrophe reads the same.
    address.params["CN"] = clean_text(name).replace('"', "'")
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = value
    return address


def meeting_event(
    meeting: Meeting, *, cancelled: bool, now: datetime, scheduling: bool = True
) -> Event:
    """One VEVENT. With scheduling (iTIP REQUEST/CANCEL) it names the attendees;
    a PUBLISH copy may not (RFC 5546, section 3.2.1)."""
    request = meeting.request
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting_summary(meeting))
    event.add("description", meeting_description(meeting))
    location = meeting_location(meeting)
    if location:
        event.add("location", location)
    event.add("url", meeting_url(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(settings.CALENDAR_ORGANIZER_EMAIL, "CareerConnect"))
    for person in (request.student, request.mentor) if scheduling else ():
        event.add(
            "attendee",
            _address(
                person.email,
                person.display_name,
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="ACCEPTED",
                rsvp="FALSE",
            ),
        )
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def meeting_invite(meeting: Meeting, *, method: str, now: datetime) -> bytes:
    """The invite for an email: REQUEST for a new or changed meeting, CANCEL to remove it."""
    calendar = _calendar(method)
    calendar.add_component(meeting_event(meeting, cancelled=method == CANCEL, now=now))
    return calendar.to_ical()


def meeting_download(meeting: Meeting, *, now: datetime) -> bytes:
    """A one-off copy for the meeting page's download (PUBLISH: no scheduling)."""
    calendar = _calendar("PUBLISH")
    cancelled = meeting.request.status == RequestStatus.CANCELLED
    calendar.add_component(meeting_event(meeting, cancelled=cancelled, now=now, scheduling=False))
    return calendar.to_ical()


def feed(meetings, *, name: str, now: datetime) -> bytes:
    """A person's subscribed calendar: their meetings, cancelled ones marked so."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", clean_text(name))
    # Ask subscribing apps to look again every hour (RFC 7986, and Outlook's name).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        cancelled = meeting.request.status == RequestStatus.CANCELLED
        calendar.add_component(
            meeting_event(meeting, cancelled=cancelled, now=now, scheduling=False)
        )
    return calendar.to_ical()
