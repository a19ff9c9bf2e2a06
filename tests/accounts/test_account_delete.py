"""Deleting one's account: re-authenticate, type DELETE, leave an anonymous shell.

allauth 65 counts only an explicit re-authentication (its /accounts/reauthenticate/
step) as "recent": neither a fresh `force_login` nor a password sign-in a second
ago is enough, and the re-authentication lasts ACCOUNT_REAUTHENTICATION_TIMEOUT
(300 s by default).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from careerconnect.models import User
from interviews.domain.accounts import LEAVING_NOTE, REMOVED
from interviews.enums import MessageKind, RequestStatus, TransitionEvent
from interviews.models import InterviewRequest, Meeting, MentorProfile, StudentProfile
from tests import builders
from tests.factories import PASSWORD, MentorFactory, StudentFactory

from .helpers import alert_texts, message_texts, page_title, signed_in_user_id, signup_data

MOMENT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
REAUTHENTICATE = "/accounts/reauthenticate/?next=%2Faccount%2Fdelete%2F"
FORM_ALERT = "Please correct the highlighted fields below; nothing was sent."
DELETED_MESSAGE = "Your account is deleted. Thank you for being part of it."


def later_starts():
    """Times that do not overlap the builders' default ones."""
    return builders.default_starts(timezone.now() + timedelta(days=10))


def reauthenticate(browser, password=PASSWORD):
    return browser.post(
        "/accounts/reauthenticate/", {"password": password, "next": "/account/delete/"}
    )


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/account/delete/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/account/delete/"


@pytest.mark.django_db
def test_fresh_force_login_must_reauthenticate(client_for, student):
    response = client_for(student).get("/account/delete/")

    assert response.status_code == 302
    assert response["Location"] == REAUTHENTICATE


@pytest.mark.django_db
def test_password_sign_in_a_moment_ago_must_reauthenticate(client, student):
    client.post("/accounts/login/", {"login": student.email, "password": PASSWORD})

    response = client.get("/account/delete/")

    assert signed_in_user_id(client) == str(student.pk)
    assert response.status_code == 302
    assert response["Location"] == REAUTHENTICATE


@pytest.mark.django_db
def test_reauthentication_page_asks_for_the_password(client_for, student):
    browser = client_for(student)

    page = browser.get(REAUTHENTICATE)

    assert page.status_code == 200
    assert page_title(page) == "Confirm Access · CareerConnect"
    assert list(page.context["form"].fields) == ["password"]


@pytest.mark.django_db
def test_reauthenticated_person_sees_the_delete_form(client_for, student):
    browser = client_for(student)

    reauthenticated = reauthenticate(browser)
    page = browser.get("/account/delete/")

    assert reauthenticated.status_code == 302
    assert reauthenticated["Location"] == "/account/delete/"
    assert page.status_code == 200
    assert page_title(page) == "Delete your account · CareerConnect"
    assert list(page.context["form"].fields) == ["confirmation"]


@pytest.mark.django_db
def test_wrong_password_does_not_reauthenticate(client_for, student):
    browser = client_for(student)

    response = reauthenticate(browser, password="not-my-password")

    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["Incorrect password."]}
    assert browser.get("/account/delete/")["Location"] == REAUTHENTICATE


@pytest.mark.django_db
def test_reauthentication_lasts_five_minutes(client_for, student):
    browser = client_for(student)

    with time_machine.travel(MOMENT, tick=False) as traveller:
        reauthenticate(browser)
        traveller.shift(timedelta(seconds=299))
        within = browser.get("/account/delete/")
        traveller.shift(timedelta(seconds=2))
        after = browser.get("/account/delete/")

    assert within.status_code == 200
    assert after.status_code == 302
    assert after["Location"] == REAUTHENTICATE


@pytest.mark.django_db
def test_typing_delete_anonymizes_the_account_and_signs_out(client_for, student):
    pk = student.pk
    browser = client_for(student)

    with time_machine.travel(MOMENT, tick=False):
        reauthenticate(browser)
        response = browser.post("/account/delete/", {"confirmation": "DELETE"})
        signed_in = signed_in_user_id(browser)
        dashboard = browser.get("/dashboard/")
        home = browser.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert message_texts(response) == [DELETED_MESSAGE]
    assert signed_in is None
    assert dashboard["Location"] == "/accounts/login/?next=/dashboard/"
    assert alert_texts(home) == [DELETED_MESSAGE]
    student.refresh_from_db()
    assert (
        student.email,
        student.first_name,
        student.last_name,
        student.is_active,
        student.deleted_at,
        student.display_name,
    ) == (f"deleted-{pk}@deleted.invalid", "", "", False, MOMENT, "Former member")
    assert student.has_usable_password() is False
    assert StudentProfile.objects.filter(user_id=pk).exists() is False
    assert EmailAddress.objects.filter(user_id=pk).exists() is False


@pytest.mark.django_db
def test_confirmation_word_is_not_case_sensitive(client_for, student):
    browser = client_for(student)
    reauthenticate(browser)

    response = browser.post("/account/delete/", {"confirmation": " delete "})

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.deleted_at is not None


@pytest.mark.django_db
def test_delete_posted_before_reauthenticating_is_carried_out_after(client_for, student):
    browser = client_for(student)

    suspended = browser.post("/account/delete/", {"confirmation": "DELETE"})

    assert suspended.status_code == 302
    assert suspended["Location"] == REAUTHENTICATE
    student.refresh_from_db()
    assert student.deleted_at is None

    resumed = reauthenticate(browser)

    assert resumed.status_code == 302
    assert resumed["Location"] == "/"
    student.refresh_from_db()
    assert student.deleted_at is not None
    assert signed_in_user_id(browser) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("delete it", "Type the word DELETE to confirm."),
        ("yes", "Type the word DELETE to confirm."),
        ("", "This field is required."),
    ],
)
def test_wrong_confirmation_word_is_refused_with_message(client_for, student, typed, error):
    browser = client_for(student)
    reauthenticate(browser)

    response = browser.post("/account/delete/", {"confirmation": typed})

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"confirmation": [error]}
    assert form["confirmation"].value() == typed
    assert alert_texts(response) == [FORM_ALERT]
    student.refresh_from_db()
    assert (student.deleted_at, student.is_active, student.first_name) == (None, True, "Sophie")
    assert signed_in_user_id(browser) == str(student.pk)


@pytest.mark.django_db
def test_deleted_person_cannot_sign_in_again(client_for, student):
    email = student.email
    browser = client_for(student)
    reauthenticate(browser)
    browser.post("/account/delete/", {"confirmation": "DELETE"})

    response = Client().post("/accounts/login/", {"login": email, "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["The email address and/or password you specified are not correct."]
    }


@pytest.mark.django_db
def test_student_leaving_cancels_meeting_and_mentor_keeps_anonymized_request(
    client_for, student, mentor
):
    confirmed = builders.confirm(student, mentor)
    other_mentor = MentorFactory()
    pending = builders.send(student, other_mentor, starts=later_starts())
    browser = client_for(student)
    reauthenticate(browser)

    browser.post("/account/delete/", {"confirmation": "DELETE"})

    confirmed.refresh_from_db()
    pending.refresh_from_db()
    assert (confirmed.status, pending.status) == (RequestStatus.CANCELLED, RequestStatus.WITHDRAWN)
    assert (confirmed.about_me, confirmed.why_this_mentor) == ("", "")
    assert confirmed.student_id == student.pk
    assert list(confirmed.transitions.order_by("pk").values_list("event", "actor_id", "note")) == [
        (TransitionEvent.SENT, student.pk, ""),
        (TransitionEvent.ACCEPTED, mentor.pk, ""),
        (TransitionEvent.CANCELLED, student.pk, LEAVING_NOTE),
    ]
    assert list(confirmed.messages.values_list("author_id", "kind", "body")) == [
        (student.pk, MessageKind.CANCEL_REASON, LEAVING_NOTE)
    ]
    assert list(pending.messages.values_list("author_id", "kind", "body")) == [
        (student.pk, MessageKind.WITHDRAW_REASON, LEAVING_NOTE)
    ]

    mentor_page = client_for(mentor).get(f"/requests/{confirmed.pk}/")
    assert mentor_page.status_code == 200
    assert page_title(mentor_page) == "Request: Former member and Maria Mentor · CareerConnect"
    assert mentor_page.context["ir"].status == RequestStatus.CANCELLED
    assert client_for(mentor).get("/inbox/").status_code == 200
    assert client_for(mentor).get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_mentor_leaving_declines_open_requests_and_hides_contact(client_for, student, mentor):
    confirmed = builders.confirm(student, mentor)
    other_student = StudentFactory(first_name="Omar", last_name="Other")
    pending = builders.counter(builders.send(other_student, mentor, starts=later_starts()))
    browser = client_for(mentor)
    reauthenticate(browser)

    browser.post("/account/delete/", {"confirmation": "DELETE"})

    confirmed.refresh_from_db()
    pending.refresh_from_db()
    assert (confirmed.status, pending.status) == (RequestStatus.CANCELLED, RequestStatus.DECLINED)
    # What the mentor wrote before is gone; the goodbye they "wrote" on leaving stays.
    assert list(pending.transitions.order_by("pk").values_list("event", "actor_id", "note")) == [
        (TransitionEvent.SENT, other_student.pk, ""),
        (TransitionEvent.COUNTER_PROPOSED, mentor.pk, REMOVED),
        (TransitionEvent.DECLINED, mentor.pk, "Another reason (explained below)"),
    ]
    assert list(pending.messages.order_by("pk").values_list("author_id", "kind", "body")) == [
        (mentor.pk, MessageKind.NOTE, REMOVED),
        (mentor.pk, MessageKind.DECLINE_REASON, LEAVING_NOTE),
    ]
    meeting = Meeting.objects.get(request=confirmed)
    assert (meeting.video_link, meeting.phone, meeting.location) == ("", "", "")
    assert MentorProfile.objects.filter(user=mentor).exists() is False
    student_browser = client_for(student)
    student_page = student_browser.get(f"/requests/{confirmed.pk}/")
    assert student_page.status_code == 200
    assert page_title(student_page) == "Request: Sophie Student and Former member · CareerConnect"
    assert student_browser.get("/requests/").status_code == 200
    assert student_browser.get("/dashboard/").status_code == 200
    assert student_browser.get(f"/mentors/{mentor.pk}/").status_code == 404
    assert client_for(other_student).get(f"/requests/{pending.pk}/").status_code == 200
    assert InterviewRequest.objects.count() == 2


@pytest.mark.django_db
def test_other_browsers_of_the_deleted_person_are_signed_out(client_for, student):
    other_browser = client_for(student)
    assert other_browser.get("/dashboard/").status_code == 200
    browser = client_for(student)
    reauthenticate(browser)

    browser.post("/account/delete/", {"confirmation": "DELETE"})
    response = other_browser.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"
    assert response.wsgi_request.user.is_authenticated is False


@pytest.mark.django_db
def test_address_of_a_deleted_account_can_sign_up_again(client_for, student):
    email = student.email
    browser = client_for(student)
    reauthenticate(browser)
    browser.post("/account/delete/", {"confirmation": "DELETE"})

    response = Client().post("/accounts/signup/", signup_data(email=email))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    newcomer = User.objects.get(email=email)
    assert (newcomer.pk != student.pk, newcomer.deleted_at, newcomer.is_active) == (
        True,
        None,
        True,
    )
    assert [message.to for message in mail.outbox] == [[email]]
