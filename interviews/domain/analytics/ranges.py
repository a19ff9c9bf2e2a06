"""The date ranges advisors pick: a term, the last 30/90/365 days, or their own."""

from dataclasses import dataclass
from datetime import date, timedelta

from ...models import Term

LAST_DAYS = (30, 90, 365)
# A custom range longer than this is refused (five years of history).
LONGEST_CUSTOM_RANGE_DAYS = 5 * 366


@dataclass(frozen=True)
class DayRange:
    first_day: date
    last_day: date
    label: str


def term_range(term: Term) -> DayRange:
    return DayRange(term.starts_on, term.ends_on, term.name)


def last_days(days: int, *, today: date) -> DayRange:
    """The last `days` days, today included."""
    return DayRange(today - timedelta(days=days - 1), today, f"Last {days} days")


def custom_range(first_day: date, last_day: date) -> DayRange:
    return DayRange(first_day, last_day, f"{first_day:%b %-d, %Y} – {last_day:%b %-d, %Y}")
