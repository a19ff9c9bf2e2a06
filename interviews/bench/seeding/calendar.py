# Random data needs no cryptographic randomness (S311); the SQL is built from
# model table names and enum constants only, never from input (S608).
"""The calendar of the history: program-zone days, and when requests are sent."""

import bisect
from collections import Counter
from datetime import datetime, timedelta

from interviews.bench.pools import (
    HOUR_WEIGHTS,
)

from .common import (
    HISTORY_DAYS,
    cumulative_weights,
)


class CalendarSeeding:
    """Seeder stage: days, their midnights and academic years, and the send times."""

    def _calendar(self):
        """Every program-zone day of the history and 60 days beyond: midnight (epoch
        seconds), weekday, and the academic year it belongs to (ending in June)."""
        first_day = (self.now - timedelta(days=HISTORY_DAYS)).astimezone(self.zone).date()
        self.first_day = first_day
        self.days = [first_day + timedelta(days=offset) for offset in range(HISTORY_DAYS + 61)]
        self.midnights = [
            datetime(day.year, day.month, day.day, tzinfo=self.zone).timestamp()
            for day in self.days
        ]
        self.weekdays = [day.weekday() for day in self.days]
        self.academic = [day.year + (1 if day.month >= 8 else 0) for day in self.days]

    def _day_index(self, moment: float) -> int:
        index = int((moment - self.midnights[0]) // 86400)
        # Daylight saving time moves midnights by an hour: step to the right day.
        while index + 1 < len(self.midnights) and self.midnights[index + 1] <= moment:
            index += 1
        while index > 0 and self.midnights[index] > moment:
            index -= 1
        return index

    def _sent_times(self):
        """Sorted (send time, day index) over three years: growth, academic seasons,
        weekdays, daytime."""
        rng = self.rng
        now_ts = self.now.timestamp()
        month_weight = (0.8, 1.2, 1.3, 1.2, 0.7, 0.45, 0.45, 0.7, 1.3, 1.4, 1.2, 0.6)
        weights = []
        for offset in range(HISTORY_DAYS + 1):
            day = self.days[offset]
            growth = 1 + 0.35 * offset / HISTORY_DAYS
            weekday = (1.0, 1.05, 1.0, 0.95, 0.8, 0.4, 0.55)[day.weekday()]
            weights.append(month_weight[day.month - 1] * weekday * growth)
        cumulative = cumulative_weights(weights)
        random_ = rng.random
        top = cumulative[-1]
        per_day = Counter(
            bisect.bisect_right(cumulative, random_() * top) for _ in range(self.n_requests)
        )
        # Local hours: little at night, most in the working day and the evening.
        hour_weight = cumulative_weights(HOUR_WEIGHTS)
        hour_top = hour_weight[-1]
        for index in sorted(per_day):
            midnight = self.midnights[index]
            moments = sorted(
                midnight
                + 3600 * bisect.bisect_right(hour_weight, random_() * hour_top)
                + random_() * 3600
                for _ in range(per_day[index])
            )
            for moment in moments:
                # The last day is cut at `now`: those land just before it.
                yield min(moment, now_ts - 60 - random_() * 3600), index
