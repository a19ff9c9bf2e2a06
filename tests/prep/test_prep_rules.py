"""The preparation's rules, through the domain functions (interviews/domain/prep.py)."""

import pytest

from interviews.domain import bank, outcomes, prep
from interviews.domain.access import get_visible_request
from interviews.domain.errors import NotAllowed
from interviews.enums import MeetingFormat
from interviews.models import PreparedQuestion, PrepPlan
from tests import builders
from tests.prep.conftest import (
    AFTER_MEETING,
    NOW,
    another_meeting,
    bank_question,
    plan_of,
    prep_snapshot,
    questions_of,
)

CHECKLIST = [
    "researched_person",
    "researched_organization",
    "questions_ready",
    "logistics_checked",
    "professional_setting",
    "thank_you_planned",
]


def add_own(interview_request, *texts):
    for text in texts:
        prep.add_own_question(
            request_id=interview_request.pk, student=interview_request.student, text=text
        )


def ids_in_order(interview_request) -> list[int]:
    return list(
        PreparedQuestion.objects.filter(plan__request=interview_request)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )


def loaded(interview_request, user):
    """The request as the pages load it (access.get_visible_request)."""
    return get_visible_request(user, interview_request.pk)[0]


# --- Reading ----------------------------------------------------------------------


def test_a_new_meeting_has_an_empty_preparation_and_looking_creates_nothing(confirmed):
    workspace = prep.workspace(request=loaded(confirmed, confirmed.student), user=confirmed.student)

    assert workspace.plan is None
    assert workspace.questions == []
    assert workspace.changeable is True
    assert workspace.done_count == 0
    assert [item.name for item in workspace.checklist] == CHECKLIST
    assert [item.done for item in workspace.checklist] == [False] * 6
    assert workspace.mentor_profile.employer == "Northwind Systems"
    assert PrepPlan.objects.count() == 0


def test_the_checklist_advice_names_the_person_the_organization_and_the_logistics(confirmed):
    items = prep.checklist(
        None, request=confirmed, meeting_format=MeetingFormat.VIDEO, employer="Northwind Systems"
    )

    assert [(item.label, item.advice) for item in items] == [
        (
            "I researched the person",
            "Research Maria Mentor: their role, their career path and what they are happy to "
            "talk about.",
        ),
        (
            "I researched the organization",
            "Research Northwind Systems: what it does, its place in the industry, recent news.",
        ),
        (
            "My questions are ready",
            "Prepare your questions, the most important first: you may not get to all of them.",
        ),
        (
            "I checked the logistics",
            "Check the logistics: open the video link a few minutes early and test your camera "
            "and microphone.",
        ),
        (
            "My setting and dress are professional",
            "Choose a quiet, professional setting and dress as you would for their workplace: "
            "act professionally, even on video.",
        ),
        (
            "I planned my thank-you",
            "Plan your thank-you: note what you learn, and send a few lines within a day.",
        ),
    ]
    assert prep.flexibility_advice(confirmed) == (
        "Be flexible: let the conversation go where Maria Mentor takes it, and keep to the "
        "30 minutes you asked for."
    )


@pytest.mark.parametrize(
    ("meeting_format", "logistics"),
    [
        (MeetingFormat.PHONE, "save the number in your phone and keep it charged"),
        (MeetingFormat.IN_PERSON, "plan your route to the place and arrive a few minutes early"),
    ],
)
def test_the_logistics_advice_follows_the_format(confirmed, meeting_format, logistics):
    items = prep.checklist(None, request=confirmed, meeting_format=meeting_format, employer="")

    assert items[3].advice == f"Check the logistics: {logistics}."
    assert items[1].advice == (
        "Research their organization: what it does, its place in the industry, recent news."
    )


# --- Research notes -----------------------------------------------------------------


def test_research_notes_are_saved_for_the_person_and_the_organization(confirmed):
    prep.save_research_notes(
        request_id=confirmed.pk,
        student=confirmed.student,
        person="  Maria moved from physics to software.\n",
        organization="Northwind makes logistics software.",
    )

    plan = plan_of(confirmed)
    assert (plan.research_person, plan.research_organization) == (
        "Maria moved from physics to software.",
        "Northwind makes logistics software.",
    )


def test_research_notes_can_still_change_after_the_meeting_was_held(held):
    prep.save_research_notes(
        request_id=held.pk, student=held.student, person="Later thoughts.", organization=""
    )

    assert plan_of(held).research_person == "Later thoughts."


def test_research_notes_over_the_limit_are_refused_and_nothing_changes(confirmed):
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        prep.save_research_notes(
            request_id=confirmed.pk,
            student=confirmed.student,
            person="x" * 5001,
            organization="",
        )

    assert refusal.value.message == "Keep each of your notes under 5000 characters."
    assert prep_snapshot() == before


# --- Questions ------------------------------------------------------------------------


def test_bank_questions_are_copied_to_the_end_of_the_list_in_the_chosen_order(confirmed):
    first = bank_question("What surprised you in your first year?", "career_path")
    second = bank_question("What does a typical week look like?", "day_to_day")
    add_own(confirmed, "My own first question?")

    added = prep.add_bank_questions(
        request_id=confirmed.pk, student=confirmed.student, question_ids=[second.pk, first.pk]
    )

    assert [question.source_id for question in added] == [second.pk, first.pk]
    assert questions_of(confirmed) == [
        (1, "My own first question?"),
        (2, "What does a typical week look like?"),
        (3, "What surprised you in your first year?"),
    ]


def test_adding_the_same_bank_question_again_adds_nothing(confirmed):
    question = bank_question("What does a typical week look like?")
    other = bank_question("Who should I talk to next?", "next_steps")
    prep.add_bank_questions(
        request_id=confirmed.pk, student=confirmed.student, question_ids=[question.pk]
    )

    # A double click: the one already there is skipped, the new one added.
    prep.add_bank_questions(
        request_id=confirmed.pk, student=confirmed.student, question_ids=[question.pk, other.pk]
    )
    with pytest.raises(NotAllowed) as refusal:
        prep.add_bank_questions(
            request_id=confirmed.pk, student=confirmed.student, question_ids=[question.pk]
        )

    assert refusal.value.message == "These questions are in your list already."
    assert questions_of(confirmed) == [
        (1, "What does a typical week look like?"),
        (2, "Who should I talk to next?"),
    ]


@pytest.mark.parametrize("which", ["retired", "unknown"])
def test_a_retired_or_unknown_bank_question_refuses_the_whole_choice(confirmed, which):
    active = bank_question("What does a typical week look like?")
    retired = bank_question("Is it true that you are hiring?", active=False)
    before = prep_snapshot()
    chosen = retired.pk if which == "retired" else retired.pk + 1000

    with pytest.raises(NotAllowed) as refusal:
        prep.add_bank_questions(
            request_id=confirmed.pk, student=confirmed.student, question_ids=[active.pk, chosen]
        )

    assert refusal.value.message == (
        "One of the questions you chose is no longer in the question bank. "
        "Nothing was added; choose again."
    )
    assert prep_snapshot() == before


def test_choosing_no_bank_question_is_refused(confirmed):
    with pytest.raises(NotAllowed) as refusal:
        prep.add_bank_questions(request_id=confirmed.pk, student=confirmed.student, question_ids=[])

    assert refusal.value.message == "Choose at least one question."
    assert plan_of(confirmed) is None


def test_an_own_question_is_added_with_its_spaces_tidied(confirmed):
    add_own(confirmed, "  What would you  do\n differently?  ")

    assert questions_of(confirmed) == [(1, "What would you do differently?")]
    assert PreparedQuestion.objects.get().source is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your question first."),
        ("   \n ", "Write your question first."),
        ("x" * 301, "Keep your question under 300 characters."),
        ("what drew you to this field?", "This question is in your list already."),
    ],
)
def test_a_bad_own_question_is_refused_and_nothing_changes(confirmed, text, message):
    add_own(confirmed, "What drew you to this field?")
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        add_own(confirmed, text)

    assert refusal.value.message == message
    assert prep_snapshot() == before


def test_a_list_holds_thirty_questions_at_most(confirmed):
    add_own(confirmed, *[f"Question number {number}?" for number in range(1, 30)])
    bank = bank_question("One from the bank?")
    extra = bank_question("Another from the bank?")
    prep.add_bank_questions(
        request_id=confirmed.pk, student=confirmed.student, question_ids=[bank.pk]
    )
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as own_refusal:
        add_own(confirmed, "A thirty-first question?")
    with pytest.raises(NotAllowed) as bank_refusal:
        prep.add_bank_questions(
            request_id=confirmed.pk, student=confirmed.student, question_ids=[extra.pk]
        )

    message = (
        "Your list can hold 30 questions, more than a conversation has time for. "
        "Remove some before you add others."
    )
    assert own_refusal.value.message == message
    assert bank_refusal.value.message == message
    assert prep_snapshot() == before
    assert len(questions_of(confirmed)) == 30


# --- Reordering and removing --------------------------------------------------------------


def test_moving_a_question_swaps_it_with_its_neighbour(confirmed):
    add_own(confirmed, "A?", "B?", "C?")
    a, b, c = ids_in_order(confirmed)

    prep.move_question(
        request_id=confirmed.pk, student=confirmed.student, question_id=c, direction="up"
    )
    assert questions_of(confirmed) == [(1, "A?"), (2, "C?"), (3, "B?")]

    prep.move_question(
        request_id=confirmed.pk, student=confirmed.student, question_id=a, direction="down"
    )
    assert questions_of(confirmed) == [(1, "C?"), (2, "A?"), (3, "B?")]

    prep.move_question(
        request_id=confirmed.pk, student=confirmed.student, question_id=b, direction="up"
    )
    assert questions_of(confirmed) == [(1, "C?"), (2, "B?"), (3, "A?")]


@pytest.mark.parametrize(
    ("index", "direction", "message"),
    [
        (0, "up", "That question is first already."),
        (2, "down", "That question is last already."),
        (1, "sideways", "Choose to move the question up or down."),
    ],
)
def test_a_move_past_the_ends_is_refused(confirmed, index, direction, message):
    add_own(confirmed, "A?", "B?", "C?")
    question_id = ids_in_order(confirmed)[index]
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        prep.move_question(
            request_id=confirmed.pk,
            student=confirmed.student,
            question_id=question_id,
            direction=direction,
        )

    assert refusal.value.message == message
    assert prep_snapshot() == before


def test_removing_a_question_closes_the_gap(confirmed):
    add_own(confirmed, "A?", "B?", "C?")
    _a, b, _c = ids_in_order(confirmed)

    prep.remove_question(request_id=confirmed.pk, student=confirmed.student, question_id=b)

    assert questions_of(confirmed) == [(1, "A?"), (2, "C?")]


def test_a_question_of_another_students_list_is_out_of_reach(confirmed, other_student, mentor):
    theirs = another_meeting(other_student, mentor)
    add_own(theirs, "Their question?", "Their second?")
    add_own(confirmed, "Mine?")
    their_question = ids_in_order(theirs)[1]
    before = prep_snapshot()

    for attempt in (
        lambda: prep.move_question(
            request_id=confirmed.pk,
            student=confirmed.student,
            question_id=their_question,
            direction="up",
        ),
        lambda: prep.remove_question(
            request_id=confirmed.pk, student=confirmed.student, question_id=their_question
        ),
    ):
        with pytest.raises(NotAllowed) as refusal:
            attempt()
        assert refusal.value.message == "That question is no longer in your list."
    assert prep_snapshot() == before


# --- Sharing ------------------------------------------------------------------------------


def test_sharing_shows_the_questions_to_the_mentor_until_the_student_stops(confirmed):
    add_own(confirmed, "What drew you to this field?", "Who else should I talk to?")
    mentor_view = prep.summary(request=loaded(confirmed, confirmed.mentor), part="mentor")
    assert mentor_view is None

    prep.share_questions(request_id=confirmed.pk, student=confirmed.student, now=NOW)
    assert plan_of(confirmed).questions_shared_at == NOW
    mentor_view = prep.summary(request=loaded(confirmed, confirmed.mentor), part="mentor")
    assert [question.text for question in mentor_view.shared_questions] == [
        "What drew you to this field?",
        "Who else should I talk to?",
    ]

    prep.stop_sharing_questions(request_id=confirmed.pk, student=confirmed.student)
    assert plan_of(confirmed).questions_shared_at is None
    assert prep.summary(request=loaded(confirmed, confirmed.mentor), part="mentor") is None


def test_the_shared_list_follows_the_students_changes(confirmed):
    add_own(confirmed, "A?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    add_own(confirmed, "B?")
    prep.move_question(
        request_id=confirmed.pk,
        student=confirmed.student,
        question_id=ids_in_order(confirmed)[1],
        direction="up",
    )

    assert [question.text for question in prep.shared_questions(confirmed)] == ["B?", "A?"]


def test_advisors_never_get_any_part_of_the_preparation(confirmed, advisor):
    add_own(confirmed, "A?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    prep.tick_checklist(
        request_id=confirmed.pk, student=confirmed.student, ticked={"researched_person"}
    )

    # Advisors see whether the student prepared: counts only, never the content.
    assert prep.summary(request=loaded(confirmed, advisor), part="advisor") == prep.Summary(
        for_student=False, for_advisor=True, done=1, question_count=1, shared=True
    )
    with pytest.raises(NotAllowed):
        prep.workspace(request=loaded(confirmed, advisor), user=advisor)


def test_an_empty_list_cannot_be_shared(confirmed):
    with pytest.raises(NotAllowed) as refusal:
        prep.share_questions(request_id=confirmed.pk, student=confirmed.student)

    assert refusal.value.message == "Add a question or two before you share your list."
    assert plan_of(confirmed) is None


def test_sharing_twice_or_stopping_twice_is_refused(confirmed):
    add_own(confirmed, "A?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student, now=NOW)
    with pytest.raises(NotAllowed) as twice:
        prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    assert twice.value.message == "Your questions are shared already."
    assert plan_of(confirmed).questions_shared_at == NOW

    prep.stop_sharing_questions(request_id=confirmed.pk, student=confirmed.student)
    with pytest.raises(NotAllowed) as again:
        prep.stop_sharing_questions(request_id=confirmed.pk, student=confirmed.student)
    assert again.value.message == "Your questions are not shared."


def test_sharing_can_stop_after_the_meeting_but_not_start(confirmed):
    add_own(confirmed, "A?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student)
    outcomes.report_outcome(
        request_id=confirmed.pk, user=confirmed.mentor, outcome="held", now=AFTER_MEETING
    )
    confirmed.refresh_from_db()
    assert [q.text for q in prep.shared_questions(confirmed)] == ["A?"]

    prep.stop_sharing_questions(request_id=confirmed.pk, student=confirmed.student)
    with pytest.raises(NotAllowed) as refusal:
        prep.share_questions(request_id=confirmed.pk, student=confirmed.student)

    assert refusal.value.message == (
        "The meeting has taken place: your questions and checklist stay as they were. "
        "You can still edit your research notes."
    )
    assert plan_of(confirmed).questions_shared_at is None


# --- Checklist ------------------------------------------------------------------------------


def test_ticking_sets_exactly_the_ticked_items(confirmed):
    prep.tick_checklist(
        request_id=confirmed.pk,
        student=confirmed.student,
        ticked={"researched_person", "questions_ready", "thank_you_planned"},
    )
    prep.tick_checklist(
        request_id=confirmed.pk,
        student=confirmed.student,
        ticked=["researched_person", "logistics_checked"],
    )

    plan = plan_of(confirmed)
    assert {name: getattr(plan, name) for name in CHECKLIST} == {
        "researched_person": True,
        "researched_organization": False,
        "questions_ready": False,
        "logistics_checked": True,
        "professional_setting": False,
        "thank_you_planned": False,
    }
    assert prep.checklist_done(plan) == 2


def test_an_unknown_checklist_item_is_refused(confirmed):
    with pytest.raises(NotAllowed) as refusal:
        prep.tick_checklist(
            request_id=confirmed.pk, student=confirmed.student, ticked={"research_done"}
        )

    assert refusal.value.message == "That is not an item of the checklist."
    assert plan_of(confirmed) is None


def test_the_students_summary_counts_ticks_and_questions(confirmed):
    add_own(confirmed, "A?", "B?", "C?")
    prep.tick_checklist(
        request_id=confirmed.pk,
        student=confirmed.student,
        ticked={
            "researched_person",
            "researched_organization",
            "questions_ready",
            "logistics_checked",
        },
    )

    summary = prep.summary(request=loaded(confirmed, confirmed.student), part="student")

    assert summary == prep.Summary(
        for_student=True, done=4, total=6, question_count=3, shared=False
    )


# --- Who and when -----------------------------------------------------------------------------


def every_change(interview_request, user, bank_id, question_id):
    """Each change of the preparation, made by `user`."""
    request_id = interview_request.pk
    return {
        "save_research_notes": lambda: prep.save_research_notes(
            request_id=request_id, student=user, person="Notes.", organization="More."
        ),
        "add_bank_questions": lambda: prep.add_bank_questions(
            request_id=request_id, student=user, question_ids=[bank_id]
        ),
        "add_own_question": lambda: prep.add_own_question(
            request_id=request_id, student=user, text="A new one?"
        ),
        "move_question": lambda: prep.move_question(
            request_id=request_id, student=user, question_id=question_id, direction="down"
        ),
        "remove_question": lambda: prep.remove_question(
            request_id=request_id, student=user, question_id=question_id
        ),
        "share_questions": lambda: prep.share_questions(request_id=request_id, student=user),
        "stop_sharing_questions": lambda: prep.stop_sharing_questions(
            request_id=request_id, student=user
        ),
        "tick_checklist": lambda: prep.tick_checklist(
            request_id=request_id, student=user, ticked={"questions_ready"}
        ),
    }


CHANGES = [
    "save_research_notes",
    "add_bank_questions",
    "add_own_question",
    "move_question",
    "remove_question",
    "share_questions",
    "stop_sharing_questions",
    "tick_checklist",
]


@pytest.fixture
def prepared(confirmed):
    """A plan with two questions; shared, so that stopping is possible."""
    add_own(confirmed, "First?", "Second?")
    prep.share_questions(request_id=confirmed.pk, student=confirmed.student, now=NOW)
    return confirmed


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("who", ["mentor", "other_student", "other_mentor", "advisor"])
def test_only_the_student_of_the_request_changes_its_preparation(
    prepared, change, who, other_student, other_mentor, advisor
):
    user = {
        "mentor": prepared.mentor,
        "other_student": other_student,
        "other_mentor": other_mentor,
        "advisor": advisor,
    }[who]
    bank = bank_question("What does a typical week look like?")
    question_id = ids_in_order(prepared)[0]
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        every_change(prepared, user, bank.pk, question_id)[change]()

    expected = (
        "The preparation is the student's own. You see their questions on this page once "
        "they share them with you."
        if who == "mentor"
        else "Only the student of this request prepares for its meeting."
    )
    assert refusal.value.message == expected
    assert prep_snapshot() == before


@pytest.mark.parametrize("change", CHANGES)
def test_nothing_is_prepared_for_a_request_without_a_meeting(student, mentor, change):
    pending = builders.send(student, mentor)
    bank = bank_question("What does a typical week look like?")
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        every_change(pending, student, bank.pk, 1)[change]()

    assert refusal.value.message == (
        "This request is waiting for the mentor; there is no meeting to prepare for."
    )
    assert prep_snapshot() == before


@pytest.mark.parametrize("change", CHANGES)
def test_a_cancelled_meeting_is_no_longer_prepared(prepared, change):
    builders.cancel(prepared)
    bank = bank_question("What does a typical week look like?")
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        every_change(prepared, prepared.student, bank.pk, ids_in_order(prepared)[0])[change]()

    assert refusal.value.message == (
        "This request is cancelled; there is no meeting to prepare for."
    )
    assert prep_snapshot() == before
    assert prep.summary(request=loaded(prepared, prepared.mentor), part="mentor") is None


@pytest.mark.parametrize(
    "change",
    [
        "add_bank_questions",
        "add_own_question",
        "move_question",
        "remove_question",
        "share_questions",
        "tick_checklist",
    ],
)
def test_after_the_meeting_only_the_notes_and_the_sharing_may_change(prepared, change):
    prep.stop_sharing_questions(request_id=prepared.pk, student=prepared.student)
    outcomes.report_outcome(
        request_id=prepared.pk, user=prepared.student, outcome="held", now=AFTER_MEETING
    )
    bank = bank_question("What does a typical week look like?")
    before = prep_snapshot()

    with pytest.raises(NotAllowed) as refusal:
        every_change(prepared, prepared.student, bank.pk, ids_in_order(prepared)[0])[change]()

    assert refusal.value.message == (
        "The meeting has taken place: your questions and checklist stay as they were. "
        "You can still edit your research notes."
    )
    assert prep_snapshot() == before


def test_editing_or_retiring_a_bank_question_leaves_the_students_copy(confirmed, advisor):
    question = bank_question("What does a typical week look like?")
    prep.add_bank_questions(
        request_id=confirmed.pk, student=confirmed.student, question_ids=[question.pk]
    )

    bank.edit_question(
        advisor=advisor,
        question_id=question.pk,
        text="What does a typical day look like?",
        category="day_to_day",
    )
    bank.retire_question(advisor=advisor, question_id=question.pk)

    assert questions_of(confirmed) == [(1, "What does a typical week look like?")]
    assert PreparedQuestion.objects.get().source_id == question.pk
