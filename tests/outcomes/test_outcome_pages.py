"""The "did it take place?" page and the outcome panel of the request page.

The clock is frozen half an hour after the meeting's end (Thursday 4 March
2027, 16:00 UTC) unless a test says otherwise; every answer goes through the
pages as a browser would send it.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import outcomes
from interviews.enums import MeetingOutcome, Party, RequestStatus
from tests import builders
from tests.outcomes.support import (
    AFTER,
    END,
    START,
    confirmed,
    outcome_snapshot,
    report,
    reports_of,
)
from tests.views.support import (
    assert_strict_page,
    choice_values,
    field_error,
    form_values,
    main,
    messages_of,
    page,
)

ACTORS = ("student", "mentor", "other_student", "other_mentor", "advisor", "anonymous")
BACK_MESSAGE = "That is not possible on this request any more; here is where it stands."


@pytest.fixture(autouse=True)
def frozen_after_the_meeting():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def meeting_request(student, mentor):
    return confirmed(student, mentor)


def outcome_path(request) -> str:
    return reverse("meeting_outcome", args=[request.pk])


def detail_path(request) -> str:
    return reverse("request_detail", args=[request.pk])


def browser_of(actor, request, client, client_for):
    if actor == "anonymous":
        return client
    return client_for(request.getfixturevalue(actor))


def panel(response):
    """The outcome panel of the request page (None when the page has none)."""
    found = main(response).find_all("section", **{"aria-labelledby": "outcome-heading"})
    assert len(found) <= 1
    return found[0] if found else None


def answers(section) -> list[tuple[str, str]]:
    answers_list = section.by_id("outcome-answers")
    return list(
        zip(
            [term.text for term in answers_list.find_all("dt")],
            [value.text for value in answers_list.find_all("dd")],
            strict=True,
        )
    )


def buttons(section) -> list[tuple[str, str]]:
    return [(button.attrs["value"], button.text) for button in section.find_all("button")]


# --- Who may answer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("student", 200),
        ("mentor", 200),
        ("other_student", 404),
        ("other_mentor", 404),
        ("advisor", 404),
        ("anonymous", 302),
    ],
)
def test_the_page_is_for_the_two_participants(
    meeting_request, request, client, client_for, actor, status
):
    before = outcome_snapshot(meeting_request)

    response = browser_of(actor, request, client, client_for).get(outcome_path(meeting_request))

    assert response.status_code == status
    if status == 200:
        assert response.templates[0].name == "interviews/outcome/report.html"
        assert_strict_page(response)
    if actor == "anonymous":
        assert response["Location"] == (
            f"{reverse('account_login')}?next={outcome_path(meeting_request)}"
        )
    assert outcome_snapshot(meeting_request) == before


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("student", 302),
        ("mentor", 302),
        ("other_student", 404),
        ("other_mentor", 404),
        ("advisor", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_two_participants_record_an_answer(
    meeting_request, request, client, client_for, actor, status
):
    before = outcome_snapshot(meeting_request)

    response = browser_of(actor, request, client, client_for).post(
        outcome_path(meeting_request), {"outcome": MeetingOutcome.HELD}
    )

    assert response.status_code == status
    if actor in ("student", "mentor"):
        assert response["Location"] == detail_path(meeting_request)
        assert reports_of(meeting_request) == [(Party(actor), MeetingOutcome.HELD)]
    else:
        assert outcome_snapshot(meeting_request) == before


def test_before_the_end_the_question_sends_people_back_to_the_request(
    meeting_request, client_for, student
):
    before = outcome_snapshot(meeting_request)

    with time_machine.travel(END - timedelta(seconds=1), tick=False):
        shown = client_for(student).get(outcome_path(meeting_request))
        posted = client_for(student).post(
            outcome_path(meeting_request), {"outcome": MeetingOutcome.HELD}
        )

    for response in (shown, posted):
        assert response.status_code == 302
        assert response["Location"] == detail_path(meeting_request)
        assert messages_of(response) == [("error", BACK_MESSAGE)]
    assert outcome_snapshot(meeting_request) == before


def test_someone_who_answered_is_not_asked_again(meeting_request, client_for, student):
    report(meeting_request, student, MeetingOutcome.HELD)
    before = outcome_snapshot(meeting_request)

    response = client_for(student).post(
        outcome_path(meeting_request), {"outcome": MeetingOutcome.STUDENT_NO_SHOW}
    )

    assert response["Location"] == detail_path(meeting_request)
    assert messages_of(response) == [("error", BACK_MESSAGE)]
    assert outcome_snapshot(meeting_request) == before


# --- The page --------------------------------------------------------------------------


def test_the_page_asks_in_the_person_s_own_words(meeting_request, client_for, mentor):
    response = client_for(mentor).get(outcome_path(meeting_request))

    assert main(response).one("h1").text == "Did your meeting with Sophie Student take place?"
    form = main(response).one("form", method="post")
    assert form.attrs["action"] == outcome_path(meeting_request)
    assert form.one("legend").text == "What happened?"
    assert [
        (radio.attrs["value"], form.one("label", for_=radio.attrs["id"]).text)
        for radio in form.find_all("input", type="radio")
    ] == [
        ("held", "Yes, it took place"),
        ("student_no_show", "No: Sophie Student did not come"),
        ("mentor_no_show", "No: I could not make it"),
        ("moved", "No: we moved it to another time"),
    ]
    assert form_values(form) == {"outcome": ""}


def test_the_email_s_link_preselects_its_answer_and_changes_nothing(
    meeting_request, client_for, student
):
    before = outcome_snapshot(meeting_request)

    response = client_for(student).get(outcome_path(meeting_request), {"outcome": "moved"})

    assert form_values(main(response).one("form", method="post")) == {"outcome": "moved"}
    assert outcome_snapshot(meeting_request) == before


def test_an_unknown_answer_in_the_link_preselects_nothing(meeting_request, client_for, student):
    response = client_for(student).get(outcome_path(meeting_request), {"outcome": "cancelled"})

    assert response.status_code == 200
    assert form_values(main(response).one("form", method="post")) == {"outcome": ""}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose what happened."),
        ({"outcome": ""}, "Choose what happened."),
        ({"outcome": "maybe"}, "Choose one of the answers below."),
        ({"outcome": "<script>"}, "Choose one of the answers below."),
    ],
)
def test_a_missing_or_unknown_answer_is_explained_on_the_page(
    meeting_request, client_for, student, data, error
):
    before = outcome_snapshot(meeting_request)

    response = client_for(student).post(outcome_path(meeting_request), data)

    assert response.status_code == 400
    assert field_error(response, "outcome") == error
    assert choice_values(main(response).one("form", method="post"), "outcome") == [
        "held",
        "mentor_no_show",
        "student_no_show",
        "moved",
    ]
    assert outcome_snapshot(meeting_request) == before
    assert_strict_page(response)


def test_held_is_recorded_and_thanked_for(meeting_request, client_for, student):
    response = client_for(student).post(
        outcome_path(meeting_request), {"outcome": MeetingOutcome.HELD}
    )

    assert response["Location"] == detail_path(meeting_request)
    assert messages_of(response) == [("success", "Thank you. The meeting is recorded as held.")]
    meeting_request.refresh_from_db()
    assert meeting_request.status == RequestStatus.HELD


def test_a_no_show_is_recorded_and_thanked_for(meeting_request, client_for, mentor):
    response = client_for(mentor).post(
        outcome_path(meeting_request), {"outcome": MeetingOutcome.STUDENT_NO_SHOW}
    )

    assert messages_of(response) == [
        ("success", "Thank you for telling us. The meeting is recorded as missed.")
    ]
    meeting_request.refresh_from_db()
    assert meeting_request.status == RequestStatus.NO_SHOW


def test_moved_takes_the_person_on_to_propose_new_times(meeting_request, client_for, student):
    browser = client_for(student)

    response = browser.post(outcome_path(meeting_request), {"outcome": MeetingOutcome.MOVED})

    assert response["Location"] == reverse("meeting_reschedule", args=[meeting_request.pk])
    assert messages_of(response) == [
        ("success", "Thank you. Now propose new times for the meeting.")
    ]
    reschedule = browser.get(response["Location"])
    assert reschedule.status_code == 200
    assert reschedule.templates[0].name == "interviews/reschedule.html"

    new_times = browser.post(
        response["Location"],
        {"version": meeting_request.version, "slot_1": "2027-03-11T10:00", "note": "Sorry!"},
    )

    assert new_times["Location"] == detail_path(meeting_request)
    meeting_request.refresh_from_db()
    assert meeting_request.reschedule_proposed_by == Party.STUDENT


def test_moved_when_the_other_already_proposed_new_times_shows_them(
    meeting_request, client_for, student, mentor
):
    report(meeting_request, mentor, MeetingOutcome.MOVED)
    builders.propose_reschedule(meeting_request, by=mentor, now=AFTER)

    response = client_for(student).post(
        outcome_path(meeting_request), {"outcome": MeetingOutcome.MOVED}
    )

    assert response["Location"] == detail_path(meeting_request)
    assert messages_of(response) == [
        ("success", "Thank you. Maria Mentor has proposed new times: pick one below.")
    ]


def test_a_contradicting_answer_warns_that_advisors_will_look(
    meeting_request, client_for, student, mentor
):
    report(meeting_request, student, MeetingOutcome.HELD)

    response = client_for(mentor).post(
        outcome_path(meeting_request), {"outcome": MeetingOutcome.STUDENT_NO_SHOW}
    )

    assert response["Location"] == detail_path(meeting_request)
    assert messages_of(response) == [
        (
            "warning",
            "Thank you. Your answer differs from the other account of this meeting; both are "
            "kept, and the career center will look into it.",
        )
    ]
    assert reports_of(meeting_request) == [
        (Party.STUDENT, MeetingOutcome.HELD),
        (Party.MENTOR, MeetingOutcome.STUDENT_NO_SHOW),
    ]


# --- The panel on the request page ---------------------------------------------------------


@pytest.mark.parametrize("viewer", ["student", "mentor", "advisor"])
def test_no_panel_before_the_meeting_s_end(meeting_request, request, client_for, viewer):
    with time_machine.travel(START + timedelta(minutes=29), tick=False):
        response = client_for(request.getfixturevalue(viewer)).get(detail_path(meeting_request))

    assert response.status_code == 200
    assert panel(response) is None


def test_after_the_end_each_participant_is_asked_with_buttons(meeting_request, client_for, student):
    response = client_for(student).get(detail_path(meeting_request))

    section = panel(response)
    assert section.one("h2").text == "Did the meeting take place?"
    assert section.by_id("outcome-decided").text == (
        "Not known yet. If nobody says otherwise within 7 days of its end, "
        "the meeting is taken as held."
    )
    assert answers(section) == [
        ("Your answer", "Not answered yet"),
        ("Maria Mentor's answer", "Not answered yet"),
    ]
    form = section.one("form", method="post")
    assert form.attrs["action"] == outcome_path(meeting_request)
    assert form.one("legend").text == "Tell us what happened"
    assert buttons(section) == [
        ("held", "Yes, it took place"),
        ("mentor_no_show", "No: Maria Mentor did not come"),
        ("student_no_show", "No: I could not make it"),
        ("moved", "No: we moved it to another time"),
    ]
    assert_strict_page(response)


def test_a_panel_button_records_the_answer(meeting_request, client_for, mentor):
    browser = client_for(mentor)
    section = panel(browser.get(detail_path(meeting_request)))
    form = section.one("form", method="post")
    button = section.one("button", value="student_no_show")

    response = browser.post(form.attrs["action"], {button.attrs["name"]: button.attrs["value"]})

    assert response["Location"] == detail_path(meeting_request)
    assert reports_of(meeting_request) == [(Party.MENTOR, MeetingOutcome.STUDENT_NO_SHOW)]


def test_after_answering_each_sees_both_answers_and_the_outcome(
    meeting_request, client_for, student, mentor
):
    report(meeting_request, student, MeetingOutcome.HELD)

    student_panel = panel(client_for(student).get(detail_path(meeting_request)))
    mentor_panel = panel(client_for(mentor).get(detail_path(meeting_request)))

    assert student_panel.by_id("outcome-decided").text == "Held: the meeting took place."
    assert answers(student_panel) == [
        ("Your answer", "It took place."),
        ("Maria Mentor's answer", "Not answered yet"),
    ]
    assert student_panel.find_all("form") == []
    # The mentor, who has not answered, is still asked.
    assert answers(mentor_panel) == [
        ("Your answer", "Not answered yet"),
        ("Sophie Student's answer", "It took place."),
    ]
    assert [value for value, _label in buttons(mentor_panel)] == [
        "held",
        "student_no_show",
        "mentor_no_show",
        "moved",
    ]


@pytest.mark.parametrize(
    ("viewer", "decided", "said"),
    [
        ("student", "Missed: you did not come.", "You did not come."),
        ("mentor", "Missed: Sophie Student did not come.", "Sophie Student did not come."),
        ("advisor", "Missed: Sophie Student did not come.", "Sophie Student did not come."),
    ],
)
def test_a_no_show_reads_right_for_each_viewer(
    meeting_request, request, client_for, mentor, viewer, decided, said
):
    report(meeting_request, mentor, MeetingOutcome.STUDENT_NO_SHOW)

    section = panel(client_for(request.getfixturevalue(viewer)).get(detail_path(meeting_request)))

    assert section.by_id("outcome-decided").text == decided
    mentor_line = "Your answer" if viewer == "mentor" else "Maria Mentor's answer"
    assert dict(answers(section))[mentor_line] == said


def test_advisors_read_the_answers_without_a_question_and_see_the_dispute(
    meeting_request, client_for, advisor, student, mentor
):
    report(meeting_request, student, MeetingOutcome.HELD)
    report(meeting_request, mentor, MeetingOutcome.STUDENT_NO_SHOW)

    response = client_for(advisor).get(detail_path(meeting_request))

    section = panel(response)
    assert section.by_id("outcome-disputed").text == (
        "Disputed The answers about this meeting differ: please look into it."
    )
    assert section.by_id("outcome-decided").text == "Held: the meeting took place."
    assert answers(section) == [
        ("Sophie Student's answer", "It took place."),
        ("Maria Mentor's answer", "Sophie Student did not come."),
    ]
    assert section.find_all("form") == []
    assert section.find_all("button") == []


@pytest.mark.parametrize("viewer", ["student", "mentor"])
def test_participants_are_not_shown_the_dispute_flag(
    meeting_request, request, client_for, student, mentor, viewer
):
    report(meeting_request, student, MeetingOutcome.HELD)
    report(meeting_request, mentor, MeetingOutcome.STUDENT_NO_SHOW)

    section = panel(client_for(request.getfixturevalue(viewer)).get(detail_path(meeting_request)))

    assert section.find_all(id="outcome-disputed") == []


def test_advisors_see_no_dispute_flag_when_the_answers_agree(
    meeting_request, client_for, advisor, student, mentor
):
    report(meeting_request, student, MeetingOutcome.HELD)
    report(meeting_request, mentor, MeetingOutcome.HELD)

    section = panel(client_for(advisor).get(detail_path(meeting_request)))

    assert section.find_all(id="outcome-disputed") == []
    assert answers(section) == [
        ("Sophie Student's answer", "It took place."),
        ("Maria Mentor's answer", "It took place."),
    ]


@pytest.mark.parametrize("viewer", ["student", "mentor", "advisor"])
def test_an_inferred_outcome_says_it_was_taken_as_held(
    meeting_request, request, client_for, viewer
):
    grace_end = END + timedelta(days=7)
    outcomes.infer_silent_meetings(now=grace_end)

    with time_machine.travel(grace_end + timedelta(days=1), tick=False):
        response = client_for(request.getfixturevalue(viewer)).get(detail_path(meeting_request))

    section = panel(response)
    assert section.by_id("outcome-decided").text == (
        "Taken as held: nobody reported otherwise within 7 days."
    )
    assert [said for _who, said in answers(section)] == ["Not answered yet", "Not answered yet"]


def test_after_moved_the_panel_offers_new_times(meeting_request, client_for, student, mentor):
    report(meeting_request, student, MeetingOutcome.MOVED)

    section = panel(client_for(mentor).get(detail_path(meeting_request)))

    assert section.by_id("outcome-decided").text == "Moved: new times are to be agreed."
    assert answers(section) == [
        ("Your answer", "Not answered yet"),
        ("Sophie Student's answer", "It was moved to another time."),
    ]
    assert ("Propose new times", reverse("meeting_reschedule", args=[meeting_request.pk])) in [
        (link.text, link.attrs["href"]) for link in section.find_all("a")
    ]


def test_a_cancelled_meeting_has_no_panel(meeting_request, client_for, student):
    builders.cancel(meeting_request, now=START - timedelta(days=1))

    assert panel(client_for(student).get(detail_path(meeting_request))) is None


def test_the_request_page_with_the_panel_is_strict(meeting_request, client_for, advisor, student):
    report(meeting_request, student, MeetingOutcome.HELD)

    response = client_for(advisor).get(detail_path(meeting_request))

    assert response.status_code == 200
    assert_strict_page(response)
    assert page(response).one("title").text.startswith("Request: ")
