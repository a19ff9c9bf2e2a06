"""The geometry of the dashboard's two SVG charts (no database)."""

from datetime import date, timedelta

import pytest

from interviews.charts import Bar, Tick, funnel_chart, nice_ceiling, weekly_chart
from interviews.domain.analytics.series import Stage, Week


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [
        (0, 5),
        (1, 5),
        (4, 5),
        (5, 5),
        (6, 10),
        (10, 10),
        (11, 20),
        (20, 20),
        (21, 50),
        (50, 50),
        (51, 100),
        (101, 200),
        (999, 1000),
        (1000, 1000),
        (1001, 2000),
        (123_456, 200_000),
    ],
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_funnel_bars_are_as_wide_as_their_share_of_the_largest_stage():
    stages = [
        Stage("Sent", 10, 100),
        Stage("Answered", 8, 80),
        Stage("Confirmed", 5, 50),
        Stage("Held", 4, 40),
        Stage("Thanked", 1, 10),
    ]

    chart = funnel_chart(stages)

    # 640 wide: 110 for the labels, 140 kept for the figure after the longest bar.
    assert chart.bars == [
        Bar("Sent", 10, 100, y=0, width=390.0, value_x=508.0),
        Bar("Answered", 8, 80, y=44, width=312.0, value_x=430.0),
        Bar("Confirmed", 5, 50, y=88, width=195.0, value_x=313.0),
        Bar("Held", 4, 40, y=132, width=156.0, value_x=274.0),
        Bar("Thanked", 1, 10, y=176, width=39.0, value_x=157.0),
    ]
    assert (chart.width, chart.height, chart.bar_height, chart.label_width) == (640, 220, 32, 110)
    assert chart.text_y == 16.0


def test_an_empty_funnel_has_no_bars_to_draw():
    stages = [Stage(label, 0, None) for label in ("Sent", "Answered", "Confirmed")]

    chart = funnel_chart(stages)

    assert [(bar.width, bar.value_x, bar.percent) for bar in chart.bars] == [
        (0, 118, None),
        (0, 118, None),
        (0, 118, None),
    ]
    assert chart.height == 132


def test_weekly_points_for_a_known_series():
    weeks = [
        Week(date(2026, 3, 2), sent=3, confirmed=1, held=0),
        Week(date(2026, 3, 9), sent=0, confirmed=0, held=1),
        Week(date(2026, 3, 16), sent=7, confirmed=2, held=2),
        Week(date(2026, 3, 23), sent=1, confirmed=0, held=0),
    ]

    chart = weekly_chart(weeks)

    # Plot: x from 48 to 704 (three steps of 218.67), y from 220 (0) to 16 (10).
    assert chart.sent_points == "48.0,158.8 266.7,220.0 485.3,77.2 704.0,199.6"
    assert chart.held_points == "48.0,220.0 266.7,199.6 485.3,179.2 704.0,220.0"
    assert chart.y_ticks == [Tick(0, 220.0, "0"), Tick(5, 118.0, "5"), Tick(10, 16.0, "10")]
    assert chart.x_ticks == [
        Tick(0, 48.0, "Mar 2"),
        Tick(1, 266.7, "Mar 9"),
        Tick(2, 485.3, "Mar 16"),
        Tick(3, 704.0, "Mar 23"),
    ]
    assert (chart.width, chart.height, chart.left, chart.top, chart.bottom, chart.right) == (
        720,
        260,
        48,
        16,
        220,
        704,
    )


def test_weekly_chart_of_a_single_empty_week():
    chart = weekly_chart([Week(date(2026, 3, 2), sent=0, confirmed=0, held=0)])

    assert chart.sent_points == "48.0,220.0"
    assert chart.held_points == "48.0,220.0"
    assert chart.y_ticks == [Tick(0, 220.0, "0"), Tick(2, 138.4, "2"), Tick(5, 16.0, "5")]
    assert chart.x_ticks == [Tick(0, 48.0, "Mar 2")]


def test_weekly_chart_labels_about_six_weeks_whatever_the_length():
    weeks = [
        Week(date(2026, 1, 5) + timedelta(weeks=index), sent=index, confirmed=0, held=0)
        for index in range(14)
    ]

    chart = weekly_chart(weeks)

    assert [tick.label for tick in chart.x_ticks] == [
        "Jan 5",
        "Jan 19",
        "Feb 2",
        "Feb 16",
        "Mar 2",
        "Mar 16",
        "Mar 30",
    ]
    assert chart.y_ticks[-1] == Tick(20, 16.0, "20")
