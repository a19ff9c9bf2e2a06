"""Before and after the meeting in a real browser, every page scanned with axe-core.

A student has two meetings with the same mentor: one took place five days ago
(confirmed then, reported held by the student right after it), one is coming
up. The student prepares for the upcoming one (a question from the bank, an
own question, two checklist ticks, the questions shared), writes down what
they learned in the held one, and sends a thank-you note started from those
notes. The mentor, in her own browser session, reads the note on the held
meeting's page and the shared questions on the upcoming meeting's page.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from interviews.domain.outcomes import report_outcome
from interviews.enums import MeetingOutcome, NotificationKind, RequestStatus, ThanksChannel
from interviews.models import LearningNote, Notification, PreparedQuestion, ThankYouNote
from tests import builders
from tests.factories import PASSWORD, MentorFactory, StudentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(300),
    # live_server needs transactional_db; serialized_rollback puts back what the
    # migrations seeded (the question bank among it) before each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STUDENT_ZONE = "America/New_York"
MENTOR_ZONE = "Europe/Berlin"
BANK_QUESTION = "What does a typical day or week look like for you?"
OWN_QUESTION = "How did your physics degree help you when you moved into software?"
LEARNED = [
    "Product teams test their ideas with real users every week.",
    "A portfolio of small projects says more than grades.",
    "Internships are the usual door into junior roles.",
]
THANKS_PAGE_LEARNED = "What I took away from our conversation:\n" + "\n".join(
    f"- {point}" for point in LEARNED
)


def sign_in(page, base_url: str, person, axe_audit) -> None:
    page.goto(base_url + "/accounts/login/")
    axe_audit.scan(page, f"sign-in ({person.first_name})")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(base_url + "/dashboard/")
    axe_audit.scan(page, f"dashboard ({person.first_name})")


def test_after_a_held_meeting_the_student_thanks_the_mentor_who_reads_it(
    live_server, open_page, axe_audit
):
    now = datetime.now(UTC)
    base = live_server.url
    student = StudentFactory(first_name="Jordan", last_name="Lee", time_zone=STUDENT_ZONE)
    mentor = MentorFactory(first_name="Greta", last_name="Hoffmann", time_zone=MENTOR_ZONE)
    # Asked for ten days ago, confirmed then, held five days ago.
    asked = now - timedelta(days=10)
    held = builders.confirm(
        student,
        mentor,
        now=asked,
        starts=[builders.at_15_utc(now - timedelta(days=5 - offset)) for offset in range(2)],
    )
    report_outcome(
        request_id=held.pk,
        user=student,
        outcome=MeetingOutcome.HELD,
        now=held.meeting.ends_at + timedelta(hours=1),
    )
    upcoming = builders.confirm(
        student,
        mentor,
        now=now,
        starts=[builders.at_15_utc(now + timedelta(days=5 + offset)) for offset in range(2)],
    )
    held_url = base + reverse("request_detail", args=[held.pk])
    upcoming_url = base + reverse("request_detail", args=[upcoming.pk])

    # --- The student prepares for the upcoming meeting. ---
    page = open_page(STUDENT_ZONE)
    sign_in(page, base, student, axe_audit)
    page.goto(upcoming_url)
    axe_audit.scan(page, "request page, student, upcoming")
    page.get_by_role("link", name="Prepare for the meeting").click()
    expect(page).to_have_url(base + reverse("prep_workspace", args=[upcoming.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Prepare for your meeting with Greta Hoffmann"
    )
    axe_audit.scan(page, "preparation, empty")

    page.get_by_role("link", name="Pick questions from the bank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pick questions from the career center's bank"
    )
    axe_audit.scan(page, "question bank, student")
    page.get_by_label(BANK_QUESTION).check()
    page.get_by_role("button", name="Add the ticked questions to my list").click()
    expect(page.get_by_role("status")).to_have_text(
        "1 question added to your list. Put the most important first."
    )
    axe_audit.scan(page, "preparation, one bank question")

    page.get_by_label("Your own question").fill(OWN_QUESTION)
    page.get_by_role("button", name="Add my question").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your question is added at the end of the list."
    )
    questions = page.get_by_role("region", name="Your questions").get_by_role("listitem")
    expect(questions.locator(".request-text")).to_have_text([BANK_QUESTION, OWN_QUESTION])

    page.get_by_label("I researched the person").check()
    page.get_by_label("My questions are ready").check()
    page.get_by_role("button", name="Save my checklist").click()
    expect(page.get_by_role("status")).to_have_text("Your checklist is saved: 2 of 6 done.")
    expect(page.get_by_label("I researched the person")).to_be_checked()
    expect(page.get_by_label("My questions are ready")).to_be_checked()
    expect(page.get_by_label("I checked the logistics")).not_to_be_checked()

    page.get_by_role("button", name="Share my questions with Greta Hoffmann").click()
    expect(page.get_by_role("status")).to_have_text(
        "Greta Hoffmann can now read your questions on the meeting page and in their reminder."
    )
    expect(page.get_by_role("button", name="Stop sharing")).to_be_visible()
    axe_audit.scan(page, "preparation, questions shared")

    # --- The student writes down what they learned in the held meeting. ---
    page.get_by_role("navigation", name="Main").get_by_role("link", name="What I learned").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning log")
    axe_audit.scan(page, "learning log, no notes yet")
    page.get_by_role("link", name="Write what you learned from Greta Hoffmann").click()
    expect(page).to_have_url(base + reverse("learning_note", args=[held.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("What I learned from Greta Hoffmann")
    axe_audit.scan(page, "learning note, empty")
    page.get_by_label("What I learned").fill("\n".join(LEARNED))
    page.get_by_role("button", name="Save my notes").click()
    expect(page.get_by_role("status")).to_have_text("Your notes are saved.")
    axe_audit.scan(page, "after saving the learning note")

    # --- The thank-you note: drafted from those notes, edited, sent. ---
    page.goto(held_url)
    axe_audit.scan(page, "request page, student, held")
    page.get_by_role("link", name="Write your thank-you note").click()
    expect(page).to_have_url(base + reverse("thank_you_write", args=[held.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank Greta Hoffmann")
    axe_audit.scan(page, "thank-you note, draft")
    note_field = page.get_by_label("Your thank-you note")
    draft = note_field.input_value()
    paragraphs = draft.split("\n\n")
    assert paragraphs[0] == "Dear Greta,"
    assert THANKS_PAGE_LEARNED in paragraphs
    assert paragraphs[-1] == "Best regards,\nJordan Lee"

    sent_text = "\n\n".join(
        [
            "Dear Greta,",
            "Thank you for the half hour you gave me on Tuesday, and for your honesty about "
            "the first years in software.",
            THANKS_PAGE_LEARNED,
            "As a next step, I will start a small project to show, and apply for two "
            "summer internships.",
            "Best regards,\nJordan Lee",
        ]
    )
    note_field.fill(sent_text)
    page.get_by_role("button", name="Send to Greta Hoffmann").click()
    expect(page).to_have_url(held_url)
    expect(page.get_by_role("status")).to_have_text(
        "Your thank-you note is on its way to Greta Hoffmann. A copy is in your inbox."
    )
    axe_audit.scan(page, "request page, student, thanked")

    # --- The mentor reads the note, and the questions shared for the next meeting. ---
    mentor_page = open_page(MENTOR_ZONE)
    sign_in(mentor_page, base, mentor, axe_audit)
    mentor_page.goto(held_url)
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text("Request from Jordan Lee")
    thank_you = mentor_page.get_by_role("region", name="Thank-you note")
    # The note keeps its lines (white-space: pre-line): its rendered text is the text sent.
    assert thank_you.locator("blockquote").inner_text() == sent_text
    axe_audit.scan(mentor_page, "request page, mentor, thanked")

    mentor_page.goto(upcoming_url)
    shared = mentor_page.get_by_role("region", name="Questions Jordan Lee prepared")
    expect(shared.get_by_role("listitem")).to_have_text([BANK_QUESTION, OWN_QUESTION])
    axe_audit.scan(mentor_page, "request page, mentor, questions shared")

    # What the pages wrote.
    plan = upcoming.prep_plan
    plan.refresh_from_db()
    assert list(
        PreparedQuestion.objects.filter(plan=plan)
        .order_by("position")
        .values_list("text", "source__text")
    ) == [(BANK_QUESTION, BANK_QUESTION), (OWN_QUESTION, None)]
    assert [name for name in plan.CHECKLIST if getattr(plan, name)] == [
        "researched_person",
        "questions_ready",
    ]
    assert plan.questions_shared_at is not None
    note = LearningNote.objects.get(request=held)
    # Browsers send a textarea's lines with CRLF; the stored text keeps them.
    assert (note.body.replace("\r\n", "\n"), note.shared_with_center_at) == (
        "\n".join(LEARNED),
        None,
    )
    thanks = ThankYouNote.objects.get(request=held)
    assert (thanks.channel, thanks.body.replace("\r\n", "\n")) == (
        ThanksChannel.CAREERCONNECT,
        sent_text,
    )
    held.refresh_from_db()
    assert (held.status, held.thanked_at) == (RequestStatus.HELD, thanks.sent_at)
    assert sorted(
        Notification.objects.filter(
            request=held,
            kind__in=[NotificationKind.THANK_YOU_RECEIVED, NotificationKind.THANK_YOU_COPY],
        ).values_list("kind", "recipient__email")
    ) == sorted(
        [
            (NotificationKind.THANK_YOU_RECEIVED, mentor.email),
            (NotificationKind.THANK_YOU_COPY, student.email),
        ]
    )
    assert axe_audit.violations == [], axe_audit.report()
