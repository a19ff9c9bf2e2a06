"""Sign-up as a student or a mentor, and the mandatory email verification."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from careerconnect.models import Role, User

from .helpers import (
    PASSWORD,
    checked_radio,
    link_path,
    page_title,
    signed_in_user_id,
    signup_data,
    template_names,
)

VERIFICATION_SUBJECT = "[CareerConnect] Please Confirm Your Email Address"


@pytest.mark.django_db
def test_student_signup_creates_student_with_name_and_time_zone(client):
    response = client.post("/accounts/signup/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert (user.email, user.role, user.first_name, user.last_name, user.time_zone) == (
        "ada@example.edu",
        Role.STUDENT,
        "Ada",
        "Lovelace",
        "Europe/Berlin",
    )
    assert user.onboarded_at is None
    assert user.check_password(PASSWORD)
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("ada@example.edu", False, True)
    ]


@pytest.mark.django_db
def test_mentor_signup_creates_mentor(client):
    response = client.post(
        "/accounts/signup/",
        signup_data(role="mentor", email="grace@northwind.example", time_zone="Asia/Tokyo"),
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.role, user.time_zone) == (
        "grace@northwind.example",
        Role.MENTOR,
        "Asia/Tokyo",
    )


@pytest.mark.django_db
def test_signup_page_preselects_mentor_from_query(client):
    response = client.get("/accounts/signup/?role=mentor")

    assert response.status_code == 200
    assert checked_radio(response, "role") == ["mentor"]
    assert page_title(response) == "Signup · CareerConnect"
    assert "base.html" in template_names(response)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?role=student", "?role=advisor", "?role=nonsense"])
def test_signup_page_preselects_student_otherwise(client, query):
    response = client.get(f"/accounts/signup/{query}")

    assert response.status_code == 200
    assert checked_radio(response, "role") == ["student"]


@pytest.mark.django_db
def test_signup_refuses_advisor_role_posted_by_hand(client):
    response = client.post("/accounts/signup/", signup_data(role="advisor"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "role": ["Select a valid choice. advisor is not one of the available choices."]
    }
    assert User.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_refuses_unknown_time_zone(client):
    response = client.post("/accounts/signup/", signup_data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "time_zone": [
            "Select a valid choice. Mars/Olympus_Mons is not one of the available choices."
        ]
    }
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_sends_confirmation_email(client):
    client.post("/accounts/signup/", signup_data())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == VERIFICATION_SUBJECT
    assert message.to == ["ada@example.edu"]
    assert link_path(message).startswith("/accounts/confirm-email/")


@pytest.mark.django_db
def test_new_account_cannot_sign_in_before_confirming(client):
    client.post("/accounts/signup/", signup_data())
    browser = Client()

    response = browser.post("/accounts/login/", {"login": "ada@example.edu", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_user_id(browser) is None
    dashboard = browser.get("/dashboard/")
    assert dashboard.status_code == 302
    assert dashboard["Location"] == "/accounts/login/?next=/dashboard/"


@pytest.mark.django_db
def test_signup_does_not_sign_in_before_confirming(client):
    client.post("/accounts/signup/", signup_data())

    response = client.get("/dashboard/")

    assert signed_in_user_id(client) is None
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


@pytest.mark.django_db
def test_confirmation_link_shows_a_page_and_changes_nothing_on_get(client):
    client.post("/accounts/signup/", signup_data())

    response = client.get(link_path(mail.outbox[0]))

    assert response.status_code == 200
    assert template_names(response)[0] == "account/email_confirm.html"
    assert "base.html" in template_names(response)
    assert EmailAddress.objects.get().verified is False
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_confirming_verifies_and_lands_on_onboarding(client):
    client.post("/accounts/signup/", signup_data())
    user = User.objects.get()

    response = client.post(link_path(mail.outbox[0]))

    assert response.status_code == 302
    assert response["Location"] == "/onboarding/"
    assert EmailAddress.objects.get().verified is True
    assert signed_in_user_id(client) == str(user.pk)
    onboarding = client.get("/onboarding/")
    assert onboarding.status_code == 200
    assert page_title(onboarding) == "Your profile · CareerConnect"


@pytest.mark.django_db
def test_confirmed_person_signs_in_with_password(client):
    client.post("/accounts/signup/", signup_data())
    client.post(link_path(mail.outbox[0]))
    browser = Client()

    response = browser.post("/accounts/login/", {"login": "ADA@example.edu", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert signed_in_user_id(browser) == str(User.objects.get().pk)


@pytest.mark.django_db
def test_invalid_confirmation_key_verifies_nothing(client):
    client.post("/accounts/signup/", signup_data())

    response = client.post("/accounts/confirm-email/not-a-real-key/")

    assert response.status_code == 404
    assert EmailAddress.objects.get().verified is False


@pytest.mark.django_db
def test_signup_refuses_taken_email_in_any_case(client, student):
    response = client.post("/accounts/signup/", signup_data(email=student.email.upper()))

    assert User.objects.count() == 1
    # allauth prevents enumeration: the page looks like a success, and the owner
    # of the address is told by email instead of the visitor on the page.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("[CareerConnect] Account Already Exists", [student.email])
    ]
