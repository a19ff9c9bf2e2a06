"""The preparation in a real browser: the student prepares with the buttons
(no script needed), the mentor reads the shared questions, the advisor edits
the bank; every page passes an axe-core scan (WCAG 2.2 AA)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from interviews.models import PreparedQuestion
from tests import builders
from tests.browser.test_more_pages import sign_in, visit
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(300),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_student_prepares_and_the_mentor_reads_the_shared_questions(
    live_server, open_page, axe_audit
):
    now = datetime.now(UTC)
    base = live_server.url
    student = StudentFactory(first_name="Jordan", last_name="Lee")
    mentor = MentorFactory(first_name="Greta", last_name="Hoffmann")
    advisor = AdvisorFactory()
    meeting = builders.confirm(
        student,
        mentor,
        now=now,
        starts=[builders.at_15_utc(now + timedelta(days=5 + offset)) for offset in range(2)],
    )
    prep_url = base + reverse("prep_workspace", args=[meeting.pk])

    page = open_page("America/New_York")
    sign_in(page, base, student)
    page.goto(base + reverse("request_detail", args=[meeting.pk]))
    page.get_by_role("link", name="Prepare for the meeting").click()
    expect(page).to_have_url(prep_url)
    axe_audit.scan(page, "preparation, empty")

    page.get_by_role("button", name="Add my question").click()
    expect(page.locator("#id_text_error")).to_have_text("Write your question first.")
    axe_audit.scan(page, "preparation, question with an error")

    page.get_by_label("Your own question").fill("What surprised you in your first year?")
    page.get_by_role("button", name="Add my question").click()
    expect(page.get_by_text("Your question is added at the end of the list.")).to_be_visible()
    page.get_by_role("link", name="Pick questions from the bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pick questions from the career center's bank"
    )
    axe_audit.scan(page, "question bank, for the student")
    page.get_by_label("Who else would you suggest I talk to, and may I mention your name?").check()
    page.get_by_role("button", name="Add the ticked questions to my list").click()
    expect(page.get_by_text("1 question added to your list.")).to_be_visible()
    # The second question's own "Move up" (its accessible name ends with
    # ": question 2" in a visually hidden span, which Playwright's name
    # matching does not always count; the list item is unambiguous).
    page.locator("#questions li").nth(1).get_by_role("button", name="Move up").click()
    expect(page.get_by_text("The question moved.")).to_be_visible()
    assert list(
        PreparedQuestion.objects.filter(plan__request=meeting)
        .order_by("position")
        .values_list("text", flat=True)
    ) == [
        "Who else would you suggest I talk to, and may I mention your name?",
        "What surprised you in your first year?",
    ]
    page.get_by_label("I researched the person").check()
    page.get_by_role("button", name="Save my checklist").click()
    expect(page.get_by_text("Your checklist is saved: 1 of 6 done.")).to_be_visible()
    page.get_by_role("button", name="Share my questions with Greta Hoffmann").click()
    expect(page.get_by_role("button", name="Stop sharing")).to_be_visible()
    axe_audit.scan(page, "preparation, questions shared")

    mentor_page = open_page("Europe/Berlin")
    sign_in(mentor_page, base, mentor)
    mentor_page.goto(base + reverse("request_detail", args=[meeting.pk]))
    panel = mentor_page.locator("section[aria-labelledby=prep-heading]")
    expect(panel.get_by_role("listitem")).to_have_text(
        [
            "Who else would you suggest I talk to, and may I mention your name?",
            "What surprised you in your first year?",
        ]
    )
    axe_audit.scan(mentor_page, "request page, mentor with shared questions")

    advisor_page = open_page("America/New_York")
    sign_in(advisor_page, base, advisor)
    for name, path in [
        ("question bank, advisor", reverse("question_bank")),
        ("new bank question", reverse("question_bank_new")),
    ]:
        visit(advisor_page, axe_audit, base + path, name)
    advisor_page.get_by_role("button", name="Add the question").click()
    expect(advisor_page.locator("#id_text_error")).to_have_text("Write your question first.")
    axe_audit.scan(advisor_page, "new bank question with errors")

    assert axe_audit.violations == [], axe_audit.report()
