"""`manage.py seed_demo`: the demo data `make run` loads into an empty database."""

from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import Client

from careerconnect.models import Role, User
from interviews.enums import ApprovalState, RequestStatus
from interviews.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD
from interviews.models import InterviewRequest, MentorProfile, StudentProfile
from tests.factories import StudentFactory


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seeds_people_of_every_role():
    out = seed()

    assert out == "Demo data loaded.\n"
    assert Counter(User.objects.values_list("role", flat=True)) == {
        Role.ADVISOR: 1,
        Role.MENTOR: 14,
        Role.STUDENT: 4,
    }
    assert Counter(MentorProfile.objects.values_list("approval_state", flat=True)) == {
        ApprovalState.APPROVED: 13,
        ApprovalState.PENDING: 1,
    }
    assert StudentProfile.objects.count() == 4
    assert MentorProfile.objects.filter(accepting_requests=False).count() == 1
    # Everybody can sign in right away: verified address, onboarded.
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 19
    assert User.objects.filter(onboarded_at__isnull=True).count() == 0
    assert set(User.objects.values_list("email", flat=True)) >= {
        f"advisor@{DEMO_DOMAIN}",
        f"student@{DEMO_DOMAIN}",
        f"maria@{DEMO_DOMAIN}",
        f"new.mentor@{DEMO_DOMAIN}",
    }


@pytest.mark.django_db
def test_seeds_requests_in_every_state():
    seed()

    assert Counter(InterviewRequest.objects.values_list("status", flat=True)) == {
        RequestStatus.PENDING: 1,
        RequestStatus.COUNTER_PROPOSED: 1,
        RequestStatus.CONFIRMED: 3,
        RequestStatus.DECLINED: 1,
        RequestStatus.WITHDRAWN: 1,
        RequestStatus.EXPIRED: 1,
        RequestStatus.CANCELLED: 1,
    }
    moving = InterviewRequest.objects.exclude(reschedule_proposed_by="").get()
    assert moving.status == RequestStatus.CONFIRMED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "landing"),
    [
        (f"student@{DEMO_DOMAIN}", "/dashboard/"),
        (f"maria@{DEMO_DOMAIN}", "/dashboard/"),
        (f"advisor@{DEMO_DOMAIN}", "/advisor/requests/"),
    ],
)
def test_demo_logins_work(email, landing):
    seed()
    browser = Client()

    signed_in = browser.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    page = browser.get(landing)

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/dashboard/"
    assert page.status_code == 200


@pytest.mark.django_db
def test_if_empty_on_a_database_with_users_does_nothing():
    StudentFactory()

    out = seed("--if-empty")

    assert out == ""
    assert User.objects.count() == 1
    assert InterviewRequest.objects.count() == 0
    assert MentorProfile.objects.count() == 0


@pytest.mark.django_db
def test_if_empty_on_an_empty_database_seeds():
    assert seed("--if-empty") == "Demo data loaded.\n"
    assert User.objects.count() == 19


@pytest.mark.django_db
def test_without_if_empty_a_database_with_users_is_refused():
    StudentFactory()

    with pytest.raises(CommandError) as refused:
        seed()

    assert str(refused.value) == (
        "The database already has users; demo data goes into an empty one."
    )
    assert User.objects.count() == 1
    assert InterviewRequest.objects.count() == 0
