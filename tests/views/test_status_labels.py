"""A status reads from the reader's side: "Waiting for you" when it is their turn."""

from django.urls import reverse

from tests import builders
from tests.views.support import main


def badges(response) -> list[str]:
    return [node.text for node in main(response).find_all("span", class_="badge")]


def test_the_mentor_reads_a_new_request_as_waiting_for_them(student, mentor, client_for):
    request = builders.send(student, mentor)

    mentor_page = client_for(mentor).get(reverse("request_detail", args=[request.pk]))
    student_page = client_for(student).get(reverse("request_detail", args=[request.pk]))

    assert badges(mentor_page) == ["Waiting for you"]
    assert badges(student_page) == ["Waiting for the mentor"]


def test_the_student_reads_a_counter_proposal_as_waiting_for_them(student, mentor, client_for):
    request = builders.counter(builders.send(student, mentor))

    student_list = client_for(student).get(reverse("my_requests"))
    mentor_inbox = client_for(mentor).get(reverse("inbox"))

    assert badges(student_list) == ["Waiting for you"]
    assert badges(mentor_inbox) == ["Waiting for the student"]
    assert request.status == "counter_proposed"


def test_an_advisor_reads_the_plain_status(student, mentor, advisor, client_for):
    request = builders.send(student, mentor)

    page = client_for(advisor).get(reverse("request_detail", args=[request.pk]))

    assert badges(page) == ["Waiting for the mentor", "Read-only view for advisors"]
