"""The headline figures, on small hand-built datasets with the expected values
written out. Run on SQLite and on PostgreSQL (WholeHoursBetween has SQL of
its own for each)."""

from datetime import date, timedelta

import pytest

from interviews.domain.analytics.figures import (
    MeetingFigures,
    RequestFigures,
    active_mentors,
    median_hours_to_first_answer,
    median_of_histogram,
    meeting_figures,
    request_figures,
)
from interviews.enums import DeclineReason, MeetingOutcome, RequestStatus
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

NOTHING = RequestFigures(
    sent=0,
    answered=0,
    accepted=0,
    declined=0,
    closed_by_center=0,
    expired=0,
    withdrawn=0,
    still_open=0,
    held=0,
    thanked=0,
    active_students=0,
)
NO_MEETINGS = MeetingFigures(
    confirmed=0,
    upcoming=0,
    held=0,
    cancelled=0,
    student_no_shows=0,
    mentor_no_shows=0,
    awaiting_outcome=0,
    thanked=0,
    thanked_within_24h=0,
)


# --- The range: local days, daylight saving time ----------------------------------


def test_the_range_runs_from_local_midnight_to_the_midnight_after_the_last_day():
    # March 2 to 15, 2026: EST (-05:00) at the start, EDT (-04:00) at the end.
    assert MARCH.starts_at.isoformat() == "2026-03-02T00:00:00-05:00"
    assert MARCH.ends_at.isoformat() == "2026-03-16T00:00:00-04:00"


def test_requests_count_by_the_local_day_they_were_sent_across_the_dst_switch():
    sam = student()
    sent = [
        local(2026, 3, 1, 23, 59, 59),  # one second before the range: out
        local(2026, 3, 2, 0, 0, 0),  # the first instant: in
        local(2026, 3, 8, 1, 30),  # the night of the switch (EST): in
        local(2026, 3, 15, 23, 59),  # the last local minute (EDT): in
        local(2026, 3, 16, 0, 0),  # the local midnight after: out
    ]
    for index, moment in enumerate(sent):
        request_row(sam, mentor(f"M{index}"), sent_at=moment)

    figures = request_figures(MARCH)

    assert figures == RequestFigures(
        sent=3,
        answered=0,
        accepted=0,
        declined=0,
        closed_by_center=0,
        expired=0,
        withdrawn=0,
        still_open=3,
        held=0,
        thanked=0,
        active_students=1,
    )


def test_a_single_day_range_counts_that_local_day_only():
    sam = student()
    request_row(sam, mentor("A"), sent_at=local(2026, 3, 8, 0, 0))
    request_row(sam, mentor("B"), sent_at=local(2026, 3, 8, 23, 59, 59))
    request_row(sam, mentor("C"), sent_at=local(2026, 3, 9, 0, 0))

    assert request_figures(scope(date(2026, 3, 8), date(2026, 3, 8))).sent == 2


# --- Requests: every status ---------------------------------------------------------


@pytest.fixture
def every_status():
    """Ten requests sent in March 2–15 in every state, and two outside."""
    ann, bob, cal = student("Ann"), student("Bob"), student("Cal")
    m1, m2, m3 = mentor("One"), mentor("Two"), mentor("Three")
    hours = timedelta(hours=1)
    request_row(ann, m1, sent_at=local(2026, 3, 3, 10))
    request_row(
        ann, m2, sent_at=local(2026, 3, 3, 11), status="counter_proposed", answered_after=2 * hours
    )
    request_row(
        ann, m3, sent_at=local(2026, 3, 3, 12), status="declined", answered_after=30 * hours
    )
    request_row(bob, m1, sent_at=local(2026, 3, 4, 9), status="expired")
    request_row(bob, m2, sent_at=local(2026, 3, 4, 10), status="withdrawn")
    request_row(
        bob,
        m3,
        sent_at=local(2026, 3, 4, 11),
        status="confirmed",
        answered_after=10 * hours,
        meeting=half_hour(local(2026, 3, 20, 10)),
    )
    held(
        cal,
        m1,
        sent_at=local(2026, 3, 5, 9),
        answered_after=3 * hours,
        starts_at=local(2026, 3, 10, 10),
        thanked_at=local(2026, 3, 10, 18),
    )
    held(cal, m2, sent_at=local(2026, 3, 5, 10), answered_after=hours, starts_at=local(2026, 3, 11))
    request_row(
        cal,
        m3,
        sent_at=local(2026, 3, 5, 11),
        status="cancelled",
        answered_after=4 * hours,
        meeting=half_hour(local(2026, 3, 12, 10)),
    )
    request_row(
        cal,
        m1,
        sent_at=local(2026, 3, 6, 9),
        status="no_show",
        answered_after=50 * hours,
        meeting=half_hour(local(2026, 3, 13, 10)),
        outcome=MeetingOutcome.STUDENT_NO_SHOW,
    )
    # Outside the range: sent in February (held, thanked) and on March 16.
    held(
        ann,
        m1,
        sent_at=local(2026, 2, 20, 9),
        starts_at=local(2026, 2, 25, 10),
        thanked_at=local(2026, 2, 25, 12),
    )
    request_row(bob, m1, sent_at=local(2026, 3, 16, 0, 0), status="declined", answered_after=hours)


def test_request_figures_count_every_status(every_status):
    figures = request_figures(MARCH)

    assert figures == RequestFigures(
        sent=10,
        answered=7,
        accepted=5,
        declined=1,
        closed_by_center=0,
        expired=1,
        withdrawn=1,
        still_open=2,
        held=2,
        thanked=1,
        active_students=3,
    )
    assert (figures.answered_percent, figures.accepted_percent) == (70, 50)


def test_the_median_wait_is_read_from_the_hour_buckets(every_status):
    # Answers after 1, 2, 3, 4, 10, 30 and 50 hours: the fourth of seven.
    assert median_hours_to_first_answer(MARCH) == 4


def test_an_empty_range_gives_zeros_and_no_percentages(every_status):
    empty = scope(date(2025, 1, 1), date(2025, 1, 31))

    figures = request_figures(empty)

    assert figures == NOTHING
    assert (figures.answered_percent, figures.accepted_percent) == (None, None)
    assert median_hours_to_first_answer(empty) is None
    assert active_mentors(empty) == 0
    meetings = meeting_figures(empty, now=local(2026, 3, 14, 12))
    assert meetings == NO_MEETINGS
    assert (meetings.thanked_percent, meetings.thanked_within_24h_percent) == (None, None)


def test_an_empty_database_gives_zeros():
    assert request_figures(MARCH) == NOTHING
    assert median_hours_to_first_answer(MARCH) is None
    assert meeting_figures(MARCH, now=local(2026, 3, 14, 12)) == NO_MEETINGS


# --- Median time to a first answer ----------------------------------------------------


def answers_after(*waits: timedelta) -> None:
    sam = student()
    for index, wait in enumerate(waits):
        request_row(
            sam,
            mentor(f"M{index}"),
            sent_at=local(2026, 3, 3, 9) + timedelta(minutes=index),
            status="declined",
            answered_after=wait,
        )


@pytest.mark.parametrize(
    ("waits_in_minutes", "median"),
    [
        ([59], 0),  # 59 minutes: not yet a whole hour
        ([60], 1),
        ([61], 1),
        ([119], 1),
        ([121], 2),
        ([60 * 24 * 3 + 59], 72),
        ([60, 180, 300], 3),  # odd: the middle one
        ([60, 180, 300, 420], 3),  # even: the lower of the two middle ones
        ([61, 59, 179, 181], 1),  # buckets 1, 0, 2, 3: the lower middle is 1
        ([30, 30, 30, 600], 0),
    ],
)
def test_median_hours_to_first_answer_floors_to_whole_hours(waits_in_minutes, median):
    answers_after(*(timedelta(minutes=minutes) for minutes in waits_in_minutes))

    assert median_hours_to_first_answer(MARCH) == median


def test_the_median_counts_an_answer_across_the_dst_switch_in_real_hours():
    # Sent Saturday 23:00 EST, answered Sunday 09:00 EDT: nine hours, not ten.
    request_row(
        student(),
        mentor(),
        sent_at=local(2026, 3, 7, 23, 0),
        status="declined",
        first_response_at=local(2026, 3, 8, 9, 0),
    )

    assert median_hours_to_first_answer(MARCH) == 9


def test_the_median_ignores_unanswered_requests_and_requests_outside_the_range():
    sam = student()
    request_row(sam, mentor("A"), sent_at=local(2026, 3, 3, 9))
    request_row(
        sam,
        mentor("B"),
        sent_at=local(2026, 3, 1, 23),
        status="declined",
        answered_after=timedelta(hours=1),
    )
    request_row(
        sam,
        mentor("C"),
        sent_at=local(2026, 3, 3, 9),
        status="declined",
        answered_after=timedelta(hours=7),
    )

    assert median_hours_to_first_answer(MARCH) == 7


@pytest.mark.parametrize(
    ("buckets", "median"),
    [
        ([], None),
        ([(5, 0)], None),
        ([(4, 1)], 4),
        ([(1, 1), (2, 1)], 1),
        ([(1, 1), (2, 1), (3, 1)], 2),
        ([(0, 2), (7, 2)], 0),
        ([(0, 2), (7, 3)], 7),
        ([(1, 3), (5, 1), (9, 1)], 1),
        ([(1, 1), (5, 1), (9, 3)], 9),
    ],
)
def test_median_of_histogram_is_the_lower_median(buckets, median):
    assert median_of_histogram(buckets) == median


# --- Active mentors ------------------------------------------------------------------------


def test_active_mentors_answered_for_the_first_time_in_the_range():
    sam, sue = student("Sam"), student("Sue")
    early, both, late, silent = mentor("Early"), mentor("Both"), mentor("Late"), mentor("Silent")
    # Sent in February, first answered on March 2 at 00:00: counts.
    request_row(
        sam,
        early,
        sent_at=local(2026, 2, 27, 9),
        status="declined",
        first_response_at=local(2026, 3, 2, 0, 0),
    )
    # Two answers in the range: the mentor counts once.
    request_row(
        sam,
        both,
        sent_at=local(2026, 3, 3, 9),
        status="declined",
        answered_after=timedelta(hours=1),
    )
    request_row(
        sue,
        both,
        sent_at=local(2026, 3, 3, 9),
        status="declined",
        answered_after=timedelta(hours=2),
    )
    # Sent in the range, first answered on March 16 at 00:00: does not count.
    request_row(
        sam,
        late,
        sent_at=local(2026, 3, 14, 9),
        status="declined",
        first_response_at=local(2026, 3, 16, 0, 0),
    )
    request_row(sam, silent, sent_at=local(2026, 3, 3, 9))

    assert active_mentors(MARCH) == 2


# --- Meetings --------------------------------------------------------------------------------


def test_meeting_figures_count_meetings_by_when_they_start():
    ann, bob = student("Ann"), student("Bob")
    m1, m2 = mentor("One"), mentor("Two")
    february = local(2026, 2, 20, 9)
    # Held, thanked exactly 24 hours after the end: within 24 hours.
    held(
        ann,
        m1,
        sent_at=february,
        starts_at=local(2026, 3, 10, 10),
        thanked_at=local(2026, 3, 11, 10, 30),
    )
    # Held, thanked 24 hours and one second after the end: thanked, not within.
    held(
        ann,
        m2,
        sent_at=local(2026, 3, 3, 9),
        starts_at=local(2026, 3, 11, 10),
        thanked_at=local(2026, 3, 12, 10, 30, 1),
    )
    # Held across the DST switch: ends Saturday 23:30 EST, thanked Sunday 23:30 EDT
    # (23 hours later): within 24 hours.
    held(
        bob,
        m1,
        sent_at=local(2026, 3, 3, 9),
        starts_at=local(2026, 3, 7, 23, 0),
        thanked_at=local(2026, 3, 8, 23, 30),
    )
    # Held, never thanked.
    held(bob, m2, sent_at=local(2026, 3, 3, 9), starts_at=local(2026, 3, 9, 10))
    # Confirmed, still to come (ends after now) and over without an outcome yet.
    request_row(
        ann,
        m1,
        sent_at=local(2026, 3, 4, 9),
        status="confirmed",
        answered_after=timedelta(hours=2),
        meeting=half_hour(local(2026, 3, 15, 10)),
    )
    request_row(
        bob,
        mentor("Three"),
        sent_at=local(2026, 3, 4, 9),
        status="confirmed",
        answered_after=timedelta(hours=2),
        meeting=half_hour(local(2026, 3, 12, 10)),
    )
    request_row(
        ann,
        m2,
        sent_at=local(2026, 3, 4, 9),
        status="cancelled",
        answered_after=timedelta(hours=2),
        meeting=half_hour(local(2026, 3, 12, 11)),
    )
    for who, outcome in (
        (ann, MeetingOutcome.STUDENT_NO_SHOW),
        (bob, MeetingOutcome.MENTOR_NO_SHOW),
    ):
        request_row(
            who,
            m1,
            sent_at=local(2026, 3, 4, 9),
            status="no_show",
            answered_after=timedelta(hours=2),
            meeting=half_hour(local(2026, 3, 13, 10)),
            outcome=outcome,
        )
    # Just outside: one second before the first day, and the midnight after the last.
    held(ann, m1, sent_at=february, starts_at=local(2026, 3, 1, 23, 59, 59))
    held(bob, m1, sent_at=local(2026, 3, 10, 9), starts_at=local(2026, 3, 16, 0, 0))

    figures = meeting_figures(MARCH, now=local(2026, 3, 14, 12))

    assert figures == MeetingFigures(
        confirmed=9,
        upcoming=1,
        held=4,
        cancelled=1,
        student_no_shows=1,
        mentor_no_shows=1,
        awaiting_outcome=1,
        thanked=3,
        thanked_within_24h=2,
    )
    assert (figures.thanked_percent, figures.thanked_within_24h_percent) == (75, 50)


def test_a_meeting_under_way_is_still_to_come():
    request_row(
        student(),
        mentor(),
        sent_at=local(2026, 3, 4, 9),
        status="confirmed",
        answered_after=timedelta(hours=2),
        meeting=half_hour(local(2026, 3, 14, 11, 45)),
    )

    figures = meeting_figures(MARCH, now=local(2026, 3, 14, 12))

    assert (figures.confirmed, figures.upcoming, figures.awaiting_outcome) == (1, 1, 0)


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def people():
    """Six requests in March from students and to mentors of every kind."""
    cs = student("Cora", majors=["Computer Science"], class_year=2027)
    double = student("Dana", majors=["Computer Science", "Economics"], class_year=2028)
    econ = student("Eli", majors=["Economics"], class_year=2027)
    nobody = student("Nia", majors=[], class_year=None)
    tech = mentor("Tess", industry="Technology", employer="Northwind Systems")
    health = mentor("Hal", industry="Healthcare", employer="Mercy Hospital")
    tech_lower = mentor("Tom", industry="Technology", employer="northwind systems")
    bare = mentor("Bea", industry=None, employer="")
    hour = timedelta(hours=1)
    held(cs, tech, sent_at=local(2026, 3, 3, 9), starts_at=local(2026, 3, 10, 10))
    request_row(double, tech, sent_at=local(2026, 3, 3, 10), status="declined", answered_after=hour)
    request_row(double, health, sent_at=local(2026, 3, 3, 11))
    request_row(
        econ,
        health,
        sent_at=local(2026, 3, 4, 9),
        status="confirmed",
        answered_after=2 * hour,
        meeting=half_hour(local(2026, 3, 20, 10)),
    )
    request_row(nobody, tech_lower, sent_at=local(2026, 3, 4, 10), status="expired")
    request_row(nobody, bare, sent_at=local(2026, 3, 4, 11), status="withdrawn")
    return {"tech": tech, "health": health}


def filtered(**filters):
    return scope(date(2026, 3, 2), date(2026, 3, 15), **filters)


def major_id(name):
    return a_major(name).pk


def industry_id(name):
    return an_industry(name).pk


@pytest.mark.parametrize(
    ("filters", "sent", "active_students"),
    [
        ({}, 6, 4),
        # A double major counts once, under either of their majors.
        ({"major_id": "Computer Science"}, 3, 2),
        ({"major_id": "Economics"}, 3, 2),
        ({"class_year": 2027}, 2, 2),
        ({"class_year": 2028}, 2, 1),
        ({"industry_id": "Technology"}, 3, 3),
        ({"industry_id": "Healthcare"}, 2, 2),
        # Exact, in any case: both spellings of Northwind; a part of the name finds nothing.
        ({"employer": "NORTHWIND SYSTEMS"}, 3, 3),
        ({"employer": "mercy hospital"}, 2, 2),
        ({"employer": "Northwind"}, 0, 0),
        ({"major_id": "Computer Science", "industry_id": "Healthcare"}, 1, 1),
        ({"major_id": "Economics", "class_year": 2027, "employer": "Mercy Hospital"}, 1, 1),
        ({"major_id": "Computer Science", "class_year": 2027, "industry_id": "Technology"}, 1, 1),
        # Filters that match nobody.
        ({"major_id": "History"}, 0, 0),
        ({"class_year": 1999}, 0, 0),
        ({"industry_id": "Law"}, 0, 0),
        ({"major_id": "Computer Science", "industry_id": "Law"}, 0, 0),
    ],
)
def test_filters_select_the_requests_of_the_people_they_name(
    people, filters, sent, active_students
):
    resolved = dict(filters)
    if "major_id" in resolved:
        resolved["major_id"] = major_id(resolved["major_id"])
    if "industry_id" in resolved:
        resolved["industry_id"] = industry_id(resolved["industry_id"])

    figures = request_figures(filtered(**resolved))

    assert (figures.sent, figures.active_students) == (sent, active_students)


def test_a_double_major_counts_once_in_every_figure(people):
    figures = request_figures(filtered(major_id=major_id("Economics")))

    assert figures == RequestFigures(
        sent=3,
        answered=2,
        accepted=1,
        declined=1,
        closed_by_center=0,
        expired=0,
        withdrawn=0,
        still_open=1,
        held=0,
        thanked=0,
        active_students=2,
    )
    assert median_hours_to_first_answer(filtered(major_id=major_id("Economics"))) == 1
    assert active_mentors(filtered(major_id=major_id("Economics"))) == 2


def test_filters_apply_to_meetings_and_active_mentors(people):
    now = local(2026, 3, 14, 12)
    tech = filtered(industry_id=industry_id("Technology"))
    march_and_april = scope(date(2026, 3, 2), date(2026, 4, 30), employer="MERCY hospital")

    assert meeting_figures(tech, now=now) == MeetingFigures(
        confirmed=1,
        upcoming=0,
        held=1,
        cancelled=0,
        student_no_shows=0,
        mentor_no_shows=0,
        awaiting_outcome=0,
        thanked=0,
        thanked_within_24h=0,
    )
    assert meeting_figures(march_and_april, now=now).upcoming == 1
    assert meeting_figures(filtered(major_id=major_id("History")), now=now) == NO_MEETINGS
    # Tom (Technology) let his request expire: only Tess answered.
    assert active_mentors(tech) == 1
    assert active_mentors(filtered(class_year=2027)) == 2
    assert active_mentors(filtered(class_year=1999)) == 0


def test_filters_that_match_nothing_give_the_empty_figures(people):
    nothing = filtered(major_id=major_id("History"), employer="Northwind Systems")

    assert request_figures(nothing) == NOTHING
    assert median_hours_to_first_answer(nothing) is None
    assert active_mentors(nothing) == 0


def test_the_request_states_split_the_sent_requests(people):
    figures = request_figures(filtered())

    assert figures == RequestFigures(
        sent=6,
        answered=3,
        accepted=2,
        declined=1,
        closed_by_center=0,
        expired=1,
        withdrawn=1,
        still_open=1,
        held=1,
        thanked=0,
        active_students=4,
    )


def test_the_median_floors_by_the_exact_difference_not_by_whole_seconds():
    # 59 minutes 59.7 seconds: rounding each time down to its second first
    # would make it a whole hour.
    sent = local(2026, 3, 3, 9) + timedelta(microseconds=500_000)
    request_row(
        student(),
        mentor(),
        sent_at=sent,
        status="declined",
        first_response_at=sent + timedelta(minutes=59, seconds=59, microseconds=700_000),
    )

    assert median_hours_to_first_answer(MARCH) == 0


def test_requests_the_career_center_closed_are_not_counted_as_declined():
    # Suspending one of the two people declines their open requests with the
    # system's reason: not a mentor's decline.
    sam = student()
    request_row(
        sam,
        mentor("A"),
        sent_at=local(2026, 3, 3, 9),
        status=RequestStatus.DECLINED,
        decline_reason=DeclineReason.UNAVAILABLE,
        declined_at=local(2026, 3, 4, 9),
    )
    request_row(
        sam,
        mentor("B"),
        sent_at=local(2026, 3, 3, 9),
        status=RequestStatus.DECLINED,
        answered_after=timedelta(hours=2),
        decline_reason=DeclineReason.TOO_BUSY,
    )

    figures = request_figures(MARCH)

    assert (figures.sent, figures.answered, figures.declined, figures.closed_by_center) == (
        2,
        1,
        1,
        1,
    )
