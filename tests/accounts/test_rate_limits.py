"""allauth's rate limits are on, at its defaults.

allauth 65's defaults: "login_failed" is 10/m/ip,5/300s/key (the key is the
address being signed in to), "login" 30/m/ip, "signup" 20/m/ip and
"reset_password" 20/m/ip,5/m/key. The counters live in the cache, which the
account tests clear around every test (conftest.py).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account import app_settings
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, StudentFactory

from .helpers import signed_in_user_id, signup_data

MOMENT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
WRONG = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


def sign_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def form_errors(response):
    return response.context["form"].errors["__all__"]


def test_default_rate_limits_are_in_force():
    limits = app_settings.RATE_LIMITS
    assert (
        limits["login_failed"],
        limits["login"],
        limits["signup"],
        limits["reset_password"],
    ) == ("10/m/ip,5/300s/key", "30/m/ip", "20/m/ip", "20/m/ip,5/m/key")


@pytest.mark.django_db
def test_sixth_login_after_five_failures_is_refused_even_with_right_password(client):
    person = StudentFactory(email="target@example.edu")

    with time_machine.travel(MOMENT, tick=False):
        failures = [form_errors(sign_in(client, "target@example.edu", "wrong")) for _ in range(5)]
        refused = sign_in(client, "target@example.edu", PASSWORD)

    assert failures == [[WRONG]] * 5
    assert refused.status_code == 200
    assert form_errors(refused) == [TOO_MANY]
    assert signed_in_user_id(client) is None
    person.refresh_from_db()
    assert person.last_login is None


@pytest.mark.django_db
def test_failed_login_limit_is_per_address(client):
    StudentFactory(email="target@example.edu")
    other = StudentFactory(email="other@example.edu")

    with time_machine.travel(MOMENT, tick=False):
        for _ in range(5):
            sign_in(client, "target@example.edu", "wrong")
        response = sign_in(client, "other@example.edu", PASSWORD)
        # (Read while the clock is still stopped: the session expires two weeks on.)
        signed_in = signed_in_user_id(client)

    assert response.status_code == 302
    assert signed_in == str(other.pk)


@pytest.mark.django_db
def test_failed_login_limit_counts_the_address_in_any_case(client):
    StudentFactory(email="target@example.edu")

    with time_machine.travel(MOMENT, tick=False):
        for login in ["target@example.edu", "TARGET@example.edu", "Target@Example.edu"] * 2:
            sign_in(client, login, "wrong")
        refused = sign_in(client, "target@example.edu", PASSWORD)

    # The sixth attempt was already refused before the right password came.
    assert form_errors(refused) == [TOO_MANY]


@pytest.mark.django_db
def test_sign_in_works_again_five_minutes_after_the_failures(client):
    person = StudentFactory(email="target@example.edu")

    with time_machine.travel(MOMENT, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "target@example.edu", "wrong")
        traveller.shift(timedelta(seconds=299))
        still_refused = sign_in(client, "target@example.edu", PASSWORD)
        traveller.shift(timedelta(seconds=2))
        accepted = sign_in(client, "target@example.edu", PASSWORD)
        signed_in = signed_in_user_id(client)

    assert form_errors(still_refused) == [TOO_MANY]
    assert accepted.status_code == 302
    assert signed_in == str(person.pk)


@pytest.mark.django_db
def test_successful_logins_do_not_use_up_the_failure_allowance(client):
    person = StudentFactory(email="target@example.edu")

    # Timestamps must differ: allauth takes a success back by its timestamp.
    with time_machine.travel(MOMENT, tick=True):
        for _ in range(4):
            sign_in(client, "target@example.edu", "wrong")
        for _ in range(3):
            assert sign_in(Client(), "target@example.edu", PASSWORD).status_code == 302
        fifth_failure = sign_in(client, "target@example.edu", "wrong")
        after_five = sign_in(client, "target@example.edu", PASSWORD)

    assert form_errors(fifth_failure) == [WRONG]
    assert form_errors(after_five) == [TOO_MANY]
    person.refresh_from_db()
    assert person.last_login is not None


@pytest.mark.django_db
def test_ten_failures_from_one_address_block_the_next_account_from_that_ip(client):
    StudentFactory(email="victim@example.edu")

    with time_machine.travel(MOMENT, tick=False):
        failures = [
            form_errors(sign_in(client, f"guess{number}@example.edu", "wrong"))
            for number in range(10)
        ]
        refused = sign_in(client, "victim@example.edu", PASSWORD)

    assert failures == [[WRONG]] * 10
    assert form_errors(refused) == [TOO_MANY]
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_thirty_first_login_post_in_a_minute_gets_429(client):
    StudentFactory(email="busy@example.edu")

    with time_machine.travel(MOMENT, tick=False):
        statuses = [sign_in(Client(), "busy@example.edu", PASSWORD).status_code for _ in range(30)]
        limited = sign_in(client, "busy@example.edu", PASSWORD)

    assert statuses == [302] * 30
    assert limited.status_code == 429
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_twenty_first_signup_in_a_minute_from_one_ip_gets_429(client):
    with time_machine.travel(MOMENT, tick=False):
        statuses = [
            Client()
            .post("/accounts/signup/", signup_data(email=f"person{number}@example.edu"))
            .status_code
            for number in range(20)
        ]
        limited = client.post("/accounts/signup/", signup_data(email="late@example.edu"))

    assert statuses == [302] * 20
    assert limited.status_code == 429
    assert len(mail.outbox) == 20


@pytest.mark.django_db
def test_sixth_password_reset_for_one_address_in_a_minute_is_refused(client):
    StudentFactory(email="forgetful@example.edu")

    with time_machine.travel(MOMENT, tick=False):
        statuses = [
            client.post("/accounts/password/reset/", {"email": "forgetful@example.edu"}).status_code
            for _ in range(5)
        ]
        refused = client.post("/accounts/password/reset/", {"email": "forgetful@example.edu"})

    assert statuses == [302] * 5
    assert refused.status_code == 429
    assert len(mail.outbox) == 5
