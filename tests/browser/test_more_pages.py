"""The pages the main path does not visit, scanned with axe-core in a real browser:
the answer and meeting forms (also with errors), the email and calendar
settings, links followed from emails, the profile and the advisor pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from interviews.domain.links import accept_token, unsubscribe_token
from interviews.enums import ApprovalState
from tests import builders
from tests.factories import PASSWORD, AdvisorFactory, MentorFactory, StudentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(300),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, base_url: str, person) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(base_url + "/accounts/login/")


def visit(page, axe_audit, url: str, name: str, status: int = 200) -> None:
    response = page.goto(url)
    assert (name, response.status) == (name, status)
    axe_audit.scan(page, name)


def test_every_other_page_passes_an_accessibility_scan(live_server, open_page, axe_audit):
    now = datetime.now(UTC)
    base = live_server.url
    student = StudentFactory(first_name="Jordan", last_name="Lee")
    mentor = MentorFactory(first_name="Greta", last_name="Hoffmann")
    MentorFactory(
        first_name="Pending", last_name="Person", profile__approval_state=ApprovalState.PENDING
    )
    advisor = AdvisorFactory()
    pending = builders.send(student, mentor, now=now)
    confirmed = builders.confirm(
        student,
        MentorFactory(first_name="Omar", last_name="Okafor"),
        now=now,
        starts=[builders.at_15_utc(now + timedelta(days=12 + offset)) for offset in range(2)],
    )
    moving = builders.propose_reschedule(confirmed, by=student, now=now)

    mentor_page = open_page("Europe/Berlin")
    sign_in(mentor_page, base, mentor)
    for name, path in [
        ("decline form", reverse("request_decline", args=[pending.pk])),
        ("propose form", reverse("request_propose", args=[pending.pk])),
        ("inbox, waiting for the mentor", reverse("inbox") + "?show=answer"),
        ("mentor profile", reverse("profile_edit")),
        ("email and calendar settings", reverse("email_settings")),
    ]:
        visit(mentor_page, axe_audit, base + path, name)
    # A form sent empty comes back with its errors.
    mentor_page.goto(base + reverse("request_decline", args=[pending.pk]))
    mentor_page.get_by_role("button", name="Decline").click()
    axe_audit.scan(mentor_page, "decline form with errors")

    student_page = open_page("America/New_York")
    sign_in(student_page, base, student)
    for name, path in [
        ("withdraw form", reverse("request_withdraw", args=[pending.pk])),
        ("cancel form", reverse("meeting_cancel", args=[moving.pk])),
        ("request page, reschedule proposed", reverse("request_detail", args=[moving.pk])),
        ("student profile", reverse("profile_edit")),
        ("account deletion", reverse("account_delete")),
        ("account email", reverse("account_email")),
        ("password change", reverse("account_change_password")),
    ]:
        visit(student_page, axe_audit, base + path, name)
    student_page.goto(base + reverse("meeting_cancel", args=[moving.pk]))
    student_page.get_by_role("button", name="Cancel the meeting").click()
    axe_audit.scan(student_page, "cancel form with errors")

    advisor_page = open_page("America/New_York")
    sign_in(advisor_page, base, advisor)
    for name, path in [
        ("advisor requests", reverse("advisor_requests")),
        ("mentors to approve", reverse("pending_mentors")),
        ("request page, advisor", reverse("request_detail", args=[confirmed.pk])),
    ]:
        visit(advisor_page, axe_audit, base + path, name)

    visitor = open_page("America/New_York")
    slot = builders.first_slot(pending)
    token = accept_token(request_id=pending.pk, slot_id=slot.pk, version=pending.version)
    for name, path, status in [
        ("accept from email", reverse("accept_from_email", args=[token]), 200),
        ("accept link no longer valid", reverse("accept_from_email", args=["bad-token"]), 410),
        (
            "unsubscribe",
            reverse(
                "unsubscribe",
                args=[unsubscribe_token(user_id=mentor.pk, optional_email="request_nudges")],
            ),
            200,
        ),
        ("password reset", reverse("account_reset_password"), 200),
        ("not found", "/no-such-page/", 404),
    ]:
        visit(visitor, axe_audit, base + path, name, status)

    assert axe_audit.violations == [], axe_audit.report()


@pytest.mark.parametrize("width", [1199, 1280, 1400, 1600])
def test_the_advisor_menu_never_makes_the_page_scroll_sideways(live_server, open_page, width):
    """Advisors have three menus more than students: the bar folds instead of overflowing."""
    page = open_page("America/New_York")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server.url, AdvisorFactory())

    page.goto(live_server.url + reverse("advisor_dashboard"))

    assert page.evaluate("document.documentElement.scrollWidth") == width
    menu_folded = page.get_by_role("button", name="Menu").is_visible()
    assert menu_folded == (width < 1400)
