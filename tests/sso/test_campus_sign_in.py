"""Campus single sign-on against a real OpenID Connect provider run by the test.

The browser's part (the redirect to the campus and back) is played by the
test: Django's test client for our pages, real HTTP for the campus. The
application's part (discovery, the code exchange, the user info) is allauth
talking to the provider over HTTP, as in production.
"""

import html
import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from careerconnect.models import Role, User
from careerconnect.sso_settings import campus_apps
from tests.accounts.helpers import allow_student_domains, page_title, signed_in_user_id
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.mfa.helpers import give_authenticator, totp_code
from tests.sso.campus_provider import CLIENT_SECRET
from tests.sso.conftest import env_of

ADA = {
    "sub": "campus-0001",
    "email": "ada@state.edu",
    "email_verified": True,
    "given_name": "Ada",
    "family_name": "Lovelace",
    "name": "Ada Lovelace",
}
LOGIN_PATH = "/accounts/oidc/state-u/login/"
CALLBACK_PATH = "/accounts/oidc/state-u/login/callback/"


def start(client) -> str:
    """Press "Sign in with State University": where the browser is sent."""
    response = client.post(LOGIN_PATH)
    assert response.status_code == 302
    return response["Location"]


def back_from_campus(campus, authorize_url: str) -> tuple[str, dict]:
    """The browser at the campus: the path and query it is sent back with."""
    back = urlsplit(campus.authorize(authorize_url))
    assert (back.scheme, back.netloc, back.path) == ("http", "testserver", CALLBACK_PATH)
    return back.path, {key: values[0] for key, values in parse_qs(back.query).items()}


def sign_in_through_campus(client, campus, person: dict):
    campus.person = person
    path, query = back_from_campus(campus, start(client))
    return client.get(f"{path}?{urlencode(query)}")


def alert_text(response) -> str:
    found = re.search(
        r'<div class="alert[^"]*" role="alert">(.*?)</div>', response.content.decode(), re.S
    )
    return html.unescape(" ".join(found.group(1).split()))


def test_sign_in_page_offers_the_campus(client, campus, db):
    response = client.get("/accounts/login/")

    forms = re.findall(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrfmiddlewaretoken"'
        r'[^>]*>\s*<button type="submit" class="btn btn-outline-primary">([^<]+)</button>',
        response.content.decode(),
    )
    assert forms == [(f"{LOGIN_PATH}?process=login", "Sign in with State University")]


def test_sign_in_page_without_campuses_offers_none(client, settings, db):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    response = client.get("/accounts/login/")

    assert "Campus sign-in" not in response.content.decode()


def test_the_campus_is_asked_for_a_code_with_pkce_and_a_state(client, campus, db):
    authorize = urlsplit(start(client))
    query = parse_qs(authorize.query)

    assert (
        f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{campus.base_url}/authorize"
    )
    assert query["client_id"] == ["careerconnect-tests"]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK_PATH}"]
    assert query["response_type"] == ["code"]
    assert sorted(query["scope"][0].split()) == ["email", "openid", "profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 12


def test_new_person_with_campus_address_becomes_a_signed_in_student(client, campus, db):
    allow_student_domains("state.edu")

    response = sign_in_through_campus(client, campus, ADA)

    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding")
    user = User.objects.get()
    assert (user.email, user.role, user.first_name, user.last_name) == (
        "ada@state.edu",
        Role.STUDENT,
        "Ada",
        "Lovelace",
    )
    assert user.has_usable_password() is False
    assert signed_in_user_id(client) == str(user.pk)
    assert list(SocialAccount.objects.values_list("user_id", "provider", "uid")) == [
        (user.pk, "state-u", "campus-0001")
    ]
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("ada@state.edu", True, True)
    ]
    # Discovery, the browser at /authorize, then allauth's code exchange and user info.
    assert [call for call in campus.requests if call[1] != "/.well-known/openid-configuration"] == [
        ("GET", "/authorize"),
        ("POST", "/token"),
        ("GET", "/userinfo"),
    ]


def test_campus_sign_in_reaches_the_existing_account_with_that_address(
    client, campus, db, settings
):
    # The operator lists state.edu as this campus's own domain.
    campus_vouching_for(settings, campus, ["state.edu"])
    allow_student_domains("state.edu")
    mentor = MentorFactory(email="maria@state.edu", first_name="Maria", last_name="Mentor")
    maria = {**ADA, "sub": "campus-0002", "email": "maria@state.edu", "given_name": "M."}

    response = sign_in_through_campus(client, campus, maria)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_user_id(client) == str(mentor.pk)
    assert User.objects.count() == 1
    mentor.refresh_from_db()
    # The account keeps its role, name and password; the campus login is linked.
    assert (mentor.role, mentor.first_name, mentor.has_usable_password()) == (
        Role.MENTOR,
        "Maria",
        True,
    )
    assert list(SocialAccount.objects.values_list("user_id", "uid")) == [(mentor.pk, "campus-0002")]


def test_linked_campus_login_signs_in_again_by_its_subject(client, campus, db):
    allow_student_domains("state.edu")
    sign_in_through_campus(client, campus, ADA)
    client.post(reverse("account_logout"))
    assert signed_in_user_id(client) is None

    response = sign_in_through_campus(client, campus, {**ADA, "email": "ada.l@state.edu"})

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(User.objects.get(email="ada@state.edu").pk)
    assert User.objects.count() == 1


def test_unverified_campus_address_does_not_reach_an_existing_account(client, campus, db):
    student = StudentFactory(email="sophie@state.edu")
    allow_student_domains("state.edu")
    unverified = {**ADA, "sub": "campus-0003", "email": "sophie@state.edu", "email_verified": False}

    sign_in_through_campus(client, campus, unverified)

    assert signed_in_user_id(client) is None
    assert list(User.objects.values_list("pk", flat=True)) == [student.pk]
    assert SocialAccount.objects.count() == 0


def test_campus_address_outside_the_student_domains_creates_no_account(client, campus, db):
    allow_student_domains("state.edu")
    outsider = {**ADA, "email": "ada@gmail.com"}

    response = sign_in_through_campus(client, campus, outsider)

    assert response.status_code == 403
    assert response.templates[0].name == "socialaccount/campus_signup_refused.html"
    assert page_title(response) == "No account for this campus address · CareerConnect"
    assert alert_text(response) == (
        "Your sign-in at State University worked, but ada@gmail.com is not an address from a "
        "campus domain the career center accepts for new student accounts. No account was "
        "created."
    )
    assert User.objects.count() == 0
    assert signed_in_user_id(client) is None


def test_forged_state_is_refused_before_any_code_exchange(client, campus, db):
    allow_student_domains("state.edu")
    campus.person = ADA
    path, query = back_from_campus(campus, start(client))

    response = client.get(f"{path}?{urlencode({**query, 'state': 'forged-state-value'})}")

    assert response.status_code == 401
    assert response.templates[0].name == "socialaccount/authentication_error.html"
    assert page_title(response) == "Campus sign-in failed · CareerConnect"
    assert alert_text(response).startswith(
        "We could not confirm your campus sign-in with State University, so you are not signed "
        "in and no account was created or changed."
    )
    assert ("POST", "/token") not in campus.requests
    assert User.objects.count() == 0
    assert signed_in_user_id(client) is None


def test_callback_from_another_browser_is_refused(client, campus, db):
    """The state lives in the session of the browser that started: a stolen code is useless."""
    allow_student_domains("state.edu")
    campus.person = ADA
    path, query = back_from_campus(campus, start(client))
    response = Client().get(f"{path}?{urlencode(query)}")

    assert response.templates[0].name == "socialaccount/authentication_error.html"
    assert ("POST", "/token") not in campus.requests
    assert User.objects.count() == 0


def test_id_token_issued_for_another_application_is_refused(client, campus, db):
    allow_student_domains("state.edu")
    campus.id_token_audience = "some-other-application"

    response = sign_in_through_campus(client, campus, ADA)

    assert response.templates[0].name == "socialaccount/authentication_error.html"
    assert ("POST", "/token") in campus.requests
    assert User.objects.count() == 0
    assert signed_in_user_id(client) is None


def test_campus_refusing_the_code_exchange_shows_the_error_page(client, campus, db, settings):
    allow_student_domains("state.edu")
    apps = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": [{**apps[0], "secret": "a-wrong-secret"}]}
    }

    response = sign_in_through_campus(client, campus, ADA)

    assert response.templates[0].name == "socialaccount/authentication_error.html"
    assert User.objects.count() == 0


def test_campus_that_cancels_shows_a_cancelled_page(client, campus, db):
    authorize = parse_qs(urlsplit(start(client)).query)
    cancelled = {"error": "access_denied", "state": authorize["state"][0]}

    response = client.get(f"{CALLBACK_PATH}?{urlencode(cancelled)}")

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_login_cancelled")
    page = client.get(response["Location"])
    assert page.templates[0].name == "socialaccount/login_cancelled.html"
    assert alert_text(page) == "The sign-in at your campus was cancelled. Nothing was changed."
    assert ("POST", "/token") not in campus.requests
    assert User.objects.count() == 0


def campus_vouching_for(settings, campus, domains: list[str]) -> None:
    """Configure the campus with `verified_email`, as an operator would."""
    (entry,) = json.loads(campus.oidc_providers_json())
    variables = {
        "OIDC_PROVIDERS": json.dumps([{**entry, "verified_email": domains}]),
        "OIDC_STATE_U_SECRET": CLIENT_SECRET,
    }
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": campus_apps(env_of(variables), debug=False)}
    }


def assert_untouched(user, *, password_usable: bool = True) -> None:
    before = (user.email, user.role, user.first_name)
    user.refresh_from_db()
    assert (user.email, user.role, user.first_name) == before
    assert user.has_usable_password() is password_usable
    assert SocialAccount.objects.count() == 0


NOT_LINKED = (
    "Your sign-in at State University worked, but campus sign-in cannot open the "
    "CareerConnect account of {email}. You are not signed in, and nothing was changed."
)


def test_gmail_address_from_the_campus_does_not_reach_that_persons_account(client, campus, db):
    allow_student_domains("state.edu")
    victim = StudentFactory(email="victim@gmail.com", first_name="Vic")
    mallory = {**ADA, "sub": "campus-0666", "email": "victim@gmail.com", "email_verified": True}

    response = sign_in_through_campus(client, campus, mallory)

    # The same page as for any address outside the student domains: it does
    # not tell whether someone has an account with it.
    assert response.status_code == 403
    assert response.templates[0].name == "socialaccount/campus_signup_refused.html"
    assert alert_text(response) == (
        "Your sign-in at State University worked, but victim@gmail.com is not an address from "
        "a campus domain the career center accepts for new student accounts. No account was "
        "created."
    )
    assert signed_in_user_id(client) is None
    assert list(User.objects.values_list("pk", flat=True)) == [victim.pk]
    assert_untouched(victim)


def test_gmail_address_is_no_way_in_when_every_domain_may_sign_up(client, campus, db):
    """An empty student-domain list admits any address for sign-up, never for signing in
    to someone else's account."""
    allow_student_domains()
    victim = MentorFactory(email="victim@gmail.com", first_name="Vic")
    mallory = {**ADA, "sub": "campus-0666", "email": "victim@gmail.com", "email_verified": True}

    response = sign_in_through_campus(client, campus, mallory)

    assert response.status_code == 403
    assert response.templates[0].name == "socialaccount/campus_account_not_linked.html"
    assert page_title(response) == "Sign in with your password · CareerConnect"
    assert alert_text(response) == NOT_LINKED.format(email="victim@gmail.com")
    assert signed_in_user_id(client) is None
    assert list(User.objects.values_list("pk", flat=True)) == [victim.pk]
    assert_untouched(victim)


def test_verified_email_domains_are_what_the_campus_vouches_for(client, campus, db, settings):
    campus_vouching_for(settings, campus, ["state.edu"])
    mentor = MentorFactory(email="maria@state.edu", first_name="Maria")
    # No email_verified claim at all: the configured domain is enough.
    maria = {**ADA, "sub": "campus-0002", "email": "maria@state.edu"}
    del maria["email_verified"]

    response = sign_in_through_campus(client, campus, maria)

    assert response["Location"] == reverse("dashboard")
    assert signed_in_user_id(client) == str(mentor.pk)
    assert list(SocialAccount.objects.values_list("user_id", "uid")) == [(mentor.pk, "campus-0002")]


def test_a_verified_claim_for_a_student_domain_is_not_enough_without_the_campus_list(
    client, campus, db
):
    # Another campus (or an attribute set in its directory) vouching for a
    # student domain that is not its own must not open the account.
    allow_student_domains("state.edu", "other.edu")
    victim = MentorFactory(email="victim@other.edu")
    mallory = {**ADA, "sub": "campus-0667", "email": "victim@other.edu", "email_verified": True}

    response = sign_in_through_campus(client, campus, mallory)

    assert response.templates[0].name == "socialaccount/campus_account_not_linked.html"
    assert signed_in_user_id(client) is None
    assert list(User.objects.values_list("pk", flat=True)) == [victim.pk]
    assert_untouched(victim)


def test_verified_email_domains_do_not_stretch_to_other_domains(client, campus, db, settings):
    campus_vouching_for(settings, campus, ["state.edu"])
    allow_student_domains()
    victim = MentorFactory(email="victim@gmail.com")
    mallory = {**ADA, "sub": "campus-0666", "email": "victim@gmail.com", "email_verified": True}

    response = sign_in_through_campus(client, campus, mallory)

    assert response.templates[0].name == "socialaccount/campus_account_not_linked.html"
    assert signed_in_user_id(client) is None
    assert_untouched(victim)


@pytest.mark.parametrize(
    "make",
    [
        lambda: AdvisorFactory(email="avery@state.edu", first_name="Avery"),
        lambda: MentorFactory(email="avery@state.edu", first_name="Avery", is_staff=True),
    ],
    ids=["advisor", "staff"],
)
def test_advisor_and_staff_accounts_are_never_reached_by_a_campus_address(
    client, campus, db, settings, make
):
    settings.MFA_REQUIRED = True
    allow_student_domains("state.edu")
    campus_vouching_for(settings, campus, ["state.edu"])
    person = make()
    avery = {**ADA, "sub": "campus-0004", "email": "avery@state.edu"}

    response = sign_in_through_campus(client, campus, avery)

    assert response.status_code == 403
    assert response.templates[0].name == "socialaccount/campus_account_not_linked.html"
    assert alert_text(response) == NOT_LINKED.format(email="avery@state.edu")
    assert signed_in_user_id(client) is None
    assert User.objects.count() == 1
    assert_untouched(person)


def test_advisor_who_linked_the_campus_login_still_gives_the_second_factor(
    client, campus, db, settings
):
    settings.MFA_REQUIRED = True
    advisor = AdvisorFactory(email="avery@state.edu")
    secret = give_authenticator(advisor)
    # Linked from the account's connected sign-ins after a password sign-in.
    SocialAccount.objects.create(user=advisor, provider="state-u", uid="campus-0004")
    avery = {**ADA, "sub": "campus-0004", "email": "avery@state.edu"}

    response = sign_in_through_campus(client, campus, avery)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None
    signed_in = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert signed_in["Location"] == reverse("dashboard")
    assert signed_in_user_id(client) == str(advisor.pk)
    assert client.get("/advisor/requests/").status_code == 200


def test_advisor_without_an_app_arriving_through_a_linked_campus_login_is_sent_to_set_up(
    client, campus, db, settings
):
    settings.MFA_REQUIRED = True
    advisor = AdvisorFactory(email="avery@state.edu")
    SocialAccount.objects.create(user=advisor, provider="state-u", uid="campus-0005")

    sign_in_through_campus(
        client, campus, {**ADA, "sub": "campus-0005", "email": "avery@state.edu"}
    )

    assert signed_in_user_id(client) == str(advisor.pk)
    assert client.get("/advisor/requests/")["Location"] == "/accounts/2fa/totp/activate/"
