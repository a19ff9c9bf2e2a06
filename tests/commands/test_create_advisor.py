"""`manage.py create_advisor`: advisors never sign up themselves."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from careerconnect.models import Role, User
from tests.factories import PASSWORD, StudentFactory

NEW_PASSWORD = "an-advisor-chosen-password"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("create_advisor", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_creates_advisor_with_verified_email_and_unusable_password():
    out, err = run("  Avery.Brooks@Example.EDU ", "--first-name", "Avery", "--last-name", "Brooks")

    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name, user.role, user.time_zone) == (
        "avery.brooks@example.edu",
        "Avery",
        "Brooks",
        Role.ADVISOR,
        "America/New_York",
    )
    assert user.has_usable_password() is False
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert list(EmailAddress.objects.values_list("user_id", "email", "verified", "primary")) == [
        (user.pk, "avery.brooks@example.edu", True, True)
    ]
    assert out == (
        "Created advisor avery.brooks@example.edu. They set a password at "
        "http://testserver/accounts/password/reset/.\n"
    )
    assert err == ""


@pytest.mark.django_db
def test_new_advisor_sets_a_password_through_reset_and_signs_in(client):
    run("avery@example.edu")

    response = client.post("/accounts/password/reset/", {"email": "avery@example.edu"})

    assert response.status_code == 302
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("[CareerConnect] Password Reset Email", ["avery@example.edu"])
    ]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    set_password = client.get(link.group(1))["Location"]
    client.post(set_password, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    browser = Client()
    signed_in = browser.post(
        "/accounts/login/", {"login": "avery@example.edu", "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == "/dashboard/"
    dashboard = browser.get("/dashboard/")
    assert dashboard.status_code == 302
    assert dashboard["Location"] == "/advisor/"


@pytest.mark.django_db
def test_promotes_an_existing_student():
    student = StudentFactory(email="sophie@example.edu", first_name="Sophie")
    password_hash = student.password

    out, err = run("Sophie@example.edu", "--first-name", "Ignored")

    student.refresh_from_db()
    assert (student.role, student.first_name, student.password) == (
        Role.ADVISOR,
        "Sophie",
        password_hash,
    )
    assert student.check_password(PASSWORD) is True
    assert User.objects.count() == 1
    assert out == (
        "Updated advisor sophie@example.edu. They set a password at "
        "http://testserver/accounts/password/reset/.\n"
    )
    assert err == "sophie@example.edu was a Student; now an advisor.\n"


@pytest.mark.django_db
def test_promoting_verifies_an_unverified_address():
    student = StudentFactory(email="sophie@example.edu")
    EmailAddress.objects.filter(user=student).update(verified=False, primary=False)

    run("sophie@example.edu")

    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("sophie@example.edu", True, True)
    ]


@pytest.mark.django_db
def test_running_twice_changes_nothing_more():
    run("avery@example.edu")

    out, err = run("avery@example.edu")

    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert User.objects.get().has_usable_password() is False
    assert out.startswith("Updated advisor avery@example.edu.")
    assert err == ""


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["not-an-email", "avery@", "@example.edu", ""])
def test_invalid_email_is_refused(email):
    with pytest.raises(CommandError) as refused:
        run(email)

    assert str(refused.value) == f"{email.strip().lower()!r} is not an email address."
    assert User.objects.count() == 0
