"""Breakdowns by who sent and who received the requests, and the top mentors."""

from datetime import date, timedelta

import pytest

from interviews.domain.analytics.breakdowns import (
    GroupRow,
    MentorRow,
    by_class_year,
    by_employer,
    by_industry,
    by_major,
    top_mentors_by_meetings_held,
    top_mentors_by_responsiveness,
)
from interviews.enums import MeetingOutcome
from interviews.models import MentorProfile
from tests.analytics.rows import (
    MARCH,
    a_major,
    an_industry,
    half_hour,
    held,
    local,
    mentor,
    request_row,
    scope,
    student,
)

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def people():
    """Seven requests in March 2–15 (and one on March 16, outside)."""
    cs = student("Cora", majors=["Computer Science"], class_year=2027)
    double = student("Dana", majors=["Computer Science", "Economics"], class_year=2028)
    econ = student("Eli", majors=["Economics"], class_year=2027)
    nobody = student("Nia", majors=[], class_year=None)
    tech = mentor("Tess", industry="Technology", employer="Northwind Systems")
    health = mentor("Hal", industry="Healthcare", employer="Mercy Hospital")
    bare = mentor("Bea", industry=None, employer="")
    held(cs, tech, sent_at=local(2026, 3, 3, 9), starts_at=local(2026, 3, 10, 10))
    request_row(double, tech, sent_at=local(2026, 3, 3, 10), status="declined", answered_after=HOUR)
    request_row(double, health, sent_at=local(2026, 3, 3, 11))
    request_row(
        econ,
        health,
        sent_at=local(2026, 3, 4, 9),
        status="confirmed",
        answered_after=HOUR,
        meeting=half_hour(local(2026, 3, 20, 10)),
    )
    request_row(nobody, health, sent_at=local(2026, 3, 4, 10), status="expired")
    request_row(nobody, bare, sent_at=local(2026, 3, 4, 11), status="withdrawn")
    held(econ, bare, sent_at=local(2026, 3, 5, 9), starts_at=local(2026, 3, 12, 10))
    request_row(
        cs, health, sent_at=local(2026, 3, 16, 0, 0), status="declined", answered_after=HOUR
    )


def test_by_major_counts_a_double_major_under_both_majors(people):
    assert by_major(MARCH) == [
        GroupRow("Economics", sent=4, answered=3, confirmed=2, held=1),
        GroupRow("Computer Science", sent=3, answered=2, confirmed=1, held=1),
        GroupRow("No major given", sent=2, answered=0, confirmed=0, held=0),
    ]


def test_a_group_row_gives_its_share_answered(people):
    rows = by_major(MARCH)

    assert [row.answered_percent for row in rows] == [75, 67, 0]
    assert GroupRow("Nobody", sent=0, answered=0, confirmed=0, held=0).answered_percent is None


def test_by_major_with_a_major_filter_shows_the_other_major_of_double_majors(people):
    rows = by_major(scope(date(2026, 3, 2), date(2026, 3, 15), major_id=a_major("Economics").pk))

    assert rows == [
        GroupRow("Economics", sent=4, answered=3, confirmed=2, held=1),
        GroupRow("Computer Science", sent=2, answered=1, confirmed=0, held=0),
    ]


def test_by_class_year_puts_the_missing_year_last_among_equals(people):
    # 2027: Cora and Eli (3 requests); 2028: Dana (2); no year: Nia (2).
    assert by_class_year(MARCH) == [
        GroupRow("2027", sent=3, answered=3, confirmed=3, held=2),
        GroupRow("2028", sent=2, answered=1, confirmed=0, held=0),
        GroupRow("No year given", sent=2, answered=0, confirmed=0, held=0),
    ]


def test_by_industry(people):
    assert by_industry(MARCH) == [
        GroupRow("Healthcare", sent=3, answered=1, confirmed=1, held=0),
        GroupRow("Technology", sent=2, answered=2, confirmed=1, held=1),
        GroupRow("No industry given", sent=2, answered=1, confirmed=1, held=1),
    ]


def test_by_employer(people):
    assert by_employer(MARCH) == [
        GroupRow("Mercy Hospital", sent=3, answered=1, confirmed=1, held=0),
        GroupRow("Northwind Systems", sent=2, answered=2, confirmed=1, held=1),
        GroupRow("No employer given", sent=2, answered=1, confirmed=1, held=1),
    ]


def test_by_employer_groups_a_blank_employer_with_a_deleted_mentor():
    """A deleted account has no profile left (NULL); a blank employer is "": one row."""
    sam = student("Sam")
    blank, gone = mentor("Blank", employer=""), mentor("Gone", employer="Contoso")
    request_row(sam, blank, sent_at=local(2026, 3, 3, 9))
    request_row(sam, gone, sent_at=local(2026, 3, 3, 9), status="withdrawn")
    MentorProfile.objects.filter(user=gone).delete()

    assert by_employer(MARCH) == [
        GroupRow("No employer given", sent=2, answered=0, confirmed=0, held=0)
    ]


def test_by_employer_groups_spellings_that_differ_only_in_case_and_spaces():
    """As the employer filter does (any case): one row, shown as one of its spellings."""
    sam = student("Sam")
    for name, employer in (("A", "Acme"), ("B", "acme "), ("C", "ACME")):
        request_row(sam, mentor(name, employer=employer), sent_at=local(2026, 3, 3, 9))

    assert by_employer(MARCH) == [GroupRow("ACME", sent=3, answered=0, confirmed=0, held=0)]


def test_breakdowns_of_an_empty_range_are_empty(people):
    empty = scope(date(2025, 1, 1), date(2025, 1, 31))

    assert (by_major(empty), by_class_year(empty), by_industry(empty), by_employer(empty)) == (
        [],
        [],
        [],
        [],
    )


def test_breakdowns_follow_the_filters(people):
    health = scope(date(2026, 3, 2), date(2026, 3, 15), industry_id=an_industry("Healthcare").pk)

    assert by_industry(health) == [GroupRow("Healthcare", sent=3, answered=1, confirmed=1, held=0)]
    assert by_class_year(health) == [
        GroupRow("2027", sent=1, answered=1, confirmed=1, held=0),
        GroupRow("2028", sent=1, answered=0, confirmed=0, held=0),
        GroupRow("No year given", sent=1, answered=0, confirmed=0, held=0),
    ]


def test_by_employer_shows_the_top_fifteen():
    sam, sue = student("Sam"), student("Sue")
    for number in range(1, 17):
        employer = mentor(f"M{number}", employer=f"Employer {number:02}")
        request_row(
            sam, employer, sent_at=local(2026, 3, 3, 9), status="declined", answered_after=HOUR
        )
        if number == 16:
            request_row(sue, employer, sent_at=local(2026, 3, 3, 9))

    rows = by_employer(MARCH)

    assert [(row.label, row.sent) for row in rows] == [
        ("Employer 16", 2),
        *[(f"Employer {number:02}", 1) for number in range(1, 15)],
    ]


# --- Top mentors ------------------------------------------------------------------------


def test_top_mentors_by_meetings_held_in_the_range():
    ann, bob, cal = student("Ann"), student("Bob"), student("Cal")
    ada, ben, cy = mentor("Ada"), mentor("Ben"), mentor("Cy")
    idle = mentor("Idle")
    sent = local(2026, 2, 20, 9)
    held(ann, ada, sent_at=sent, starts_at=local(2026, 3, 3, 10))
    held(bob, ada, sent_at=sent, starts_at=local(2026, 3, 4, 10))
    held(ann, cy, sent_at=sent, starts_at=local(2026, 3, 5, 10))
    held(cal, cy, sent_at=sent, starts_at=local(2026, 3, 15, 23, 0))
    held(bob, ben, sent_at=sent, starts_at=local(2026, 3, 6, 10))
    # A missed meeting, a meeting outside the range and one to come do not count.
    request_row(
        cal,
        ben,
        sent_at=sent,
        status="no_show",
        answered_after=HOUR,
        meeting=half_hour(local(2026, 3, 7, 10)),
        outcome=MeetingOutcome.STUDENT_NO_SHOW,
    )
    held(cal, ben, sent_at=sent, starts_at=local(2026, 3, 16, 0, 0))
    held(cal, ben, sent_at=sent, starts_at=local(2026, 3, 1, 23, 59))
    request_row(
        ann,
        idle,
        sent_at=sent,
        status="confirmed",
        answered_after=HOUR,
        meeting=half_hour(local(2026, 3, 14, 10)),
    )

    assert top_mentors_by_meetings_held(MARCH) == [
        MentorRow(ada.pk, "Ada Mentor", 2),
        MentorRow(cy.pk, "Cy Mentor", 2),
        MentorRow(ben.pk, "Ben Mentor", 1),
    ]


def test_top_mentors_by_responsiveness_need_three_answers_and_a_request_in_the_range():
    sam = student("Sam")
    quick, slow, few, elsewhere, unknown = (
        mentor("Quick"),
        mentor("Slow"),
        mentor("Few"),
        mentor("Elsewhere"),
        mentor("Unknown"),
    )
    for who, count, hours in (
        (quick, 3, 1.5),
        (slow, 20, 30.0),
        (few, 2, 0.5),
        (elsewhere, 10, 0.25),
        (unknown, 5, None),
    ):
        MentorProfile.objects.filter(user=who).update(
            answered_request_count=count, median_response_hours=hours
        )
    for who in (quick, slow, few, unknown):
        request_row(sam, who, sent_at=local(2026, 3, 3, 9))
    # Elsewhere's request was sent before the range.
    request_row(sam, elsewhere, sent_at=local(2026, 3, 1, 23, 59, 59))

    assert top_mentors_by_responsiveness(MARCH) == [
        MentorRow(quick.pk, "Quick Mentor", 1.5),
        MentorRow(slow.pk, "Slow Mentor", 30.0),
    ]
    assert (
        top_mentors_by_responsiveness(scope(date(2026, 3, 2), date(2026, 3, 15), class_year=1999))
        == []
    )


def test_a_deleted_mentor_is_a_former_member_in_the_top_lists():
    ann = student("Ann")
    gone = mentor("Gone")
    held(ann, gone, sent_at=local(2026, 3, 2, 9), starts_at=local(2026, 3, 3, 10))
    type(gone).objects.filter(pk=gone.pk).update(
        deleted_at=local(2026, 3, 5), first_name="", last_name=""
    )

    assert top_mentors_by_meetings_held(MARCH) == [MentorRow(gone.pk, "Former member", 1)]
