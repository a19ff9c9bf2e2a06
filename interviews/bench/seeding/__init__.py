# Random data needs no cryptographic randomness (S311).
# ruff: noqa: S311
"""A large, realistic dataset for the benchmark (`make bench`, `manage.py bench_seed`).

At scale 1.0: 20,000 approved mentors, 100,000 students and 1,000,000 interview
requests sent over the last three years, with the states, milestones, meetings,
outcomes and thank-you notes in realistic proportions. Rows are generated in
Python from one seeded random generator (the same scale and `now` give the same
data) and written with PostgreSQL COPY; on SQLite (only ever used at a tiny scale,
by the test suite) the same rows go through executemany. What can be derived
from the requests (the transitions, the mentors' responsiveness, the directory's
search document) is computed in SQL afterwards, in bulk.

The rules the domain enforces hold in the data: one open request per student
and mentor, at most the program's open-request limit per student, open requests
only among the recent ones, milestones in order, a meeting for every request
that got confirmed, a thank-you note for every thanked one.

The Seeder runs the stages in order; each stage is a mixin in its own module
(people, calendar, requests, children, derived, checks) sharing the seeder's
state: the random generator first of all, so the order of the stages and of
their draws is what makes the data reproducible.
"""

import random
import threading
import time
import uuid
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from interviews.bench.copying import Writer
from interviews.models import InterviewRequest

from .calendar import CalendarSeeding
from .checks import ForeignKeyChecks, count_rows
from .children import ChildrenSeeding
from .common import (
    FULL_MENTORS,
    FULL_REQUESTS,
    FULL_STUDENTS,
    SeedResult,
    scaled,
)
from .derived import DerivedSeeding
from .people import PeopleSeeding
from .requests import RequestSeeding

__all__ = [
    "FULL_MENTORS",
    "FULL_REQUESTS",
    "FULL_STUDENTS",
    "SeedResult",
    "Seeder",
    "seed",
    "seed_empty_database",
]


class Seeder(
    PeopleSeeding,
    CalendarSeeding,
    RequestSeeding,
    ChildrenSeeding,
    DerivedSeeding,
    ForeignKeyChecks,
):
    def __init__(self, *, scale: float, now: datetime, seed: int = 20261127, log=None):
        self.scale = scale
        self.now = now
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.writer = Writer()
        self.result = SeedResult(scale=scale, now=now)
        self.lock = threading.Lock()
        self.parallel = False
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.n_mentors = scaled(FULL_MENTORS, scale)
        self.n_students = scaled(FULL_STUDENTS, scale)
        self.n_requests = scaled(FULL_REQUESTS, scale)
        self.uuid_base = uuid.UUID(int=self.rng.getrandbits(128)).int & ~((1 << 48) - 1)

    # Each step is timed; the whole run is what "seeding time" means.
    def _step(self, name, function):
        started = time.perf_counter()
        function()
        elapsed = time.perf_counter() - started
        self.result.steps.append((name, elapsed))
        self.log(f"  {name}: {elapsed:.1f} s")

    def _session_settings(self, *, local: bool) -> None:
        """Bulk-load settings for this connection (this transaction when `local`)."""
        if not self.writer.postgres:
            return
        scope = "LOCAL " if local else ""
        with connection.cursor() as cursor:
            # A crash loses the seed, which is rebuilt anyway.
            cursor.execute(f"SET {scope}synchronous_commit = off")
            cursor.execute(f"SET {scope}maintenance_work_mem = '256MB'")
            cursor.execute(f"SET {scope}work_mem = '64MB'")
            # The generator keeps every foreign key right (verified after the load):
            # skipping the per-row trigger checks saves minutes at a million rows.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute(f"SET {scope}session_replication_role = replica")

    def run(self) -> SeedResult:
        started = time.perf_counter()
        self.parallel = self.writer.postgres and not connection.in_atomic_block
        if self.parallel:
            self._run_in_parallel()
        else:
            # One transaction (the test suite's, at tiny scales), one step at a time.
            with transaction.atomic():
                self._session_settings(local=True)
                self._step("taxonomy, terms and people", self._people)
                self._step("interview requests (meetings, notes, slots in memory)", self._requests)
                self._step("meetings, thank-you notes, proposed slots", self._request_children)
                self._step("'sent' transitions (in SQL)", self._sent_transitions)
                self._step("answer transitions (in SQL)", self._answer_transitions)
                self._step("'held' transitions (in SQL)", self._held_transitions)
                self._step("mentors' responsiveness and search documents", self._mentor_derived)
                self._step("sequences", self._reset_sequences)
                self._step("foreign keys verified", self._verify_all_foreign_keys)
        self._step("ANALYZE", self._analyze)
        self.result.seconds = time.perf_counter() - started
        self.result.counted = count_rows()
        return self.result

    def _run_in_parallel(self) -> None:
        """PostgreSQL, own database: what depends only on the requests runs on
        three connections at once (one transaction each), using both cores."""
        with transaction.atomic():
            self._session_settings(local=True)
            self._step("taxonomy, terms and people", self._people)
            self._step("their foreign keys verified", self._verify_people)
        # Two connections COPY the requests (each its own transaction).
        self._step(
            "interview requests (meetings, notes, slots in memory; two COPY streams)",
            self._requests,
        )

        errors = []

        def worker(*steps):
            try:
                with transaction.atomic():
                    self._session_settings(local=True)
                    for name, function in steps:
                        self._step(f"{name} (in parallel)", function)
            except Exception as error:  # re-raised in the main thread below
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=worker, args=steps)
            for steps in (
                (
                    ("meetings, thank-you notes, proposed slots", self._request_children),
                    ("their foreign keys verified", self._verify_children),
                    ("'held' transitions (in SQL)", self._held_transitions),
                ),
                (("'sent' transitions (in SQL)", self._sent_transitions),),
                (("answer transitions (in SQL)", self._answer_transitions),),
                (
                    ("mentors' responsiveness and search documents", self._mentor_derived),
                    ("requests' foreign keys verified", self._verify_requests),
                ),
            )
        ]
        parallel_started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.result.steps.append(
            ("the four parallel connections, wall clock", time.perf_counter() - parallel_started)
        )
        if errors:
            raise errors[0]
        self._step("sequences", self._reset_sequences)


def seed(*, scale: float, now: datetime | None = None, log=None) -> SeedResult:

    return Seeder(scale=scale, now=now or timezone.now(), log=log).run()


def seed_empty_database(*, scale: float, log) -> SeedResult:
    """`manage.py bench_seed`: seed an empty, migrated database and log the row counts."""
    if InterviewRequest.objects.exists():
        raise CommandError("The database already holds requests: seed an empty database.")
    result = seed(scale=scale, log=log)
    log(f"Seeded in {result.seconds:.1f} s.")
    for name, value in result.counted.items():
        log(f"  {name}: {value:,}")
    return result
