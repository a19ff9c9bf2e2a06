"""The whole path in a real browser, every page scanned with axe-core.

A student signs up, confirms their address, fills their profile, finds a
mentor in the directory and sends a request with three times; the mentor
proposes other times; the student picks one; both see the meeting in their
own time zone. Real time is used (nothing frozen): the times proposed are a
few days from now.
"""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from careerconnect.models import Role, User
from interviews.domain.directory import refresh_search_vector
from interviews.enums import RequestStatus
from interviews.models import InterviewRequest
from tests import builders
from tests.factories import PASSWORD, MentorFactory, StudentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(300),
    # live_server needs transactional_db, which empties every table after the
    # test; serialized_rollback puts back what the migrations seeded (majors,
    # industries, the program settings) before each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STUDENT_ZONE = "America/New_York"
MENTOR_ZONE = "Europe/Berlin"
STUDENT_EMAIL = "jordan.lee@example.edu"
STUDENT_PASSWORD = "Blue-harbor-lantern-42"
# Tab stops allowed between the main content and the button the keyboard test looks for.
MAX_TAB_STOPS = 15


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def local_input(moment: datetime, zone_name: str) -> str:
    """The value a person types into a datetime-local field, in their zone."""
    return moment.astimezone(zone(zone_name)).strftime("%Y-%m-%dT%H:%M")


def days_ahead_at(days: int, hour: int, minute: int, zone_name: str) -> datetime:
    """`days` from today, at hour:minute on the wall clock of `zone_name` (aware, UTC)."""
    today = datetime.now(zone(zone_name)).date()
    day = today + timedelta(days=days)
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def shown(moment: datetime, zone_name: str, *, with_date: bool = True) -> str:
    """ "Fri 6 Mar 2026, 10:00 EST": how the pages write a time (24-hour clock, zone)."""
    local = moment.astimezone(zone(zone_name))
    clock = f"{local:%H:%M} {local:%Z}"
    if not with_date:
        return clock
    return f"{local:%a} {local.day} {local:%b %Y}, {clock}"


def shown_for_both(moment: datetime, viewer_zone: str, other_zone: str, other_name: str) -> str:
    """The viewer's time, then the other person's (their date only when it differs)."""
    same_day = moment.astimezone(zone(viewer_zone)).date() == (
        moment.astimezone(zone(other_zone)).date()
    )
    theirs = shown(moment, other_zone, with_date=not same_day)
    return f"{shown(moment, viewer_zone)} ({theirs} for {other_name})"


def offered(moment: datetime, viewer_zone: str, other_zone: str, other_name: str) -> str:
    """A time on offer with its button (whose hidden part repeats the time)."""
    return (
        f"{shown_for_both(moment, viewer_zone, other_zone, other_name)} "
        f"Accept this time: {shown(moment, viewer_zone)}"
    )


def confirmation_link(message) -> str:
    links = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert len(links) == 1, message.body
    return links[0]


def test_student_and_mentor_agree_on_a_time_and_see_it_in_their_own_zones(
    live_server, open_page, axe_audit
):
    mentor = MentorFactory(
        first_name="Greta",
        last_name="Hoffmann",
        email="greta.hoffmann@example.com",
        time_zone=MENTOR_ZONE,
    )
    # What saving the profile through the domain does (the factory writes rows).
    refresh_search_vector(mentor.mentor_profile)
    # Three times the student offers, days ahead in their own zone.
    student_times = [
        days_ahead_at(4, 10, 0, STUDENT_ZONE),
        days_ahead_at(5, 11, 30, STUDENT_ZONE),
        days_ahead_at(6, 9, 0, STUDENT_ZONE),
    ]
    # Two other times the mentor offers, in hers.
    mentor_times = [
        days_ahead_at(8, 16, 0, MENTOR_ZONE),
        days_ahead_at(9, 17, 30, MENTOR_ZONE),
    ]
    chosen = mentor_times[1]

    student_page = open_page(STUDENT_ZONE)
    page = student_page

    # Landing page → sign-up as a student.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Learn from people who walked the path"
    )
    axe_audit.scan(page, "landing")
    page.get_by_role("link", name="Sign up as a student").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    axe_audit.scan(page, "sign-up")
    expect(page.get_by_label("I'm a student looking for career conversations")).to_be_checked()
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Lee")
    page.get_by_label("Email").fill(STUDENT_EMAIL)
    page.get_by_label("Password", exact=True).fill(STUDENT_PASSWORD)
    page.get_by_label("Password (again)").fill(STUDENT_PASSWORD)
    page.get_by_label("Time zone").select_option(STUDENT_ZONE)
    page.get_by_role("button", name="Sign Up").click()

    # "Verify your email address", and the email with the link.
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    axe_audit.scan(page, "verification sent")
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([STUDENT_EMAIL], "[CareerConnect] Please Confirm Your Email Address")
    ]
    page.goto(confirmation_link(mail.outbox[0]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    axe_audit.scan(page, "confirm email")
    page.get_by_role("button", name="Confirm").click()

    # Onboarding: the profile.
    expect(page).to_have_url(live_server.url + "/onboarding/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about yourself")
    axe_audit.scan(page, "onboarding")
    expect(page.get_by_label("First name")).to_have_value("Jordan")
    expect(page.get_by_label("Time zone")).to_have_value(STUDENT_ZONE)
    page.get_by_label("Computer Science", exact=True).check()
    page.get_by_label("Class year").fill("2027")
    page.get_by_label("Technology", exact=True).check()
    page.get_by_label("About me").fill("Second-year student curious about software careers.")
    page.get_by_role("button", name="Save and continue").click()

    # Dashboard → the directory → search.
    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Jordan")
    axe_audit.scan(page, "student dashboard")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a mentor")
    axe_audit.scan(page, "directory")
    page.get_by_role("textbox", name="Search", exact=True).fill("Hoffmann")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 mentor", exact=True)).to_be_visible()
    axe_audit.scan(page, "directory search results")
    page.get_by_role("link", name="Greta Hoffmann").click()

    # The mentor's page → the request form.
    expect(page).to_have_url(f"{live_server.url}/mentors/{mentor.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Greta Hoffmann")
    axe_audit.scan(page, "mentor detail")
    page.get_by_role("link", name="Request an informational interview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Request a conversation with Greta Hoffmann"
    )
    axe_audit.scan(page, "request form")
    expect(page.get_by_label("About me", exact=True)).to_have_value(
        "My name is Jordan Lee. I study Computer Science and graduate in 2027."
    )
    page.get_by_label("The alumni directory").check()
    page.get_by_label("Your career path").check()
    page.get_by_label("Why I am reaching out to you").fill(
        "Your move from physics into software is the path I am considering."
    )
    page.get_by_label("Video call").check()
    # A slip first: the third time is yesterday. The form comes back with the
    # reason next to that field and everything typed kept.
    yesterday = days_ahead_at(-1, 10, 0, STUDENT_ZONE)
    for number, moment in enumerate([*student_times[:2], yesterday], start=1):
        page.get_by_label(f"Time option {number}").fill(local_input(moment, STUDENT_ZONE))
    page.get_by_role("button", name="Preview the request").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Please correct the highlighted fields below; nothing was sent."
    )
    third_time = page.get_by_label("Time option 3")
    expect(third_time).to_have_accessible_description("This time is in the past.")
    expect(third_time).to_have_value(local_input(yesterday, STUDENT_ZONE))
    expect(page.get_by_label("Why I am reaching out to you")).to_have_value(
        "Your move from physics into software is the path I am considering."
    )
    axe_audit.scan(page, "request form with an error")
    third_time.fill(local_input(student_times[2], STUDENT_ZONE))
    page.get_by_role("button", name="Preview the request").click()

    # The preview shows the times in both zones; send.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Preview: what Greta Hoffmann will read"
    )
    axe_audit.scan(page, "request preview")
    expect(page.get_by_role("article").get_by_role("listitem")).to_have_text(
        [
            shown_for_both(moment, STUDENT_ZONE, MENTOR_ZONE, "Greta Hoffmann")
            for moment in student_times
        ]
    )
    page.get_by_role("button", name="Send the request").click()

    interview_request = InterviewRequest.objects.get()
    request_url = f"{live_server.url}/requests/{interview_request.pk}/"
    expect(page).to_have_url(request_url)
    expect(page.get_by_role("status")).to_have_text(
        "Your request is on its way to Greta Hoffmann. You will hear back here and by email."
    )
    axe_audit.scan(page, "request page, student, pending")
    assert interview_request.status == RequestStatus.PENDING
    assert [
        slot.starts_at for slot in interview_request.slots.order_by("starts_at")
    ] == student_times

    # The mentor, in her own browser session, signs in and answers.
    mentor_page = open_page(MENTOR_ZONE)
    page = mentor_page
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    axe_audit.scan(page, "sign-in")
    page.get_by_label("Email").fill(mentor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")
    axe_audit.scan(page, "mentor dashboard")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    axe_audit.scan(page, "inbox")
    page.get_by_role("main").get_by_role("link", name="Jordan Lee").click()
    expect(page).to_have_url(request_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Request from Jordan Lee")
    axe_audit.scan(page, "request page, mentor, pending")
    expect(page.get_by_role("region", name="Times on offer").get_by_role("listitem")).to_have_text(
        [offered(moment, MENTOR_ZONE, STUDENT_ZONE, "Jordan Lee") for moment in student_times]
    )
    page.get_by_role("link", name="Propose other times").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose other times")
    axe_audit.scan(page, "propose times")
    for number, moment in enumerate(mentor_times, start=1):
        page.get_by_label(f"Time option {number}").fill(local_input(moment, MENTOR_ZONE))
    page.get_by_label("A note with the new times").fill(
        "Those days I travel; could one of these work?"
    )
    page.get_by_role("button", name="Send the new times").click()
    expect(page).to_have_url(request_url)
    expect(page.get_by_role("status")).to_have_text("Your new times are sent.")
    axe_audit.scan(page, "request page, mentor, counter-proposed")

    # The student picks the second of the mentor's times.
    page = student_page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My requests")
    axe_audit.scan(page, "my requests")
    page.get_by_role("main").get_by_role("link", name="Greta Hoffmann").click()
    expect(page).to_have_url(request_url)
    axe_audit.scan(page, "request page, student, counter-proposed")
    offer = page.get_by_role("region", name="Times on offer").get_by_role("listitem")
    expect(offer).to_have_text(
        [offered(moment, STUDENT_ZONE, MENTOR_ZONE, "Greta Hoffmann") for moment in mentor_times]
    )
    offer.nth(1).get_by_role("button", name=re.compile("^Accept this time")).click()
    expect(page.get_by_role("status")).to_have_text(
        "Confirmed. You both get a calendar invitation by email."
    )

    # Both see the confirmed meeting, each in their own zone.
    student_sees = shown_for_both(chosen, STUDENT_ZONE, MENTOR_ZONE, "Greta Hoffmann")
    meeting = page.get_by_role("region", name="The meeting")
    expect(meeting.locator("p").first).to_have_text(student_sees)
    expect(meeting.get_by_role("link", name="https://meet.example.com/mentor-room")).to_be_visible()
    axe_audit.scan(page, "request page, student, confirmed")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(
        page.get_by_role("region", name="Upcoming meetings").get_by_role("listitem")
    ).to_have_text([f"Greta Hoffmann {student_sees} Video call"])
    axe_audit.scan(page, "student dashboard, meeting upcoming")

    page = mentor_page
    page.reload()
    mentor_sees = shown_for_both(chosen, MENTOR_ZONE, STUDENT_ZONE, "Jordan Lee")
    meeting = page.get_by_role("region", name="The meeting")
    expect(meeting.locator("p").first).to_have_text(mentor_sees)
    axe_audit.scan(page, "request page, mentor, confirmed")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(
        page.get_by_role("region", name="Upcoming meetings").get_by_role("listitem")
    ).to_have_text([f"Jordan Lee {mentor_sees} Video call"])
    axe_audit.scan(page, "mentor dashboard, meeting upcoming")

    student = User.objects.get(email=STUDENT_EMAIL)
    assert (student.role, student.time_zone, student.get_full_name()) == (
        Role.STUDENT,
        STUDENT_ZONE,
        "Jordan Lee",
    )
    assert EmailAddress.objects.get(user=student).verified is True
    interview_request.refresh_from_db()
    assert (interview_request.student, interview_request.status) == (
        student,
        RequestStatus.CONFIRMED,
    )
    assert interview_request.meeting.starts_at == chosen
    assert axe_audit.violations == [], axe_audit.report()


def test_student_accepts_a_counter_proposed_time_with_the_keyboard_alone(
    live_server, open_page, axe_audit
):
    now = datetime.now(UTC)
    student = StudentFactory(first_name="Jordan", last_name="Lee", time_zone=STUDENT_ZONE)
    mentor = MentorFactory(first_name="Greta", last_name="Hoffmann", time_zone=MENTOR_ZONE)
    times_on_offer = [
        builders.at_15_utc(now + timedelta(days=10)),
        builders.at_15_utc(now + timedelta(days=11)),
    ]
    interview_request = builders.counter(
        builders.send(student, mentor, now=now), now=now, starts=times_on_offer
    )

    page = open_page(STUDENT_ZONE)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")
    page.goto(f"{live_server.url}/requests/{interview_request.pk}/")
    axe_audit.scan(page, "request page, student, counter-proposed")

    # The skip link is the first stop of Tab, shows itself and moves focus to main.
    skip_link = page.get_by_role("link", name="Skip to the content")
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    # From there Tab reaches the first "Accept this time" (a bounded number of
    # stops), and Enter sends it.
    first_accept = page.get_by_role("button", name=re.compile("^Accept this time")).first
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if first_accept.evaluate("button => button === document.activeElement"):
            break
    expect(first_accept).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Confirmed. You both get a calendar invitation by email."
    )
    expect(page.get_by_role("region", name="The meeting").locator("p").first).to_have_text(
        shown_for_both(times_on_offer[0], STUDENT_ZONE, MENTOR_ZONE, "Greta Hoffmann")
    )
    axe_audit.scan(page, "request page, student, confirmed")

    interview_request.refresh_from_db()
    assert interview_request.status == RequestStatus.CONFIRMED
    assert interview_request.meeting.starts_at == times_on_offer[0]
    assert axe_audit.violations == [], axe_audit.report()
