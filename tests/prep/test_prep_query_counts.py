"""The preparation's lists cost the same number of queries for one item or three.

Each page is rendered with 1 and with 3 items under django_assert_num_queries
with one literal count for both (SQLite and PostgreSQL alike).
"""

import pytest
from django.template import Context, Template
from django.urls import reverse

from interviews.domain import prep
from interviews.domain.access import get_visible_request
from interviews.models import BankQuestion
from tests.factories import major
from tests.prep.conftest import bank_question
from tests.views.support import parse

COUNTS = [1, 3]
CATEGORIES = ["career_path", "advice", "next_steps"]


def fill_bank(count: int, *, retired: bool = True) -> list[BankQuestion]:
    """`count` active questions in different categories, and as many retired ones."""
    BankQuestion.objects.all().delete()
    active = [
        bank_question(f"Active question number {index}?", CATEGORIES[index % 3])
        for index in range(count)
    ]
    if retired:
        for index in range(count):
            bank_question(f"Retired question number {index}?", CATEGORIES[index % 3], active=False)
    return active


def prepare(interview_request, count: int) -> None:
    """`count` questions (some from the bank), shared, some boxes ticked, notes written."""
    from_bank = fill_bank(count)
    prep.add_bank_questions(
        request_id=interview_request.pk,
        student=interview_request.student,
        question_ids=[question.pk for question in from_bank[: (count + 1) // 2]],
    )
    for index in range(count - (count + 1) // 2):
        prep.add_own_question(
            request_id=interview_request.pk,
            student=interview_request.student,
            text=f"My own question number {index}?",
        )
    prep.share_questions(request_id=interview_request.pk, student=interview_request.student)
    prep.tick_checklist(
        request_id=interview_request.pk,
        student=interview_request.student,
        ticked={"researched_person"},
    )
    prep.save_research_notes(
        request_id=interview_request.pk,
        student=interview_request.student,
        person="Notes.",
        organization="More notes.",
    )
    interview_request.mentor.mentor_profile.majors.set(
        [major("physics"), major("computer-science")]
    )


@pytest.mark.parametrize("count", COUNTS)
def test_the_advisors_bank_list_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    fill_bank(count)
    browser = client_for(advisor)
    browser.get(reverse("question_bank"))

    # Session, user and the questions; the menu's badge counts the open reports.
    with django_assert_num_queries(4):
        response = browser.get(reverse("question_bank"))

    assert response.status_code == 200
    badge = '<span class="badge text-bg-success">Active</span>'
    assert response.content.decode().count(badge) == count


@pytest.mark.parametrize("count", COUNTS)
def test_the_preparation_page_queries_stay_constant(
    confirmed, client_for, django_assert_num_queries, count
):
    prepare(confirmed, count)
    browser = client_for(confirmed.student)
    browser.get(reverse("prep_workspace", args=[confirmed.pk]))

    with django_assert_num_queries(5):
        response = browser.get(reverse("prep_workspace", args=[confirmed.pk]))

    assert response.status_code == 200
    assert len(response.context["ws"].questions) == count


@pytest.mark.parametrize("count", COUNTS)
def test_the_bank_picker_queries_stay_constant(
    confirmed, client_for, django_assert_num_queries, count
):
    prepare(confirmed, count)
    browser = client_for(confirmed.student)
    url = reverse("prep_bank", args=[confirmed.pk])
    browser.get(url)

    with django_assert_num_queries(6):
        response = browser.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Active question number") == count


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize(("who", "queries"), [("student", 1), ("mentor", 1), ("advisor", 1)])
def test_the_prep_panel_queries_stay_constant(
    confirmed, advisor, django_assert_num_queries, count, who, queries
):
    """The panel alone, on the request as the request page loads it."""
    prepare(confirmed, count)
    user = advisor if who == "advisor" else getattr(confirmed, who)
    interview_request, part = get_visible_request(user, confirmed.pk)
    panel = Template("{% load prep_tags %}{% prep_panel ir part %}")

    with django_assert_num_queries(queries):
        html = panel.render(
            Context({"ir": interview_request, "part": part, "user": user, "actions": set()})
        )

    panel_html = parse(html)
    if who == "student":
        plural = "s" if count > 1 else ""
        assert panel_html.one("p").text == (
            f"Checklist: 1 of 6 done. {count} question{plural} prepared, shared with Maria Mentor."
        )
    elif who == "mentor":
        assert len(panel_html.one("ol").find_all("li")) == count
    else:
        # Advisors: how far the student prepared, never what they wrote.
        questions = "1 question" if count == 1 else f"{count} questions"
        assert panel_html.one("p").text == (
            f"Sophie Student ticked 1 of 6 checklist items and prepared {questions}, "
            "shared with Maria Mentor. (Their notes stay private.)"
        )
