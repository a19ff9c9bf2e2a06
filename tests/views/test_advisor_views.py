"""The advisors' pages: every request (with a status filter), mentor approval."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.enums import ApprovalState, RequestStatus
from interviews.models import MentorProfile
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.views.support import assert_strict_page, db_snapshot, main, messages_of

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def three_requests(student, mentor):
    """A pending, a confirmed and a declined request, sent a minute apart."""
    other_mentor = MentorFactory(first_name="Otto", last_name="Other")
    third_mentor = MentorFactory(first_name="Tara", last_name="Third")
    pending = builders.send(student, mentor, now=NOW)
    confirmed = builders.confirm(
        StudentFactory(first_name="Carl", last_name="Confirmed"),
        other_mentor,
        now=NOW.replace(minute=1),
    )
    declined = builders.decline(
        builders.send(
            StudentFactory(first_name="Dora", last_name="Declined"),
            third_mentor,
            now=NOW.replace(minute=2),
        ),
        now=NOW.replace(minute=3),
    )
    return pending, confirmed, declined


def rows(response) -> list[tuple[str, str, str]]:
    """(student, mentor, status) of each row of the requests table."""
    body = main(response).one("tbody")
    return [tuple(cell.text for cell in row.find_all("td")[:3]) for row in body.find_all("tr")]


def test_advisor_sees_every_request_newest_first(three_requests, advisor, client_for):
    response = client_for(advisor).get(reverse("advisor_requests"))

    assert response.status_code == 200
    assert rows(response) == [
        ("Dora Declined", "Tara Third", "Declined"),
        ("Carl Confirmed", "Otto Other", "Confirmed"),
        ("Sophie Student", "Maria Mentor", "Waiting for the mentor"),
    ]
    links = [a.attrs["href"] for a in main(response).one("tbody").find_all("a")]
    assert links == [reverse("request_detail", args=[r.pk]) for r in reversed(three_requests)]
    assert_strict_page(response)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (RequestStatus.CONFIRMED, [("Carl Confirmed", "Otto Other", "Confirmed")]),
        (
            RequestStatus.PENDING,
            [("Sophie Student", "Maria Mentor", "Waiting for the mentor")],
        ),
        (RequestStatus.DECLINED, [("Dora Declined", "Tara Third", "Declined")]),
    ],
)
def test_advisor_filters_requests_by_status(three_requests, advisor, client_for, status, expected):
    response = client_for(advisor).get(reverse("advisor_requests"), {"status": status})

    assert rows(response) == expected
    selected = [
        option.attrs["value"]
        for option in main(response).one("select", name="status").find_all("option")
        if "selected" in option.attrs
    ]
    assert selected == [status]


def test_a_status_with_no_requests_says_so(three_requests, advisor, client_for):
    response = client_for(advisor).get(
        reverse("advisor_requests"), {"status": RequestStatus.WITHDRAWN}
    )

    assert main(response).find_all("table") == []
    assert main(response).find_all("p")[-1].text == "No requests match."


def test_an_unknown_status_shows_every_request(three_requests, advisor, client_for):
    response = client_for(advisor).get(reverse("advisor_requests"), {"status": "bogus"})

    assert len(rows(response)) == 3


# --- Mentor approval --------------------------------------------------------------


@pytest.fixture
def waiting(db):
    """A mentor who filled the profile and waits for an advisor."""
    mentor = MentorFactory(first_name="Wanda", last_name="Waiting")
    MentorProfile.objects.filter(user=mentor).update(approval_state=ApprovalState.PENDING)
    return MentorProfile.objects.get(user=mentor)


def listed_names(response) -> list[str]:
    return [heading.text.split(" (")[0] for heading in main(response).find_all("h2", class_="h5")]


def test_pending_list_shows_only_onboarded_mentors_waiting_for_approval(
    waiting, mentor, advisor, client_for
):
    not_onboarded = MentorFactory(first_name="Nora", last_name="New", onboarded_at=None)
    MentorProfile.objects.filter(user=not_onboarded).update(approval_state=ApprovalState.PENDING)
    rejected = MentorFactory(first_name="Rex", last_name="Rejected")
    MentorProfile.objects.filter(user=rejected).update(approval_state=ApprovalState.REJECTED)

    response = client_for(advisor).get(reverse("pending_mentors"))

    assert response.status_code == 200
    assert listed_names(response) == ["Wanda Waiting"]
    approve, reject = main(response).find_all("form")
    assert [approve.attrs["action"], reject.attrs["action"]] == [
        reverse("decide_mentor", args=[waiting.pk])
    ] * 2
    assert [b.attrs["value"] for b in approve.find_all("button")] == ["approve"]
    # Rejecting takes a reason, which is sent to the mentor.
    assert [b.attrs["value"] for b in reject.find_all("button")] == ["reject"]
    assert reject.one("textarea").attrs["name"] == "reason"
    assert_strict_page(response)


def test_advisors_see_how_many_mentors_wait_on_the_requests_page(waiting, advisor, client_for):
    response = client_for(advisor).get(reverse("advisor_requests"))

    notice = main(response).one("div", class_="alert-info").one("a")
    assert (notice.attrs["href"], notice.text) == (
        reverse("pending_mentors"),
        "1 mentor waiting for approval",
    )


@pytest.mark.parametrize(
    ("decision", "state", "message"),
    [
        ("approve", ApprovalState.APPROVED, "Wanda Waiting is now listed in the directory."),
        (
            "reject",
            ApprovalState.REJECTED,
            "Wanda Waiting stays out of the directory; your reason is on its way to them by email.",
        ),
    ],
)
def test_advisor_decides_on_a_waiting_mentor(
    waiting, advisor, client_for, decision, state, message
):
    response = client_for(advisor).post(
        reverse("decide_mentor", args=[waiting.pk]),
        {"decision": decision, "reason": "We only list alumni of the university."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("pending_mentors")
    assert messages_of(response) == [("success", message)]
    waiting.refresh_from_db()
    assert (waiting.approval_state, waiting.approval_changed_by, waiting.approval_changed_at) == (
        state,
        advisor,
        NOW,
    )


def test_an_approved_mentor_appears_in_the_directory(waiting, student, advisor, client_for):
    def directory_has_wanda():
        response = client_for(student).get(reverse("mentor_directory"))
        href = reverse("mentor_detail", args=[waiting.user_id])
        return bool(main(response).find_all("a", href=href))

    assert directory_has_wanda() is False
    assert client_for(student).get(
        reverse("mentor_detail", args=[waiting.user_id])
    ).status_code == (404)

    client_for(advisor).post(reverse("decide_mentor", args=[waiting.pk]), {"decision": "approve"})

    assert directory_has_wanda() is True


def test_a_waiting_mentor_can_still_see_their_own_page(waiting, client_for):
    response = client_for(waiting.user).get(reverse("mentor_detail", args=[waiting.user_id]))

    assert response.status_code == 200
    assert main(response).one("h1").text == "Wanda Waiting"


def test_a_decision_that_is_neither_changes_nothing(waiting, advisor, client_for):
    before = db_snapshot()

    response = client_for(advisor).post(
        reverse("decide_mentor", args=[waiting.pk]), {"decision": "promote"}
    )

    assert response["Location"] == reverse("pending_mentors")
    assert messages_of(response) == [("error", "Choose to approve or to reject.")]
    assert db_snapshot() == before


def test_deciding_by_get_is_not_allowed(waiting, advisor, client_for):
    before = db_snapshot()

    response = client_for(advisor).get(reverse("decide_mentor", args=[waiting.pk]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert db_snapshot() == before


@pytest.mark.parametrize("who", ["student", "mentor", "waiting"])
def test_only_advisors_decide(waiting, student, mentor, client_for, who):
    person = {"student": student, "mentor": mentor, "waiting": waiting.user}[who]
    before = db_snapshot()

    response = client_for(person).post(
        reverse("decide_mentor", args=[waiting.pk]), {"decision": "approve"}
    )

    assert response.status_code == 403
    assert db_snapshot() == before


def test_deciding_on_a_profile_that_does_not_exist_is_a_404(advisor, client_for):
    response = client_for(advisor).post(
        reverse("decide_mentor", args=[999999]), {"decision": "approve"}
    )

    assert response.status_code == 404
