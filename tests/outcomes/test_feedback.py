"""The mentor's optional feedback to the career center after a held meeting.

Only the mentor of a held meeting leaves it, once; advisors read it on the
request page; the student never sees it. Pages are used with the clock frozen
on Friday 5 March 2027, 09:00 UTC (the meeting ended the day before).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.domain.actions import Action, available_actions
from interviews.domain.errors import NotAllowed
from interviews.domain.feedback import leave_feedback
from interviews.enums import MeetingOutcome, Party
from interviews.models import MentorFeedback
from tests.outcomes.support import AFTER, confirmed, outcome_snapshot, report
from tests.views.support import (
    assert_strict_page,
    field_error,
    form_values,
    main,
    messages_of,
)

PAGE_TIME = datetime(2027, 3, 5, 9, 0, tzinfo=UTC)
NOTE = "Sophie had read about our team and asked sharp questions.\nA pleasure."
BACK_MESSAGE = "That is not possible on this request any more; here is where it stands."


@pytest.fixture
def held(student, mentor):
    return report(confirmed(student, mentor), student, MeetingOutcome.HELD)


def feedback_rows() -> list[tuple]:
    return list(
        MentorFeedback.objects.values_list("request_id", "preparedness", "note", "created_at")
    )


def give(request, user, *, preparedness=4, note=NOTE, now=AFTER + timedelta(hours=1)):
    return leave_feedback(
        request_id=request.pk, user=user, preparedness=preparedness, note=note, now=now
    )


# --- The rules ---------------------------------------------------------------------


def test_the_mentor_of_a_held_meeting_leaves_feedback(held, mentor):
    give(held, mentor, preparedness=5, note=f"  {NOTE}  ")

    assert feedback_rows() == [(held.pk, 5, NOTE, AFTER + timedelta(hours=1))]
    assert Action.GIVE_FEEDBACK not in available_actions(held, Party.MENTOR, now=PAGE_TIME)


def test_the_note_is_optional(held, mentor):
    give(held, mentor, preparedness=2, note="")

    assert feedback_rows() == [(held.pk, 2, "", AFTER + timedelta(hours=1))]


def test_feedback_is_left_once(held, mentor):
    give(held, mentor)
    before = outcome_snapshot(held)

    with pytest.raises(NotAllowed) as refusal:
        give(held, mentor, preparedness=1, note="Changed my mind.")

    assert refusal.value.message == "You already left feedback on this meeting. Thank you!"
    assert outcome_snapshot(held) == before


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("student", "Only the mentor of this meeting can leave feedback on it."),
        ("other_mentor", "Only the student and the mentor of this request can do that."),
        ("other_student", "Only the student and the mentor of this request can do that."),
        ("advisor", "Only the student and the mentor of this request can do that."),
    ],
)
def test_only_the_mentor_of_the_meeting_leaves_feedback(held, request, who, message):
    before = outcome_snapshot(held)

    with pytest.raises(NotAllowed) as refusal:
        give(held, request.getfixturevalue(who))

    assert refusal.value.message == message
    assert outcome_snapshot(held) == before


def test_no_feedback_before_the_meeting_is_known_to_have_taken_place(student, mentor):
    ended = confirmed(student, mentor)
    before = outcome_snapshot(ended)

    with pytest.raises(NotAllowed) as refusal:
        give(ended, mentor)

    assert refusal.value.message == "Feedback can be left once the meeting has taken place."
    assert outcome_snapshot(ended) == before


def test_no_feedback_on_a_missed_meeting(student, mentor):
    missed = report(confirmed(student, mentor), mentor, MeetingOutcome.STUDENT_NO_SHOW)
    before = outcome_snapshot(missed)

    with pytest.raises(NotAllowed) as refusal:
        give(missed, mentor)

    assert refusal.value.message == "Feedback can be left once the meeting has taken place."
    assert outcome_snapshot(missed) == before
    assert Action.GIVE_FEEDBACK not in available_actions(missed, Party.MENTOR, now=PAGE_TIME)


@pytest.mark.parametrize("rating", [0, 6, -1, 50])
def test_the_rating_is_from_one_to_five(held, mentor, rating):
    with pytest.raises(NotAllowed) as refusal:
        give(held, mentor, preparedness=rating)

    assert refusal.value.message == "Rate how prepared the student was, from 1 to 5."
    assert feedback_rows() == []


def test_the_note_has_a_limit(held, mentor):
    with pytest.raises(NotAllowed) as refusal:
        give(held, mentor, note="x" * 2001)

    assert refusal.value.message == "Keep the note to 2000 characters."
    assert feedback_rows() == []


# --- The page ------------------------------------------------------------------------------


@pytest.fixture
def at_page_time():
    with time_machine.travel(PAGE_TIME, tick=False):
        yield


def feedback_path(request) -> str:
    return reverse("mentor_feedback", args=[request.pk])


def detail_path(request) -> str:
    return reverse("request_detail", args=[request.pk])


@pytest.mark.usefixtures("at_page_time")
@pytest.mark.parametrize(
    ("actor", "get_status", "post_status"),
    [
        ("mentor", 200, 302),
        ("student", 302, 302),
        ("other_student", 404, 404),
        ("other_mentor", 404, 404),
        ("advisor", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_the_page_is_the_mentor_s(
    held, request, client, client_for, actor, get_status, post_status
):
    def browser():
        return client if actor == "anonymous" else client_for(request.getfixturevalue(actor))

    before = outcome_snapshot(held)

    shown = browser().get(feedback_path(held))
    assert outcome_snapshot(held) == before
    posted = browser().post(feedback_path(held), {"preparedness": "4", "note": NOTE})

    assert (shown.status_code, posted.status_code) == (get_status, post_status)
    if actor == "mentor":
        assert shown.templates[0].name == "interviews/outcome/feedback.html"
        assert posted["Location"] == detail_path(held)
        assert feedback_rows() == [(held.pk, 4, NOTE, PAGE_TIME)]
        return
    if actor == "student":
        assert shown["Location"] == posted["Location"] == detail_path(held)
        assert messages_of(shown) == messages_of(posted) == [("error", BACK_MESSAGE)]
    if actor == "anonymous":
        assert shown["Location"] == f"{reverse('account_login')}?next={feedback_path(held)}"
    assert outcome_snapshot(held) == before


@pytest.mark.usefixtures("at_page_time")
def test_the_mentor_rates_and_writes_and_is_thanked(held, client_for, mentor):
    browser = client_for(mentor)
    form = main(browser.get(feedback_path(held))).one("form", method="post")
    assert form.attrs["action"] == feedback_path(held)
    assert form_values(form) == {"preparedness": "", "note": ""}
    assert [
        form.one("label", for_=radio.attrs["id"]).text
        for radio in form.find_all("input", type="radio")
    ] == [
        "1: not prepared",
        "2: a little prepared",
        "3: fairly prepared",
        "4: well prepared",
        "5: very well prepared",
    ]

    response = browser.post(feedback_path(held), {"preparedness": "3", "note": "Good talk."})

    assert messages_of(response) == [
        (
            "success",
            "Thank you. Your feedback is with the career center; the student does not see it.",
        )
    ]
    assert feedback_rows() == [(held.pk, 3, "Good talk.", PAGE_TIME)]
    # Once left, it is not offered again.
    again = browser.get(feedback_path(held))
    assert again["Location"] == detail_path(held)


@pytest.mark.usefixtures("at_page_time")
@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"note": NOTE}, "preparedness", "Choose how prepared the student was."),
        ({"preparedness": "9", "note": NOTE}, "preparedness", "Choose a rating from 1 to 5."),
        ({"preparedness": "four", "note": NOTE}, "preparedness", "Choose a rating from 1 to 5."),
        (
            {"preparedness": "4", "note": "x" * 2001},
            "note",
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(
    held, client_for, mentor, data, field, error
):
    before = outcome_snapshot(held)

    response = client_for(mentor).post(feedback_path(held), data)

    assert response.status_code == 400
    assert field_error(response, field) == error
    assert form_values(main(response).one("form", method="post"))["note"] == data["note"]
    assert outcome_snapshot(held) == before
    assert_strict_page(response)


# --- Who reads it --------------------------------------------------------------------------


def outcome_section(response):
    return main(response).one("section", **{"aria-labelledby": "outcome-heading"})


@pytest.mark.usefixtures("at_page_time")
def test_advisors_read_the_feedback_on_the_request_page(held, client_for, advisor, mentor):
    give(held, mentor, preparedness=4)

    section = outcome_section(client_for(advisor).get(detail_path(held)))

    assert section.one("h3").text == "The mentor's feedback Advisors only"
    feedback = section.by_id("mentor-feedback")
    assert [term.text for term in feedback.find_all("dt")] == [
        "How prepared the student was",
        "Note for the career center",
    ]
    assert [value.text for value in feedback.find_all("dd")] == ["4 of 5", " ".join(NOTE.split())]
    assert feedback.find_all("dd")[1].raw_text == NOTE


@pytest.mark.usefixtures("at_page_time")
def test_the_student_never_sees_the_feedback(held, client_for, student, mentor):
    give(held, mentor, preparedness=1, note="Came unprepared; confidential.")

    response = client_for(student).get(detail_path(held))

    assert response.status_code == 200
    assert b"Came unprepared" not in response.content
    assert main(response).find_all(id="mentor-feedback") == []
    assert outcome_section(response).find_all("h3") == []


@pytest.mark.usefixtures("at_page_time")
def test_the_mentor_is_offered_feedback_then_thanked_but_not_shown_it_again(
    held, client_for, mentor
):
    browser = client_for(mentor)
    offer = outcome_section(browser.get(detail_path(held)))
    assert [(link.text, link.attrs["href"]) for link in offer.find_all("a")] == [
        ("Tell the career center how prepared Sophie Student was", feedback_path(held))
    ]

    give(held, mentor, note="Only for advisors.")
    after = browser.get(detail_path(held))

    section = outcome_section(after)
    assert section.find_all("a") == []
    assert section.find_all("p")[-1].text == "Thank you for your feedback to the career center."
    assert b"Only for advisors." not in after.content


@pytest.mark.usefixtures("at_page_time")
def test_the_student_is_not_offered_the_feedback_form(held, client_for, student):
    section = outcome_section(client_for(student).get(detail_path(held)))

    assert feedback_path(held) not in [link.attrs.get("href") for link in section.find_all("a")]
