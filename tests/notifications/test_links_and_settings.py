"""Links that act from an email without a sign-in, and the email settings page.

The accept link comes from the mentor's new-request email and the unsubscribe
link from a reminder, both as the email would carry them (composed by
interviews.domain.email_content). "Now" is frozen on Monday 2 March 2026,
12:00 UTC; the student proposes Thursday 9, Friday 10 and Saturday 11 April,
15:00 UTC, far enough ahead that only what a test does stops a link.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from interviews.domain import delivery, links
from interviews.domain import requests as request_rules
from interviews.domain.email_content import compose
from interviews.domain.preferences import preferences_of
from interviews.enums import (
    NotificationKind,
    NotificationStatus,
    OptionalEmail,
    RequestStatus,
    TransitionEvent,
)
from interviews.models import (
    InterviewRequest,
    Meeting,
    Notification,
    NotificationPreferences,
    ProposedSlot,
    Transition,
)
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.notifications.ical_support import at
from tests.views.support import db_snapshot, main, messages_of, page

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
STARTS = [at(2026, 4, 9), at(2026, 4, 10), at(2026, 4, 11)]
GONE_TITLE = "This link no longer works"
CHANGED = (
    "This request has changed since the email was sent (it may already be answered), "
    "so the link no longer works. Open the request to see where it stands."
)
EXPIRED = "This link has expired. Open the request to answer it."
NOT_VALID = "This link is not valid. Open the request to answer it."
STARTED = "This time has already started. Open the request to propose other times."
BAD_UNSUBSCRIBE = "This link is not valid. Change your email settings after signing in."


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pending(student, mentor):
    return builders.send(student, mentor, now=NOW, starts=STARTS)


def snapshot(request=None) -> dict:
    """The data a link must not touch unless its button is pressed."""
    return {
        **db_snapshot(request),
        "notifications": list(
            Notification.objects.order_by("pk").values_list("pk", "kind", "status")
        ),
        "preferences": list(
            NotificationPreferences.objects.order_by("user_id").values_list(
                "user_id",
                "request_nudges",
                "meeting_reminders",
                "thank_you_reminders",
                "outcome_prompts",
            )
        ),
    }


def accept_paths(request) -> list[str]:
    """The accept links of the mentor's new-request email, in the order of the times."""
    notification = Notification.objects.get(request=request, kind=NotificationKind.NEW_REQUEST)
    times = compose(notification, now=NOW).context["times"]
    return [urlsplit(offer["accept_url"]).path for offer in times]


def title(response) -> str:
    return main(response).one("h1").text


def gone_message(response) -> str:
    assert response.status_code == 410
    assert response.templates[0].name == "interviews/email_link_invalid.html"
    assert title(response) == GONE_TITLE
    return main(response).find_all("p")[0].text


def press_the_button(browser: Client, path: str):
    """Open the link and press the page's button, CSRF token and all, as a browser would."""
    confirmation = browser.get(path)
    form = main(confirmation).one("form", method="post")
    token = form.one("input", name="csrfmiddlewaretoken").attrs["value"]
    return browser.post(form.attrs["action"], {"csrfmiddlewaretoken": token})


def tampered(path: str) -> str:
    token = path.rstrip("/").rsplit("/", 1)[1]
    last = "A" if token[-1] != "A" else "B"
    return path.replace(token, token[:-1] + last)


# --- Accepting a time from the email --------------------------------------------------


def test_accept_link_opens_a_confirmation_page_that_changes_nothing(pending, client):
    path = accept_paths(pending)[0]
    before = snapshot(pending)

    response = client.get(path)

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/accept_from_email.html"
    assert title(response) == "Accept Sophie Student's request for this time?"
    assert main(response).one("p", class_="fs-5").text == (
        "Thu 9 Apr 2026, 17:00 CEST (11:00 EDT for Sophie Student)"
    )
    assert main(response).one("form", method="post").attrs["action"] == path
    assert snapshot(pending) == before


def test_accept_link_button_accepts_that_time_for_the_mentor(pending):
    path = accept_paths(pending)[1]
    browser = Client(enforce_csrf_checks=True)

    response = press_the_button(browser, path)

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/accepted_from_email.html"
    assert title(response) == "Confirmed: Fri 10 Apr 2026, 17:00 CEST"
    pending.refresh_from_db()
    assert pending.status == RequestStatus.CONFIRMED
    meeting = Meeting.objects.get(request=pending)
    assert (meeting.starts_at, meeting.ends_at) == (STARTS[1], STARTS[1] + timedelta(minutes=30))
    accepted = Transition.objects.get(request=pending, event=TransitionEvent.ACCEPTED)
    assert (accepted.actor, accepted.actor_party) == (pending.mentor, "mentor")
    assert sorted(
        Notification.objects.filter(
            request=pending, kind=NotificationKind.MEETING_CONFIRMED
        ).values_list("recipient_id", flat=True)
    ) == sorted([pending.student_id, pending.mentor_id])


def test_accept_link_works_once(pending, client):
    path = accept_paths(pending)[0]
    client.post(path)
    before = snapshot(pending)

    again_get, again_post = client.get(path), client.post(path)

    assert gone_message(again_get) == CHANGED
    assert gone_message(again_post) == CHANGED
    assert snapshot(pending) == before
    assert Meeting.objects.filter(request=pending).count() == 1


def _counter_proposal(request):
    builders.counter(request, now=NOW, starts=[at(2026, 4, 20)])


def _withdrawal(request):
    builders.withdraw(request, now=NOW)


def _another_time_accepted(request):
    request_rules.accept_slot(
        request_id=request.pk,
        user=request.mentor,
        slot_id=ProposedSlot.objects.get(request=request, starts_at=STARTS[2]).pk,
        expected_version=request.version,
        now=NOW,
    )


@pytest.mark.parametrize(
    "change",
    [_counter_proposal, _withdrawal, _another_time_accepted],
    ids=["counter-proposal", "withdrawal", "another-time-accepted"],
)
def test_accept_link_stops_working_once_the_request_changed(pending, client, change):
    path = accept_paths(pending)[0]
    change(pending)
    before = snapshot(pending)

    got, posted = client.get(path), client.post(path)

    assert gone_message(got) == CHANGED
    assert gone_message(posted) == CHANGED
    assert snapshot(pending) == before


def test_accept_link_still_works_just_before_it_expires(pending, client):
    path = accept_paths(pending)[0]

    with time_machine.travel(NOW + timedelta(seconds=links.ACCEPT_LINK_MAX_AGE - 60), tick=False):
        response = client.get(path)

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/accept_from_email.html"


def test_accept_link_expires(pending, client):
    path = accept_paths(pending)[0]
    before = snapshot(pending)

    with time_machine.travel(NOW + timedelta(seconds=links.ACCEPT_LINK_MAX_AGE + 1), tick=False):
        got, posted = client.get(path), client.post(path)

    assert gone_message(got) == EXPIRED
    assert gone_message(posted) == EXPIRED
    assert snapshot(pending) == before


def test_tampered_accept_link_does_nothing(pending, client):
    path = tampered(accept_paths(pending)[0])
    before = snapshot(pending)

    got, posted = client.get(path), client.post(path)

    assert gone_message(got) == NOT_VALID
    assert gone_message(posted) == NOT_VALID
    assert snapshot(pending) == before


def test_accept_link_for_a_time_that_already_started_does_nothing(student, mentor, client):
    soon = builders.send(student, mentor, now=NOW, starts=[at(2026, 3, 5), at(2026, 3, 6)])
    first, second = accept_paths(soon)
    before = snapshot(soon)

    with time_machine.travel(at(2026, 3, 5) + timedelta(minutes=1), tick=False):
        got, posted = client.get(first), client.post(first)
        later = client.get(second)

    assert gone_message(got) == STARTED
    assert gone_message(posted) == STARTED
    assert snapshot(soon) == before
    # The other time of the same email still stands.
    assert later.status_code == 200
    assert later.templates[0].name == "interviews/accept_from_email.html"


def test_accept_link_refuses_a_time_the_mentor_has_since_booked_elsewhere(pending, client):
    """The request did not change, but the mentor's calendar did: accept_slot says no."""
    path = accept_paths(pending)[0]
    builders.confirm(StudentFactory(), pending.mentor, now=NOW, starts=[STARTS[0], STARTS[2]])
    before = snapshot(pending)

    response = client.post(path)

    assert response.status_code == 409
    assert response.templates[0].name == "interviews/email_link_invalid.html"
    assert title(response) == GONE_TITLE
    assert (
        main(response).find_all("p")[0].text == "You already have a confirmed meeting at this time."
    )
    assert snapshot(pending) == before
    pending.refresh_from_db()
    assert pending.status == RequestStatus.PENDING


def test_accept_link_of_a_time_from_another_request_is_not_valid(pending, student, client):
    """The signature covers the request and the time together."""
    other = builders.send(
        student,
        MentorFactory(),
        now=NOW,
        starts=[at(2026, 4, 13), at(2026, 4, 14)],
    )
    mixed = links.accept_token(
        request_id=pending.pk,
        slot_id=builders.first_slot(other).pk,
        version=pending.version,
    )
    before = snapshot(pending)

    response = client.post(reverse("accept_from_email", args=[mixed]))

    assert gone_message(response) == NOT_VALID
    assert snapshot(pending) == before


# --- Unsubscribing from a reminder -------------------------------------------------------


@pytest.fixture
def confirmed(pending):
    """The mentor accepted 9 April in the app."""
    request_rules.accept_slot(
        request_id=pending.pk,
        user=pending.mentor,
        slot_id=builders.first_slot(pending).pk,
        expected_version=pending.version,
        now=NOW,
    )
    pending.refresh_from_db()
    return pending


def reminder_to(request, person) -> Notification:
    return Notification.objects.get(
        request=request, recipient=person, kind=NotificationKind.MEETING_REMINDER
    )


def unsubscribe_path(request, person) -> str:
    """The link of the reminder email, and the List-Unsubscribe header says the same."""
    composition = compose(reminder_to(request, person), now=NOW)
    url = composition.context["unsubscribe_url"]
    assert composition.headers["List-Unsubscribe"] == f"<{url}>"
    assert composition.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return urlsplit(url).path


def wanted(person) -> dict[str, bool]:
    preferences = preferences_of(person)
    return {choice.value: getattr(preferences, choice.value) for choice in OptionalEmail}


ALL_ON = {
    "request_nudges": True,
    "meeting_reminders": True,
    "thank_you_reminders": True,
    "outcome_prompts": True,
}
NO_REMINDERS = {**ALL_ON, "meeting_reminders": False}


def test_unsubscribe_link_opens_a_confirmation_page_that_changes_nothing(confirmed, client):
    path = unsubscribe_path(confirmed, confirmed.student)
    before = snapshot(confirmed)

    response = client.get(path)

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/unsubscribe.html"
    assert main(response).one("p").text == (
        "You will no longer receive: a reminder before each meeting. Confirmations, "
        "changes and cancellations of your meetings still reach you."
    )
    assert snapshot(confirmed) == before


def test_unsubscribe_button_turns_that_email_off(confirmed):
    path = unsubscribe_path(confirmed, confirmed.student)

    response = press_the_button(Client(enforce_csrf_checks=True), path)

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/unsubscribed.html"
    assert wanted(confirmed.student) == NO_REMINDERS
    assert wanted(confirmed.mentor) == ALL_ON


def test_one_click_unsubscribe_works_without_a_csrf_token(confirmed):
    """RFC 8058: the mail provider POSTs the body below to the List-Unsubscribe URL."""
    path = unsubscribe_path(confirmed, confirmed.student)

    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert wanted(confirmed.student) == NO_REMINDERS


@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_unsubscribe_link_changes_nothing(confirmed, client, method):
    path = tampered(unsubscribe_path(confirmed, confirmed.student))
    before = snapshot(confirmed)

    response = getattr(client, method)(path)

    assert gone_message(response) == BAD_UNSUBSCRIBE
    assert snapshot(confirmed) == before


def test_unsubscribe_link_of_an_accept_link_token_is_not_valid(pending, client):
    """The two kinds of token are signed apart: one cannot stand for the other."""
    accept_token = accept_paths(pending)[0].rstrip("/").rsplit("/", 1)[1]

    response = client.post(reverse("unsubscribe", args=[accept_token]))

    assert gone_message(response) == BAD_UNSUBSCRIBE


def test_unsubscribed_reminder_is_dropped_when_due_while_confirmations_still_go_out(
    confirmed, client
):
    client.post(unsubscribe_path(confirmed, confirmed.student))
    confirmation = Notification.objects.get(
        request=confirmed,
        recipient=confirmed.student,
        kind=NotificationKind.MEETING_CONFIRMED,
    )

    assert delivery.send_one(confirmation.pk, now=NOW) == NotificationStatus.SENT
    assert [message.to for message in mail.outbox] == [[confirmed.student.email]]

    reminder = reminder_to(confirmed, confirmed.student)
    due = reminder.due_at
    assert due == STARTS[0] - timedelta(hours=24)
    assert delivery.reason_to_drop(reminder, now=due) == (
        "The recipient turned this kind of email off."
    )
    assert delivery.reason_to_drop(reminder_to(confirmed, confirmed.mentor), now=due) == ""

    assert delivery.send_one(reminder.pk, now=due) == NotificationStatus.CANCELLED

    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (
        NotificationStatus.CANCELLED,
        "The recipient turned this kind of email off.",
    )
    assert len(mail.outbox) == 1


# --- The email settings page ---------------------------------------------------------------


def settings_form(response):
    return main(response).one("form", action=reverse("email_settings"))


def switches(form) -> dict[str, bool]:
    """Each checkbox of the form: is it checked?"""
    return {
        box.attrs["name"]: "checked" in box.attrs for box in form.find_all("input", type="checkbox")
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_email_settings_need_a_sign_in(db, client, method):
    path = reverse("email_settings")

    response = getattr(client, method)(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path}"
    assert NotificationPreferences.objects.count() == 0


def test_email_settings_show_every_optional_email_on_at_first(student, client_for):
    response = client_for(student).get(reverse("email_settings"))

    form = settings_form(response)
    assert switches(form) == ALL_ON
    labels = [label.text for label in form.find_all("label", class_="form-check-label")]
    assert labels == [
        "Reminders of requests waiting for my answer",
        "A reminder before each meeting",
        "Reminders to send a thank-you note",
        "Asking whether a meeting happened",
    ]


def test_email_settings_save_the_four_switches(mentor, client_for):
    browser = client_for(mentor)

    response = browser.post(reverse("email_settings"), {"meeting_reminders": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("email_settings")
    assert messages_of(response) == [("success", "Your email settings are saved.")]
    assert wanted(mentor) == {
        "request_nudges": False,
        "meeting_reminders": True,
        "thank_you_reminders": False,
        "outcome_prompts": False,
    }
    shown = switches(settings_form(browser.get(reverse("email_settings"))))
    assert shown == {
        "request_nudges": False,
        "meeting_reminders": True,
        "thank_you_reminders": False,
        "outcome_prompts": False,
    }


def test_email_settings_can_turn_every_optional_email_off(student, client_for):
    """A form with every box unchecked posts nothing but the CSRF token."""
    response = client_for(student).post(reverse("email_settings"), {})

    assert response.status_code == 302
    assert wanted(student) == dict.fromkeys(ALL_ON, False)


def test_email_settings_form_posts_from_the_page_with_its_csrf_token(student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    form = settings_form(browser.get(reverse("email_settings")))
    token = form.one("input", name="csrfmiddlewaretoken").attrs["value"]

    response = browser.post(
        reverse("email_settings"),
        {
            "csrfmiddlewaretoken": token,
            "request_nudges": "on",
            "thank_you_reminders": "on",
            "outcome_prompts": "on",
        },
    )

    assert response.status_code == 302
    assert wanted(student) == NO_REMINDERS


def test_email_settings_page_shows_the_private_feed_address(student, client_for):
    response = client_for(student).get(reverse("email_settings"))

    token = student.calendar_feed.token
    assert page(response).by_id("feed-url").attrs["value"] == (
        f"http://testserver/calendar/{token}.ics"
    )
    assert InterviewRequest.objects.count() == 0
