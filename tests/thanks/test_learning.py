"""The learning log: private notes per held meeting, shared with the career
center only while the student chooses, and one page listing every meeting."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from interviews.domain import learning, outcomes, referrals, thanks
from interviews.domain.access import ADVISOR
from interviews.domain.errors import NotAllowed
from interviews.enums import Party
from interviews.models import LearningNote
from tests import builders
from tests.factories import MentorFactory
from tests.thanks.support import (
    AFTER,
    NOW,
    confirmed,
    followup_snapshot,
    held,
    no_show,
    starts_on,
)
from tests.views.support import field_error, main, messages_of

pytestmark = pytest.mark.django_db

SECRET = "Salaries start around 55k; ask HR about the rotation."


def save(request, body=SECRET, *, shared=False, now=AFTER, by=None):
    return learning.save_learning_note(
        request_id=request.pk,
        student=by or request.student,
        body=body,
        shared=shared,
        now=now,
    )


def note_row(request):
    return (
        LearningNote.objects.filter(request=request)
        .values_list("body", "shared_with_center_at")
        .first()
    )


@pytest.fixture
def travel():
    with time_machine.travel(AFTER, tick=False):
        yield


# --- The domain -----------------------------------------------------------------


def test_a_note_is_private_until_shared(student, mentor):
    request = held(student, mentor)

    save(request, f"  {SECRET}\n")

    assert note_row(request) == (SECRET, None)


def test_sharing_keeps_its_first_date_and_withdrawing_clears_it(student, mentor):
    request = held(student, mentor)

    save(request, shared=True, now=AFTER)
    save(request, "Rewritten while shared.", shared=True, now=AFTER + timedelta(days=2))
    assert note_row(request) == ("Rewritten while shared.", AFTER)

    save(request, "Rewritten while shared.", shared=False, now=AFTER + timedelta(days=3))
    assert note_row(request) == ("Rewritten while shared.", None)

    save(request, "Shared again.", shared=True, now=AFTER + timedelta(days=4))
    assert note_row(request) == ("Shared again.", AFTER + timedelta(days=4))


def test_who_reads_a_note(student, mentor):
    request = held(student, mentor)
    save(request)
    request = type(request).objects.select_related("learning_note").get(pk=request.pk)

    assert learning.visible_learning_note(request, Party.STUDENT).body == SECRET
    assert learning.visible_learning_note(request, Party.MENTOR) is None
    assert learning.visible_learning_note(request, ADVISOR) is None
    assert learning.visible_learning_note(request, "") is None

    save(request, shared=True)
    request = type(request).objects.select_related("learning_note").get(pk=request.pk)
    assert learning.visible_learning_note(request, ADVISOR).body == SECRET
    # Sharing is with the career center: the mentor never reads the notes.
    assert learning.visible_learning_note(request, Party.MENTOR) is None

    save(request, shared=False)
    request = type(request).objects.select_related("learning_note").get(pk=request.pk)
    assert learning.visible_learning_note(request, ADVISOR) is None


def refused(call, request) -> str:
    before = followup_snapshot(request)
    with pytest.raises(NotAllowed) as caught:
        call()
    assert followup_snapshot(request) == before
    return caught.value.message


def test_notes_are_refused_to_others_and_before_the_meeting_took_place(
    student, mentor, other_student
):
    request = held(student, mentor)
    save(request)

    assert (
        refused(lambda: save(request, "Mine now", by=mentor), request)
        == "Only the student keeps notes on what they learned."
    )
    assert (
        refused(lambda: save(request, "Mine now", by=other_student), request)
        == "Only the student and the mentor of this request can do that."
    )
    not_yet = confirmed(student, MentorFactory(), days_later=1)
    assert refused(lambda: save(not_yet), not_yet) == (
        "Notes on what you learned belong to a meeting that took place; this request is confirmed."
    )
    missed = no_show(student, MentorFactory(), days_later=2)
    assert refused(lambda: save(missed), missed) == (
        "Notes on what you learned belong to a meeting that took place; this request is no-show."
    )


def test_sharing_needs_notes_and_notes_have_a_limit(student, mentor):
    request = held(student, mentor)

    assert (
        refused(lambda: save(request, "  ", shared=True), request)
        == "Write your notes before sharing them with the career center."
    )
    assert (
        refused(lambda: save(request, "x" * 8001), request)
        == "Your notes can be at most 8000 characters long; these are 8001."
    )


# --- The note's page ------------------------------------------------------------------


def test_the_student_writes_and_shares_notes_on_their_page(student, mentor, client_for, travel):
    request = held(student, mentor)
    client = client_for(student)
    url = reverse("learning_note", args=[request.pk])

    form = main(client.get(url)).one("form", method="post")
    assert form.one("textarea", name="body").raw_text.strip() == ""
    assert "checked" not in form.one("input", name="shared").attrs

    response = client.post(url, {"body": SECRET, "shared": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("request_detail", args=[request.pk])
    assert messages_of(response) == [("success", "Your notes are saved.")]
    assert note_row(request) == (SECRET, AFTER)

    form = main(client.get(url)).one("form", method="post")
    assert form.one("textarea", name="body").raw_text.strip() == SECRET
    assert "checked" in form.one("input", name="shared").attrs


def test_unticking_share_withdraws_it(student, mentor, client_for, travel):
    request = held(student, mentor)
    save(request, shared=True)

    response = client_for(student).post(
        reverse("learning_note", args=[request.pk]), {"body": SECRET}
    )

    assert response.status_code == 302
    assert note_row(request) == (SECRET, None)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"body": "x" * 8001}, "Ensure this value has at most 8000 characters (it has 8001)."),
        (
            {"body": "   ", "shared": "on"},
            "Write your notes before sharing them with the career center.",
        ),
    ],
    ids=["too-long", "sharing-nothing"],
)
def test_bad_notes_come_back_with_the_reason_and_the_text(
    student, mentor, client_for, travel, data, error
):
    request = held(student, mentor)
    save(request, "What I had before.")
    before = followup_snapshot(request)

    response = client_for(student).post(reverse("learning_note", args=[request.pk]), data)

    assert response.status_code == 400
    assert field_error(response, "body") == error
    form = main(response).one("form", method="post")
    assert form.one("textarea", name="body").raw_text.removeprefix("\n") == data["body"]
    assert followup_snapshot(request) == before


def test_the_note_page_is_the_students_only(
    student, mentor, other_student, other_mentor, advisor, client_for, travel
):
    request = held(student, mentor)
    save(request, shared=True)
    url = reverse("learning_note", args=[request.pk])
    before = followup_snapshot(request)

    from_mentor = client_for(mentor).get(url)
    assert from_mentor.status_code == 302
    assert from_mentor["Location"] == reverse("request_detail", args=[request.pk])
    assert messages_of(from_mentor) == [
        ("error", "That is not possible on this request any more; here is where it stands.")
    ]
    assert client_for(mentor).post(url, {"body": "Overwritten"}).status_code == 302
    for outsider in (other_student, other_mentor, advisor):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"body": "Overwritten"}).status_code == 404
    assert Client().get(url).status_code == 302
    assert followup_snapshot(request) == before


# --- Who sees the note on the request page -----------------------------------------------


def learning_section(response):
    found = main(response).find_all("section", id="learning")
    return found[0].text if found else None


def test_the_request_page_shows_the_note_to_the_student_and_to_advisors_only_while_shared(
    student, mentor, advisor, client_for, travel
):
    request = held(student, mentor)
    save(request)
    url = reverse("request_detail", args=[request.pk])

    def contents(user):
        response = client_for(user).get(url)
        assert response.status_code == 200
        return learning_section(response), SECRET in response.content.decode()

    assert contents(student) == (
        f"What I learned {SECRET} Private to you. Edit my notes · My learning log",
        True,
    )
    assert contents(mentor) == (None, False)
    assert contents(advisor) == (None, False)

    save(request, shared=True)
    assert contents(advisor) == (
        "What Sophie Student learned Shared with the career center "
        f"Fri 5 Mar 2027, 04:00 EST. {SECRET}",
        True,
    )
    assert contents(mentor) == (None, False)

    save(request, shared=False)
    assert contents(advisor) == (None, False)


# --- The learning log -----------------------------------------------------------------


def test_the_log_lists_held_and_past_meetings_latest_first(student, client_for):
    first = held(student, MentorFactory(first_name="Ada", last_name="First"))
    save(first, "Ada's advice.\nSecond line.")
    # A second meeting a day later, not reported on yet.
    second_mentor = MentorFactory(first_name="Ben", last_name="Second")
    second = builders.confirm(student, second_mentor, now=NOW, starts=starts_on(1))
    # Not in the log: a meeting still ahead, a missed one, a pending request.
    builders.confirm(student, MentorFactory(), now=NOW, starts=starts_on(6))
    no_show(student, MentorFactory(), days_later=3)
    builders.send(student, MentorFactory(), now=NOW, starts=starts_on(8))

    with time_machine.travel(second.meeting.ends_at + timedelta(hours=1), tick=False):
        response = client_for(student).get(reverse("learning_log"))

    assert response.status_code == 200
    assert [ir.pk for ir in response.context["page"]] == [second.pk, first.pk]
    cards = main(response).find_all("article")
    assert [card.one("h2").text for card in cards] == [
        "Ben Second, Software Engineer at Northwind Systems",
        "Ada First, Software Engineer at Northwind Systems",
    ]
    assert cards[0].find_all("p")[-1].text == (
        "Did it take place? Tell us on the meeting page, then write down what you learned."
    )
    assert cards[1].one("p", class_="request-text").raw_text == "Ada's advice.\nSecond line."


def test_a_missed_meeting_is_not_in_the_log(student, mentor, client_for, travel):
    no_show(student, mentor)

    response = client_for(student).get(reverse("learning_log"))

    assert list(response.context["page"]) == []
    assert main(response).find_all("p")[-1].text == (
        "Your conversations will appear here once they have taken place. Find a mentor."
    )


@pytest.mark.parametrize(("who", "status"), [("mentor", 403), ("advisor", 403), ("anonymous", 302)])
def test_the_log_is_for_students(mentor, advisor, client_for, who, status):
    client = (
        Client() if who == "anonymous" else client_for({"mentor": mentor, "advisor": advisor}[who])
    )

    assert client.get(reverse("learning_log")).status_code == status


def a_meeting_with_everything(student, index: int):
    """Held, with notes (shared or not), thanks and two referrals."""
    mentor = MentorFactory(first_name=f"Mentor{index}", last_name=f"Lastname{index}")
    request = builders.confirm(student, mentor, now=NOW, starts=starts_on(index))
    start = request.meeting.starts_at
    outcomes.report_outcome(
        request_id=request.pk, user=student, outcome="held", now=start + timedelta(hours=1)
    )
    later = start + timedelta(hours=2)
    save(request, f"Lesson {index}.", shared=index % 2 == 0, now=later)
    thanks.send_thank_you(request_id=request.pk, student=student, body="Thanks!", now=later)
    referrals.make_referral(
        request_id=request.pk, user=mentor, outside_name=f"Jo {index}", now=later
    )
    referrals.make_referral(
        request_id=request.pk,
        user=student,
        to_mentor_id=MentorFactory(first_name="Referred", last_name=f"Mentor{index}").pk,
        now=later,
    )
    return request


@pytest.mark.parametrize("count", [1, 3])
def test_the_log_queries_stay_constant(student, client_for, django_assert_num_queries, count):
    meetings = [a_meeting_with_everything(student, index) for index in range(count)]

    # Session, user, the paginator's count, the page of meetings (with mentor,
    # profile, meeting, notes and thanks), their referrals with the mentors named.
    with time_machine.travel(NOW + timedelta(days=10), tick=False):
        client = client_for(student)
        with django_assert_num_queries(5):
            response = client.get(reverse("learning_log"))

    assert response.status_code == 200
    assert [ir.pk for ir in response.context["page"]] == [ir.pk for ir in reversed(meetings)]
    assert [
        [item.text for item in card.find_all("li")] for card in main(response).find_all("article")
    ] == [[f"Jo {index}", f"Referred Mentor{index}"] for index in reversed(range(count))]


def test_a_held_meeting_without_notes_invites_to_write_them(student, mentor, client_for, travel):
    request = held(student, mentor)

    response = client_for(student).get(reverse("learning_log"))

    card = main(response).one("article")
    assert card.find_all("p")[-1].text == "Write what you learned from Maria Mentor"
    assert card.find_all("a")[-1].attrs["href"] == reverse("learning_note", args=[request.pk])
    assert card.find_all("p")[0].text == "Thu 4 Mar 2027, 10:00 EST · not thanked yet"
