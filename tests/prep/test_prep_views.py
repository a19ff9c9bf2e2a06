"""The preparation page and its forms, as a browser without JavaScript uses them."""

import pytest
from django.urls import reverse

from interviews.domain import bank, prep
from interviews.models import BankQuestion, PreparedQuestion
from tests import builders
from tests.prep.conftest import (
    bank_question,
    plan_of,
    prep_snapshot,
    questions_of,
)
from tests.views.support import (
    assert_strict_page,
    db_snapshot,
    field_error,
    form_values,
    main,
    messages_of,
)

PAGE = "interviews/prep/workspace.html"
BANK_PAGE = "interviews/prep/bank.html"


def url(name: str, interview_request) -> str:
    return reverse(name, args=[interview_request.pk])


def page_url(interview_request, anchor: str = "") -> str:
    return url("prep_workspace", interview_request) + (f"#{anchor}" if anchor else "")


def add_own(interview_request, *texts):
    for text in texts:
        prep.add_own_question(
            request_id=interview_request.pk, student=interview_request.student, text=text
        )


def form_posting_to(response, name: str, interview_request):
    return main(response).one("form", action=url(name, interview_request))


def question_buttons(response) -> list[list[str]]:
    """For each listed question: its text, then the labels of its buttons."""
    rows = []
    for item in main(response).by_id("questions").one("ol").find_all("li"):
        buttons = [button.text for button in item.find_all("button")]
        rows.append([item.one("span", class_="request-text").text, *buttons])
    return rows


# --- The page --------------------------------------------------------------------------


def test_the_student_sees_notes_profile_questions_and_checklist(confirmed, client_for):
    add_own(confirmed, "What drew you to software?")

    response = client_for(confirmed.student).get(page_url(confirmed))

    assert response.status_code == 200
    assert response.templates[0].name == PAGE
    assert_strict_page(response)
    content = main(response)
    assert content.one("h1").text == "Prepare for your meeting with Maria Mentor"
    assert [h2.text for h2 in content.find_all("h2")] == ["Research", "Your questions", "Checklist"]
    profile = content.one("aside")
    assert [
        (dt.text, dd.text)
        for dt, dd in zip(profile.find_all("dt"), profile.find_all("dd"), strict=True)
    ] == [
        ("Job title", "Software Engineer"),
        ("Employer", "Northwind Systems"),
        ("Industry", "Technology"),
        ("Location", "Berlin, Germany"),
        ("Graduated", "2015"),
    ]
    assert [p.text for p in profile.find_all("p", class_="request-text")] == [
        "From physics to software, with a detour through teaching.",
        "Career changes; day-to-day engineering work.",
    ]
    assert "linkedin" not in response.content.decode().lower()
    notes = form_posting_to(response, "prep_notes", confirmed)
    assert [label.text for label in notes.find_all("label")] == [
        "What I learned about Maria Mentor (optional)",
        "What I learned about Northwind Systems (optional)",
    ]
    assert question_buttons(response) == [["What drew you to software?", "Remove: question 1"]]
    checklist = form_posting_to(response, "prep_checklist", confirmed)
    assert [label.text for label in checklist.find_all("label")] == [
        "I researched the person",
        "I researched the organization",
        "My questions are ready",
        "I checked the logistics",
        "My setting and dress are professional",
        "I planned my thank-you",
    ]
    # Each box says what to do, linked to it for screen readers.
    box = checklist.by_id("id_logistics_checked")
    assert box.attrs["aria-describedby"] == "id_logistics_checked_helptext"
    assert checklist.by_id("id_logistics_checked_helptext").text == (
        "Check the logistics: open the video link a few minutes early and test your camera and "
        "microphone."
    )
    assert content.by_id("checklist").one("p", class_="alert").text == (
        "Be flexible: let the conversation go where Maria Mentor takes it, and keep to the "
        "30 minutes you asked for."
    )


def test_looking_at_the_page_changes_nothing(confirmed, client_for):
    before = (db_snapshot(confirmed), prep_snapshot())

    client_for(confirmed.student).get(page_url(confirmed))

    assert (db_snapshot(confirmed), prep_snapshot()) == before
    assert plan_of(confirmed) is None


@pytest.mark.parametrize(
    ("who", "status", "location", "message"),
    [
        (
            "mentor",
            302,
            "request",
            "The preparation is the student's own. You see their questions on this page once "
            "they share them with you.",
        ),
        ("other_student", 404, "", ""),
        ("other_mentor", 404, "", ""),
        ("advisor", 404, "", ""),
        ("anonymous", 302, "login", ""),
    ],
)
@pytest.mark.parametrize("name", ["prep_workspace", "prep_bank"])
def test_nobody_but_the_student_opens_the_pages(
    name,
    confirmed,
    client_for,
    client,
    other_student,
    other_mentor,
    advisor,
    who,
    status,
    location,
    message,
):
    add_own(confirmed, "Secret question?")
    prep.save_research_notes(
        request_id=confirmed.pk, student=confirmed.student, person="Private notes.", organization=""
    )
    users = {
        "mentor": confirmed.mentor,
        "other_student": other_student,
        "other_mentor": other_mentor,
        "advisor": advisor,
    }
    browser = client if who == "anonymous" else client_for(users[who])

    response = browser.get(url(name, confirmed))

    assert response.status_code == status
    assert b"Private notes." not in response.content
    assert b"Secret question?" not in response.content
    if location == "request":
        assert response["Location"] == url("request_detail", confirmed)
        assert messages_of(response) == [("error", message)]
    elif location == "login":
        assert response["Location"] == f"{reverse('account_login')}?next={url(name, confirmed)}"


def test_a_request_without_a_meeting_has_no_preparation(student, mentor, client_for):
    pending = builders.send(student, mentor)

    response = client_for(student).get(page_url(pending))

    assert response["Location"] == url("request_detail", pending)
    assert messages_of(response) == [
        ("error", "This request is waiting for the mentor; there is no meeting to prepare for.")
    ]


def test_after_the_meeting_the_page_is_to_read_and_the_notes_stay_editable(held, client_for):
    response = client_for(held.student).get(page_url(held))

    assert response.status_code == 200
    content = main(response)
    assert content.one("h1").text == "Your preparation for the meeting with Maria Mentor"
    assert content.one("div", class_="alert-info").text == (
        "The meeting has taken place. Your preparation stays here to read, and you can still "
        "edit your research notes."
    )
    actions = [form.attrs["action"] for form in content.find_all("form")]
    assert actions == [url("prep_notes", held)]
    assert [item.text for item in content.by_id("checklist").one("ul").find_all("li")] == [
        "I researched the person: not done",
        "I researched the organization: not done",
        "My questions are ready: not done",
        "I checked the logistics: not done",
        "My setting and dress are professional: not done",
        "I planned my thank-you: not done",
    ]


# --- Research notes ------------------------------------------------------------------------


def test_the_student_saves_research_notes(confirmed, client_for):
    browser = client_for(confirmed.student)
    form = form_posting_to(browser.get(page_url(confirmed)), "prep_notes", confirmed)
    data = form_values(form)
    data.update(research_person="Maria taught physics.", research_organization="Logistics.")

    response = browser.post(url("prep_notes", confirmed), data)

    assert response["Location"] == page_url(confirmed, "research")
    assert messages_of(response) == [("success", "Your research notes are saved.")]
    shown = form_values(form_posting_to(browser.get(page_url(confirmed)), "prep_notes", confirmed))
    assert shown == {
        "research_person": "Maria taught physics.",
        "research_organization": "Logistics.",
    }


def test_notes_over_the_limit_come_back_with_a_message_and_nothing_lost(confirmed, client_for):
    add_own(confirmed, "Kept question?")
    before = prep_snapshot()
    too_long = "word " * 1001

    response = client_for(confirmed.student).post(
        url("prep_notes", confirmed),
        {"research_person": too_long, "research_organization": "Kept too."},
    )

    assert response.status_code == 400
    assert response.templates[0].name == PAGE
    assert field_error(response, "research_person") == (
        "Keep your notes under 5000 characters (they have 5004)."
    )
    assert form_values(form_posting_to(response, "prep_notes", confirmed)) == {
        "research_person": too_long,
        "research_organization": "Kept too.",
    }
    assert question_buttons(response) == [["Kept question?", "Remove: question 1"]]
    assert prep_snapshot() == before


# --- Questions ------------------------------------------------------------------------------


def test_the_student_adds_their_own_question(confirmed, client_for):
    browser = client_for(confirmed.student)

    response = browser.post(url("prep_question_add", confirmed), {"text": "What surprised you?"})

    assert response["Location"] == page_url(confirmed, "questions")
    assert messages_of(response) == [("success", "Your question is added at the end of the list.")]
    assert questions_of(confirmed) == [(1, "What surprised you?")]


@pytest.mark.parametrize(
    ("text", "message", "kept"),
    [
        ("", "Write your question first.", ""),
        (
            "Why? " * 61,
            "Keep the question under 300 characters (it has 304).",
            "Why? " * 61,
        ),
        (
            "what drew you to software?",
            "This question is in your list already.",
            "what drew you to software?",
        ),
    ],
)
def test_a_bad_question_comes_back_with_a_message_and_the_text_kept(
    confirmed, client_for, text, message, kept
):
    add_own(confirmed, "What drew you to software?")
    before = prep_snapshot()

    response = client_for(confirmed.student).post(
        url("prep_question_add", confirmed), {"text": text}
    )

    assert response.status_code == 400
    assert field_error(response, "text") == message
    assert form_values(form_posting_to(response, "prep_question_add", confirmed)) == {"text": kept}
    assert prep_snapshot() == before


def test_the_buttons_reorder_and_remove_questions(confirmed, client_for):
    add_own(confirmed, "A?", "B?", "C?")
    browser = client_for(confirmed.student)
    response = browser.get(page_url(confirmed))
    assert question_buttons(response) == [
        ["A?", "Move down: question 1", "Remove: question 1"],
        ["B?", "Move up: question 2", "Move down: question 2", "Remove: question 2"],
        ["C?", "Move up: question 3", "Remove: question 3"],
    ]

    def press(label: str):
        """Submit the form of the button with this label, as the browser would."""
        response = browser.get(page_url(confirmed))
        for form in main(response).by_id("questions").find_all("form"):
            if form.one("button").text == label:
                answer = browser.post(form.attrs["action"], form_values(form))
                assert answer["Location"] == page_url(confirmed, "questions")
                return answer
        raise AssertionError(f"no button {label!r}")

    assert messages_of(press("Move up: question 3")) == [("success", "The question moved.")]
    assert questions_of(confirmed) == [(1, "A?"), (2, "C?"), (3, "B?")]
    press("Move down: question 1")
    assert questions_of(confirmed) == [(1, "C?"), (2, "A?"), (3, "B?")]
    assert messages_of(press("Remove: question 2")) == [
        ("success", "The question is removed from your list.")
    ]
    assert questions_of(confirmed) == [(1, "C?"), (2, "B?")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "prep_question_move",
            {"question": "abc", "direction": "up"},
            "That question is no longer in your list.",
        ),
        ("prep_question_move", {"direction": "up"}, "That question is no longer in your list."),
        (
            "prep_question_move",
            {"question": "QID", "direction": "left"},
            "Choose to move the question up or down.",
        ),
        (
            "prep_question_move",
            {"question": "QID", "direction": "up"},
            "That question is first already.",
        ),
        (
            "prep_question_remove",
            {"question": "999999"},
            "That question is no longer in your list.",
        ),
    ],
)
def test_a_tampered_or_stale_button_changes_nothing(confirmed, client_for, name, data, message):
    add_own(confirmed, "A?", "B?")
    first = PreparedQuestion.objects.order_by("position").first()
    data = {key: str(first.pk) if value == "QID" else value for key, value in data.items()}
    before = prep_snapshot()

    response = client_for(confirmed.student).post(url(name, confirmed), data)

    assert response["Location"] == page_url(confirmed)
    assert messages_of(response) == [("error", message)]
    assert prep_snapshot() == before


# --- The bank, from the student's side ---------------------------------------------------------


def offered(response) -> dict[str, list[tuple[str, bool]]]:
    """Category legend → (label, whether it can be ticked) of each question offered."""
    return {
        fieldset.one("legend").text: [
            (check.one("label").text, "disabled" not in check.one("input").attrs)
            for check in fieldset.find_all("div", class_="form-check")
        ]
        for fieldset in main(response).find_all("fieldset")
    }


def test_the_bank_offers_active_questions_by_category_and_adds_the_ticked_ones(
    confirmed, client_for
):
    BankQuestion.objects.all().delete()
    week = bank_question("What does a typical week look like?", "day_to_day")
    bank_question("Are you hiring?", "advice", active=False)
    path = bank_question("How did you start?", "career_path")
    nxt = bank_question("Who else should I talk to?", "next_steps")
    browser = client_for(confirmed.student)

    response = browser.get(url("prep_bank", confirmed))
    assert response.status_code == 200
    assert_strict_page(response)
    assert offered(response) == {
        "Career path": [("How did you start?", True)],
        "Day-to-day work": [("What does a typical week look like?", True)],
        "The industry": [],
        "Organization and culture": [],
        "Advice": [],
        "Next steps": [("Who else should I talk to?", True)],
    }

    answer = browser.post(url("prep_bank", confirmed), {"questions": [str(path.pk), str(nxt.pk)]})

    assert answer["Location"] == page_url(confirmed, "questions")
    assert messages_of(answer) == [
        ("success", "2 questions added to your list. Put the most important first.")
    ]
    assert questions_of(confirmed) == [(1, "How did you start?"), (2, "Who else should I talk to?")]
    after = browser.get(url("prep_bank", confirmed) + "?category=next_steps")
    assert offered(after) == {"Next steps": [("Who else should I talk to? In your list", False)]}
    assert week.pk not in {q.source_id for q in PreparedQuestion.objects.all()}


def test_a_question_retired_while_the_student_chose_is_refused_with_a_message(
    confirmed, client_for, advisor
):
    question = bank_question("What does a typical week look like?", "day_to_day")
    other = bank_question("Who else should I talk to?", "next_steps")
    browser = client_for(confirmed.student)
    browser.get(url("prep_bank", confirmed))
    bank.retire_question(advisor=advisor, question_id=question.pk)
    before = prep_snapshot()

    response = browser.post(
        url("prep_bank", confirmed), {"questions": [str(question.pk), str(other.pk)]}
    )

    assert response.status_code == 400
    assert main(response).by_id("id_questions_error").text == (
        "One of the questions you chose is no longer in the bank. Choose again."
    )
    # What is still on offer stays ticked.
    ticked = [
        box.attrs["value"]
        for box in main(response).find_all("input", name="questions")
        if "checked" in box.attrs
    ]
    assert ticked == [str(other.pk)]
    assert prep_snapshot() == before


def test_choosing_nothing_from_the_bank_is_a_400_with_a_message(confirmed, client_for):
    response = client_for(confirmed.student).post(url("prep_bank", confirmed), {})

    assert response.status_code == 400
    assert main(response).by_id("id_questions_error").text == "Choose at least one question."
    assert plan_of(confirmed) is None


def test_after_the_meeting_the_bank_is_not_offered(held, client_for):
    response = client_for(held.student).get(url("prep_bank", held))

    assert response["Location"] == page_url(held)
    assert messages_of(response) == [
        ("error", "The meeting has taken place: your list of questions stays as it was.")
    ]


# --- Sharing and the checklist --------------------------------------------------------------


def test_sharing_and_stopping_from_the_page(confirmed, client_for):
    add_own(confirmed, "A?")
    browser = client_for(confirmed.student)
    share = form_posting_to(browser.get(page_url(confirmed)), "prep_share", confirmed)

    response = browser.post(share.attrs["action"], form_values(share))

    assert response["Location"] == page_url(confirmed, "questions")
    assert messages_of(response) == [
        (
            "success",
            "Maria Mentor can now read your questions on the meeting page and in their reminder.",
        )
    ]
    shown = browser.get(page_url(confirmed))
    assert main(shown).by_id("questions").one("div", class_="alert-success").one("span").text == (
        "Shared with Maria Mentor since Mon 2 Mar 2026, 07:00 EST: they read this list, as it "
        "changes, on the meeting page and in their reminder."
    )
    stop = form_posting_to(shown, "prep_unshare", confirmed)
    answer = browser.post(stop.attrs["action"], form_values(stop))
    assert messages_of(answer) == [("success", "Your questions are private again.")]
    assert plan_of(confirmed).questions_shared_at is None


def test_an_empty_list_offers_no_share_button_and_refuses_a_forged_one(confirmed, client_for):
    browser = client_for(confirmed.student)
    response = browser.get(page_url(confirmed))
    assert main(response).find_all("form", action=url("prep_share", confirmed)) == []

    answer = browser.post(url("prep_share", confirmed))

    assert answer["Location"] == page_url(confirmed)
    assert messages_of(answer) == [("error", "Add a question or two before you share your list.")]


def test_the_checklist_is_saved_with_the_boxes_ticked(confirmed, client_for):
    browser = client_for(confirmed.student)
    form = form_posting_to(browser.get(page_url(confirmed)), "prep_checklist", confirmed)
    data = form_values(form)
    data["researched_person"] = ["on"]
    data["questions_ready"] = ["on"]

    response = browser.post(form.attrs["action"], data)

    assert response["Location"] == page_url(confirmed, "checklist")
    assert messages_of(response) == [("success", "Your checklist is saved: 2 of 6 done.")]
    shown = browser.get(page_url(confirmed))
    assert main(shown).by_id("checklist").find_all("p")[0].text == "2 of 6 done."
    ticked = form_values(form_posting_to(shown, "prep_checklist", confirmed))
    assert {name: bool(boxes) for name, boxes in ticked.items()} == {
        "researched_person": True,
        "researched_organization": False,
        "questions_ready": True,
        "logistics_checked": False,
        "professional_setting": False,
        "thank_you_planned": False,
    }


# --- The panel on the request page --------------------------------------------------------


def prep_panel(response):
    sections = [
        section
        for section in main(response).find_all("section")
        if section.attrs.get("aria-labelledby") == "prep-heading"
    ]
    return sections[0] if sections else None


def test_the_students_panel_sums_up_and_links_to_the_page(confirmed, client_for):
    add_own(confirmed, "A?", "B?", "C?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    prep.tick_checklist(
        request_id=confirmed.pk,
        student=confirmed.student,
        ticked={
            "researched_person",
            "researched_organization",
            "questions_ready",
            "thank_you_planned",
        },
    )

    panel = prep_panel(client_for(confirmed.student).get(url("request_detail", confirmed)))

    assert panel.one("h2").text == "Your preparation"
    assert panel.one("p").text == (
        "Checklist: 4 of 6 done. 3 questions prepared, shared with Maria Mentor."
    )
    assert panel.one("a").text == "Prepare for the meeting"
    assert panel.one("a").attrs["href"] == page_url(confirmed)


def test_after_the_meeting_the_students_panel_links_to_the_preparation(held, client_for):
    panel = prep_panel(client_for(held.student).get(url("request_detail", held)))

    assert panel.one("p").text == "Checklist: 0 of 6 done. 0 questions prepared."
    assert panel.one("a").text == "See your preparation"


def test_the_mentor_sees_the_questions_only_while_they_are_shared(confirmed, client_for):
    add_own(confirmed, "What drew you to <software>?", "Who else?")
    prep.save_research_notes(
        request_id=confirmed.pk, student=confirmed.student, person="Private notes.", organization=""
    )
    browser = client_for(confirmed.mentor)
    detail = url("request_detail", confirmed)

    before = browser.get(detail)
    assert prep_panel(before) is None
    assert b"What drew you to" not in before.content

    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    shared = browser.get(detail)
    panel = prep_panel(shared)
    assert panel.one("h2").text == "Questions Sophie Student prepared"
    assert [item.text for item in panel.find_all("li")] == [
        "What drew you to <software>?",
        "Who else?",
    ]
    assert b"Private notes." not in shared.content
    assert_strict_page(shared)

    prep.stop_sharing_questions(request_id=confirmed.pk, student=confirmed.student)
    after = browser.get(detail)
    assert prep_panel(after) is None
    assert b"What drew you to" not in after.content


def test_advisors_see_how_far_the_student_prepared_but_nothing_they_wrote(
    confirmed, client_for, advisor
):
    add_own(confirmed, "A shared question?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    prep.save_research_notes(
        request_id=confirmed.pk, student=confirmed.student, person="Private notes.", organization=""
    )
    prep.tick_checklist(
        request_id=confirmed.pk, student=confirmed.student, ticked={"questions_ready"}
    )

    response = client_for(advisor).get(url("request_detail", confirmed))

    assert response.status_code == 200
    assert prep_panel(response).text == (
        "Preparation Sophie Student ticked 1 of 6 checklist items and prepared 1 question, "
        "shared with Maria Mentor. (Their notes stay private.)"
    )
    for private in (b"A shared question?", b"Private notes."):
        assert private not in response.content


# --- Who may post -------------------------------------------------------------------------


POSTS = {
    "prep_notes": {"research_person": "Hijacked.", "research_organization": ""},
    "prep_bank": "BANK",
    "prep_question_add": {"text": "Injected?"},
    "prep_question_move": {"question": "QID", "direction": "down"},
    "prep_question_remove": {"question": "QID"},
    "prep_share": {},
    "prep_unshare": {},
    "prep_checklist": {"questions_ready": "on"},
}


def post_data(name, question, from_bank):
    data = POSTS[name]
    if data == "BANK":
        return {"questions": [str(from_bank.pk)]}
    return {key: str(question.pk) if value == "QID" else value for key, value in data.items()}


@pytest.fixture
def shared(confirmed):
    add_own(confirmed, "First?", "Second?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    return confirmed


@pytest.mark.parametrize("name", list(POSTS))
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("mentor", 302),
        ("other_student", 404),
        ("other_mentor", 404),
        ("advisor", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_student_posts_to_the_preparation(
    shared, client_for, client, other_student, other_mentor, advisor, name, who, status
):
    users = {
        "mentor": shared.mentor,
        "other_student": other_student,
        "other_mentor": other_mentor,
        "advisor": advisor,
    }
    browser = client if who == "anonymous" else client_for(users[who])
    question = PreparedQuestion.objects.order_by("position").first()
    from_bank = bank_question("What does a typical week look like?")
    before = (db_snapshot(shared), prep_snapshot())

    response = browser.post(url(name, shared), post_data(name, question, from_bank))

    assert response.status_code == status
    if who == "mentor":
        assert response["Location"] == url("request_detail", shared)
        assert [level for level, _text in messages_of(response)] == ["error"]
    if who == "anonymous":
        assert response["Location"].startswith(f"{reverse('account_login')}?next=")
    assert (db_snapshot(shared), prep_snapshot()) == before


@pytest.mark.parametrize("name", list(POSTS))
def test_the_students_post_does_what_it_says(shared, client_for, name):
    if name == "prep_share":
        prep.stop_sharing_questions(request_id=shared.pk, student=shared.student)
    question = PreparedQuestion.objects.order_by("position").first()
    from_bank = bank_question("What does a typical week look like?")
    before = prep_snapshot()

    response = client_for(shared.student).post(
        url(name, shared), post_data(name, question, from_bank)
    )

    assert response.status_code == 302
    assert response["Location"].startswith(page_url(shared))
    assert [level for level, _text in messages_of(response)] == ["success"]
    assert prep_snapshot() != before


@pytest.mark.parametrize(
    "name",
    [
        "prep_notes",
        "prep_question_add",
        "prep_question_move",
        "prep_question_remove",
        "prep_share",
        "prep_unshare",
        "prep_checklist",
    ],
)
def test_the_change_urls_take_posts_only(confirmed, client_for, name):
    response = client_for(confirmed.student).get(url(name, confirmed))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
