"""The question bank's rules (interviews/domain/bank.py) and its starter questions."""

import importlib

import pytest
from django.apps import apps

from interviews.domain import bank
from interviews.domain.errors import NotAllowed
from interviews.domain.wording import job_application_phrases
from interviews.enums import QuestionCategory
from interviews.models import BankQuestion
from tests.prep.conftest import bank_question, prep_snapshot

starter = importlib.import_module("interviews.migrations.0008_starter_question_bank")


# --- The starter bank -------------------------------------------------------------------


def test_the_starter_bank_has_five_active_questions_per_category(db):
    counts = {
        category: BankQuestion.objects.filter(category=category, is_active=True).count()
        for category in QuestionCategory.values
    }

    assert counts == dict.fromkeys(QuestionCategory.values, 5)
    assert BankQuestion.objects.count() == 30
    assert BankQuestion.objects.filter(created_by__isnull=False).count() == 0


def test_the_starter_questions_are_questions_and_never_ask_for_a_job(db):
    texts = list(BankQuestion.objects.values_list("text", flat=True))

    assert [text for text in texts if not text.endswith("?")] == []
    assert len({text.casefold() for text in texts}) == 30
    assert job_application_phrases(*texts) == []
    assert max(len(text) for text in texts) <= 300


def test_the_starter_bank_is_the_migrations_list(db):
    listed = {
        (category, text) for category, texts in starter.STARTER_QUESTIONS.items() for text in texts
    }

    assert set(BankQuestion.objects.values_list("category", "text")) == listed


def test_unloading_the_starter_bank_keeps_what_advisors_wrote_or_edited(db, advisor):
    edited = BankQuestion.objects.get(text="What does a typical day or week look like for you?")
    bank.edit_question(
        advisor=advisor,
        question_id=edited.pk,
        text="What does a typical day look like for you?",
        category="day_to_day",
    )
    own = bank.create_question(
        advisor=advisor, text="What would you tell your younger self?", category="advice"
    )

    starter.unload(apps, None)

    assert sorted(BankQuestion.objects.values_list("text", flat=True)) == [
        "What does a typical day look like for you?",
        own.text,
    ]


def test_loading_the_starter_bank_again_adds_no_twins(db):
    starter.unload(apps, None)
    starter.load(apps, None)
    starter.load(apps, None)

    assert BankQuestion.objects.count() == 30


# --- Advisors edit it ----------------------------------------------------------------------


def test_an_advisor_adds_a_question_with_its_spaces_tidied(advisor):
    question = bank.create_question(
        advisor=advisor, text="  What would you  tell\nyour younger self? ", category="advice"
    )

    question.refresh_from_db()
    assert (question.text, question.category, question.is_active, question.created_by) == (
        "What would you tell your younger self?",
        "advice",
        True,
        advisor,
    )


def test_an_advisor_edits_the_text_and_the_category(advisor):
    question = bank_question("What is your favourite project?", "career_path")

    bank.edit_question(
        advisor=advisor,
        question_id=question.pk,
        text="Which project are you proudest of?",
        category="day_to_day",
    )

    question.refresh_from_db()
    assert (question.text, question.category) == (
        "Which project are you proudest of?",
        "day_to_day",
    )


def test_an_advisor_may_keep_the_text_while_changing_the_category(advisor):
    question = bank_question("Which project are you proudest of?", "career_path")

    bank.edit_question(
        advisor=advisor,
        question_id=question.pk,
        text="Which project are you proudest of?",
        category="day_to_day",
    )

    question.refresh_from_db()
    assert question.category == "day_to_day"


def test_retiring_and_reactivating_a_question(advisor):
    question = bank_question("Which project are you proudest of?")

    bank.retire_question(advisor=advisor, question_id=question.pk)
    question.refresh_from_db()
    assert question.is_active is False

    bank.reactivate_question(advisor=advisor, question_id=question.pk)
    question.refresh_from_db()
    assert question.is_active is True


def test_retiring_twice_or_reactivating_an_active_question_is_refused(advisor):
    question = bank_question("Which project are you proudest of?")
    with pytest.raises(NotAllowed) as active:
        bank.reactivate_question(advisor=advisor, question_id=question.pk)
    assert active.value.message == "This question is active already."

    bank.retire_question(advisor=advisor, question_id=question.pk)
    with pytest.raises(NotAllowed) as retired:
        bank.retire_question(advisor=advisor, question_id=question.pk)
    assert retired.value.message == "This question is retired already."


@pytest.mark.parametrize(
    ("text", "category", "message"),
    [
        ("", "advice", "Write the question."),
        ("  \n ", "advice", "Write the question."),
        ("x" * 301, "advice", "Keep the question under 300 characters."),
        ("Which project are you proudest of?", "gossip", "Choose a category."),
        (
            "what do you wish you had known when you started?",
            "advice",
            ("The bank has this question already."),
        ),
    ],
)
def test_bad_questions_are_refused_and_nothing_changes(advisor, text, category, message):
    question = bank_question("Which project are you proudest of?")
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as on_create:
        bank.create_question(advisor=advisor, text=text, category=category)
    with pytest.raises(NotAllowed) as on_edit:
        bank.edit_question(advisor=advisor, question_id=question.pk, text=text, category=category)

    assert on_create.value.message == message
    assert on_edit.value.message == message
    assert prep_snapshot() == before


def test_an_unknown_question_is_refused(advisor):
    with pytest.raises(NotAllowed) as refusal:
        bank.retire_question(advisor=advisor, question_id=987654)

    assert refusal.value.message == "This question is no longer in the bank."


@pytest.mark.parametrize("who", ["student", "mentor"])
def test_only_advisors_edit_the_bank(student, mentor, who):
    user = student if who == "student" else mentor
    question = bank_question("Which project are you proudest of?")
    before = prep_snapshot()

    for attempt in (
        lambda: bank.create_question(advisor=user, text="New?", category="advice"),
        lambda: bank.edit_question(
            advisor=user, question_id=question.pk, text="Changed?", category="advice"
        ),
        lambda: bank.retire_question(advisor=user, question_id=question.pk),
        lambda: bank.reactivate_question(advisor=user, question_id=question.pk),
    ):
        with pytest.raises(NotAllowed) as refusal:
            attempt()
        assert refusal.value.message == "Only career advisors edit the question bank."
    assert prep_snapshot() == before


def test_the_overview_lists_every_category_active_questions_first(db):
    BankQuestion.objects.all().delete()
    retired = bank_question("Anything else?", "next_steps", active=False)
    later = bank_question("Who else should I meet?", "next_steps")
    first = bank_question("May I keep in touch?", "next_steps")
    advice = bank_question("What should I learn?", "advice")

    overview = bank.bank_overview()

    assert [(value, label, questions) for value, label, questions in overview] == [
        ("career_path", "Career path", []),
        ("day_to_day", "Day-to-day work", []),
        ("industry", "The industry", []),
        ("organization", "Organization and culture", []),
        ("advice", "Advice", [advice]),
        ("next_steps", "Next steps", [first, later, retired]),
    ]
