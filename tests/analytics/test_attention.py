"""Lists that lead to action: mentors keeping students waiting, students who
need a hand, and what just happened."""

from datetime import date, timedelta

import pytest

from interviews.domain.analytics.attention import (
    StudentNeedingAttention,
    WaitingMentor,
    mentors_with_waiting_requests,
    recent_activity,
    students_needing_attention,
)
from interviews.enums import MeetingOutcome, RequestStatus, TransitionEvent
from tests.analytics.rows import (
    MARCH,
    a_major,
    half_hour,
    held,
    local,
    mentor,
    request_row,
    scope,
    student,
    transition,
)

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)
NOW = local(2026, 3, 20, 12, 0)


# --- Mentors with requests waiting --------------------------------------------------


@pytest.fixture
def waiting():
    ann, bob, cal = student("Ann", majors=["History"]), student("Bob"), student("Cal")
    slow, edge, exact, countering, ancient = (
        mentor("Slow"),
        mentor("Edge"),
        mentor("Exact"),
        mentor("Countering"),
        mentor("Ancient"),
    )
    # Slow: two requests waiting, since March 5 and March 10 (the first is the oldest).
    oldest = request_row(ann, slow, sent_at=local(2026, 3, 5, 9))
    request_row(bob, slow, sent_at=local(2026, 3, 10, 9))
    # Edge: waiting one second more than seven days; Exact: exactly seven days.
    request_row(cal, edge, sent_at=local(2026, 3, 13, 11, 59, 59))
    request_row(cal, exact, sent_at=local(2026, 3, 13, 12, 0))
    # Countering: the student owes the answer, not the mentor.
    request_row(
        ann,
        countering,
        sent_at=local(2026, 2, 1, 9),
        status=RequestStatus.COUNTER_PROPOSED,
        first_response_at=local(2026, 2, 2, 9),
        awaiting_since=local(2026, 2, 2, 9),
    )
    # Ancient: sent long before any range still counts (the list is about now).
    ancient_request = request_row(bob, ancient, sent_at=local(2026, 1, 5, 9))
    # Answered or closed requests never wait.
    request_row(cal, slow, sent_at=local(2026, 3, 1, 9), status="declined", answered_after=HOUR)
    return {
        "slow": slow,
        "edge": edge,
        "ancient": ancient,
        "oldest": oldest,
        "ancient_request": ancient_request,
    }


def test_mentors_with_requests_waiting_longer_than_the_threshold(waiting):
    rows = mentors_with_waiting_requests(MARCH, now=NOW, days=7)

    assert rows == [
        WaitingMentor(
            waiting["ancient"].pk,
            "Ancient Mentor",
            1,
            local(2026, 1, 5, 9),
            waiting["ancient_request"].pk,
        ),
        WaitingMentor(
            waiting["slow"].pk, "Slow Mentor", 2, local(2026, 3, 5, 9), waiting["oldest"].pk
        ),
        WaitingMentor(
            waiting["edge"].pk,
            "Edge Mentor",
            1,
            local(2026, 3, 13, 11, 59, 59),
            waiting["edge"].requests_received.get().pk,
        ),
    ]


def test_a_longer_threshold_counts_only_the_requests_waiting_that_long(waiting):
    rows = mentors_with_waiting_requests(MARCH, now=NOW, days=14)

    # Slow's request of March 10 has waited ten days only.
    assert [(row.name, row.waiting, row.oldest_request_id) for row in rows] == [
        ("Ancient Mentor", 1, waiting["ancient_request"].pk),
        ("Slow Mentor", 1, waiting["oldest"].pk),
    ]


def test_waiting_mentors_follow_the_person_filters(waiting):
    history = scope(date(2026, 3, 2), date(2026, 3, 15), major_id=a_major("History").pk)

    rows = mentors_with_waiting_requests(history, now=NOW, days=7)

    assert [(row.name, row.waiting, row.oldest_request_id) for row in rows] == [
        ("Slow Mentor", 1, waiting["oldest"].pk)
    ]
    nobody = scope(date(2026, 3, 2), date(2026, 3, 15), major_id=a_major("Music").pk)
    assert mentors_with_waiting_requests(nobody, now=NOW, days=7) == []


# --- Students needing attention -----------------------------------------------------------


def test_students_needing_attention():
    m = [mentor(f"M{index}") for index in range(4)]
    # Three unanswered: two waiting and one expired. Listed.
    three = student("Three")
    request_row(three, m[0], sent_at=local(2026, 3, 3, 9))
    request_row(three, m[1], sent_at=local(2026, 3, 3, 9))
    request_row(three, m[2], sent_at=local(2026, 3, 3, 9), status="expired")
    # Two unanswered and one declined: not listed (the threshold is three).
    two = student("Two")
    request_row(two, m[0], sent_at=local(2026, 3, 3, 9))
    request_row(two, m[1], sent_at=local(2026, 3, 3, 9), status="expired")
    request_row(two, m[2], sent_at=local(2026, 3, 3, 9), status="declined", answered_after=HOUR)
    # Two waiting and one counter-proposal (answered): not listed.
    countered = student("Countered")
    request_row(countered, m[0], sent_at=local(2026, 3, 3, 9))
    request_row(countered, m[1], sent_at=local(2026, 3, 3, 9))
    request_row(
        countered,
        m[2],
        sent_at=local(2026, 3, 3, 9),
        status="counter_proposed",
        answered_after=HOUR,
    )
    # Two unanswered in the range and one before it: not listed.
    early = student("Early")
    request_row(early, m[0], sent_at=local(2026, 3, 1, 23, 59, 59), status="expired")
    request_row(early, m[1], sent_at=local(2026, 3, 2, 0, 0))
    request_row(early, m[2], sent_at=local(2026, 3, 15, 23, 59))
    # Did not come to a meeting. Listed.
    absent = student("Absent")
    missed = request_row(
        absent,
        m[0],
        sent_at=local(2026, 3, 4, 9),
        status="no_show",
        answered_after=HOUR,
        meeting=half_hour(local(2026, 3, 10, 10)),
        outcome=MeetingOutcome.STUDENT_NO_SHOW,
    )
    # The mentor did not come: not the student's doing.
    stood_up = student("Stoodup")
    request_row(
        stood_up,
        m[0],
        sent_at=local(2026, 3, 4, 9),
        status="no_show",
        answered_after=HOUR,
        meeting=half_hour(local(2026, 3, 10, 10)),
        outcome=MeetingOutcome.MENTOR_NO_SHOW,
    )
    # Held, ended 48 hours and one minute before now, no thanks: listed.
    # (The meeting ends March 18 at 11:59; the grace is 48 hours.)
    unthanking = student("Unthanking")
    unthanked = held(
        unthanking,
        m[1],
        sent_at=local(2026, 3, 5, 9),
        starts_at=local(2026, 3, 18, 11, 29),
    )
    # Held, ended 47 hours before now: still within the grace. Not listed.
    recent = student("Recent")
    held(recent, m[1], sent_at=local(2026, 3, 5, 9), starts_at=local(2026, 3, 18, 12, 30))
    # Held and thanked: not listed.
    grateful = student("Grateful")
    held(
        grateful,
        m[1],
        sent_at=local(2026, 3, 5, 9),
        starts_at=local(2026, 3, 9, 10),
        thanked_at=local(2026, 3, 9, 12),
    )

    rows = students_needing_attention(MARCH, now=NOW, grace_hours=48)

    # The student with the latest flagged request first.
    assert rows == [
        StudentNeedingAttention(unthanking.pk, "Unthanking Student", 0, 0, 1, unthanked.pk),
        StudentNeedingAttention(absent.pk, "Absent Student", 0, 1, 0, missed.pk),
        StudentNeedingAttention(
            three.pk, "Three Student", 3, 0, 0, three.requests_sent.latest("pk").pk
        ),
    ]
    assert [row.reasons for row in rows] == [
        ["1 held meeting without a thank-you"],
        ["missed a meeting"],
        ["3 requests unanswered or expired"],
    ]


def test_the_reasons_read_well_for_several():
    row = StudentNeedingAttention(1, "Sam", 4, 2, 3, 9)

    assert row.reasons == [
        "4 requests unanswered or expired",
        "missed 2 meetings",
        "3 held meetings without a thank-you",
    ]
    assert StudentNeedingAttention(1, "Sam", 2, 0, 0, 9).reasons == []


def test_nobody_needs_attention_in_an_empty_range():
    three = student("Three")
    for index in range(3):
        request_row(three, mentor(f"M{index}"), sent_at=local(2026, 3, 3, 9))

    assert students_needing_attention(MARCH, now=NOW, grace_hours=48) != []
    empty = scope(date(2026, 4, 1), date(2026, 4, 30))
    assert students_needing_attention(empty, now=NOW, grace_hours=48) == []
    no_match = scope(date(2026, 3, 2), date(2026, 3, 15), class_year=1999)
    assert students_needing_attention(no_match, now=NOW, grace_hours=48) == []


# --- Recent activity ----------------------------------------------------------------------

AFTER_MARCH = local(2026, 4, 1)


def test_recent_activity_lists_the_changes_in_the_range_newest_first():
    cora = student("Cora", majors=["Computer Science"])
    olaf = student("Olaf", majors=["History"])
    one, two = mentor("One"), mentor("Two")
    first = request_row(cora, one, sent_at=local(2026, 3, 1, 23, 0), status="declined")
    second = request_row(olaf, two, sent_at=local(2026, 3, 10, 9))
    before = transition(first, TransitionEvent.SENT, "pending", local(2026, 3, 1, 23, 0))
    declined = transition(
        first, TransitionEvent.DECLINED, "declined", local(2026, 3, 2, 0, 0), "pending"
    )
    sent = transition(second, TransitionEvent.SENT, "pending", local(2026, 3, 10, 9))
    last = transition(second, TransitionEvent.SENT, "pending", local(2026, 3, 15, 23, 59, 59))
    after = transition(second, TransitionEvent.SENT, "pending", local(2026, 3, 16, 0, 0))

    assert list(recent_activity(MARCH, now=AFTER_MARCH)) == [last, sent, declined]
    computer_science = scope(
        date(2026, 3, 2), date(2026, 3, 15), major_id=a_major("Computer Science").pk
    )
    assert list(recent_activity(computer_science, now=AFTER_MARCH)) == [declined]
    assert {before.pk, after.pk}.isdisjoint(t.pk for t in recent_activity(MARCH, now=AFTER_MARCH))


def test_recent_activity_looks_back_thirty_days_from_the_end_of_a_longer_range():
    ann, one = student("Ann"), mentor("One")
    request = request_row(ann, one, sent_at=local(2026, 1, 5, 9))
    transition(request, TransitionEvent.SENT, "pending", local(2026, 2, 13, 23, 59))  # too old
    recent = transition(request, TransitionEvent.SENT, "pending", local(2026, 2, 14, 0, 0))

    # January 1 to March 15: the last 30 days start on February 14, local time.
    jan_to_mid_march = scope(date(2026, 1, 1), date(2026, 3, 15))
    assert list(recent_activity(jan_to_mid_march, now=AFTER_MARCH)) == [recent]


def test_recent_activity_of_a_period_still_running_counts_back_from_now():
    """The current term ends in the future: its last 30 days have not happened yet."""
    ann, one = student("Ann"), mentor("One")
    request = request_row(ann, one, sent_at=local(2026, 3, 2, 9))
    today = transition(request, TransitionEvent.SENT, "pending", local(2026, 3, 10, 9))

    term = scope(date(2026, 3, 1), date(2026, 6, 30))
    assert list(recent_activity(term, now=local(2026, 3, 10, 12))) == [today]
