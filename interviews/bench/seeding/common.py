"""The seed's sizes, the program rules it follows, its result, and small helpers."""

import bisect
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

# Scale 1.0, as the issue asks.
FULL_MENTORS = 20_000
FULL_STUDENTS = 100_000
FULL_REQUESTS = 1_000_000
EMPLOYER_POOL = 1_500
HISTORY_DAYS = 3 * 365
# The program's rules as the migration creates them (ProgramSettings defaults).
EXPIRY_DAYS = 14
OPEN_REQUEST_LIMIT = 3
OUTCOME_GRACE_DAYS = 7
BENCH_EMAIL_DOMAIN = "bench.careerconnect.test"
UNUSABLE_PASSWORD = "!bench-seeded-no-password"


def scaled(full: int, scale: float) -> int:
    return max(1, round(full * scale))


@dataclass
class SeedResult:
    scale: float
    now: datetime
    seconds: float = 0.0
    # What the generator wrote, and what the database holds afterwards.
    expected: dict[str, int] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    steps: list[tuple[str, float]] = field(default_factory=list)
    advisor_id: int = 0


def cumulative_weights(weights):
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def pick(rng: random.Random, items, cumulative):
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def ts(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def terms_covering(start: date, end: date) -> list[tuple[str, date, date]]:
    """Spring, Summer and Fall terms of every year that overlaps [start, end]."""
    terms = []
    for year in range(start.year - 1, end.year + 1):
        for name, starts, ends in (
            (f"Spring {year}", date(year, 1, 12), date(year, 5, 15)),
            (f"Summer {year}", date(year, 5, 18), date(year, 8, 21)),
            (f"Fall {year}", date(year, 8, 24), date(year, 12, 20)),
        ):
            if ends >= start and starts <= end:
                terms.append((name, starts, ends))
    return terms
