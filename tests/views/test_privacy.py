"""Contact details are the mentor's to give: shown once a meeting is agreed.

Before confirmation, neither the student's request page nor the directory
and the mentor's page ever contain the mentor's email, phone, video link or
meeting place. After confirmation each participant sees what they need, and
advisors read everything but can change nothing.
"""

import pytest
from django.urls import reverse

from interviews.enums import MeetingFormat
from tests import builders
from tests.factories import MentorFactory
from tests.views.support import main

EMAIL = "maria.private@northwind.example"
PHONE = "+49 30 1234567"
VIDEO_LINK = "https://meet.example.com/mentor-room"
PLACE = "Café Central, Berlin"
SECRETS = (EMAIL, PHONE, VIDEO_LINK, PLACE)

ACTION_URLS = (
    "request_accept",
    "request_propose",
    "request_decline",
    "request_withdraw",
    "meeting_cancel",
    "meeting_reschedule",
    "meeting_reschedule_accept",
    "meeting_reschedule_decline",
    "meeting_reschedule_withdraw",
    "meeting_details",
)


@pytest.fixture
def mentor(db):
    return MentorFactory(
        first_name="Maria", last_name="Mentor", email=EMAIL, profile__offers_in_person=True
    )


def leaked(response) -> list[str]:
    content = response.content.decode()
    return [secret for secret in SECRETS if secret in content]


def meeting_details_shown(response) -> dict[str, str]:
    """The meeting card's details as "label: value" pairs."""
    card = main(response).one("section", **{"aria-labelledby": "meeting-heading"})
    details = card.find_all("dl")
    if not details:
        return {}
    labels = [node.text for node in details[0].find_all("dt")]
    values = [node.text for node in details[0].find_all("dd")]
    return dict(zip(labels, values, strict=True))


def open_request(state: str, student, mentor, meeting_format: str = MeetingFormat.VIDEO):
    interview_request = builders.send(student, mentor, format=meeting_format)
    if state == "counter_proposed":
        builders.counter(interview_request)
    return interview_request


@pytest.mark.parametrize("meeting_format", [MeetingFormat.VIDEO, MeetingFormat.PHONE])
@pytest.mark.parametrize("state", ["pending", "counter_proposed"])
def test_student_sees_no_contact_details_before_confirmation(
    student, mentor, client_for, state, meeting_format
):
    interview_request = open_request(state, student, mentor, meeting_format)

    response = client_for(student).get(reverse("request_detail", args=[interview_request.pk]))

    assert response.status_code == 200
    assert leaked(response) == []


@pytest.mark.parametrize("confirmed", [False, True], ids=["before", "after"])
def test_directory_and_mentor_page_never_show_contact_details(
    student, mentor, client_for, confirmed
):
    if confirmed:
        builders.confirm(student, mentor)
    browser = client_for(student)

    directory = browser.get(reverse("mentor_directory"))
    detail = browser.get(reverse("mentor_detail", args=[mentor.pk]))

    assert main(directory).find_all("a", href=reverse("mentor_detail", args=[mentor.pk]))
    assert (directory.status_code, leaked(directory)) == (200, [])
    assert (detail.status_code, leaked(detail)) == (200, [])


@pytest.mark.parametrize(
    ("meeting_format", "detail"),
    [
        (MeetingFormat.VIDEO, ("Video link", VIDEO_LINK)),
        (MeetingFormat.PHONE, ("Phone", PHONE)),
        (MeetingFormat.IN_PERSON, ("Place", PLACE)),
    ],
)
def test_after_confirmation_the_student_sees_how_to_reach_the_mentor(
    student, mentor, client_for, meeting_format, detail
):
    interview_request = builders.confirm(student, mentor, format=meeting_format)

    response = client_for(student).get(reverse("request_detail", args=[interview_request.pk]))

    label, value = detail
    assert meeting_details_shown(response) == {label: value, "Mentor's email": EMAIL}


def test_after_confirmation_the_mentor_sees_the_students_email(student, mentor, client_for):
    interview_request = builders.confirm(student, mentor)

    response = client_for(mentor).get(reverse("request_detail", args=[interview_request.pk]))

    assert meeting_details_shown(response) == {
        "Video link": VIDEO_LINK,
        "Student's email": student.email,
    }


def test_the_mentor_sees_no_student_email_before_confirmation(student, mentor, client_for):
    interview_request = builders.send(student, mentor)

    response = client_for(mentor).get(reverse("request_detail", args=[interview_request.pk]))

    assert student.email not in response.content.decode()


def test_advisors_read_a_confirmed_meeting_with_both_emails(student, mentor, advisor, client_for):
    interview_request = builders.confirm(student, mentor)

    response = client_for(advisor).get(reverse("request_detail", args=[interview_request.pk]))

    assert meeting_details_shown(response) == {
        "Video link": VIDEO_LINK,
        "Mentor's email": EMAIL,
        "Student's email": student.email,
    }


def _in_state(state, student, mentor):
    if state in ("pending", "counter_proposed"):
        return open_request(state, student, mentor)
    confirmed = builders.confirm(student, mentor)
    if state == "reschedule_pending":
        return builders.propose_reschedule(confirmed, by=student)
    return confirmed


@pytest.mark.parametrize(
    "state", ["pending", "counter_proposed", "confirmed", "reschedule_pending"]
)
def test_advisors_request_page_has_no_action_buttons_or_forms(
    student, mentor, advisor, client_for, state
):
    interview_request = _in_state(state, student, mentor)

    response = client_for(advisor).get(reverse("request_detail", args=[interview_request.pk]))

    page = main(response)
    assert response.status_code == 200
    assert page.find_all("form") == []
    assert page.find_all("button") == []
    action_links = {reverse(name, args=[interview_request.pk]) for name in ACTION_URLS}
    assert [a.attrs["href"] for a in page.find_all("a") if a.attrs["href"] in action_links] == []
    assert page.one("span", class_="border").text == "Read-only view for advisors"


@pytest.mark.parametrize(
    ("state", "offered"), [("pending", "request_decline"), ("confirmed", "meeting_cancel")]
)
def test_the_same_page_offers_actions_to_a_participant(student, mentor, client_for, state, offered):
    """The advisor check above is meaningful: a participant does get actions."""
    interview_request = _in_state(state, student, mentor)

    response = client_for(mentor).get(reverse("request_detail", args=[interview_request.pk]))

    links = main(response).find_all("a", href=reverse(offered, args=[interview_request.pk]))
    assert len(links) == 1
