"""Time the pages of a seeded benchmark database.

Each page is requested in-process through Django's test Client, as the person
who sees it (force_login, outside the timing), with DEBUG off. The time is the
wall-clock time of the whole request and response through every middleware,
measured with time.perf_counter around `client.get` (and, for the streamed CSV
export, until its last byte is consumed): server-side time, without any network.
Each page is requested first without recording SQL (the timings), then again
for a few inputs under CaptureQueriesContext (the query counts, the slowest
statements), so that recording never slows down what is timed.
"""

import contextlib
import random
import resource
import time
import tracemalloc
import warnings
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from careerconnect.models import Role, User
from interviews.enums import MeetingFormat
from interviews.models import Industry, InterviewRequest, Major, MentorProfile, Term

from .results import (
    TARGET_DASHBOARD_MS,
    TARGET_DIRECTORY_MS,
    TARGET_INBOX_MS,
    TARGET_STUDENT_DASHBOARD_MS,
    ExportMeasurement,
    Measurement,
    save_results,
)

FULL_EXPORT_ROWS = 100_000
# Queries captured (and statements explained) per measured page.
CAPTURED_INPUTS = 5

BENCH_SETTINGS = {
    "DEBUG": False,
    # Advisors would have to pass a second factor first; the benchmark signs
    # them in with force_login and measures the pages, not the sign-in.
    "MFA_REQUIRED": False,
    "ALLOWED_HOSTS": ["testserver"],
    # The manifest storage of production needs `collectstatic`; looking a name
    # up in the manifest costs a dict lookup, which the plain storage matches.
    "STORAGES": {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _reset_peak_rss() -> None:
    """Linux: restart the high-water mark from the current size (clear_refs "5").

    ru_maxrss cannot serve: Linux keeps it across fork and exec, so a process
    started by the seeder would report the seeder's peak.
    """
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since start or the last reset), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Bench:
    def __init__(self, *, samples: int, scale: float, seed: int = 5, log=None):
        self.samples = samples
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - test inputs, not secrets
        self.log = log or (lambda message: None)
        self.client = None
        self.logged_in = None

    def _login(self, user_id: int) -> None:
        if self.logged_in != user_id:
            self.client.force_login(User.objects.get(pk=user_id))
            self.logged_in = user_id

    def _timed(self, measurement: Measurement, url: str, inputs: list[tuple[int, dict]]) -> None:
        # One untimed request first: templates compile, caches fill.
        self._login(inputs[0][0])
        self.client.get(url, inputs[0][1])
        for user_id, params in inputs:
            self._login(user_id)
            started = time.perf_counter()
            response = self.client.get(url, params)
            measurement.durations_ms.append((time.perf_counter() - started) * 1000)
            measurement.statuses.append(response.status_code)
        for user_id, params in inputs[:CAPTURED_INPUTS]:
            self._login(user_id)
            with CaptureQueriesContext(connection) as captured:
                self.client.get(url, params)
            measurement.query_counts.append(len(captured.captured_queries))
            measurement.slow_queries.extend(
                (float(query["time"]) * 1000, query["sql"]) for query in captured.captured_queries
            )
        measurement.slow_queries = sorted(measurement.slow_queries, reverse=True)[:3]
        self.log(
            f"  {measurement.name}: p50 {measurement.p50:.1f} ms, p95 {measurement.p95:.1f} ms, "
            f"{measurement.queries} queries"
        )

    # -- inputs -------------------------------------------------------------------

    def _people(self):
        mentors = list(
            User.objects.filter(role=Role.MENTOR, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        students = list(
            User.objects.filter(role=Role.STUDENT).order_by("pk").values_list("pk", flat=True)
        )
        busy_mentors = list(
            InterviewRequest.objects.values("mentor")
            .order_by()
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("mentor", flat=True)[:5]
        )
        busy_students = list(
            InterviewRequest.objects.values("student")
            .order_by()
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("student", flat=True)[:5]
        )
        advisor = User.objects.filter(role=Role.ADVISOR).order_by("pk").first()
        return mentors, students, busy_mentors, busy_students, advisor

    def _directory_inputs(self, student_ids):
        rng = self.rng
        industries = list(Industry.objects.values_list("pk", flat=True))
        majors = list(Major.objects.values_list("pk", flat=True))
        employers = list(
            MentorProfile.objects.values_list("employer", flat=True).order_by("pk")[:200]
        )
        words = [
            "engineer",
            "software engineer",
            "marketing",
            "health",
            "consulting",
            "data",
            "finance",
            "career change",
            "law",
            "nurse",
            "policy",
            "design",
            "Garcia",
            "Nguyen",
            "product manager",
            "graduate school",
        ]
        inputs = []
        for index in range(self.samples):
            params = {}
            kind = index % 4
            if kind in (0, 1):
                params["q"] = rng.choice(words + [e.split()[0] for e in employers[:20]])
            if kind in (1, 2):
                extra = rng.choice(
                    ["industry", "major", "employer", "years", "location", "format", "available"]
                )
                if extra == "industry":
                    params["industry"] = rng.choice(industries)
                elif extra == "major":
                    params["major"] = rng.choice(majors)
                elif extra == "employer":
                    params["employer"] = rng.choice(employers).split()[0]
                elif extra == "years":
                    params["graduated_from"] = rng.randint(1980, 2010)
                    params["graduated_to"] = params["graduated_from"] + 10
                elif extra == "location":
                    params["location"] = rng.choice(["Boston", "New York", "Remote", "Berlin"])
                elif extra == "format":
                    params["format"] = rng.choice(MeetingFormat.values)
                else:
                    params["available"] = "on"
            if kind == 3 and rng.random() < 0.5:
                params["page"] = rng.randint(2, 5)
            inputs.append((rng.choice(student_ids), params))
        return inputs

    # -- pages ----------------------------------------------------------------------

    def run(self, *, only: str = "") -> tuple[list[Measurement], ExportMeasurement]:
        with override_settings(**BENCH_SETTINGS):
            # One connection for the whole run (no reconnect in the middle).
            connection.ensure_connection()
            connection.close_at = None
            connection.settings_dict["CONN_MAX_AGE"] = None
            with warnings.catch_warnings():
                # WhiteNoise warns that STATIC_ROOT was never collected: only pages
                # are measured here, never static files.
                warnings.simplefilter("ignore", UserWarning)
                self.client = Client()
                self.client.get(reverse("home"))
            if only == "export":
                return [], self._export()
            export = self._export()
            return [*self._pages(), *self._dashboards()], export

    def _pages(self) -> list[Measurement]:
        rng = self.rng
        mentors, students, busy_mentors, busy_students, _ = self._people()
        results = []

        directory = Measurement("Directory search", "directory", TARGET_DIRECTORY_MS)
        self._timed(directory, reverse("mentor_directory"), self._directory_inputs(students))
        results.append(directory)

        inbox = Measurement("Mentor inbox", "inbox", TARGET_INBOX_MS)
        inputs = []
        for index in range(self.samples):
            mentor = busy_mentors[index % len(busy_mentors)] if index % 3 == 0 else None
            params = {"show": rng.choice(["all", "all", "answer", "waiting", "closed"])}
            if rng.random() < 0.2:
                params["page"] = 2
            inputs.append((mentor or rng.choice(mentors), params))
        self._timed(inbox, reverse("inbox"), inputs)
        results.append(inbox)

        student = Measurement("Student dashboard", "student", TARGET_STUDENT_DASHBOARD_MS)
        inputs = [
            (busy_students[i % len(busy_students)] if i % 4 == 0 else rng.choice(students), {})
            for i in range(self.samples)
        ]
        self._timed(student, reverse("dashboard"), inputs)
        results.append(student)
        return results

    def _dashboards(self) -> list[Measurement]:
        url = url_or_none("advisor_dashboard")
        variants = [
            (period, flt)
            for period in ("term", "year")
            for flt in ("unfiltered", "major", "class year", "industry", "employer")
        ]
        if url is None:
            return [
                Measurement(
                    f"Advisor dashboard, {period}, {flt}",
                    "dashboard",
                    TARGET_DASHBOARD_MS,
                    available=False,
                    note="not available (no `advisor_dashboard` URL)",
                )
                for period, flt in variants
            ]
        rng = self.rng
        *_, advisor = self._people()
        today = timezone.localdate()
        terms = list(
            Term.objects.filter(starts_on__lte=today)
            .order_by("-starts_on")
            .values_list("pk", flat=True)
        )
        majors = list(Major.objects.values_list("pk", flat=True))
        industries = list(Industry.objects.values_list("pk", flat=True))
        years = sorted(
            set(
                User.objects.filter(role=Role.STUDENT)
                .exclude(student_profile__class_year=None)
                .values_list("student_profile__class_year", flat=True)
                .distinct()
            )
        )
        employers = list(
            MentorProfile.objects.values("employer")
            .order_by()
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("employer", flat=True)[:30]
        )
        samples = max(1, self.samples // 5)
        results = []
        for period, flt in variants:
            measurement = Measurement(f"Advisor dashboard, {period}, {flt}", "dashboard")
            measurement.target_ms = TARGET_DASHBOARD_MS
            inputs = []
            for _ in range(samples):
                params = {"range": "365"} if period == "year" else {"range": "term"}
                if period == "term" and terms:
                    # The current term and the ones before it.
                    params["term"] = rng.choice(terms[:6])
                if flt == "major":
                    params["major"] = rng.choice(majors)
                elif flt == "class year":
                    params["class_year"] = rng.choice(years)
                elif flt == "industry":
                    params["industry"] = rng.choice(industries)
                elif flt == "employer":
                    params["employer"] = rng.choice(employers)
                inputs.append((advisor.pk, params))
            self._timed(measurement, url, inputs)
            results.append(measurement)
        return results

    def _export(self) -> ExportMeasurement:
        url = url_or_none("advisor_export")
        if url is None:
            return ExportMeasurement(available=False)
        *_, advisor = self._people()
        self._login(advisor.pk)
        wanted = max(1, round(FULL_EXPORT_ROWS * self.scale))
        # The custom range, ending today, whose requests number about `wanted`.
        newest = InterviewRequest.objects.order_by("-sent_at").values_list("sent_at", flat=True)
        count = newest.count()
        oldest_included = newest[min(wanted, count) - 1] if count else timezone.now()
        start = timezone.localdate(oldest_included)
        end = timezone.localdate()
        params = {"range": "custom", "start": start.isoformat(), "end": end.isoformat()}
        result = ExportMeasurement(params=params)

        def consume() -> int:
            response = self.client.get(url, params)
            result.status = response.status_code
            lines = 0
            if response.streaming:
                for chunk in response.streaming_content:
                    lines += chunk.count(b"\n")
            else:
                lines = response.content.count(b"\n")
            # (The test client closes the response once its content is consumed.)
            return max(0, lines - 1)  # the header row

        consume()  # warm-up: the first rows' pages come into the cache
        result.rss_before_mb = _rss_mb("VmRSS")
        _reset_peak_rss()
        started = time.perf_counter()
        result.rows = consume()
        result.seconds = time.perf_counter() - started
        result.rss_peak_mb = _rss_mb("VmHWM")
        tracemalloc.start()
        try:
            consume()
            result.tracemalloc_peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
        with CaptureQueriesContext(connection) as captured:
            consume()
        result.query_count = len(captured.captured_queries)
        self.log(
            f"  CSV export: {result.rows:,} rows in {result.seconds:.2f} s "
            f"({result.rows_per_second:,.0f} rows/s), RSS {result.rss_before_mb:.0f} MB before, "
            f"peak {result.rss_peak_mb:.0f} MB during it, "
            f"tracemalloc peak {result.tracemalloc_peak_mb:.1f} MB"
        )
        return result


def explain(sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of one captured statement (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(*, samples: int, scale: float, log=None, only: str = ""):
    return Bench(samples=samples, scale=scale, log=log).run(only=only)


def measure_to_file(*, samples: int, scale: float, log, only: str = "", json_path: str = ""):
    """`manage.py bench_measure`: measure, and keep the results as JSON if asked."""
    pages, export = measure(samples=samples, scale=scale, log=log, only=only)
    if json_path:
        save_results(Path(json_path), pages, export)
    return pages, export
