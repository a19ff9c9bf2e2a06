"""Times in emails and their invites across a daylight-saving change.

Sophie Student is in New York, Maria Mentor in Berlin. The United States moves
its clocks on 8 March 2026, Europe on 29 March: a meeting at 15:00 UTC is
10:00 EST / 16:00 CET on 6 March and 11:00 EDT / 16:00 CET on 16 March. The
invite always carries the instant itself, in UTC.
"""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from interviews.domain import meetings as meeting_rules
from interviews.enums import NotificationKind as K
from tests import builders
from tests.notifications.emails_support import check_envelope, deliver_to

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MARCH_6 = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
MARCH_16 = datetime(2026, 3, 16, 15, 0, tzinfo=UTC)


def dtstart_of(ics: bytes) -> tuple[list[bytes], datetime]:
    """The raw DTSTART line(s) and the start icalendar reads."""
    unfolded = ics.replace(b"\r\n ", b"").split(b"\r\n")
    raw = [line for line in unfolded if line.startswith(b"DTSTART")]
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    return raw, event.decoded("DTSTART")


@pytest.mark.parametrize(
    ("starts_at", "for_student", "for_mentor", "dtstart"),
    [
        (
            MARCH_6,
            ("Fri 6 Mar 2026, 10:00 EST", "16:00 CET"),
            ("Fri 6 Mar 2026, 16:00 CET", "10:00 EST"),
            b"DTSTART:20260306T150000Z",
        ),
        (
            MARCH_16,
            ("Mon 16 Mar 2026, 11:00 EDT", "16:00 CET"),
            ("Mon 16 Mar 2026, 16:00 CET", "11:00 EDT"),
            b"DTSTART:20260316T150000Z",
        ),
    ],
)
def test_confirmation_shows_both_local_times_and_the_invite_starts_at_15_utc(
    student, mentor, starts_at, for_student, for_mentor, dtstart
):
    request = builders.confirm(
        student, mentor, now=NOW, starts=[starts_at, starts_at.replace(day=starts_at.day + 1)]
    )
    assert request.meeting.starts_at == starts_at

    to_student = deliver_to(student, K.MEETING_CONFIRMED, now=NOW)
    to_mentor = deliver_to(mentor, K.MEETING_CONFIRMED, now=NOW)

    for received, recipient, other, (mine, theirs) in (
        (to_student, student, mentor, for_student),
        (to_mentor, mentor, student, for_mentor),
    ):
        ics = check_envelope(received, recipient=recipient, other=other)
        assert received.subject == (
            f"Confirmed: informational interview with {other.display_name}, {mine}"
        )
        assert received.lines[4] == f"  {mine} ({theirs} for {other.display_name})"
        when = received.html.find_all("p")[2]
        assert when.one("strong").text == mine
        assert when.one("span").text == f"{theirs} for {other.display_name}"
        assert dtstart_of(ics) == ([dtstart], starts_at)
    assert to_student.lines[9] == (
        "Times are in your time zone, America/New_York, followed by Maria Mentor's (Europe/Berlin)."
    )
    assert to_mentor.lines[9] == (
        "Times are in your time zone, Europe/Berlin, followed by Sophie Student's "
        "(America/New_York)."
    )


def test_meeting_moved_across_the_change_keeps_berlin_time_and_moves_new_york_time(student, mentor):
    request = builders.confirm(student, mentor, now=NOW, starts=[MARCH_6, MARCH_6.replace(day=7)])
    builders.propose_reschedule(request, by=student, now=NOW, starts=[MARCH_16])
    request.refresh_from_db()
    meeting_rules.accept_reschedule(
        request_id=request.pk,
        user=mentor,
        slot_id=request.slots.get(round=request.current_round).pk,
        expected_version=request.version,
        now=NOW,
    )

    to_student = deliver_to(student, K.MEETING_RESCHEDULED, now=NOW)
    to_mentor = deliver_to(mentor, K.MEETING_RESCHEDULED, now=NOW)

    assert to_student.lines[4] == "  Mon 16 Mar 2026, 11:00 EDT (16:00 CET for Maria Mentor)"
    assert to_mentor.lines[4] == "  Mon 16 Mar 2026, 16:00 CET (11:00 EDT for Sophie Student)"
    for received, recipient, other in ((to_student, student, mentor), (to_mentor, mentor, student)):
        ics = check_envelope(received, recipient=recipient, other=other)
        assert dtstart_of(ics) == ([b"DTSTART:20260316T150000Z"], MARCH_16)
