"""Advisors and staff use a second factor (TOTP) when MFA_REQUIRED is on.

The suite runs with MFA_REQUIRED off (tests/settings.py: its advisors sign in
with force_login); these tests switch it on, except where they show it off.
"""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.helpers import alert_texts, page_title, signed_in_user_id
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.mfa.helpers import give_authenticator, sign_in_with_password, totp_code, wrong_code

ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
REQUESTS = "/advisor/requests/"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture
def advisor(db):
    return AdvisorFactory(email="avery@example.edu", first_name="Avery", last_name="Advisor")


def secret_on(response) -> str:
    match = re.search(r'id="authenticator_secret"\s+value="([A-Z2-7]+)"', response.content.decode())
    return match.group(1)


def test_advisor_without_authenticator_is_sent_to_set_up_from_every_page(
    client, advisor, mfa_required
):
    assert sign_in_with_password(client, advisor)["Location"] == "/dashboard/"

    for path in (
        REQUESTS,
        "/dashboard/",
        "/settings/email/",
        "/accounts/password/change/",
        "/admin/",
    ):
        response = client.get(path)
        assert (path, response.status_code, response["Location"]) == (path, 302, ACTIVATE)


def test_set_up_page_asks_for_the_password_first_then_shows_the_code_and_key(
    client, advisor, mfa_required
):
    sign_in_with_password(client, advisor)

    asked = client.get(ACTIVATE)
    assert (
        asked["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    confirmed = client.post(asked["Location"], {"password": "a-long-test-password"})
    assert confirmed["Location"] == ACTIVATE
    page = client.get(ACTIVATE)

    assert page.status_code == 200
    assert [template.name for template in page.templates][:5] == [
        "mfa/totp/activate_form.html",
        "mfa/totp/base.html",
        "mfa/base_manage.html",
        "allauth/layouts/manage.html",
        "allauth/layouts/base.html",
    ]
    assert "base.html" in [template.name for template in page.templates]
    assert page_title(page) == "Activate Authenticator App · CareerConnect"
    html = page.content.decode()
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 1
    assert 'src="data:image/svg+xml;base64,' in images[0]
    assert (
        'alt="QR code for your authenticator app (the same key is written out below)"' in images[0]
    )
    assert re.fullmatch(r"[A-Z2-7]{32}", secret_on(page))
    # Under the strict CSP: no inline script or style.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style|\sstyle=", html) == []


def test_advisor_sets_up_the_app_with_a_code_and_reaches_the_requests(
    client, advisor, mfa_required, django_capture_on_commit_callbacks
):
    sign_in_with_password(client, advisor)
    client.post("/accounts/reauthenticate/", {"password": "a-long-test-password"})
    secret = secret_on(client.get(ACTIVATE))

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert done["Location"] == "/accounts/2fa/recovery-codes/"
    assert sorted(Authenticator.objects.filter(user=advisor).values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]
    codes = client.get(done["Location"])
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10
    requests = client.get(REQUESTS)
    assert requests.status_code == 200
    assert requests.templates[0].name == "interviews/advisor/requests.html"


def test_set_up_refuses_a_wrong_code(client, advisor, mfa_required):
    sign_in_with_password(client, advisor)
    client.post("/accounts/reauthenticate/", {"password": "a-long-test-password"})
    secret = secret_on(client.get(ACTIVATE))

    refused = client.post(ACTIVATE, {"code": wrong_code(secret)})

    assert refused.status_code == 200
    assert refused.context["form"].errors == {"code": ["Incorrect code."]}
    assert Authenticator.objects.filter(user=advisor).count() == 0
    assert client.get(REQUESTS)["Location"] == ACTIVATE


def test_advisor_with_app_signs_in_with_password_then_code_and_reaches_the_requests(
    client, advisor, mfa_required
):
    secret = give_authenticator(advisor)

    password = sign_in_with_password(client, advisor)
    assert password["Location"] == AUTHENTICATE
    assert signed_in_user_id(client) is None
    code_page = client.get(AUTHENTICATE)
    assert code_page.templates[0].name == "mfa/authenticate.html"
    assert page_title(code_page) == "Sign In · CareerConnect"

    signed_in = client.post(AUTHENTICATE, {"code": totp_code(secret)})

    assert signed_in["Location"] == "/dashboard/"
    assert signed_in_user_id(client) == str(advisor.pk)
    requests = client.get(REQUESTS)
    assert requests.status_code == 200
    assert requests.templates[0].name == "interviews/advisor/requests.html"


def test_wrong_code_at_sign_in_is_refused_and_signs_nobody_in(client, advisor, mfa_required):
    secret = give_authenticator(advisor)
    sign_in_with_password(client, advisor)

    refused = client.post(AUTHENTICATE, {"code": wrong_code(secret)})

    assert refused.status_code == 200
    assert refused.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None
    assert client.get(REQUESTS)["Location"] == f"/accounts/login/?next={REQUESTS}"


def test_a_code_works_once(client, advisor, mfa_required):
    secret = give_authenticator(advisor)
    code = totp_code(secret)
    sign_in_with_password(client, advisor)
    client.post(AUTHENTICATE, {"code": code})
    client.post(reverse("account_logout"))

    sign_in_with_password(client, advisor)
    replayed = client.post(AUTHENTICATE, {"code": code})

    assert replayed.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None


def test_session_that_never_gave_the_code_is_asked_for_it_then_returns(
    client, client_for, advisor, mfa_required
):
    """E.g. a sign-in through the Django admin's own form, or from before MFA_REQUIRED."""
    secret = give_authenticator(advisor)
    browser = client_for(advisor)

    asked = browser.get(f"{REQUESTS}?status=pending")

    assert (
        asked["Location"]
        == "/accounts/2fa/reauthenticate/?next=%2Fadvisor%2Frequests%2F%3Fstatus%3Dpending"
    )
    page = browser.get(asked["Location"])
    assert page.templates[0].name == "mfa/reauthenticate.html"
    assert alert_texts(page) == ["Enter a code from your authenticator app to continue."]
    back = browser.post(asked["Location"], {"code": totp_code(secret)})
    assert back["Location"] == f"{REQUESTS}?status=pending"
    assert browser.get(back["Location"]).status_code == 200


def test_pages_without_a_second_factor_still_open_sign_out(client, advisor, mfa_required):
    sign_in_with_password(client, advisor)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_staff_member_of_any_role_is_sent_to_set_up(client_for, db, mfa_required):
    operator = MentorFactory(is_staff=True)

    response = client_for(operator).get("/admin/")

    assert response["Location"] == ACTIVATE


@pytest.mark.parametrize("factory", [StudentFactory, MentorFactory])
def test_students_and_mentors_are_not_asked_for_a_second_factor(client, db, mfa_required, factory):
    person = factory()

    assert sign_in_with_password(client, person)["Location"] == "/dashboard/"
    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/dashboard.html"


def test_with_mfa_required_off_advisors_are_not_forced(client, advisor, settings):
    settings.MFA_REQUIRED = False

    assert sign_in_with_password(client, advisor)["Location"] == "/dashboard/"
    response = client.get(REQUESTS)

    assert response.status_code == 200
    assert response.templates[0].name == "interviews/advisor/requests.html"


def test_with_mfa_required_off_an_advisor_with_an_app_still_gives_the_code(
    client, advisor, settings
):
    settings.MFA_REQUIRED = False
    give_authenticator(advisor)

    assert sign_in_with_password(client, advisor)["Location"] == AUTHENTICATE


def test_advisor_cannot_switch_the_second_factor_off(client, advisor, mfa_required):
    secret = give_authenticator(advisor)
    sign_in_with_password(client, advisor)
    client.post(AUTHENTICATE, {"code": totp_code(secret)})
    # Switching off asks for a fresh code first (the next one the app shows).
    asked = client.post("/accounts/2fa/totp/deactivate/")
    assert (
        asked["Location"]
        == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F"
    )
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret, time.time() + 30)})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["You cannot deactivate two-factor authentication."]
    }
    assert Authenticator.objects.filter(user=advisor, type="totp").count() == 1


def test_second_factor_rule_costs_no_query_for_students(client_for, student, mfa_required):
    browser = client_for(student)
    browser.get("/dashboard/")
    with_rule = _queries(browser, "/dashboard/")

    assert with_rule == _queries_without_rule(browser, "/dashboard/")


def _queries(browser, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        browser.get(path)
    return len(captured.captured_queries)


def _queries_without_rule(browser, path) -> int:
    from django.conf import settings

    settings.MFA_REQUIRED = False
    try:
        return _queries(browser, path)
    finally:
        settings.MFA_REQUIRED = True
