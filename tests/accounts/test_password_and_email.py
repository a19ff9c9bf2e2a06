"""allauth's sign-in, password reset, password change and change-email pages,
in the site's own layout."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils.http import int_to_base36

from tests.factories import PASSWORD, StudentFactory

from .helpers import link_path, message_texts, page_title, signed_in_user_id, template_names

NEW_PASSWORD = "an-even-longer-new-password"


def assert_in_site_layout(response, template: str, title: str) -> None:
    assert response.status_code == 200
    names = template_names(response)
    assert names[0] == template
    assert {"allauth/layouts/base.html", "base.html", "includes/messages.html"} <= set(names)
    assert page_title(response) == f"{title} · CareerConnect"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "template", "title"),
    [
        ("/accounts/login/", "account/login.html", "Sign In"),
        ("/accounts/signup/", "account/signup.html", "Signup"),
        ("/accounts/password/reset/", "account/password_reset.html", "Password Reset"),
    ],
)
def test_entrance_pages_use_the_site_layout(client, path, template, title):
    assert_in_site_layout(client.get(path), template, title)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "template", "title"),
    [
        ("/accounts/email/", "account/email_change.html", "Email Address"),
        ("/accounts/password/change/", "account/password_change.html", "Change Password"),
    ],
)
def test_account_pages_use_the_site_layout(client_for, student, path, template, title):
    assert_in_site_layout(client_for(student).get(path), template, title)


@pytest.mark.django_db
def test_password_reset_emails_a_link_that_sets_a_new_password(client):
    person = StudentFactory(email="forgetful@example.edu")

    response = client.post("/accounts/password/reset/", {"email": "Forgetful@example.edu"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert_in_site_layout(
        client.get("/accounts/password/reset/done/"),
        "account/password_reset_done.html",
        "Password Reset",
    )
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("[CareerConnect] Password Reset Email", ["forgetful@example.edu"])
    ]

    key_page = client.get(link_path(mail.outbox[0]))
    assert key_page.status_code == 302
    set_password_path = key_page["Location"]
    assert (
        set_password_path
        == f"/accounts/password/reset/key/{int_to_base36(person.pk)}-set-password/"
    )
    assert_in_site_layout(
        client.get(set_password_path), "account/password_reset_from_key.html", "Change Password"
    )

    done = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/key/done/"
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD) is True
    assert person.check_password(PASSWORD) is False
    browser = Client()
    login = browser.post(
        "/accounts/login/", {"login": "forgetful@example.edu", "password": NEW_PASSWORD}
    )
    assert login["Location"] == "/dashboard/"
    assert signed_in_user_id(browser) == str(person.pk)


@pytest.mark.django_db
def test_password_reset_link_works_once(client):
    StudentFactory(email="forgetful@example.edu")
    client.post("/accounts/password/reset/", {"email": "forgetful@example.edu"})
    key_path = link_path(mail.outbox[0])
    set_password_path = client.get(key_path)["Location"]
    client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = Client().get(key_path)

    assert again.status_code == 200
    assert again.context["token_fail"] is True


@pytest.mark.django_db
def test_password_reset_for_unknown_address_tells_that_address_only(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.edu"})

    # Same answer as for a known address: the page reveals nothing.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("[CareerConnect] Unknown Account", ["nobody@example.edu"])
    ]


@pytest.mark.django_db
def test_password_change_keeps_the_person_signed_in(client):
    person = StudentFactory(email="changer@example.edu")
    client.post("/accounts/login/", {"login": "changer@example.edu", "password": PASSWORD})

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert message_texts(response) == [
        f"Successfully signed in as {person.display_name}.",
        "Password successfully changed.",
    ]
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD) is True
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_change_email_replaces_the_address_once_confirmed(client_for):
    person = StudentFactory(email="old@example.edu")
    browser = client_for(person)

    response = browser.post("/accounts/email/", {"action_add": "", "email": "new@example.edu"})

    assert response.status_code == 302
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("[CareerConnect] Please Confirm Your Email Address", ["new@example.edu"])
    ]
    assert list(
        EmailAddress.objects.filter(user=person)
        .order_by("email")
        .values_list("email", "verified", "primary")
    ) == [("new@example.edu", False, False), ("old@example.edu", True, True)]
    page = browser.get("/accounts/email/")
    assert page.context["new_emailaddress"].email == "new@example.edu"

    confirmed = browser.post(link_path(mail.outbox[0]))

    assert confirmed.status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.edu"
    assert list(
        EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")
    ) == [("new@example.edu", True, True)]
    old_login = Client().post(
        "/accounts/login/", {"login": "old@example.edu", "password": PASSWORD}
    )
    assert old_login.status_code == 200
    assert old_login.context["form"].errors == {
        "__all__": ["The email address and/or password you specified are not correct."]
    }
    new_browser = Client()
    new_login = new_browser.post(
        "/accounts/login/", {"login": "new@example.edu", "password": PASSWORD}
    )
    assert new_login["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_change_email_cannot_take_an_address_of_another_account(client_for):
    StudentFactory(email="taken@example.edu")
    person = StudentFactory(email="mine@example.edu")

    response = client_for(person).post(
        "/accounts/email/", {"action_add": "", "email": "taken@example.edu"}
    )

    # allauth prevents enumeration: the page shows no error, the link goes to
    # the address's owner, and following it cannot move the address over.
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["taken@example.edu"]]

    confirmed = client_for(person).post(link_path(mail.outbox[0]))

    assert message_texts(confirmed) == [
        "Unable to confirm taken@example.edu because it is already confirmed by a "
        "different account."
    ]
    person.refresh_from_db()
    assert person.email == "mine@example.edu"
    assert list(
        EmailAddress.objects.filter(verified=True)
        .order_by("email")
        .values_list("email", "user__email")
    ) == [("mine@example.edu", "mine@example.edu"), ("taken@example.edu", "taken@example.edu")]
