"""The question bank's pages, for career advisors only."""

import pytest
from django.urls import reverse

from interviews.models import BankQuestion
from tests.prep.conftest import bank_question, prep_snapshot
from tests.views.support import (
    assert_strict_page,
    field_error,
    form_values,
    main,
    messages_of,
    non_field_errors,
)

LIST_PAGE = "interviews/advisor/bank.html"
FORM_PAGE = "interviews/advisor/bank_form.html"


def rows(response) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Category heading → (question, status, button and link labels) per row."""
    found = {}
    for section in main(response).find_all("section"):
        found[section.one("h2").text] = [
            (
                row.find_all("td")[0].text,
                row.find_all("td")[1].text,
                [control.text for control in row.iter() if control.tag in ("a", "button")],
            )
            for row in section.find_all("tr")[1:]
        ]
    return found


@pytest.fixture
def small_bank(db):
    BankQuestion.objects.all().delete()
    return {
        "week": bank_question("What does a typical week look like?", "day_to_day"),
        "hiring": bank_question("Are you hiring?", "day_to_day", active=False),
        "next": bank_question("Who else should I talk to?", "next_steps"),
    }


# --- Who gets what ----------------------------------------------------------------------


def visitor(who, client, client_for, student, mentor, advisor):
    return (
        client
        if who == "anonymous"
        else client_for({"student": student, "mentor": mentor, "advisor": advisor}[who])
    )


@pytest.mark.parametrize(
    ("name", "with_id"),
    [
        ("question_bank", False),
        ("question_bank_new", False),
        ("question_bank_edit", True),
        ("question_bank_retire", True),
        ("question_bank_reactivate", True),
    ],
)
@pytest.mark.parametrize("who", ["student", "mentor", "advisor", "anonymous"])
def test_only_advisors_reach_the_bank(
    small_bank, client, client_for, student, mentor, advisor, name, with_id, who
):
    question = small_bank["week"] if name != "question_bank_reactivate" else small_bank["hiring"]
    path = reverse(name, args=[question.pk] if with_id else [])
    browser = visitor(who, client, client_for, student, mentor, advisor)
    before = prep_snapshot()

    got = browser.get(path)
    posted = browser.post(path, {"text": "Changed?", "category": "advice"})

    post_only = name in ("question_bank_retire", "question_bank_reactivate")
    if who == "advisor" and name == "question_bank":
        assert (got.status_code, posted.status_code) == (200, 200)
        assert prep_snapshot() == before
    elif who == "advisor":
        assert got.status_code == (405 if post_only else 200)
        assert posted.status_code == 302
        assert posted["Location"] == reverse("question_bank")
        assert prep_snapshot() != before
    elif who == "anonymous":
        assert got["Location"] == f"{reverse('account_login')}?next={path}"
        assert posted["Location"] == f"{reverse('account_login')}?next={path}"
        assert prep_snapshot() == before
    else:
        assert (got.status_code, posted.status_code) == (403, 403)
        assert got.templates[0].name == "errors/403.html"
        assert prep_snapshot() == before


def test_an_unknown_question_is_a_404(advisor, client_for):
    browser = client_for(advisor)

    assert browser.get(reverse("question_bank_edit", args=[987654])).status_code == 404
    assert browser.post(reverse("question_bank_retire", args=[987654])).status_code == 404


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_every_category_with_active_and_retired_questions(
    small_bank, client_for, advisor
):
    response = client_for(advisor).get(reverse("question_bank"))

    assert response.status_code == 200
    assert response.templates[0].name == LIST_PAGE
    assert_strict_page(response)
    assert main(response).find_all("p")[0].text == (
        "Students preparing for a meeting pick from the 2 active questions; 1 is retired. "
        "A student's list keeps its own copy: editing or retiring a question here leaves the "
        "lists students already made as they are."
    )
    assert rows(response) == {
        "Career path": [],
        "Day-to-day work": [
            (
                "What does a typical week look like?",
                "Active",
                [
                    "Edit: What does a typical week look like?",
                    "Retire: What does a typical week look like?",
                ],
            ),
            (
                "Are you hiring?",
                "Retired",
                ["Edit: Are you hiring?", "Reactivate: Are you hiring?"],
            ),
        ],
        "The industry": [],
        "Organization and culture": [],
        "Advice": [],
        "Next steps": [
            (
                "Who else should I talk to?",
                "Active",
                ["Edit: Who else should I talk to?", "Retire: Who else should I talk to?"],
            )
        ],
    }
    empty = [
        section for section in main(response).find_all("section") if not section.find_all("table")
    ]
    assert [section.one("a").attrs["href"] for section in empty][:1] == [
        f"{reverse('question_bank_new')}?category=career_path"
    ]


def test_retiring_and_reactivating_from_the_list(small_bank, client_for, advisor):
    browser = client_for(advisor)
    question = small_bank["week"]

    response = browser.post(reverse("question_bank_retire", args=[question.pk]))
    assert response["Location"] == reverse("question_bank")
    assert messages_of(response) == [
        (
            "success",
            "Retired: “What does a typical week look like?”. Students are no longer offered it.",
        )
    ]
    question.refresh_from_db()
    assert question.is_active is False

    browser.get(reverse("question_bank"))  # shows (and so clears) the message
    again = browser.post(reverse("question_bank_retire", args=[question.pk]))
    assert messages_of(again) == [("error", "This question is retired already.")]

    browser.get(reverse("question_bank"))
    back = browser.post(reverse("question_bank_reactivate", args=[question.pk]))
    assert messages_of(back) == [
        ("success", "Back in the bank: “What does a typical week look like?”.")
    ]
    question.refresh_from_db()
    assert question.is_active is True


# --- Create and edit ------------------------------------------------------------------------


def test_an_advisor_adds_a_question(small_bank, client_for, advisor):
    browser = client_for(advisor)
    page = browser.get(f"{reverse('question_bank_new')}?category=advice")
    assert page.templates[0].name == FORM_PAGE
    assert_strict_page(page)
    assert form_values(main(page).one("form", method="post")) == {"text": "", "category": "advice"}

    response = browser.post(
        reverse("question_bank_new"),
        {"text": "What would you tell your younger self?", "category": "advice"},
    )

    assert response["Location"] == reverse("question_bank")
    assert messages_of(response) == [
        ("success", "The question is in the bank; students can pick it now.")
    ]
    created = BankQuestion.objects.get(text="What would you tell your younger self?")
    assert (created.category, created.is_active, created.created_by) == ("advice", True, advisor)


def test_an_advisor_edits_a_question(small_bank, client_for, advisor):
    browser = client_for(advisor)
    question = small_bank["week"]
    page = browser.get(reverse("question_bank_edit", args=[question.pk]))
    form = form_values(main(page).one("form", method="post"))
    assert form == {"text": "What does a typical week look like?", "category": "day_to_day"}

    response = browser.post(
        reverse("question_bank_edit", args=[question.pk]),
        {**form, "text": "What does a typical day look like?"},
    )

    assert messages_of(response) == [
        (
            "success",
            "The question is saved. Lists students made before keep the earlier wording.",
        )
    ]
    question.refresh_from_db()
    assert question.text == "What does a typical day look like?"


def test_the_edit_page_says_when_a_question_is_retired(small_bank, client_for, advisor):
    page = client_for(advisor).get(reverse("question_bank_edit", args=[small_bank["hiring"].pk]))

    assert main(page).find_all("p")[0].text == (
        "Retired Students are not offered this question until you reactivate it."
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "", "category": "advice"}, "text", "Write your question first."),
        (
            {"text": "Why? " * 61, "category": "advice"},
            "text",
            "Keep the question under 300 characters (it has 304).",
        ),
        (
            {"text": "Why?", "category": "gossip"},
            "category",
            "Select a valid choice. gossip is not one of the available choices.",
        ),
        ({"text": "Why?"}, "category", "Choose a category."),
        ({}, "text", "Write your question first."),
    ],
)
@pytest.mark.parametrize("name", ["question_bank_new", "question_bank_edit"])
def test_bad_input_comes_back_with_a_message_and_nothing_lost(
    small_bank, client_for, advisor, data, field, message, name
):
    path = reverse(name, args=[small_bank["week"].pk] if name == "question_bank_edit" else [])
    before = prep_snapshot()

    response = client_for(advisor).post(path, data)

    assert response.status_code == 400
    assert response.templates[0].name == FORM_PAGE
    assert field_error(response, field) == message
    kept = form_values(main(response).one("form", method="post"))
    assert kept["text"] == data.get("text", "")
    assert prep_snapshot() == before


def test_a_twin_question_is_refused_above_the_form(small_bank, client_for, advisor):
    before = prep_snapshot()

    response = client_for(advisor).post(
        reverse("question_bank_new"), {"text": "who else should I talk to?", "category": "advice"}
    )

    assert response.status_code == 400
    assert non_field_errors(response) == ["The bank has this question already."]
    assert form_values(main(response).one("form", method="post")) == {
        "text": "who else should I talk to?",
        "category": "advice",
    }
    assert prep_snapshot() == before
