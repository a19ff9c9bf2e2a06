"""The funnel and the weekly series behind the two charts."""

from datetime import date, timedelta

import pytest

from interviews.domain.analytics.figures import RequestFigures, request_figures
from interviews.domain.analytics.series import Stage, Week, funnel, week_start, weekly_series
from tests.analytics.rows import (
    a_major,
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


def figures(**counts) -> RequestFigures:
    values = dict.fromkeys(
        (
            "sent",
            "answered",
            "accepted",
            "declined",
            "closed_by_center",
            "expired",
            "withdrawn",
            "still_open",
            "held",
            "thanked",
            "active_students",
        ),
        0,
    )
    return RequestFigures(**(values | counts))


def test_the_funnel_follows_the_sent_requests_to_the_thank_you():
    stages = funnel(figures(sent=8, answered=6, accepted=3, held=2, thanked=1))

    assert stages == [
        Stage("Sent", 8, 100),
        Stage("Answered", 6, 75),
        Stage("Confirmed", 3, 38),
        Stage("Held", 2, 25),
        Stage("Thanked", 1, 12),
    ]


def test_an_empty_funnel_has_no_percentages():
    assert funnel(figures()) == [
        Stage("Sent", 0, None),
        Stage("Answered", 0, None),
        Stage("Confirmed", 0, None),
        Stage("Held", 0, None),
        Stage("Thanked", 0, None),
    ]


def test_the_funnel_of_hand_built_requests():
    ann, bob = student("Ann"), student("Bob")
    one, two, three = mentor("One"), mentor("Two"), mentor("Three")
    held(
        ann,
        one,
        sent_at=local(2026, 3, 2, 9),
        starts_at=local(2026, 3, 5, 10),
        thanked_at=local(2026, 3, 5, 12),
    )
    held(ann, two, sent_at=local(2026, 3, 2, 10), starts_at=local(2026, 3, 6, 10))
    request_row(
        ann,
        three,
        sent_at=local(2026, 3, 2, 11),
        status="confirmed",
        answered_after=HOUR,
        meeting=half_hour(local(2026, 3, 25, 10)),
    )
    request_row(bob, one, sent_at=local(2026, 3, 3, 9), status="declined", answered_after=HOUR)
    request_row(bob, two, sent_at=local(2026, 3, 3, 9))

    stages = funnel(request_figures(scope(date(2026, 3, 2), date(2026, 3, 15))))

    assert stages == [
        Stage("Sent", 5, 100),
        Stage("Answered", 4, 80),
        Stage("Confirmed", 3, 60),
        Stage("Held", 2, 40),
        Stage("Thanked", 1, 20),
    ]


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 3, 2), date(2026, 3, 2)),
        (date(2026, 3, 4), date(2026, 3, 2)),
        (date(2026, 3, 8), date(2026, 3, 2)),
        (date(2026, 3, 9), date(2026, 3, 9)),
        (date(2026, 1, 1), date(2025, 12, 29)),
    ],
)
def test_weeks_start_on_monday(day, monday):
    assert week_start(day) == monday


def test_weekly_series_counts_by_local_week_and_fills_empty_weeks():
    ann, bob, cal = student("Ann"), student("Bob"), student("Cal")
    one, two, three = mentor("One"), mentor("Two"), mentor("Three")
    # Wednesday March 4 (the range starts that day): week of March 2, confirmed.
    held(ann, one, sent_at=local(2026, 3, 4, 0, 0), starts_at=local(2026, 3, 15, 23, 0))
    # Sunday March 8, 23:30 EDT is Monday 03:30 UTC: still the week of March 2.
    request_row(bob, one, sent_at=local(2026, 3, 8, 23, 30))
    # Monday March 9, 00:30 local: the week of March 9.
    held(cal, two, sent_at=local(2026, 3, 9, 0, 30), starts_at=local(2026, 3, 24, 10))
    # Nothing in the week of March 16; one request on the last day, Tuesday March 24.
    request_row(ann, three, sent_at=local(2026, 3, 24, 23, 59), status="expired")
    # Outside: Tuesday March 3 and Wednesday March 25.
    request_row(bob, two, sent_at=local(2026, 3, 3, 23, 59), status="withdrawn")
    request_row(cal, three, sent_at=local(2026, 3, 25, 0, 0))
    # Held in the range but sent before it: counted by the week it started.
    held(bob, three, sent_at=local(2026, 2, 10, 9), starts_at=local(2026, 3, 16, 0, 0))
    # Held after the range: not counted.
    held(cal, one, sent_at=local(2026, 2, 10, 9), starts_at=local(2026, 3, 25, 0, 0))

    weeks = weekly_series(scope(date(2026, 3, 4), date(2026, 3, 24)))

    assert weeks == [
        Week(date(2026, 3, 2), sent=2, confirmed=1, held=0),
        Week(date(2026, 3, 9), sent=1, confirmed=1, held=1),
        Week(date(2026, 3, 16), sent=0, confirmed=0, held=1),
        Week(date(2026, 3, 23), sent=1, confirmed=0, held=1),
    ]


def test_weekly_series_of_an_empty_range_is_all_zero_weeks():
    assert weekly_series(scope(date(2026, 3, 2), date(2026, 3, 15))) == [
        Week(date(2026, 3, 2), sent=0, confirmed=0, held=0),
        Week(date(2026, 3, 9), sent=0, confirmed=0, held=0),
    ]


def test_weekly_series_across_the_autumn_switch():
    # November 1, 2026 (Sunday): EDT becomes EST. Sunday 23:30 EST is Monday 04:30 UTC.
    request_row(student(), mentor(), sent_at=local(2026, 11, 1, 23, 30))
    request_row(student("Bea"), mentor("Two"), sent_at=local(2026, 11, 2, 0, 0))

    assert weekly_series(scope(date(2026, 10, 26), date(2026, 11, 8))) == [
        Week(date(2026, 10, 26), sent=1, confirmed=0, held=0),
        Week(date(2026, 11, 2), sent=1, confirmed=0, held=0),
    ]


def test_weekly_series_follows_the_filters():
    cs = student("Cora", majors=["Computer Science"])
    other = student("Olaf", majors=["History"])
    request_row(cs, mentor("One"), sent_at=local(2026, 3, 3, 9))
    request_row(other, mentor("Two"), sent_at=local(2026, 3, 3, 9))
    weeks = weekly_series(
        scope(date(2026, 3, 2), date(2026, 3, 8), major_id=a_major("Computer Science").pk)
    )

    assert weeks == [Week(date(2026, 3, 2), sent=1, confirmed=0, held=0)]
