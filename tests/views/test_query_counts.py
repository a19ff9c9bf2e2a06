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

from interviews.domain import requests as request_rules
from interviews.domain.directory import refresh_search_vector
from interviews.enums import ApprovalState, DeclineReason, Party, RequestStatus
from tests import builders
from tests.factories import MentorFactory, StudentFactory, industry, major
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
    # meetings, the counts by state.
    with django_assert_num_queries(6):
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
    with django_assert_num_queries(7):
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
    # and meetings), the count of mentors waiting for approval.
    with django_assert_num_queries(5):
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

    # Session, user, the paginator's count, the page of profiles, their majors.
    with django_assert_num_queries(5):
        response = get(client, "/advisor/mentors/pending/")

    assert response.status_code == 200
    assert [profile.user_id for profile in response.context["page"]] == pks(waiting)


# Session, user, the request with its people (and the student's profile), the
# meeting, program settings (the actions), the history (transitions, messages,
# slots), and the times on offer (open only). A confirmed meeting counts its
# reschedule proposals (the actions). Mentors and advisors also read the
# student's majors; advisors get no actions, so no program settings.
REQUEST_DETAIL_QUERIES = {
    ("student", "confirmed"): 9,
    ("student", "open"): 9,
    ("mentor", "confirmed"): 10,
    ("mentor", "open"): 10,
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

    # Session, user, the request with its people, the meeting (none), program
    # settings, the history (three), the suggested mentors.
    with django_assert_num_queries(9):
        response = get(client, f"/requests/{request.pk}/")

    assert response.status_code == 200
    assert sorted(profile.user_id for profile in response.context["suggestions"]) == pks(suggested)
