"""Calendar invites (iTIP, RFC 5545/5546) as the emails carry them.

Requests and meetings are made through the domain (tests/builders.py); each
invite is the one delivery would attach (interviews.domain.email_content
.compose) and is read by icalendar and by the strict `ical` parser, which
must agree. Sophie Student lives in New York, Maria Mentor in Berlin; "now"
is Monday 2 March 2026.
"""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.conf import settings

from interviews.domain import ical
from interviews.domain import meetings as meeting_rules
from interviews.domain.email_content import compose
from interviews.enums import MeetingFormat, NotificationKind
from interviews.models import Meeting, MentorProfile
from tests import builders
from tests.notifications.ical_support import (
    EventFacts,
    at,
    event_facts,
    invite_as_sent,
    method_of,
    queued_invite,
    read_calendar,
    the_event,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
INJECTION = "\r\nATTENDEE:mailto:evil@x"
EVENT_PROPERTIES = [
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DTSTAMP",
    "UID",
    "SEQUENCE",
    "ATTENDEE",
    "DESCRIPTION",
    "LOCATION",
    "ORGANIZER",
    "STATUS",
    "TRANSP",
    "URL",
]
CALENDAR_LINES = ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN"]


def reschedule(request, *, now: datetime, to: datetime):
    """The student proposes `to`, the mentor accepts it: the meeting moves."""
    request = builders.propose_reschedule(request, by=request.student, now=now, starts=[to])
    meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=request.mentor,
        slot_id=builders.first_slot(request).pk,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


def change_details(request, *, now: datetime, **details):
    values = {"location": "", "video_link": "", "phone": ""} | details
    meeting_rules.update_meeting_details(
        request_id=request.pk,
        mentor=request.mentor,
        expected_version=request.version,
        now=now,
        **values,
    )
    request.refresh_from_db()
    return request


def meeting_page(pk: int) -> str:
    return f"{settings.SITE_URL}/requests/{pk}/"


def event_facts_of(meeting: Meeting, *, status: str) -> EventFacts:
    return EventFacts(
        uid=f"meeting-{meeting.calendar_uid}@testserver",
        sequence=meeting.sequence,
        dtstart=meeting.starts_at,
        dtend=meeting.ends_at,
        status=status,
    )


@pytest.fixture
def confirmed(student, mentor):
    return builders.confirm(student, mentor, now=NOW)


# --- One invite, read twice --------------------------------------------------------


def test_confirmation_invite_is_a_request_that_both_parsers_read_alike(confirmed):
    part_method, invite = invite_as_sent(confirmed, confirmed.student, now=NOW)

    meeting = Meeting.objects.get(request=confirmed)
    assert part_method == "REQUEST"
    assert method_of(invite) == "REQUEST"
    assert event_facts(invite) == [
        event_facts_of(meeting, status="CONFIRMED"),
    ]


def test_both_people_receive_the_same_invite(confirmed):
    _method, to_student = invite_as_sent(confirmed, confirmed.student, now=NOW)
    _method, to_mentor = invite_as_sent(confirmed, confirmed.mentor, now=NOW)

    assert to_student.text == to_mentor.text


def test_invite_is_one_event_with_a_stamp_and_utc_times(confirmed):
    _method, invite = invite_as_sent(confirmed, confirmed.mentor, now=NOW)

    assert invite.property_names[:6] == CALENDAR_LINES
    assert invite.values("BEGIN") == ["VCALENDAR", "VEVENT"]
    assert invite.values("END") == ["VEVENT", "VCALENDAR"]
    assert invite.values("PRODID") == [ical.PRODID]
    assert invite.values("VERSION") == ["2.0"]
    assert invite.values("DTSTAMP") == ["20260302T120000Z"]
    assert invite.values("DTSTART") == ["20260305T150000Z"]
    assert invite.values("DTEND") == ["20260305T153000Z"]
    assert the_event(invite).decoded("DTSTAMP") == NOW
    assert invite.strict.events[0].dtstamp == NOW


def test_invite_summary_names_both_people(confirmed):
    _method, invite = invite_as_sent(confirmed, confirmed.student, now=NOW)

    summary = "Informational interview: Sophie Student and Maria Mentor"
    assert str(the_event(invite)["SUMMARY"]) == summary
    assert invite.strict.events[0].summary == summary


def test_invite_description_gives_format_place_and_the_meeting_page(confirmed):
    _method, invite = invite_as_sent(confirmed, confirmed.student, now=NOW)

    description = (
        "Video call, 30 minutes.\n"
        "Where: https://meet.example.com/mentor-room\n"
        "\n"
        "To reschedule or cancel, use the meeting page (replies to this invitation are "
        f"not read): {meeting_page(confirmed.pk)}"
    )
    assert str(the_event(invite)["DESCRIPTION"]) == description
    assert invite.strict.events[0].description == description
    assert str(the_event(invite)["URL"]) == meeting_page(confirmed.pk)


@pytest.mark.parametrize(
    ("meeting_format", "location"),
    [
        (MeetingFormat.VIDEO, "https://meet.example.com/mentor-room"),
        (MeetingFormat.PHONE, "Phone: +49 30 1234567"),
        (MeetingFormat.IN_PERSON, "Café Central, Berlin"),
    ],
)
def test_invite_location_is_where_the_meeting_happens(student, mentor, meeting_format, location):
    MentorProfile.objects.filter(user=mentor).update(offers_in_person=True)
    request = builders.confirm(student, mentor, now=NOW, format=meeting_format)

    _method, invite = invite_as_sent(request, student, now=NOW)

    assert str(the_event(invite)["LOCATION"]) == location
    assert invite.strict.events[0].location == location
    assert str(the_event(invite)["DESCRIPTION"]).splitlines()[1] == f"Where: {location}"


def test_organizer_is_the_service_mailbox_and_never_an_attendee(confirmed):
    _method, invite = invite_as_sent(confirmed, confirmed.student, now=NOW)

    organizer = f"mailto:{settings.CALENDAR_ORGANIZER_EMAIL}"
    event = the_event(invite)
    assert str(event["ORGANIZER"]) == organizer
    assert invite.strict.events[0].organizer.uri == organizer
    attendees = [str(address) for address in event["ATTENDEE"]]
    assert organizer not in attendees
    assert settings.CALENDAR_ORGANIZER_EMAIL not in (
        confirmed.student.email,
        confirmed.mentor.email,
    )


def test_student_and_mentor_attend_having_accepted_and_are_asked_for_no_reply(confirmed):
    _method, invite = invite_as_sent(confirmed, confirmed.mentor, now=NOW)

    student, mentor = confirmed.student, confirmed.mentor
    attendance = {
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "ACCEPTED",
        "RSVP": "FALSE",
    }
    assert [(str(a), dict(a.params)) for a in the_event(invite)["ATTENDEE"]] == [
        (f"mailto:{student.email}", {"CN": "Sophie Student", **attendance}),
        (f"mailto:{mentor.email}", {"CN": "Maria Mentor", **attendance}),
    ]
    assert [
        (a.uri, a.common_name, a.role, a.status, a.rsvp) for a in invite.strict.events[0].attendees
    ] == [
        (f"mailto:{student.email}", "Sophie Student", "REQ-PARTICIPANT", "ACCEPTED", False),
        (f"mailto:{mentor.email}", "Maria Mentor", "REQ-PARTICIPANT", "ACCEPTED", False),
    ]


def test_a_name_with_quotes_stays_one_common_name_that_every_client_can_read(student, mentor):
    student.last_name = 'O"Brien'
    student.save(update_fields=["last_name"])
    request = builders.confirm(student, mentor, now=NOW)

    _method, invite = invite_as_sent(request, mentor, now=NOW)

    # RFC 5545 parameter values cannot hold a double quote, and few clients
    # read RFC 6868's ^' escape: the quote becomes an apostrophe.
    names = [a.params["CN"] for a in the_event(invite)["ATTENDEE"]]
    assert names == ["Sophie O'Brien", "Maria Mentor"]
    assert [a.common_name for a in invite.strict.events[0].attendees] == names


# --- Changes: the same event, a higher sequence -----------------------------------


def test_reschedule_sends_a_request_for_the_same_event_with_a_higher_sequence(confirmed):
    _method, first = invite_as_sent(confirmed, confirmed.student, now=NOW)
    later = NOW + timedelta(hours=1)

    moved = reschedule(confirmed, now=later, to=at(2026, 3, 9))
    part_method, second = invite_as_sent(moved, moved.student, now=later)

    before, after = event_facts(first)[0], event_facts(second)[0]
    assert part_method == "REQUEST"
    assert method_of(second) == "REQUEST"
    assert after.uid == before.uid
    assert after.sequence > before.sequence
    assert (after.dtstart, after.dtend) == (at(2026, 3, 9), at(2026, 3, 9) + timedelta(minutes=30))
    assert queued_invite(moved, moved.student).kind == NotificationKind.MEETING_RESCHEDULED


def test_details_change_sends_a_request_with_a_higher_sequence_and_the_new_place(confirmed):
    _method, first = invite_as_sent(confirmed, confirmed.mentor, now=NOW)
    later = NOW + timedelta(hours=1)

    changed = change_details(confirmed, now=later, video_link="https://meet.example.com/new-room")
    part_method, second = invite_as_sent(changed, changed.mentor, now=later)

    before, after = event_facts(first)[0], event_facts(second)[0]
    assert part_method == "REQUEST"
    assert method_of(second) == "REQUEST"
    assert after.uid == before.uid
    assert after.sequence > before.sequence
    assert after.dtstart == before.dtstart
    assert str(the_event(second)["LOCATION"]) == "https://meet.example.com/new-room"
    assert queued_invite(changed, changed.mentor).kind == NotificationKind.MEETING_DETAILS_CHANGED


def test_cancel_sends_a_cancel_with_status_cancelled_for_the_same_event(confirmed):
    _method, first = invite_as_sent(confirmed, confirmed.student, now=NOW)
    later = NOW + timedelta(hours=1)

    cancelled = builders.cancel(confirmed, by=confirmed.mentor, now=later)
    part_method, second = invite_as_sent(cancelled, cancelled.student, now=later)

    before, after = event_facts(first)[0], event_facts(second)[0]
    assert part_method == "CANCEL"
    assert method_of(second) == "CANCEL"
    assert after.status == "CANCELLED"
    assert second.values("STATUS") == ["CANCELLED"]
    assert after.uid == before.uid
    assert after.sequence > before.sequence
    assert after.dtstart == before.dtstart


def test_lifecycle_keeps_one_uid_with_a_growing_sequence_and_ends_with_a_cancel(confirmed):
    sent = {"student": [], "mentor": []}

    def deliver_invites(request, when):
        for role in sent:
            person = request.student if role == "student" else request.mentor
            part_method, invite = invite_as_sent(request, person, now=when)
            assert part_method == method_of(invite)
            sent[role].append((method_of(invite), event_facts(invite)[0]))

    deliver_invites(confirmed, NOW)
    request = confirmed
    for day, hours in ((9, 1), (16, 2)):
        when = NOW + timedelta(hours=hours)
        request = reschedule(request, now=when, to=at(2026, 3, day))
        deliver_invites(request, when)
    when = NOW + timedelta(hours=3)
    request = builders.cancel(request, by=request.student, now=when)
    deliver_invites(request, when)

    for role, invites in sent.items():
        methods = [method for method, _facts in invites]
        facts = [fact for _method, fact in invites]
        sequences = [fact.sequence for fact in facts]
        assert methods == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"], role
        assert len({fact.uid for fact in facts}) == 1, role
        assert all(a < b for a, b in pairwise(sequences)), sequences
        assert [fact.dtstart for fact in facts] == [
            at(2026, 3, 5),
            at(2026, 3, 9),
            at(2026, 3, 16),
            at(2026, 3, 16),
        ]
        assert [fact.status for fact in facts] == [
            "CONFIRMED",
            "CONFIRMED",
            "CONFIRMED",
            "CANCELLED",
        ]
    assert sent["student"] == sent["mentor"]


# --- User-written text never becomes a property ----------------------------------


def _evil_student_name(student, mentor):
    student.last_name = "Student" + INJECTION
    student.save(update_fields=["last_name"])
    return builders.confirm(student, mentor, now=NOW)


def _evil_mentor_name(student, mentor):
    mentor.first_name = "Maria" + INJECTION
    mentor.save(update_fields=["first_name"])
    return builders.confirm(student, mentor, now=NOW)


def _evil_place(student, mentor):
    MentorProfile.objects.filter(user=mentor).update(
        offers_in_person=True, default_meeting_place="Café Central" + INJECTION
    )
    return builders.confirm(student, mentor, now=NOW, format=MeetingFormat.IN_PERSON)


def _evil_video_link(student, mentor):
    request = builders.confirm(student, mentor, now=NOW)
    return change_details(request, now=NOW, video_link="https://meet.example.com/r" + INJECTION)


def _evil_phone(student, mentor):
    request = builders.confirm(student, mentor, now=NOW, format=MeetingFormat.PHONE)
    return change_details(request, now=NOW, phone="+1 555 0100" + INJECTION)


@pytest.mark.parametrize(
    "make",
    [_evil_student_name, _evil_mentor_name, _evil_place, _evil_video_link, _evil_phone],
    ids=["student-name", "mentor-name", "place", "video-link", "phone"],
)
def test_text_with_a_line_break_and_attendee_adds_no_attendee_and_no_property(
    student, mentor, make
):
    request = make(student, mentor)

    _method, invite = invite_as_sent(request, student, now=NOW)

    event = the_event(invite)
    assert [str(a) for a in event["ATTENDEE"]] == [
        f"mailto:{student.email}",
        f"mailto:{mentor.email}",
    ]
    assert [a.uri for a in invite.strict.events[0].attendees] == [
        f"mailto:{student.email}",
        f"mailto:{mentor.email}",
    ]
    assert len(invite.values("ATTENDEE")) == 2
    assert sorted(event.keys()) == sorted(EVENT_PROPERTIES)
    assert invite.property_names == [
        *CALENDAR_LINES,
        *EVENT_PROPERTIES[:6],
        "ATTENDEE",
        *EVENT_PROPERTIES[6:],
        "END",
        "END",
    ]
    assert invite.strict.events[0].extras == []
    # The words survive as text, on the line of the value they belong to.
    assert "ATTENDEE:mailto:evil@x" in invite.text.replace("\r\n ", "")
    assert not any(line.startswith("ATTENDEE:") for line in invite.lines)


def test_cancel_invite_of_a_meeting_with_injected_text_still_has_two_attendees(student, mentor):
    request = _evil_mentor_name(student, mentor)
    request = builders.cancel(request, by=student, now=NOW + timedelta(hours=1))

    _method, invite = invite_as_sent(request, mentor, now=NOW + timedelta(hours=1))

    assert method_of(invite) == "CANCEL"
    assert len(invite.values("ATTENDEE")) == 2
    assert len(invite.strict.events[0].attendees) == 2


# --- Daylight saving: 15:00 UTC stays 15:00 UTC -------------------------------------


@pytest.mark.parametrize(
    ("starts", "student_local", "mentor_local", "raw"),
    [
        (at(2026, 3, 6), "Fri 6 Mar 2026, 10:00 EST", "Fri 6 Mar 2026, 16:00 CET", "20260306"),
        (at(2026, 3, 16), "Mon 16 Mar 2026, 11:00 EDT", "Mon 16 Mar 2026, 16:00 CET", "20260316"),
    ],
    ids=["before-us-dst", "after-us-dst"],
)
def test_meeting_at_15_utc_keeps_dtstart_15z_and_each_zone_sees_its_own_clock(
    student, mentor, starts, student_local, mentor_local, raw
):
    request = builders.confirm(
        student, mentor, now=NOW, starts=[starts, starts + timedelta(days=1)]
    )

    notifications = {
        person: queued_invite(request, person) for person in (request.student, request.mentor)
    }
    for person, notification in notifications.items():
        composition = compose(notification, now=NOW)
        invite = read_calendar(composition.invite.content)
        assert invite.values("DTSTART") == [f"{raw}T150000Z"]
        assert event_facts(invite)[0].dtstart == starts
        own, other = (
            (student_local, mentor_local.split(", ")[1])
            if person == student
            else (mentor_local, student_local.split(", ")[1])
        )
        assert (composition.context["when"], composition.context["when_other"]) == (own, other)
