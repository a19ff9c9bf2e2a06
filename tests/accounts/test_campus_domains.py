"""Students sign up (and stay) on campus email domains; mentors use any address."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from careerconnect.models import Role, User
from tests.factories import MentorFactory, StudentFactory

from .helpers import allow_student_domains, link_path, signup_data

SIGNUP_REFUSAL = (
    "Students sign up with their campus email address. "
    "This address is not from a campus domain the career center accepts."
)
CHANGE_REFUSAL = (
    "Students use their campus email address. This address is not from a "
    "campus domain the career center accepts."
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["ada@gmail.com", "ada@notexample.edu", "ada@example.edu.evil.test"]
)
def test_student_signup_outside_campus_domains_is_refused(client, email):
    allow_student_domains("example.edu")

    response = client.post("/accounts/signup/", signup_data(email=email))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"email": [SIGNUP_REFUSAL]}
    # What the person typed stays in the form.
    assert (form["first_name"].value(), form["email"].value(), form["time_zone"].value()) == (
        "Ada",
        email,
        "Europe/Berlin",
    )
    assert User.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["ada@example.edu", "ada@cs.example.edu", "Ada@CS.Example.EDU"])
def test_student_signup_on_campus_domain_or_subdomain_is_accepted(client, email):
    allow_student_domains("example.edu")

    response = client.post("/accounts/signup/", signup_data(email=email))

    assert response.status_code == 302
    assert list(User.objects.values_list("email", "role")) == [(email.lower(), Role.STUDENT)]


@pytest.mark.django_db
def test_any_of_several_campus_domains_is_accepted(client):
    allow_student_domains("example.edu", "@partner-college.org")

    response = client.post("/accounts/signup/", signup_data(email="ada@partner-college.org"))

    assert response.status_code == 302
    assert User.objects.get().email == "ada@partner-college.org"


@pytest.mark.django_db
def test_mentor_signup_with_any_domain_is_accepted(client):
    allow_student_domains("example.edu")

    response = client.post("/accounts/signup/", signup_data(role="mentor", email="ada@gmail.com"))

    assert response.status_code == 302
    assert list(User.objects.values_list("email", "role")) == [("ada@gmail.com", Role.MENTOR)]


@pytest.mark.django_db
def test_without_campus_domains_students_use_any_address(client):
    allow_student_domains()

    response = client.post("/accounts/signup/", signup_data(email="ada@gmail.com"))

    assert response.status_code == 302
    assert list(User.objects.values_list("email", "role")) == [("ada@gmail.com", Role.STUDENT)]


@pytest.mark.django_db
def test_student_cannot_add_non_campus_address(client_for):
    allow_student_domains("example.edu")
    student = StudentFactory(email="sophie@example.edu")
    browser = client_for(student)

    response = browser.post("/accounts/email/", {"action_add": "", "email": "sophie@gmail.com"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": [CHANGE_REFUSAL]}
    assert list(EmailAddress.objects.filter(user=student).values_list("email", flat=True)) == [
        "sophie@example.edu"
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_student_changes_to_campus_subdomain_address(client_for):
    allow_student_domains("example.edu")
    student = StudentFactory(email="sophie@example.edu")
    browser = client_for(student)

    response = browser.post(
        "/accounts/email/", {"action_add": "", "email": "sophie@cs.example.edu"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/email/"
    assert [message.to for message in mail.outbox] == [["sophie@cs.example.edu"]]
    # The old address stays the login until the new one is confirmed.
    student.refresh_from_db()
    assert student.email == "sophie@example.edu"

    confirmed = browser.post(link_path(mail.outbox[0]))

    assert confirmed.status_code == 302
    student.refresh_from_db()
    assert student.email == "sophie@cs.example.edu"
    assert list(
        EmailAddress.objects.filter(user=student).values_list("email", "verified", "primary")
    ) == [("sophie@cs.example.edu", True, True)]


@pytest.mark.django_db
def test_mentor_may_add_any_address(client_for):
    allow_student_domains("example.edu")
    mentor = MentorFactory(email="maria@example.edu")
    browser = client_for(mentor)

    response = browser.post("/accounts/email/", {"action_add": "", "email": "maria@gmail.com"})

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["maria@gmail.com"]]
    assert EmailAddress.objects.filter(user=mentor, email="maria@gmail.com").count() == 1
