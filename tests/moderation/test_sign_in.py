"""A suspended person cannot sign in, and their open sessions end; lifting the
suspension lets them in again. Signing in goes through allauth's real form."""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from interviews.domain import moderation
from tests.factories import PASSWORD
from tests.views.support import main

LOGIN = "/accounts/login/"


def sign_in(person) -> tuple:
    browser = Client()
    response = browser.post(LOGIN, {"login": person.email, "password": PASSWORD})
    return browser, response


def suspended_page(response) -> list[str]:
    return [main(response).one("h1").text, *(p.text for p in main(response).find_all("p"))]


SUSPENDED = [
    "Your account is suspended",
    "The career center has suspended your CareerConnect account, so you cannot sign in for now.",
    "If you think this is a mistake, or want to know more, contact your career center.",
]


def test_a_suspended_person_cannot_sign_in(mentor, advisor):
    moderation.suspend_user(user_id=mentor.pk, advisor=advisor, reason="Spam.")

    browser, response = sign_in(mentor)

    assert response.status_code == 403
    assert response.templates[0].name == "account/suspended.html"
    assert suspended_page(response) == SUSPENDED
    assert SESSION_KEY not in browser.session
    assert browser.get(reverse("dashboard"))["Location"] == f"{LOGIN}?next=/dashboard/"


def test_a_wrong_password_says_nothing_of_the_suspension(mentor, advisor):
    moderation.suspend_user(user_id=mentor.pk, advisor=advisor, reason="Spam.")

    response = Client().post(LOGIN, {"login": mentor.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["The email address and/or password you specified are not correct."]
    }


def test_an_open_session_ends_at_the_next_request(student, advisor, client_for):
    browser = client_for(student)
    assert browser.get(reverse("dashboard")).status_code == 200

    moderation.suspend_user(user_id=student.pk, advisor=advisor, reason="Harassment.")
    response = browser.get(reverse("my_requests"))

    assert response.status_code == 403
    assert suspended_page(response) == SUSPENDED
    assert SESSION_KEY not in browser.session
    assert browser.get(reverse("dashboard"))["Location"] == f"{LOGIN}?next=/dashboard/"


def test_a_post_from_an_open_session_changes_nothing(student, mentor, advisor, client_for):
    from interviews.models import Report

    browser = client_for(student)
    moderation.suspend_user(user_id=student.pk, advisor=advisor, reason="Spam.")

    response = browser.post(reverse("report_user", args=[mentor.pk]), {"reason": "spam"})

    assert (response.status_code, Report.objects.count()) == (403, 0)


def test_lifting_the_suspension_lets_them_sign_in_again(mentor, advisor):
    moderation.suspend_user(user_id=mentor.pk, advisor=advisor, reason="Spam.")
    moderation.lift_suspension(user_id=mentor.pk, advisor=advisor, reason="Cleared up.")

    browser, response = sign_in(mentor)

    assert response["Location"] == reverse("dashboard")
    assert browser.session[SESSION_KEY] == str(mentor.pk)
