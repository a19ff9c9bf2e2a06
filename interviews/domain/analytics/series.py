"""The funnel and the weekly time series behind the dashboard's two charts."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from ...enums import RequestStatus
from .figures import RequestFigures, percent
from .scope import ActivityScope, meetings_starting, program_zone, requests_sent


@dataclass(frozen=True)
class Stage:
    label: str
    count: int
    percent_of_sent: int | None


def funnel(figures: RequestFigures) -> list[Stage]:
    """Requests sent in the range, and how far they got."""
    stages = [
        ("Sent", figures.sent),
        ("Answered", figures.answered),
        ("Confirmed", figures.accepted),
        ("Held", figures.held),
        ("Thanked", figures.thanked),
    ]
    return [Stage(label, count, percent(count, figures.sent)) for label, count in stages]


@dataclass(frozen=True)
class Week:
    starts_on: date  # a Monday, in the program's zone
    sent: int
    confirmed: int  # of the requests sent that week
    held: int  # meetings that started that week and took place


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_series(scope: ActivityScope) -> list[Week]:
    """One entry per week touching the range (the first and last may be partial)."""
    zone = program_zone()
    requests = (
        requests_sent(scope)
        .annotate(week=TruncWeek("sent_at", tzinfo=zone))
        .values("week")
        .annotate(
            sent=Count("sent_at"), confirmed=Count("sent_at", filter=Q(confirmed_at__isnull=False))
        )
    )
    meetings = (
        meetings_starting(scope)
        .filter(request__status=RequestStatus.HELD)
        .annotate(week=TruncWeek("starts_at", tzinfo=zone))
        .values("week")
        .annotate(held=Count("starts_at"))
    )
    sent = {row["week"].astimezone(zone).date(): row for row in requests}
    held = {row["week"].astimezone(zone).date(): row["held"] for row in meetings}
    weeks = []
    monday = week_start(scope.first_day)
    while monday <= scope.last_day:
        row = sent.get(monday, {})
        weeks.append(Week(monday, row.get("sent", 0), row.get("confirmed", 0), held.get(monday, 0)))
        monday += timedelta(days=7)
    return weeks
