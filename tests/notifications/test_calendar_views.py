"""Calendar files on the site: the meeting page's copies, the .ics download, the feed.

"Now" is frozen on Monday 2 March 2026, 12:00 UTC; a meeting confirmed now is
on Thursday 5 March, 15:00 UTC. Sophie Student lives in New York, Maria
Mentor in Berlin.
"""

import zoneinfo
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from interviews.domain import moderation
from interviews.domain.preferences import feed_of
from interviews.enums import RequestStatus
from interviews.models import CalendarFeed, Meeting
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.notifications.ical_support import EventFacts, at, event_facts, method_of, read_calendar
from tests.views.support import main, page

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TITLE = "Informational interview: Sophie Student and Maria Mentor"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
COPIES_NOTE = (
    "These are copies that will not follow changes. The invitation we email you, "
    "and your calendar feed, stay up to date."
)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def confirmed(student, mentor):
    return builders.confirm(student, mentor, now=NOW)


def description_of(request) -> str:
    return (
        "Video call, 30 minutes.\n"
        "Where: https://meet.example.com/mentor-room\n"
        "\n"
        "To reschedule or cancel, use the meeting page (replies to this invitation are "
        f"not read): {settings.SITE_URL}/requests/{request.pk}/"
    )


def facts_of(request, *, status: str = "CONFIRMED") -> EventFacts:
    meeting = Meeting.objects.get(request=request)
    return EventFacts(
        uid=f"meeting-{meeting.calendar_uid}@testserver",
        sequence=meeting.sequence,
        dtstart=meeting.starts_at,
        dtend=meeting.ends_at,
        status=status,
    )


def calendar_links(response) -> dict[str, str]:
    """The calendar links of the meeting page: their label → href."""
    labels = ("Download .ics", "Add to Google Calendar", "Add to Outlook.com")
    return {a.text: a.attrs["href"] for a in main(response).find_all("a") if a.text in labels}


def query_of(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(
        parts.query, strict_parsing=True
    )


def feed_url_on(response) -> str:
    return page(response).by_id("feed-url").attrs["value"]


def feed_path(user) -> str:
    return reverse("calendar_feed", args=[feed_of(user).token])


# --- The meeting page ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_meeting_page_offers_calendar_copies_to_both_participants(confirmed, client_for, who):
    person = confirmed.student if who == "student" else confirmed.mentor

    response = client_for(person).get(reverse("request_detail", args=[confirmed.pk]))

    links = calendar_links(response)
    assert list(links) == ["Download .ics", "Add to Google Calendar", "Add to Outlook.com"]
    assert links["Download .ics"] == reverse("meeting_ics", args=[confirmed.pk])
    note = main(response).one("p", class_="small")
    assert note.text == COPIES_NOTE
    assert note.one("a").attrs["href"] == reverse("email_settings")


def test_meeting_page_offers_advisors_no_calendar_copies(confirmed, client_for):
    response = client_for(AdvisorFactory()).get(reverse("request_detail", args=[confirmed.pk]))

    assert response.status_code == 200
    assert calendar_links(response) == {}


def test_meeting_page_offers_no_calendar_copies_before_a_time_is_agreed(
    student, mentor, client_for
):
    pending = builders.send(student, mentor, now=NOW)

    response = client_for(student).get(reverse("request_detail", args=[pending.pk]))

    assert response.status_code == 200
    assert calendar_links(response) == {}


def test_meeting_page_offers_no_calendar_copies_of_a_cancelled_meeting(confirmed, client_for):
    cancelled = builders.cancel(confirmed, by=confirmed.mentor, now=NOW)

    response = client_for(cancelled.student).get(reverse("request_detail", args=[cancelled.pk]))

    assert response.status_code == 200
    assert calendar_links(response) == {}


def test_google_link_carries_the_exact_title_utc_times_and_details(confirmed, client_for):
    response = client_for(confirmed.student).get(reverse("request_detail", args=[confirmed.pk]))

    base, query = query_of(calendar_links(response)["Add to Google Calendar"])
    assert base == "https://calendar.google.com/calendar/render"
    assert query == {
        "action": ["TEMPLATE"],
        "text": [TITLE],
        "dates": ["20260305T150000Z/20260305T153000Z"],
        "details": [description_of(confirmed)],
        "location": ["https://meet.example.com/mentor-room"],
    }


def test_outlook_link_carries_the_exact_title_utc_times_and_details(confirmed, client_for):
    response = client_for(confirmed.mentor).get(reverse("request_detail", args=[confirmed.pk]))

    base, query = query_of(calendar_links(response)["Add to Outlook.com"])
    assert base == "https://outlook.live.com/calendar/0/deeplink/compose"
    assert query == {
        "path": ["/calendar/action/compose"],
        "rru": ["addevent"],
        "subject": [TITLE],
        "startdt": ["2026-03-05T15:00:00Z"],
        "enddt": ["2026-03-05T15:30:00Z"],
        "body": [description_of(confirmed)],
        "location": ["https://meet.example.com/mentor-room"],
    }


# --- The .ics download -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_ics_download_is_a_publish_copy_of_the_meeting(confirmed, client_for, who):
    person = confirmed.student if who == "student" else confirmed.mentor

    response = client_for(person).get(reverse("meeting_ics", args=[confirmed.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="meeting.ics"'
    calendar = read_calendar(response.content)
    assert method_of(calendar) == "PUBLISH"
    assert event_facts(calendar) == [facts_of(confirmed)]
    assert calendar.values("SUMMARY") == [TITLE]
    # A PUBLISH copy names no attendees (RFC 5546 3.2.1); the summary names both.
    assert calendar.values("ATTENDEE") == []


def test_ics_download_of_a_cancelled_meeting_says_cancelled(confirmed, client_for):
    cancelled = builders.cancel(confirmed, by=confirmed.student, now=NOW)

    response = client_for(cancelled.student).get(reverse("meeting_ics", args=[cancelled.pk]))

    calendar = read_calendar(response.content)
    assert method_of(calendar) == "PUBLISH"
    assert event_facts(calendar) == [facts_of(cancelled, status="CANCELLED")]


@pytest.mark.parametrize("who", ["other_student", "other_mentor", "advisor"])
def test_ics_download_is_not_found_for_anyone_but_the_participants(confirmed, client_for, who):
    outsider = {
        "other_student": StudentFactory,
        "other_mentor": MentorFactory,
        "advisor": AdvisorFactory,
    }[who]()

    response = client_for(outsider).get(reverse("meeting_ics", args=[confirmed.pk]))

    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"
    assert b"BEGIN:VCALENDAR" not in response.content


def test_ics_download_asks_anonymous_visitors_to_sign_in(confirmed, client):
    path = reverse("meeting_ics", args=[confirmed.pk])

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path}"


def test_ics_download_is_not_found_before_a_time_is_agreed(student, mentor, client_for):
    pending = builders.send(student, mentor, now=NOW)

    response = client_for(student).get(reverse("meeting_ics", args=[pending.pk]))

    assert response.status_code == 404


# --- The private feed ---------------------------------------------------------------------


def test_feed_lists_the_persons_upcoming_and_recent_meetings_and_nothing_else(
    student, mentor, client
):
    """Recent: within FEED_HISTORY_DAYS; cancelled ones stay, marked cancelled."""
    recent = builders.confirm(student, MentorFactory(), now=NOW - timedelta(days=30))
    builders.confirm(student, MentorFactory(), now=NOW - timedelta(days=120))  # too old
    upcoming = builders.confirm(student, mentor, now=NOW)
    cancelled = builders.cancel(
        builders.confirm(
            student, MentorFactory(), now=NOW, starts=[at(2026, 3, 10), at(2026, 3, 11)]
        ),
        now=NOW,
    )
    builders.send(  # no meeting yet
        student, MentorFactory(), now=NOW, starts=[at(2026, 3, 20), at(2026, 3, 21)]
    )
    builders.confirm(StudentFactory(), mentor, now=NOW, starts=[at(2026, 3, 12), at(2026, 3, 13)])

    response = client.get(feed_path(student))

    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    assert response["Cache-Control"] == "private, max-age=300"
    calendar = read_calendar(response.content)
    assert method_of(calendar) == "PUBLISH"
    assert calendar.values("X-WR-CALNAME") == ["CareerConnect meetings"]
    # Subscribing apps are asked to look again hourly.
    assert calendar.values("REFRESH-INTERVAL") == ["PT1H"]
    assert calendar.values("X-PUBLISHED-TTL") == ["PT1H"]
    assert event_facts(calendar) == [
        facts_of(recent),
        facts_of(upcoming),
        facts_of(cancelled, status="CANCELLED"),
    ]


def test_feed_of_the_mentor_lists_the_mentors_meetings(confirmed, client):
    other = builders.confirm(
        StudentFactory(), confirmed.mentor, now=NOW, starts=[at(2026, 3, 12), at(2026, 3, 13)]
    )
    builders.confirm(StudentFactory(), MentorFactory(), now=NOW)

    calendar = read_calendar(client.get(feed_path(confirmed.mentor)).content)

    assert event_facts(calendar) == [facts_of(confirmed), facts_of(other)]


def test_feed_follows_a_reschedule_with_the_same_uid_and_a_higher_sequence(confirmed, client):
    path = feed_path(confirmed.student)
    [before] = event_facts(read_calendar(client.get(path).content))
    moved = builders.propose_reschedule(
        confirmed, by=confirmed.student, now=NOW, starts=[at(2026, 3, 9)]
    )
    from interviews.domain.meetings import accept_reschedule

    accept_reschedule(
        request_id=moved.pk,
        user=moved.mentor,
        slot_id=builders.first_slot(moved).pk,
        expected_version=moved.version,
        now=NOW,
    )

    [after] = event_facts(read_calendar(client.get(path).content))

    assert after.uid == before.uid
    assert after.sequence > before.sequence
    assert after.dtstart == at(2026, 3, 9)


def test_feed_with_an_unknown_token_is_not_found(confirmed, client):
    feed_of(confirmed.student)

    response = client.get(reverse("calendar_feed", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"


def test_feed_of_a_deactivated_account_is_not_found(confirmed, client):
    path = feed_path(confirmed.student)
    confirmed.student.is_active = False
    confirmed.student.save(update_fields=["is_active"])

    assert client.get(path).status_code == 404


def test_feed_of_a_suspended_account_is_not_found_until_the_suspension_is_lifted(
    confirmed, client, advisor
):
    path = feed_path(confirmed.student)
    assert client.get(path).status_code == 200

    moderation.suspend_user(
        user_id=confirmed.student.pk, advisor=advisor, reason="Harassment.", now=NOW
    )
    suspended = client.get(path)
    moderation.lift_suspension(
        user_id=confirmed.student.pk, advisor=advisor, reason="Cleared.", now=NOW
    )

    assert suspended.status_code == 404
    assert suspended.templates[0].name == "errors/404.html"
    assert client.get(path).status_code == 200


def test_settings_page_shows_the_feed_address(student, client_for):
    response = client_for(student).get(reverse("email_settings"))

    token = CalendarFeed.objects.get(user=student).token
    assert feed_url_on(response) == f"{settings.SITE_URL}/calendar/{token}.ics"


def test_renewing_the_feed_retires_the_old_address_and_shows_the_new_one(
    confirmed, client_for, client
):
    browser = client_for(confirmed.student)
    old_url = feed_url_on(browser.get(reverse("email_settings")))
    old_path = urlsplit(old_url).path
    assert client.get(old_path).status_code == 200

    response = browser.post(reverse("renew_feed"))

    assert response.status_code == 302
    assert response["Location"] == reverse("email_settings")
    new_url = feed_url_on(browser.get(reverse("email_settings")))
    assert new_url != old_url
    assert client.get(old_path).status_code == 404
    fresh = client.get(urlsplit(new_url).path)
    assert fresh.status_code == 200
    assert event_facts(read_calendar(fresh.content)) == [facts_of(confirmed)]


def test_renewing_ones_feed_leaves_other_peoples_feeds_alone(confirmed, client_for, client):
    mentor_path = feed_path(confirmed.mentor)

    client_for(confirmed.student).post(reverse("renew_feed"))

    assert client.get(mentor_path).status_code == 200


def test_renewing_the_feed_needs_a_post(student, client_for):
    response = client_for(student).get(reverse("renew_feed"))

    assert response.status_code == 405
    assert response["Allow"] == "POST"


# --- Daylight saving in the feed and on the page ----------------------------------------------


@pytest.mark.parametrize(
    ("starts", "student_sees", "mentor_sees"),
    [
        (
            at(2026, 3, 6),
            "Fri 6 Mar 2026, 10:00 EST (16:00 CET for Maria Mentor)",
            "Fri 6 Mar 2026, 16:00 CET (10:00 EST for Sophie Student)",
        ),
        (
            at(2026, 3, 16),
            "Mon 16 Mar 2026, 11:00 EDT (16:00 CET for Maria Mentor)",
            "Mon 16 Mar 2026, 16:00 CET (11:00 EDT for Sophie Student)",
        ),
    ],
    ids=["before-us-dst", "after-us-dst"],
)
def test_meeting_at_15_utc_shows_each_sides_wall_clock_on_the_page_and_in_the_feed(
    student, mentor, client, client_for, starts, student_sees, mentor_sees
):
    request = builders.confirm(
        student, mentor, now=NOW, starts=[starts, starts + timedelta(days=1)]
    )
    assert request.status == RequestStatus.CONFIRMED

    for person, expected in ((student, student_sees), (mentor, mentor_sees)):
        response = client_for(person).get(reverse("request_detail", args=[request.pk]))
        # The meeting's card (the page's panels follow it once the meeting is over).
        card = main(response).one("section", **{"aria-labelledby": "meeting-heading"})
        assert card.one("p", class_="fs-5").text == expected
        calendar = read_calendar(client.get(feed_path(person)).content)
        [event] = event_facts(calendar)
        assert calendar.values("DTSTART") == [f"{starts:%Y%m%d}T150000Z"]
        clock = event.dtstart.astimezone(zoneinfo.ZoneInfo(person.time_zone))
        assert f"{clock:%H:%M %Z}" == expected.split(", ")[1].split(" (")[0]
