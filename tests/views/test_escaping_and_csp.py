"""What people write is shown as text, never run; pages keep a strict CSP.

A student whose name, "about me", "why this mentor" and notes carry markup
sees it, and makes the mentor and advisors see it, as the characters typed.
Every page carries a Content-Security-Policy that allows scripts and styles
only from our own origin, and none of our pages needs more: no inline
script, no <style> block, no style= or on...= attribute.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import requests as request_rules
from interviews.enums import ApprovalState, FoundVia, MeetingFormat
from interviews.models import MentorProfile
from tests import builders
from tests.factories import MentorFactory, StudentFactory, UserFactory
from tests.views.support import assert_strict_page, inline_code, main, page

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
ABOUT_ME = f"I study {SCRIPT} and graduate in 2027."
WHY = f"Your path {ATTRIBUTE} inspires me."
NOTE = f"Later, please {SCRIPT}{ATTRIBUTE}"
NAME = f"Eve{ATTRIBUTE}"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def eve(db):
    return StudentFactory(first_name=NAME, last_name=SCRIPT)


@pytest.fixture
def hostile_request(eve, mentor):
    """Markup in the request, and in a note the student sent with new times."""
    interview_request = builders.send(eve, mentor, about_me=ABOUT_ME, why_this_mentor=WHY)
    builders.counter(interview_request)
    request_rules.propose_again(
        request_id=interview_request.pk,
        student=eve,
        slot_starts=[datetime(2026, 3, 18, 15, 0, tzinfo=UTC)],
        note=NOTE,
        expected_version=interview_request.version,
    )
    return interview_request


def assert_shown_as_text(response) -> None:
    content = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in content
    assert ATTRIBUTE not in content
    tree = page(response)
    assert [node for node in tree.iter() if node.tag == "img"] == []
    assert inline_code(response.content) == []


def texts(response, class_: str) -> list[str]:
    return [node.raw_text.strip() for node in main(response).find_all(class_=class_)]


@pytest.mark.parametrize("who", ["eve", "mentor", "advisor"])
def test_request_page_shows_markup_as_text(hostile_request, eve, mentor, advisor, client_for, who):
    person = {"eve": eve, "mentor": mentor, "advisor": advisor}[who]

    response = client_for(person).get(reverse("request_detail", args=[hostile_request.pk]))

    assert_shown_as_text(response)
    request_texts = [ABOUT_ME, WHY, "Could one of these work?", NOTE]
    # Mentors and advisors also read the student's own profile, first.
    bio = [] if who == "eve" else [eve.student_profile.bio]
    assert texts(response, "request-text") == [*bio, *request_texts]
    timeline_authors = [
        item.find_all("strong")[0].text for item in main(response).find_all("li", class_="message")
    ]
    assert timeline_authors == ["Maria Mentor", f"{NAME} {SCRIPT}"]


def test_inbox_shows_the_students_name_as_text(hostile_request, mentor, client_for):
    response = client_for(mentor).get(reverse("inbox"))

    assert_shown_as_text(response)
    link = main(response).one("a", href=reverse("request_detail", args=[hostile_request.pk]))
    assert link.text == f"{NAME} {SCRIPT}"


def test_advisor_list_shows_the_students_name_as_text(hostile_request, advisor, client_for):
    response = client_for(advisor).get(reverse("advisor_requests"))

    assert_shown_as_text(response)
    link = main(response).one("a", href=reverse("request_detail", args=[hostile_request.pk]))
    assert link.text == f"{NAME} {SCRIPT}"


def test_mentor_dashboard_shows_the_students_name_as_text(hostile_request, mentor, client_for):
    response = client_for(mentor).get(reverse("dashboard"))

    assert_shown_as_text(response)
    link = main(response).one("a", href=reverse("request_detail", args=[hostile_request.pk]))
    assert link.text == f"{NAME} {SCRIPT}"


def test_preview_shows_markup_as_text_and_carries_it_unchanged(eve, mentor, client_for):
    typed = {
        "about_me": ABOUT_ME,
        "found_via": FoundVia.OTHER,
        "found_via_detail": ATTRIBUTE,
        "why_this_mentor": WHY,
        "format": MeetingFormat.VIDEO,
        "duration_minutes": "30",
        "slot_1": "2026-03-10T10:00",
        "slot_2": "2026-03-11T10:00",
    }

    response = client_for(eve).post(
        reverse("request_new", args=[mentor.pk]), {**typed, "step": "preview"}
    )

    assert_shown_as_text(response)
    assert texts(response, "request-text") == [ABOUT_ME, WHY]
    hidden = {
        node.attrs["name"]: node.attrs["value"]
        for node in main(response).find_all("input", type="hidden")
    }
    assert (hidden["about_me"], hidden["found_via_detail"], hidden["why_this_mentor"]) == (
        ABOUT_ME,
        ATTRIBUTE,
        WHY,
    )


def test_bad_input_page_keeps_markup_as_typed_text(eve, mentor, client_for):
    response = client_for(eve).post(
        reverse("request_new", args=[mentor.pk]),
        {"about_me": ABOUT_ME, "why_this_mentor": WHY, "step": "preview"},
    )

    assert response.status_code == 400
    assert SCRIPT not in response.content.decode()
    assert ATTRIBUTE not in response.content.decode()
    assert page(response).by_id("id_about_me").raw_text == f"\n{ABOUT_ME}"


# --- Strict CSP on every main page ------------------------------------------------------


@pytest.fixture
def site(student, mentor, advisor):
    """One of everything a page can show."""
    pending = builders.send(student, mentor)
    other = MentorFactory(first_name="Otto", last_name="Other")
    confirmed = builders.confirm(student, other)
    rescheduling_mentor = MentorFactory(first_name="Rita", last_name="Reschedule")
    later = [datetime(2026, 3, 9, 15, 0, tzinfo=UTC), datetime(2026, 3, 10, 15, 0, tzinfo=UTC)]
    rescheduling = builders.propose_reschedule(
        builders.confirm(student, rescheduling_mentor, starts=later), by=student
    )
    paused = MentorFactory(first_name="Paula", last_name="Paused")
    MentorProfile.objects.filter(user=paused).update(accepting_requests=False)
    waiting = MentorFactory(first_name="Wanda", last_name="Waiting")
    MentorProfile.objects.filter(user=waiting).update(approval_state=ApprovalState.PENDING)
    return {
        "student": student,
        "mentor": mentor,
        "other": other,
        "rescheduling_mentor": rescheduling_mentor,
        "advisor": advisor,
        "pending": pending,
        "confirmed": confirmed,
        "rescheduling": rescheduling,
        "newcomer": UserFactory(onboarded_at=None),
        "fresh": MentorFactory(first_name="Fred", last_name="Fresh"),
        "paused": paused,
    }


def _request_url(name, key):
    return lambda s: reverse(name, args=[s[key].pk])


PAGES = {
    "home": (None, lambda s: reverse("home"), 200),
    "login": (None, lambda s: reverse("account_login"), 200),
    "signup": (None, lambda s: reverse("account_signup"), 200),
    "password_reset": (None, lambda s: reverse("account_reset_password"), 200),
    "not_found": (None, lambda s: "/no-such-page/", 404),
    "onboarding": ("newcomer", lambda s: reverse("onboarding"), 200),
    "student_dashboard": ("student", lambda s: reverse("dashboard"), 200),
    "mentor_dashboard": ("mentor", lambda s: reverse("dashboard"), 200),
    "directory": ("student", lambda s: reverse("mentor_directory"), 200),
    "mentor_detail": ("student", lambda s: reverse("mentor_detail", args=[s["mentor"].pk]), 200),
    "request_form": ("student", _request_url("request_new", "fresh"), 200),
    "mentor_unavailable": ("student", _request_url("request_new", "paused"), 409),
    "my_requests": ("student", lambda s: reverse("my_requests"), 200),
    "inbox": ("mentor", lambda s: reverse("inbox"), 200),
    "profile_student": ("student", lambda s: reverse("profile_edit"), 200),
    "profile_mentor": ("mentor", lambda s: reverse("profile_edit"), 200),
    "account_email": ("student", lambda s: reverse("account_email"), 200),
    "forbidden": ("student", lambda s: reverse("inbox"), 403),
    "pending_as_student": ("student", _request_url("request_detail", "pending"), 200),
    "pending_as_mentor": ("mentor", _request_url("request_detail", "pending"), 200),
    "pending_as_advisor": ("advisor", _request_url("request_detail", "pending"), 200),
    "confirmed_as_student": ("student", _request_url("request_detail", "confirmed"), 200),
    "confirmed_as_mentor": ("other", _request_url("request_detail", "confirmed"), 200),
    "rescheduling_as_mentor": (
        "rescheduling_mentor",
        _request_url("request_detail", "rescheduling"),
        200,
    ),
    "propose": ("mentor", _request_url("request_propose", "pending"), 200),
    "decline": ("mentor", _request_url("request_decline", "pending"), 200),
    "withdraw": ("student", _request_url("request_withdraw", "pending"), 200),
    "cancel": ("student", _request_url("meeting_cancel", "confirmed"), 200),
    "reschedule": ("student", _request_url("meeting_reschedule", "confirmed"), 200),
    "details": ("other", _request_url("meeting_details", "confirmed"), 200),
    "keep_the_time": (
        "rescheduling_mentor",
        _request_url("meeting_reschedule_decline", "rescheduling"),
        200,
    ),
    "advisor_requests": ("advisor", lambda s: reverse("advisor_requests"), 200),
    "pending_mentors": ("advisor", lambda s: reverse("pending_mentors"), 200),
}


@pytest.mark.parametrize(("who", "url", "status"), PAGES.values(), ids=PAGES.keys())
def test_page_has_a_strict_csp_and_nothing_inline(site, client, client_for, who, url, status):
    browser = client if who is None else client_for(site[who])

    response = browser.get(url(site))

    assert response.status_code == status
    assert_strict_page(response)
