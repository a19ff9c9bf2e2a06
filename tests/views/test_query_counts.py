"""Every list, search and dashboard page costs the same number of queries
whether it shows one row or three.

Each page is rendered with 1 and with 3 items that differ in state and in
people, every item carrying what the page shows of it (meetings, slots of
several rounds, messages, profiles with majors and industries), under
django_assert_num_queries with one literal count for both. The counts hold on
SQLite and on PostgreSQL alike.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from interviews.domain import bank, feedback, learning, outcomes, prep, referrals, thanks
from interviews.domain import requests as request_rules
from interviews.domain.directory import refresh_search_vector
from interviews.enums import (
    ApprovalState,
    DeclineReason,
    MeetingOutcome,
    Party,
    QuestionCategory,
    RequestStatus,
)
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory, industry, major
from tests.views.support import main

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COUNTS = [1, 3]

pytestmark = pytest.mark.django_db

INDUSTRIES = ["technology", "healthcare", "consulting"]
MAJORS = ["physics", "economics", "biology"]


def at(days: int) -> datetime:
    """15:00 UTC, `days` days after NOW."""
    return (NOW + timedelta(days=days)).replace(hour=15, minute=0)


def a_mentor(index: int, **profile):
    """Mentors differ in name, industry and majors (Computer Science plus one)."""
    user = MentorFactory(
        first_name=f"Mentor{index}",
        last_name=f"Lastname{index}",
        profile__job_title=f"Engineer grade {index}",
        profile__industry=industry(INDUSTRIES[index % 3]),
        **{f"profile__{name}": value for name, value in profile.items()},
    )
    user.mentor_profile.majors.set([major("computer-science"), major(MAJORS[index % 3])])
    refresh_search_vector(user.mentor_profile)
    return user


def a_student(index: int):
    user = StudentFactory(first_name=f"Student{index}", last_name=f"Lastname{index}")
    user.student_profile.majors.set([major(MAJORS[index % 3])])
    return user


def accept_first(request, *, by):
    request_rules.accept_slot(
        request_id=request.pk,
        user=by,
        slot_id=builders.first_slot(request).pk,
        expected_version=request.version,
        now=NOW,
    )
    request.refresh_from_db()
    return request


def rescheduling(student, mentor, *, day: int, by: Party):
    """Confirmed after a counter-proposal; now new times await an answer.

    Three rounds of slots, a meeting and two messages.
    """
    request = builders.send(student, mentor, now=NOW, starts=[at(day), at(day + 1)])
    request = builders.counter(request, now=NOW, starts=[at(day + 2)])
    request = accept_first(request, by=student)
    proposer = student if by == Party.STUDENT else mentor
    return builders.propose_reschedule(request, by=proposer, now=NOW, starts=[at(day + 4)])


def counter_proposed(student, mentor, *, day: int):
    request = builders.send(student, mentor, now=NOW, starts=[at(day), at(day + 1)])
    return builders.counter(request, now=NOW, starts=[at(day + 2)])


def pending(student, mentor, *, day: int):
    return builders.send(student, mentor, now=NOW, starts=[at(day), at(day + 1), at(day + 2)])


def declined(student, mentor, *, day: int):
    return builders.decline(pending(student, mentor, day=day), now=NOW)


def student_stories(student, count: int):
    """The student's requests to different mentors, in different states."""
    makers = [
        lambda mentor: rescheduling(student, mentor, day=5, by=Party.MENTOR),
        lambda mentor: counter_proposed(student, mentor, day=12),
        lambda mentor: pending(student, mentor, day=18),
    ]
    return [make(a_mentor(index)) for index, make in enumerate(makers[:count])]


def mentor_stories(mentor, count: int):
    """Requests from different students to one mentor, in different states."""
    makers = [
        lambda student: rescheduling(student, mentor, day=5, by=Party.STUDENT),
        lambda student: pending(student, mentor, day=12),
        lambda student: counter_proposed(student, mentor, day=18),
    ]
    return [make(a_student(index)) for index, make in enumerate(makers[:count])]


def get(client, url: str):
    with time_machine.travel(NOW, tick=False):
        return client.get(url)


def negotiated(student, mentor, *, rounds: int, confirm: bool):
    """Sent, then `rounds` proposals (mentor and student in turn), each with a
    note and as many times as its number; confirmed at the end if asked."""
    request = builders.send(student, mentor, now=NOW, starts=[at(5), at(6)])
    for number in range(1, rounds + 1):
        starts = [at(10 * number + offset) for offset in range(number)]
        note = f"Note number {number}."
        if request.status == RequestStatus.PENDING:
            request_rules.counter_propose(
                request_id=request.pk,
                mentor=mentor,
                slot_starts=starts,
                note=note,
                expected_version=request.version,
                now=NOW,
            )
        else:
            request_rules.propose_again(
                request_id=request.pk,
                student=student,
                slot_starts=starts,
                note=note,
                expected_version=request.version,
                now=NOW,
            )
        request.refresh_from_db()
    if confirm:
        request = accept_first(request, by=student)
    return request


def row_lines(response) -> list[str]:
    """The last line of each request row: the meeting, or the times on offer."""
    rows = main(response).find_all("li", class_="list-group-item")
    return [row.find_all("div", class_="small")[-1].text for row in rows]


def pks(objects) -> list[int]:
    return [item.pk for item in objects]


@pytest.fixture
def viewer(db):
    return StudentFactory(first_name="Vera", last_name="Viewer")


def directory_mentors(count: int):
    """Taking requests; then not accepting, and fully booked (by another student).

    All studied Computer Science, talk by video, live in Berlin, work at
    Northwind and graduated in 2015 (the factory's values), so that every
    filter below keeps every one of them.
    """
    mentors = [a_mentor(0)]
    if count == 3:
        mentors += [a_mentor(1, accepting_requests=False), a_mentor(2, monthly_capacity=1)]
        pending(a_student(9), mentors[2], day=20)
    return mentors


# The directory: session, user, program settings, the paginator's count, the
# industry and major choices of the filter form, the page of mentors, their
# majors. A major filter adds the lookup of the chosen major.
DIRECTORY_PAGES = {
    "everyone": ("/mentors/", 8),
    "search": ("/mentors/?q=engineer", 8),
    "filters": (
        "/mentors/?major={major}&format=video&graduated_from=2010&graduated_to=2020"
        "&location=Berlin&employer=Northwind&industry=",
        9,
    ),
    "search-and-filters": ("/mentors/?q=engineers&major={major}&format=video&location=Berlin", 9),
}


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("page", DIRECTORY_PAGES)
def test_directory_queries_stay_constant(
    viewer, client_for, django_assert_num_queries, count, page
):
    mentors = directory_mentors(count)
    client = client_for(viewer)
    url, queries = DIRECTORY_PAGES[page]
    url = url.format(major=major("computer-science").pk)

    with django_assert_num_queries(queries):
        response = get(client, url)

    assert response.status_code == 200
    # Available first, then by last name.
    assert [profile.user_id for profile in response.context["page"]] == pks(mentors)


@pytest.mark.parametrize("count", COUNTS)
def test_mentor_inbox_queries_stay_constant(client_for, django_assert_num_queries, count):
    mentor = a_mentor(7)
    stories = mentor_stories(mentor, count)
    client = client_for(mentor)

    # Session, user, the paginator's count, the page of requests, their slots.
    with django_assert_num_queries(5):
        response = get(client, "/inbox/")

    assert response.status_code == 200
    # Pending first, then a reschedule waiting for the mentor, then the rest.
    expected = [stories[1], stories[0], stories[2]] if count == 3 else stories
    assert pks(response.context["page"]) == pks(expected)
    assert (
        row_lines(response)
        == {
            1: ["Meeting: Mon 9 Mar 2026, 16:00 CET"],
            3: [
                "3 times on offer, the first Sat 14 Mar 2026, 16:00 CET",
                "Meeting: Mon 9 Mar 2026, 16:00 CET",
                "1 time on offer, the first Sun 22 Mar 2026, 16:00 CET",
            ],
        }[count]
    )


@pytest.mark.parametrize("count", COUNTS)
def test_student_requests_queries_stay_constant(client_for, django_assert_num_queries, count):
    student = a_student(7)
    stories = student_stories(student, count)
    client = client_for(student)

    # Session, user, the paginator's count, the page of requests, their slots.
    with django_assert_num_queries(5):
        response = get(client, "/requests/")

    assert response.status_code == 200
    assert pks(response.context["page"]) == pks(reversed(stories))
    assert (
        row_lines(response)
        == [
            "3 times on offer, the first Fri 20 Mar 2026, 11:00 EDT",
            "1 time on offer, the first Mon 16 Mar 2026, 11:00 EDT",
            "Meeting: Mon 9 Mar 2026, 11:00 EDT",
        ][-count:]
    )


@pytest.mark.parametrize("count", COUNTS)
def test_student_dashboard_queries_stay_constant(client_for, django_assert_num_queries, count):
    student = a_student(7)
    stories = student_stories(student, count)
    client = client_for(student)

    # Session, user, requests waiting for the student, their slots, upcoming
    # meetings, the after-meeting tasks, the counts by state.
    with django_assert_num_queries(7):
        response = get(client, "/dashboard/")

    assert response.status_code == 200
    assert pks(response.context["needs_action"]) == pks(stories[:2])
    assert pks(response.context["upcoming"]) == [stories[0].meeting.pk]


@pytest.mark.parametrize("count", COUNTS)
def test_mentor_dashboard_queries_stay_constant(client_for, django_assert_num_queries, count):
    mentor = a_mentor(7)
    stories = mentor_stories(mentor, count)
    client = client_for(mentor)

    # As the student's, plus the mentor's own profile (approval, responsiveness).
    with django_assert_num_queries(8):
        response = get(client, "/dashboard/")

    assert response.status_code == 200
    assert pks(response.context["needs_action"]) == pks(stories[:2])
    assert pks(response.context["upcoming"]) == [stories[0].meeting.pk]


@pytest.mark.parametrize("count", COUNTS)
def test_advisor_requests_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    makers = [
        lambda index: rescheduling(a_student(index), a_mentor(index), day=5, by=Party.MENTOR),
        lambda index: declined(a_student(index), a_mentor(index), day=12),
        lambda index: pending(a_student(index), a_mentor(index), day=18),
    ]
    requests = [make(index) for index, make in enumerate(makers[:count])]
    client = client_for(advisor)

    # Session, user, the paginator's count, the page of requests (with people
    # and meetings), the count of mentors waiting for approval, the open
    # reports (the menu's badge).
    with django_assert_num_queries(6):
        response = get(client, "/advisor/requests/")

    assert response.status_code == 200
    assert pks(response.context["page"]) == pks(reversed(requests))


@pytest.mark.parametrize("count", COUNTS)
def test_pending_mentors_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    waiting = [a_mentor(index, approval_state=ApprovalState.PENDING) for index in range(count)]
    a_mentor(8)  # approved: not on this page
    client = client_for(advisor)

    # Session, user, the paginator's count, the page of profiles, their majors,
    # the open reports (the menu's badge).
    with django_assert_num_queries(6):
        response = get(client, "/advisor/mentors/pending/")

    assert response.status_code == 200
    assert [profile.user_id for profile in response.context["page"]] == pks(waiting)


# Session, user, the request with its people (and the student's profile and
# the meeting, in one query), program settings (the actions), the history (transitions, messages,
# slots), and the times on offer (open only). A confirmed meeting counts its
# reschedule proposals (the actions). Mentors and advisors also read the
# student's majors; advisors get no actions, so no program settings, but
# their menu counts the open reports.
REQUEST_DETAIL_QUERIES = {
    ("student", "confirmed"): 8,
    ("student", "open"): 8,
    ("mentor", "confirmed"): 9,
    ("mentor", "open"): 9,
    ("advisor", "confirmed"): 8,
    ("advisor", "open"): 9,
}


@pytest.mark.parametrize("state", ["confirmed", "open"])
@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("part", ["student", "mentor", "advisor"])
def test_request_detail_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count, state, part
):
    request = negotiated(a_student(0), a_mentor(0), rounds=count, confirm=state == "confirmed")
    client = client_for({"student": request.student, "mentor": request.mentor}.get(part, advisor))

    with django_assert_num_queries(REQUEST_DETAIL_QUERIES[part, state]):
        response = get(client, f"/requests/{request.pk}/")

    assert response.status_code == 200
    timeline = response.context["timeline"]
    assert [entry.message.body for entry in timeline if entry.message] == [
        f"Note number {number}." for number in range(1, count + 1)
    ]
    assert [len(entry.slots) for entry in timeline if entry.slots] == [2, *range(1, count + 1)]


@pytest.mark.parametrize("count", COUNTS)
def test_declined_request_detail_queries_stay_constant(
    client_for, django_assert_num_queries, count
):
    student, mentor = a_student(0), a_mentor(0)
    suggested = [a_mentor(index) for index in range(1, count + 1)]
    request = pending(student, mentor, day=5)
    request_rules.decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.TOO_BUSY,
        message="A busy month, sorry.",
        suggested_mentor_ids=pks(suggested),
        expected_version=request.version,
        now=NOW,
    )
    client = client_for(student)

    # Session, user, the request with its people (no meeting), program settings,
    # the history (three), the suggested mentors.
    with django_assert_num_queries(8):
        response = get(client, f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert sorted(profile.user_id for profile in response.context["suggestions"]) == pks(suggested)


# --- Before and after the meeting: the request page's three panels ------------------

QUESTIONS = [
    "How did you choose your first job?",
    "What does a usual week hold?",
    "Which skills matter most in your work?",
]


def prepared(request, *, count: int, shared: bool):
    """`count` questions in the student's list (the first from the bank), ticks, notes."""
    question = bank.create_question(
        advisor=AdvisorFactory(), text=QUESTIONS[0], category=QuestionCategory.DAY_TO_DAY
    )
    prep.add_bank_questions(
        request_id=request.pk, student=request.student, question_ids=[question.pk]
    )
    for text in QUESTIONS[1:count]:
        prep.add_own_question(request_id=request.pk, student=request.student, text=text)
    prep.tick_checklist(
        request_id=request.pk, student=request.student, ticked=["researched_person"]
    )
    prep.save_research_notes(
        request_id=request.pk, student=request.student, person="Physics.", organization="Museums."
    )
    if shared:
        prep.share_questions(request_id=request.pk, student=request.student, now=NOW)


def held_meeting(*, count: int = 0):
    """Met on 28 February and reported held by the student the day after; with
    `count` prepared and shared questions and `count` referrals, a thank-you note,
    a shared learning note, the mentor's feedback and answer (none with count=0)."""
    student, mentor = a_student(0), a_mentor(0)
    before = NOW - timedelta(days=5)
    request = builders.confirm(student, mentor, now=before, starts=[at(-2), at(-1)])
    if count:
        prepared(request, count=count, shared=True)
    outcomes.report_outcome(
        request_id=request.pk,
        user=student,
        outcome=MeetingOutcome.HELD,
        now=NOW - timedelta(days=1),
    )
    if not count:
        return request
    outcomes.report_outcome(
        request_id=request.pk, user=mentor, outcome=MeetingOutcome.HELD, now=NOW
    )
    thanks.send_thank_you(request_id=request.pk, student=student, body="Thank you, Maria.", now=NOW)
    learning.save_learning_note(
        request_id=request.pk,
        student=student,
        body="Small teams ship weekly.",
        shared=True,
        now=NOW,
    )
    feedback.leave_feedback(request_id=request.pk, user=mentor, preparedness=4, now=NOW)
    makers = [
        lambda index: referrals.make_referral(
            request_id=request.pk, user=mentor, to_mentor_id=a_mentor(index).pk, now=NOW
        ),
        lambda index: referrals.make_referral(
            request_id=request.pk,
            user=student,
            outside_name="Rosa Outside",
            outside_organization="City Library",
            outside_contact="rosa@example.org",
            note="She runs the digital archive.",
            now=NOW,
        ),
        lambda index: written_to(request, a_mentor(index)),
    ]
    for index, make in enumerate(makers[:count], 1):
        make(index)
    return request


def written_to(request, referred):
    """A referral by the mentor that the student has followed with a request."""
    referral = referrals.make_referral(
        request_id=request.pk, user=request.mentor, to_mentor_id=referred.pk, now=NOW
    )
    referrals.send_referred_request(
        student=request.student,
        mentor=referred,
        draft=builders.draft(),
        slot_starts=[at(10), at(11)],
        referral_id=referral.pk,
        now=NOW,
    )
    return referral


def viewer_of(request, part: str, advisor):
    return {"student": request.student, "mentor": request.mentor}.get(part, advisor)


def referral_rows(response) -> int:
    return len(main(response).by_id("referrals").find_all("li", class_="list-group-item"))


def prep_panel(response) -> dict:
    """What the preparation panel says: the student's progress, the mentor's questions."""
    sections = main(response).find_all("section", **{"aria-labelledby": "prep-heading"})
    if not sections:
        return {}
    paragraphs = sections[0].find_all("p")
    return {
        "progress": paragraphs[0].text,
        "questions": [item.text for item in sections[0].find_all("li")],
    }


def expected_prep_panel(part: str, count: int) -> dict:
    if part == "student":
        questions = "1 question" if count == 1 else f"{count} questions"
        return {
            "progress": f"Checklist: 1 of 6 done. {questions} prepared, shared with "
            "Mentor0 Lastname0.",
            "questions": [],
        }
    if part == "mentor":
        return {
            "progress": "Student0 Lastname0 shared them with you, to think about before you talk.",
            "questions": QUESTIONS[:count],
        }
    questions = "1 question" if count == 1 else f"{count} questions"
    return {
        "progress": f"Student0 Lastname0 ticked 1 of 6 checklist items and prepared {questions}, "
        "shared with Mentor0 Lastname0. (Their notes stay private.)",
        "questions": [],
    }


# The request page of a held meeting: session, user, the request (with its
# people, meeting, preparation, thank-you, learning note and feedback), the
# viewer's own outcome answer (the actions; participants only,
# with program settings), the history (transitions, messages, slots), both
# outcome answers and the referrals (with the people they name and the request
# that followed). Mentors and advisors read the student's majors. With a
# preparation, the student's panel counts the questions and the mentor's lists
# the shared ones; advisors see nothing of it, and their menu counts the open
# reports.
HELD_DETAIL_QUERIES = {
    ("student", "bare"): 10,
    ("mentor", "bare"): 11,
    ("advisor", "bare"): 10,
    ("student", "full"): 11,
    ("mentor", "full"): 12,
    ("advisor", "full"): 11,
}


@pytest.mark.parametrize("part", ["student", "mentor", "advisor"])
def test_held_request_detail_without_followup_queries(
    advisor, client_for, django_assert_num_queries, part
):
    request = held_meeting()
    client = client_for(viewer_of(request, part, advisor))

    with django_assert_num_queries(HELD_DETAIL_QUERIES[part, "bare"]):
        response = get(client, f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert referral_rows(response) == 0
    # The student is still shown the way to a preparation never started, and
    # advisors that there was none.
    expected = {
        "student": {"progress": "Checklist: 0 of 6 done. 0 questions prepared.", "questions": []},
        "mentor": {},
        "advisor": {
            "progress": "Student0 Lastname0 ticked 0 of 6 checklist items and prepared 0 "
            "questions. (Their notes stay private.)",
            "questions": [],
        },
    }
    assert prep_panel(response) == expected[part]


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("part", ["student", "mentor", "advisor"])
def test_held_request_detail_with_followup_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count, part
):
    request = held_meeting(count=count)
    client = client_for(viewer_of(request, part, advisor))

    with django_assert_num_queries(HELD_DETAIL_QUERIES[part, "full"]):
        response = get(client, f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert referral_rows(response) == count
    assert prep_panel(response) == expected_prep_panel(part, count)


# A confirmed meeting the student prepares for: as REQUEST_DETAIL_QUERIES'
# confirmed ones, plus the student's count of their questions, or the questions
# shared with the mentor; advisors see nothing of the preparation (their menu
# counts the open reports).
PREPARED_DETAIL_QUERIES = {"student": 9, "mentor": 10, "advisor": 9}


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("part", ["student", "mentor", "advisor"])
def test_prepared_request_detail_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count, part
):
    request = negotiated(a_student(0), a_mentor(0), rounds=1, confirm=True)
    prepared(request, count=count, shared=True)
    client = client_for(viewer_of(request, part, advisor))

    with django_assert_num_queries(PREPARED_DETAIL_QUERIES[part]):
        response = get(client, f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert prep_panel(response) == expected_prep_panel(part, count)


# --- Advisor dashboard, export and person page (issue 5, analytics) ----------------------
# Each item is a student (with their own major and class year), a mentor (own
# industry and employer, answered enough to rank by responsiveness) and, between
# them, a held meeting with its history, a request waiting for weeks, and three
# unanswered requests that put the student on the "needs attention" list: every
# figure, chart, breakdown and list of the page has `count` rows.

ANALYTICS_RANGE = "range=custom&start=2026-02-01&end=2026-03-01"


def analytics_items(count: int) -> list:
    from interviews.enums import TransitionEvent
    from interviews.models import MentorProfile
    from tests.analytics.rows import held, local, mentor, request_row, student, transition

    majors = ["Physics", "Economics", "Biology"]
    industries = ["Technology", "Healthcare", "Consulting"]
    people = []
    for index in range(count):
        pupil = student(f"Student{index}", majors=[majors[index]], class_year=2027 + index)
        guide = mentor(f"Mentor{index}", industry=industries[index], employer=f"Employer {index}")
        MentorProfile.objects.filter(user=guide).update(
            answered_request_count=5, median_response_hours=2.0 + index
        )
        meeting = held(
            pupil,
            guide,
            sent_at=local(2026, 2, 2, 9, index),
            starts_at=local(2026, 2, 10, 10 + index),
        )
        transition(meeting, TransitionEvent.SENT, "pending", local(2026, 2, 2, 9, index))
        transition(meeting, TransitionEvent.HELD, "held", local(2026, 2, 10, 11 + index), "pending")
        request_row(pupil, guide, sent_at=local(2026, 2, 3, 9, index))
        for _ in range(3):
            request_row(pupil, guide, sent_at=local(2026, 2, 4, 9, index), status="expired")
        people.append((pupil, guide, meeting))
    return people


def dashboard_rows(response, section: str) -> int:
    return sum(
        len(table.one("tbody").find_all("tr"))
        for table in main(response).by_id(section).find_all("table")
    )


@pytest.mark.parametrize("count", COUNTS)
def test_advisor_dashboard_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    analytics_items(count)
    client = client_for(advisor)

    # Session, user, the request figures, the two weekly series (requests,
    # meetings), program settings, the median's histogram, active mentors,
    # meeting figures, four breakdowns, two top-mentor lists, waiting mentors,
    # students needing attention, the menu's open reports, the form's lists
    # (terms, majors, industries) and recent activity.
    with django_assert_num_queries(22):
        response = get(client, f"/advisor/?{ANALYTICS_RANGE}")

    assert response.status_code == 200
    assert dashboard_rows(response, "top-mentors") == 2 * count
    assert dashboard_rows(response, "attention") == 2 * count
    assert dashboard_rows(response, "recent") == 2 * count


@pytest.mark.parametrize("count", COUNTS)
def test_advisor_export_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    analytics_items(count)
    client = client_for(advisor)

    # Session, user, one chunk of requests, their students' majors, the empty next chunk.
    with django_assert_num_queries(6):
        response = get(client, f"/advisor/export.csv?{ANALYTICS_RANGE}")
        lines = b"".join(response.streaming_content).decode().splitlines()

    assert len(lines) == 1 + 5 * count


@pytest.mark.parametrize("count", COUNTS)
def test_advisor_person_queries_stay_constant(
    advisor, client_for, django_assert_num_queries, count
):
    from tests.analytics.rows import held, local, mentor, student

    pupil = student("Pupil")
    for index in range(count):
        held(
            pupil,
            mentor(f"M{index}"),
            sent_at=local(2026, 2, 2, 9),
            starts_at=local(2026, 2, 10, 10),
        )
    client = client_for(advisor)

    # Session, user, the person (with profiles), the paginator's count, the page of
    # requests (with people and meetings), the counts by status, the menu's open reports.
    with django_assert_num_queries(7):
        response = get(client, f"/advisor/people/{pupil.pk}/")

    assert response.status_code == 200
    assert len(main(response).one("table").one("tbody").find_all("tr")) == count


# --- end of advisor dashboard, export and person page ---------------------------------------
