"""Who gets what from the pages of this issue, for every kind of visitor.

The scene: a held meeting between `student` and `mentor`, with one referral
the mentor added (to someone outside the directory) and one to a directory
mentor. Outsiders (another student, another mentor) and advisors get 404 from
everything that acts on the meeting, anonymous visitors sign in first; a
participant asking for what is not theirs goes back to the meeting with the
reason. A GET never changes anything; a refused POST changes nothing.
"""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from interviews.domain import referrals
from tests.factories import MentorFactory, StudentFactory
from tests.thanks.support import AFTER, followup_snapshot, held
from tests.views.support import messages_of

pytestmark = pytest.mark.django_db

VISITORS = ("student", "mentor", "other_student", "other_mentor", "advisor", "anonymous")


@dataclass(frozen=True)
class Expect:
    status: int
    # For 302s: "login", "request" (the meeting page) or "" (anywhere).
    to: str = ""
    # The flash level a redirect to the meeting page carries.
    message: str = ""
    changes: bool = False


PAGE = Expect(200)
LOGIN = Expect(302, to="login")
NOT_FOUND = Expect(404)
FORBIDDEN = Expect(403)
POST_ONLY = Expect(405)
BACK = Expect(302, to="request", message="error")
DONE = Expect(302, to="request", message="success", changes=True)


def participants(student: Expect, mentor: Expect) -> dict[str, Expect]:
    return {
        "student": student,
        "mentor": mentor,
        "other_student": NOT_FOUND,
        "other_mentor": NOT_FOUND,
        "advisor": NOT_FOUND,
        "anonymous": LOGIN,
    }


def post_only(student: Expect, mentor: Expect) -> tuple[dict, dict]:
    get = dict.fromkeys(VISITORS, POST_ONLY) | {"anonymous": LOGIN}
    return get, participants(student, mentor)


# url name → (GET expectations, POST expectations or None, POST data)
TABLE = {
    "thank_you_write": (
        participants(student=PAGE, mentor=BACK),
        participants(student=DONE, mentor=BACK),
        {"body": "Thank you, Maria!"},
    ),
    "thanked_another_way": (*post_only(student=DONE, mentor=BACK), {}),
    "learning_note": (
        participants(student=PAGE, mentor=BACK),
        participants(student=DONE, mentor=BACK),
        {"body": "What I learned.", "shared": "on"},
    ),
    "referral_new": (
        participants(student=PAGE, mentor=PAGE),
        participants(student=DONE, mentor=DONE),
        {"outside_name": "Kim Elsewhere"},
    ),
    # The referral here is the mentor's: only they may remove it.
    "referral_remove": (*post_only(student=BACK, mentor=DONE), {}),
    # The student's own learning log; another student sees their own (empty) one.
    "learning_log": (
        {
            "student": PAGE,
            "mentor": FORBIDDEN,
            "other_student": PAGE,
            "other_mentor": FORBIDDEN,
            "advisor": FORBIDDEN,
            "anonymous": LOGIN,
        },
        None,
        None,
    ),
    # The referral's link: for its student only.
    "request_new?referral": (
        {
            "student": PAGE,
            "mentor": FORBIDDEN,
            "other_student": NOT_FOUND,
            "other_mentor": FORBIDDEN,
            "advisor": FORBIDDEN,
            "anonymous": LOGIN,
        },
        None,
        None,
    ),
}


@pytest.fixture
def world(student, mentor, advisor):
    with time_machine.travel(AFTER, tick=False):
        request = held(student, mentor)
        referred = MentorFactory(first_name="Referred", last_name="Mentor")
        outside = referrals.make_referral(
            request_id=request.pk, user=mentor, outside_name="Jo Outside", now=AFTER
        )
        directory = referrals.make_referral(
            request_id=request.pk, user=mentor, to_mentor_id=referred.pk, now=AFTER
        )
        people = {
            "student": student,
            "mentor": mentor,
            "other_student": StudentFactory(),
            "other_mentor": MentorFactory(),
            "advisor": advisor,
        }
        yield {
            "request": request,
            "people": people,
            "urls": {
                "thank_you_write": reverse("thank_you_write", args=[request.pk]),
                "thanked_another_way": reverse("thanked_another_way", args=[request.pk]),
                "learning_note": reverse("learning_note", args=[request.pk]),
                "referral_new": reverse("referral_new", args=[request.pk]),
                "referral_remove": reverse("referral_remove", args=[request.pk, outside.pk]),
                "learning_log": reverse("learning_log"),
                "request_new?referral": (
                    f"{reverse('request_new', args=[referred.pk])}?referral={directory.pk}"
                ),
            },
        }


def client_of(world, visitor: str) -> Client:
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def check(response, expected: Expect, *, world, path: str) -> None:
    assert response.status_code == expected.status
    if expected.to == "login":
        assert response["Location"] == f"{reverse('account_login')}?next={quote(path, safe='/')}"
    elif expected.to == "request":
        assert response["Location"] == reverse("request_detail", args=[world["request"].pk])
        assert [level for level, _text in messages_of(response)] == [expected.message]


CASES = [(name, visitor) for name in TABLE for visitor in VISITORS]


@pytest.mark.parametrize(("name", "visitor"), CASES)
def test_get(world, name, visitor):
    expected = TABLE[name][0][visitor]
    path = world["urls"][name]
    before = followup_snapshot(world["request"])

    response = client_of(world, visitor).get(path)

    check(response, expected, world=world, path=path)
    assert followup_snapshot(world["request"]) == before


@pytest.mark.parametrize(
    ("name", "visitor"), [(name, visitor) for name, visitor in CASES if TABLE[name][1]]
)
def test_post(world, name, visitor):
    _get, posts, data = TABLE[name]
    expected = posts[visitor]
    path = world["urls"][name]
    before = followup_snapshot(world["request"])

    response = client_of(world, visitor).post(path, data)

    check(response, expected, world=world, path=path)
    assert (followup_snapshot(world["request"]) != before) == expected.changes
