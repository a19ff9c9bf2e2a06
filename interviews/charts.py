"""Geometry of the dashboard's SVG charts, drawn by templates on the server.

No JavaScript and no library: each chart is an <svg role="img"> with a
title and a description, and the page shows the same numbers in a table.
"""

from dataclasses import dataclass

FUNNEL_WIDTH = 640
FUNNEL_BAR_HEIGHT = 32
FUNNEL_GAP = 12
FUNNEL_LABEL_WIDTH = 110

WEEKLY_WIDTH = 720
WEEKLY_HEIGHT = 260
WEEKLY_MARGIN_LEFT = 48
WEEKLY_MARGIN_BOTTOM = 40
WEEKLY_MARGIN_TOP = 16
WEEKLY_MARGIN_RIGHT = 16


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int | None
    y: int
    width: float
    value_x: float  # where the figure after the bar starts


@dataclass(frozen=True)
class FunnelChart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int
    label_width: int

    @property
    def text_y(self) -> float:
        return self.bar_height / 2


def funnel_chart(stages) -> FunnelChart:
    largest = max((stage.count for stage in stages), default=0)
    room = FUNNEL_WIDTH - FUNNEL_LABEL_WIDTH - 140  # leave space for the figure after a bar
    bars = [
        Bar(
            label=stage.label,
            count=stage.count,
            percent=stage.percent_of_sent,
            y=index * (FUNNEL_BAR_HEIGHT + FUNNEL_GAP),
            width=(width := round(room * stage.count / largest, 1) if largest else 0),
            value_x=FUNNEL_LABEL_WIDTH + width + 8,
        )
        for index, stage in enumerate(stages)
    ]
    height = len(stages) * (FUNNEL_BAR_HEIGHT + FUNNEL_GAP)
    return FunnelChart(bars, FUNNEL_WIDTH, height, FUNNEL_BAR_HEIGHT, FUNNEL_LABEL_WIDTH)


@dataclass(frozen=True)
class Tick:
    value: int
    position: float
    label: str = ""


@dataclass(frozen=True)
class WeeklyChart:
    width: int
    height: int
    left: int
    top: int
    bottom: float
    right: int
    sent_points: str
    held_points: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 × 10^n not below `value` (at least 4, for even ticks)."""
    target = max(value, 4)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= target:
                return step * magnitude
        magnitude *= 10


def weekly_chart(weeks) -> WeeklyChart:
    top = max([week.sent for week in weeks] + [week.held for week in weeks] + [0])
    ceiling = nice_ceiling(top)
    plot_width = WEEKLY_WIDTH - WEEKLY_MARGIN_LEFT - WEEKLY_MARGIN_RIGHT
    plot_height = WEEKLY_HEIGHT - WEEKLY_MARGIN_TOP - WEEKLY_MARGIN_BOTTOM
    bottom = WEEKLY_MARGIN_TOP + plot_height
    step = plot_width / max(len(weeks) - 1, 1)

    def x(index: int) -> float:
        return round(WEEKLY_MARGIN_LEFT + index * step, 1)

    def y(value: int) -> float:
        return round(bottom - plot_height * value / ceiling, 1)

    def points(attribute: str) -> str:
        return " ".join(
            f"{x(index)},{y(getattr(week, attribute))}" for index, week in enumerate(weeks)
        )

    y_ticks = [Tick(value, y(value), str(value)) for value in (0, ceiling // 2, ceiling)]
    # About six date labels whatever the number of weeks.
    every = max(1, round(len(weeks) / 6))
    x_ticks = [
        Tick(index, x(index), f"{week.starts_on:%b %-d}")
        for index, week in enumerate(weeks)
        if index % every == 0
    ]
    return WeeklyChart(
        WEEKLY_WIDTH,
        WEEKLY_HEIGHT,
        WEEKLY_MARGIN_LEFT,
        WEEKLY_MARGIN_TOP,
        bottom,
        WEEKLY_WIDTH - WEEKLY_MARGIN_RIGHT,
        points("sent"),
        points("held"),
        y_ticks,
        x_ticks,
    )
