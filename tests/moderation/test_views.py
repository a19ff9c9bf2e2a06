"""The report forms, the advisors' queue, report and person pages, and the log.

Pages are read as a browser would (tests/views/support.py); every list page is
rendered with 1 and 3 items under one literal query count.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import moderation
from interviews.enums import ModerationActionKind, ReportStatus, RequestStatus
from interviews.models import ModerationAction, Report
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.views.support import (
    assert_strict_page,
    db_snapshot,
    form_values,
    main,
    messages_of,
    non_field_errors,
    page,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
THANKS = (
    "Thank you. Your report went to the career center, and an advisor will look at it. "
    "Nobody else is told that you reported it."
)
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pending(student, mentor):
    return builders.send(student, mentor, now=NOW - timedelta(hours=2))


def report_rows():
    return list(
        Report.objects.order_by("pk").values_list(
            "reporter", "reported_user", "request", "message", "reason", "details"
        )
    )


# --- Members report ---------------------------------------------------------------------


def test_the_request_page_offers_the_participants_a_way_to_report(pending, mentor, client_for):
    countered = builders.counter(pending, now=NOW)
    note = countered.messages.get()

    student_page = main(
        client_for(pending.student).get(reverse("request_detail", args=[pending.pk]))
    )
    mentor_page = main(client_for(mentor).get(reverse("request_detail", args=[pending.pk])))

    assert [
        a.attrs["href"] for a in student_page.one("p", class_="report-links").find_all("a")
    ] == [
        reverse("report_request", args=[pending.pk]),
        reverse("report_user", args=[mentor.pk]) + f"?request={pending.pk}",
    ]
    # The mentor's note can be reported by the student only.
    message_link = reverse("report_message", args=[pending.pk, note.pk])
    assert [a.text for a in student_page.find_all("a", href=message_link)] == [
        "Report this message from Maria Mentor"
    ]
    assert mentor_page.find_all("a", href=message_link) == []


def test_advisors_get_no_report_links(pending, advisor, client_for):
    response = client_for(advisor).get(reverse("request_detail", args=[pending.pk]))

    assert main(response).find_all("p", class_="report-links") == []


def test_a_student_reports_a_request_and_is_thanked(pending, student, mentor, client_for):
    browser = client_for(student)
    form_page = browser.get(reverse("report_request", args=[pending.pk]))
    assert form_page.status_code == 200
    assert main(form_page).one("h1").text == "Report this request"
    assert_strict_page(form_page)

    response = browser.post(
        reverse("report_request", args=[pending.pk]),
        {"reason": "harassment", "details": "Rude words."},
    )

    assert response["Location"] == reverse("request_detail", args=[pending.pk])
    assert messages_of(response) == [("success", THANKS)]
    assert report_rows() == [(student.pk, mentor.pk, pending.pk, None, "harassment", "Rude words.")]


def test_a_stranger_gets_a_404_and_nothing_is_filed(pending, client_for):
    stranger = client_for(StudentFactory())
    before = db_snapshot()

    get = stranger.get(reverse("report_request", args=[pending.pk]))
    post = stranger.post(reverse("report_request", args=[pending.pk]), {"reason": "spam"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert (db_snapshot(), report_rows()) == (before, [])


def test_the_student_reports_the_mentors_note_shown_escaped(pending, student, client_for):
    from interviews.domain import requests as request_rules

    request_rules.counter_propose(
        request_id=pending.pk,
        mentor=pending.mentor,
        slot_starts=[builders.at_15_utc(NOW + timedelta(days=9))],
        note=HOSTILE,
        expected_version=pending.version,
        now=NOW,
    )
    note = pending.messages.get()
    url = reverse("report_message", args=[pending.pk, note.pk])

    form_page = client_for(student).get(url)
    assert main(form_page).one("blockquote").text == HOSTILE
    assert b"<script>alert" not in form_page.content
    response = client_for(student).post(url, {"reason": "harassment", "details": ""})

    assert messages_of(response) == [("success", THANKS)]
    assert report_rows() == [(student.pk, pending.mentor_id, pending.pk, note.pk, "harassment", "")]


def test_reporting_a_mentor_from_a_request_goes_back_to_it(pending, student, mentor, client_for):
    url = reverse("report_user", args=[mentor.pk])

    form = main(client_for(student).get(f"{url}?request={pending.pk}")).one("form")
    response = client_for(student).post(url, {**form_values(form), "reason": "fake"})

    assert form_values(form) == {"request": str(pending.pk), "reason": "", "details": ""}
    assert response["Location"] == reverse("request_detail", args=[pending.pk])
    assert report_rows() == [(student.pk, mentor.pk, None, None, "fake", "")]


def test_reporting_a_mentor_from_the_directory_goes_back_to_their_page(mentor, client_for):
    reporter = StudentFactory()

    response = client_for(reporter).post(
        reverse("report_user", args=[mentor.pk]), {"reason": "spam"}
    )

    assert response["Location"] == reverse("mentor_detail", args=[mentor.pk])
    page_of_mentor = main(client_for(reporter).get(reverse("mentor_detail", args=[mentor.pk])))
    assert page_of_mentor.find_all("a", href=reverse("report_user", args=[mentor.pk]))[0].text == (
        "Report this profile to the career center"
    )


def test_a_missing_explanation_keeps_what_was_chosen(pending, student, client_for):
    response = client_for(student).post(
        reverse("report_request", args=[pending.pk]), {"reason": "other", "details": "   "}
    )

    assert response.status_code == 400
    assert page(response).by_id("id_details_error").text == (
        "Tell the career center in a few words what happened."
    )
    assert form_values(main(response).one("form"))["reason"] == "other"
    assert report_rows() == []


def test_a_second_report_of_the_same_request_is_answered_kindly(pending, student, client_for):
    browser = client_for(student)
    url = reverse("report_request", args=[pending.pk])
    first = browser.post(url, {"reason": "spam"})
    browser.get(first["Location"])  # the thank-you is read there

    again = browser.post(url, {"reason": "harassment", "details": "Still."})
    browser.get(again["Location"])
    opened = browser.get(url)

    assert messages_of(again) == [
        (
            "info",
            "You have already reported this, and an advisor has not looked at it yet. "
            "Thank you: there is no need to report it again.",
        )
    ]
    assert again["Location"] == reverse("request_detail", args=[pending.pk])
    assert messages_of(opened) == [
        ("info", "You have already reported this; an advisor will look at it.")
    ]
    assert len(report_rows()) == 1


def test_reports_are_rate_limited_and_the_text_is_kept(student, client_for):
    mentors = [MentorFactory() for _ in range(11)]
    browser = client_for(student)

    answers = [
        browser.post(
            reverse("report_user", args=[person.pk]),
            {"reason": "spam", "details": f"Number {index}."},
        )
        for index, person in enumerate(mentors)
    ]

    assert [answer.status_code for answer in answers] == [302] * 10 + [429]
    assert non_field_errors(answers[-1]) == [
        "You have sent many reports in a short time, so this one was not sent. "
        "Please try again in a while; what you wrote is kept below."
    ]
    assert form_values(main(answers[-1]).one("form"))["details"] == "Number 10."
    assert len(report_rows()) == 10


def test_advisors_do_not_report(pending, advisor, client_for):
    response = client_for(advisor).get(reverse("report_request", args=[pending.pk]))

    assert response.status_code == 403


# --- The advisors' pages -----------------------------------------------------------------


def a_report(index: int, *, message=False):
    """A student's report about their request's mentor (about the mentor's note)."""
    student = StudentFactory(first_name=f"Student{index}", last_name="Reporter")
    mentor = MentorFactory(first_name=f"Mentor{index}", last_name="Reported")
    request = builders.send(student, mentor, now=NOW - timedelta(days=1))
    if message:
        request = builders.counter(request, now=NOW - timedelta(hours=20))
        return moderation.report_message(
            reporter=student,
            request_id=request.pk,
            message_id=request.messages.get().pk,
            reason="harassment",
            details=f"Report {index}",
            now=NOW - timedelta(minutes=index),
        )
    return moderation.report_request(
        reporter=student,
        request_id=request.pk,
        reason="spam",
        details=f"Report {index}",
        now=NOW - timedelta(minutes=index),
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_queries_stay_constant(advisor, client_for, django_assert_num_queries, count):
    reports = [a_report(index, message=index % 2 == 1) for index in range(count)]
    moderation.dismiss_report(report_id=reports[0].pk, advisor=advisor, reason="Fine.")
    browser = client_for(advisor)

    # Session, user, the open-report badge, the paginator's count, the page of
    # reports (with both people, the request, the message and the handler).
    with django_assert_num_queries(5):
        response = browser.get(reverse("reports_queue"))

    assert response.status_code == 200
    # Open ones first (newest first), the dismissed one last.
    assert [report.pk for report in response.context["page"]] == [r.pk for r in reports[1:]] + [
        reports[0].pk
    ]
    assert_strict_page(response)


def test_the_queue_filters_by_status(advisor, client_for):
    first, second = a_report(0), a_report(1)
    moderation.dismiss_report(report_id=first.pk, advisor=advisor, reason="Fine.")

    response = client_for(advisor).get(reverse("reports_queue"), {"status": "open"})

    assert [report.pk for report in response.context["page"]] == [second.pk]


def test_the_menu_shows_the_open_reports(advisor, client_for):
    a_report(0)
    a_report(1)

    nav = page(client_for(advisor).get(reverse("reports_queue"))).one("nav")

    link = nav.one("a", href=reverse("reports_queue"))
    assert link.text == "Reports 2 open"
    assert nav.one("a", href=reverse("moderation_log")).text == "Moderation log"


@pytest.mark.parametrize("count", [1, 3])
def test_the_report_page_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    report = a_report(0, message=True)
    for index in range(1, count):
        moderation.report_user(
            reporter=StudentFactory(),
            user_id=report.reported_user_id,
            reason="fake",
            details=f"Also {index}",
        )
    moderation.dismiss_report(report_id=report.pk, advisor=advisor, reason="Once.")
    browser = client_for(advisor)

    # Session, user, the open-report badge, the report (with its people,
    # request and message), the reports about the person, the actions about them.
    with django_assert_num_queries(6):
        response = browser.get(reverse("report_detail", args=[report.pk]))

    assert response.status_code == 200
    assert len(response.context["reports"]) == count
    assert [a.kind for a in response.context["actions"]] == [ModerationActionKind.DISMISS_REPORT]


def test_the_reported_content_is_shown_escaped(pending, student, advisor, client_for):
    from interviews.domain import requests as request_rules

    request_rules.counter_propose(
        request_id=pending.pk,
        mentor=pending.mentor,
        slot_starts=[builders.at_15_utc(NOW + timedelta(days=9))],
        note=HOSTILE,
        expected_version=pending.version,
        now=NOW,
    )
    report = moderation.report_message(
        reporter=student,
        request_id=pending.pk,
        message_id=pending.messages.get().pk,
        reason="harassment",
        details=HOSTILE,
    )

    response = client_for(advisor).get(reverse("report_detail", args=[report.pk]))

    body = main(response)
    assert body.one("blockquote").text == HOSTILE
    assert body.one("p", class_="request-text").text == HOSTILE
    assert b'<script>alert("x")' not in response.content
    assert_strict_page(response)


def test_the_report_page_shows_the_message_as_reported_after_the_author_left(
    pending, student, advisor, client_for
):
    from interviews.domain import requests as request_rules
    from interviews.domain.accounts import delete_account

    request_rules.counter_propose(
        request_id=pending.pk,
        mentor=pending.mentor,
        slot_starts=[builders.at_15_utc(NOW + timedelta(days=9))],
        note=HOSTILE,
        expected_version=pending.version,
        now=NOW,
    )
    report = moderation.report_message(
        reporter=student,
        request_id=pending.pk,
        message_id=pending.messages.get().pk,
        reason="harassment",
        details="",
    )
    delete_account(user=pending.mentor, now=NOW)

    response = client_for(advisor).get(reverse("report_detail", args=[report.pk]))

    body = main(response)
    assert body.by_id("as-reported-heading").text == "As reported"
    quoted = body.one("blockquote", **{"aria-labelledby": "as-reported-heading"})
    assert quoted.text == HOSTILE
    assert b'<script>alert("x")' not in response.content
    assert_strict_page(response)


def test_the_report_page_shows_the_request_as_reported(pending, mentor, advisor, client_for):
    from interviews.domain.accounts import delete_account

    report = moderation.report_request(
        reporter=mentor, request_id=pending.pk, reason="spam", details=""
    )
    delete_account(user=pending.student, now=NOW)

    response = client_for(advisor).get(reverse("report_detail", args=[report.pk]))

    body = main(response)
    assert body.by_id("as-reported-heading").text == "As reported"
    quoted = body.one("blockquote", **{"aria-labelledby": "as-reported-heading"})
    assert quoted.raw_text == (
        "About me:\nI study computer science and graduate in 2027.\n\n"
        "Why I am reaching out:\n"
        "Your move from physics into software is the path I am considering."
    )


def test_dismissing_needs_a_reason_and_keeps_the_page(advisor, client_for):
    report = a_report(0)
    before = db_snapshot()

    response = client_for(advisor).post(
        reverse("report_detail", args=[report.pk]), {"action": "dismiss", "dismiss-reason": " "}
    )

    assert response.status_code == 400
    assert page(response).by_id("id_dismiss-reason_error").text == (
        "Write down the reason: nothing is done without one."
    )
    report.refresh_from_db()
    assert (report.status, ModerationAction.objects.count(), db_snapshot()) == (
        ReportStatus.OPEN,
        0,
        before,
    )


def test_a_too_long_reason_is_kept_for_editing(advisor, client_for):
    report = a_report(0)
    long_reason = "Because. " * 250

    response = client_for(advisor).post(
        reverse("report_detail", args=[report.pk]),
        {"action": "suspend", "suspend-reason": long_reason},
    )

    assert response.status_code == 400
    kept = form_values(main(response).find_all("form")[1])
    assert kept["suspend-reason"] == long_reason
    report.reported_user.refresh_from_db()
    assert report.reported_user.suspended_at is None


def test_an_advisor_suspends_from_a_report(advisor, client_for):
    report = a_report(0)
    url = reverse("report_detail", args=[report.pk])

    response = client_for(advisor).post(
        url, {"action": "suspend", "suspend-reason": "Spam to many students."}
    )

    assert response["Location"] == url
    assert messages_of(response) == [
        (
            "success",
            "Mentor0 Reported is suspended: signed out, hidden from the directory, "
            "and what they had under way has ended.",
        )
    ]
    report.refresh_from_db()
    report.request.refresh_from_db()
    assert (report.status, report.request.status) == (ReportStatus.ACTIONED, RequestStatus.DECLINED)
    assert list(ModerationAction.objects.values_list("kind", "report", "reason")) == [
        (ModerationActionKind.SUSPEND, report.pk, "Spam to many students.")
    ]


def test_an_advisor_lifts_a_suspension_from_the_persons_page(mentor, advisor, client_for):
    moderation.suspend_user(user_id=mentor.pk, advisor=advisor, reason="Spam.")
    url = reverse("person_moderation", args=[mentor.pk])

    form_page = client_for(advisor).get(url)
    assert [b.attrs["value"] for b in main(form_page).find_all("button")] == ["lift"]
    response = client_for(advisor).post(url, {"action": "lift", "lift-reason": "Resolved."})

    assert response["Location"] == url
    assert messages_of(response) == [("success", "Maria Mentor can sign in again.")]
    mentor.refresh_from_db()
    assert mentor.suspended_at is None


@pytest.mark.parametrize("count", [1, 3])
def test_the_moderation_log_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    reports = [a_report(index) for index in range(count)]
    for report in reports:
        moderation.dismiss_report(report_id=report.pk, advisor=advisor, reason=HOSTILE)
    browser = client_for(advisor)

    # Session, user, the open-report badge, the paginator's count, the page of
    # actions (with who, whom and the report).
    with django_assert_num_queries(5):
        response = browser.get(reverse("moderation_log"))

    assert response.status_code == 200
    rows = main(response).one("tbody").find_all("tr")
    assert len(rows) == count
    cells = [cell.text for cell in rows[0].find_all("td")]
    assert cells[1:] == [
        "Avery Advisor",
        "Dismissed a report (report)",
        f"Mentor{count - 1} Reported",
        HOSTILE,
    ]
    assert b"<b>bold</b>" not in response.content
    assert_strict_page(response)
