"""`manage.py bench` (`make bench`): seed a large dataset, time the pages, write BENCHMARKS.md.

    DATABASE_URL=postgres://.../careerconnect_bench manage.py bench --reset --output BENCHMARKS.md

--reset drops and recreates the benchmark database, then migrates it; it refuses
any database whose name does not contain "bench", so that it never touches the
development or test databases. The test suite calls run_bench() at a tiny scale
on its own test database, without --reset and without writing the report.
"""

import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from .bench_measure import (
    TARGET_EXPORT_PEAK_MB,
    TARGET_EXPORT_ROWS_PER_S,
    ExportMeasurement,
    Measurement,
    explain,
    load_results,
    measure,
)
from .bench_seed import FULL_MENTORS, FULL_REQUESTS, FULL_STUDENTS, SeedResult, seed

TARGET_SEED_SECONDS = 120
GAP_HEADING = "## Gap and next step"


@dataclass
class BenchResult:
    scale: float
    seed: SeedResult
    pages: list[Measurement]
    export: ExportMeasurement
    machine: dict[str, str] = field(default_factory=dict)
    explained: list[tuple[str, float, str, str]] = field(default_factory=list)
    started_at: datetime | None = None
    migrate_seconds: float = 0.0


def machine_description() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
            settings_shown = []
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_wal_size"):
                cursor.execute(f"SHOW {name}")
                settings_shown.append(f"{name}={cursor.fetchone()[0]}")
            database += f" (server defaults: {', '.join(settings_shown)})"
    else:
        database = f"{connection.vendor} {connection.Database.sqlite_version}"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": memory,
        "Database": database,
        "Python": platform.python_version(),
        "Django": __import__("django").get_version(),
        "OS": platform.platform(),
        "Load average at start (1, 5, 15 min)": load,
    }


def _measure_in_subprocess(*, scale: float, samples: int, log) -> tuple:
    """A fresh process, so that its peak memory is the pages' and the export's own,
    not the seeder's (ru_maxrss never goes down)."""
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "measurements.json"
        completed = subprocess.run(
            [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "bench_measure",
                f"--scale={scale}",
                f"--samples={samples}",
                f"--json={output}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        for line in completed.stdout.splitlines():
            log(line)
        if completed.returncode:
            raise CommandError(f"bench_measure failed:\n{completed.stderr}")
        return load_results(output)


def run_bench(
    *,
    scale: float,
    samples: int,
    now: datetime | None = None,
    log=None,
    measure_in_subprocess: bool = False,
) -> BenchResult:
    """Seed the current (empty, migrated) database, then measure every page."""
    log = log or (lambda message: None)
    machine = machine_description()
    started_at = timezone.now()
    log(f"Seeding at scale {scale} …")
    seeded = seed(scale=scale, now=now, log=log)
    log(f"Seeded in {seeded.seconds:.1f} s. Measuring ({samples} samples per page) …")
    if measure_in_subprocess:
        pages, export = _measure_in_subprocess(scale=scale, samples=samples, log=log)
    else:
        pages, export = measure(samples=samples, scale=scale, log=log)
    result = BenchResult(
        scale=scale, seed=seeded, pages=pages, export=export, machine=machine, started_at=started_at
    )
    # The slowest statements of the advisor dashboard, explained.
    dashboard = [m for m in pages if m.group == "dashboard" and m.available]
    statements = sorted(
        ((ms, sql, m.name) for m in dashboard for ms, sql in m.slow_queries), reverse=True
    )
    seen = set()
    for ms, sql, name in statements:
        shape = sql[:120]
        if shape in seen:
            continue
        seen.add(shape)
        result.explained.append((name, ms, sql, explain(sql)))
        if len(result.explained) == 3:
            break
    return result


def _yes(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**not met**")


def render_report(result: BenchResult, *, gap_text: str = "") -> str:
    seed_result = result.seed
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`manage.py bench`); do not edit by hand except the "
        f"“{GAP_HEADING[3:]}” section, which the next run keeps.",
        "",
        f"Run started {result.started_at:%Y-%m-%d %H:%M} UTC at scale {result.scale} "
        f"({seed_result.expected.get('mentor profiles', 0):,} mentors, "
        f"{seed_result.expected.get('student profiles', 0):,} students, "
        f"{seed_result.expected.get('interview requests', 0):,} interview requests; "
        f"scale 1.0 is {FULL_MENTORS:,} / {FULL_STUDENTS:,} / {FULL_REQUESTS:,}).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in result.machine.items()],
        "",
        "The machine is shared: other work may have run during the benchmark (see the "
        "load average).",
        "",
        "## Summary against the targets",
        "",
        "| What | Target | Measured | |",
        "|---|---|---|---|",
        f"| Seeding | ≤ {TARGET_SEED_SECONDS} s | {seed_result.seconds:.1f} s | "
        f"{_yes(seed_result.seconds <= TARGET_SEED_SECONDS)} |",
    ]
    for m in result.pages:
        measured = f"p95 {m.p95:.1f} ms" if m.available else m.note
        lines.append(f"| {m.name} | p95 ≤ {m.target_ms:g} ms | {measured} | {_yes(m.met)} |")
    export = result.export
    if export.available:
        lines.append(
            f"| CSV export | ≥ {TARGET_EXPORT_ROWS_PER_S:,} rows/s, < {TARGET_EXPORT_PEAK_MB} MB "
            f"peak | {export.rows_per_second:,.0f} rows/s, {export.rss_peak_mb:.0f} MB peak RSS "
            "of the process | "
            f"{_yes(export.met)} |"
        )
    else:
        lines.append(
            f"| CSV export | ≥ {TARGET_EXPORT_ROWS_PER_S:,} rows/s, < {TARGET_EXPORT_PEAK_MB} MB "
            "| not available (no `advisor_export` URL) | n/a |"
        )
    lines += [
        "",
        "## Seeding",
        "",
        f"{seed_result.seconds:.1f} s in all (after `migrate`, which is not counted), "
        "PostgreSQL COPY for every generated table (the requests over two connections at "
        "once), foreign-key trigger checks skipped during the load and verified by queries "
        "afterwards; the transitions, the "
        "mentors' responsiveness figures and the directory's search documents are computed "
        "in SQL from the loaded rows; ANALYZE at the end. Steps:",
        "",
        "| Step | Seconds |",
        "|---|---|",
        *[f"| {name} | {seconds:.1f} |" for name, seconds in seed_result.steps],
        "",
        "Row counts read back from the database after seeding (and what the generator wrote):",
        "",
        "| Rows | Read back | Written |",
        "|---|---:|---:|",
        *[
            f"| {name} | {value:,} | {seed_result.expected.get(name, 0):,} |"
            for name, value in seed_result.counted.items()
        ],
        "",
        "What the data looks like: mentors all approved, ~1,500 employers with a Zipf-like "
        "distribution, industries and majors from the seeded taxonomy (weighted), 1–2 majors "
        "per person; students in seven class years, sending requests only while enrolled, "
        "seniors and a few very active students more; mentors with a Pareto-distributed "
        "popularity (busy mentors get a higher monthly capacity), their own answer speed "
        "and habit of letting requests expire. Requests follow the academic seasons, "
        "weekdays and daytime, and grow by a third over the three years. Every milestone "
        "follows from simulated delays: open requests (pending, counter-proposed) exist "
        "only among the last two weeks' requests and respect one open request per pair "
        "and the open-request limit; meetings 2–21 days after confirmation on weekday "
        "business hours; outcomes reported within days or inferred after the grace period; "
        "thank-you notes mostly within 24 h. Proposed times are seeded for open requests "
        "only (no measured page reads the times of closed ones); messages are not seeded.",
        "",
        "## Pages",
        "",
        "Server-side time: Django's test Client in the same process, DEBUG off, "
        "`time.perf_counter()` around `client.get()` (whole middleware stack, template "
        "rendering, no network). Users signed in with `force_login` outside the timing. "
        "Inputs vary per request (query words and filters, people, terms, filter values). "
        "Queries counted with `CaptureQueriesContext` in a separate pass over the first "
        "inputs, so that recording SQL never slows what is timed. `MFA_REQUIRED` is off "
        "for the run (force_login stands in for the sign-in with a second factor); static "
        "files use the plain storage instead of the manifest one (no `collectstatic`).",
        "",
        "| Page | Requests | p50 ms | p95 ms | Queries | Target p95 | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for m in result.pages:
        if not m.available:
            lines.append(f"| {m.name} | – | – | – | – | {m.target_ms:g} ms | {m.note} |")
            continue
        lines.append(
            f"| {m.name} | {len(m.durations_ms)} | {m.p50:.1f} | {m.p95:.1f} | {m.queries} | "
            f"{m.target_ms:g} ms | {_yes(m.met)} |"
        )
    lines += ["", "## CSV export", ""]
    if export.available:
        lines += [
            f"`advisor_export` with {export.params}: {export.rows:,} rows in "
            f"{export.seconds:.2f} s = **{export.rows_per_second:,.0f} rows/s**, "
            f"{export.query_count} queries, status {export.status}. The streamed response is "
            "consumed in full.",
            "",
            f"- Memory of the measuring process (a fresh process started after seeding, "
            f"the export measured before any other page), from /proc/self/status: "
            f"{export.rss_before_mb:.0f} MB resident before the timed export (after a warm-up "
            f"export), **{export.rss_peak_mb:.0f} MB** peak during it (VmHWM, reset just "
            "before with /proc/self/clear_refs; ru_maxrss cannot serve, Linux carries it "
            "over from the seeding parent).",
            f"- Peak of Python allocations during one export (`tracemalloc`, in a separate "
            f"run, since tracing slows it down): {export.tracemalloc_peak_mb:.1f} MB.",
        ]
    else:
        lines.append("Not available: there is no `advisor_export` URL yet.")
    if result.explained:
        lines += [
            "",
            "## Slowest advisor-dashboard statements",
            "",
            "Captured from the dashboard requests above, then run again under "
            "`EXPLAIN (ANALYZE, BUFFERS)`.",
        ]
        for name, ms, sql, plan in result.explained:
            lines += [
                "",
                f"### {ms:.1f} ms in “{name}”",
                "",
                "```sql",
                sql,
                "```",
                "",
                "```",
                plan or "(no plan: not PostgreSQL)",
                "```",
            ]
    missed = not all(
        [
            seed_result.seconds <= TARGET_SEED_SECONDS,
            *[m.met is not False for m in result.pages],
            export.met is not False,
        ]
    )
    if missed:
        lines += [
            "",
            GAP_HEADING,
            "",
            gap_text.strip()
            or "<!-- Some targets above are not met. The lead fills in the gap and the next "
            "step here; `make bench` keeps this section. -->",
        ]
    return "\n".join(lines) + "\n"


def _kept_gap_text(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text()
    if GAP_HEADING not in text:
        return ""
    return text.split(GAP_HEADING, 1)[1].strip()


def _reset_database() -> float:
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql":
        raise CommandError("--reset needs PostgreSQL (set DATABASE_URL).")
    if "bench" not in name:
        raise CommandError(
            f"Refusing to reset the database {name!r}: its name must contain 'bench'."
        )
    started = time.perf_counter()
    connection.close()
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


class Command(BaseCommand):
    help = "Seed a large dataset, time the pages, and write BENCHMARKS.md (`make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--samples", type=int, default=100)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Drop, recreate and migrate the database first (its name must contain 'bench').",
        )
        parser.add_argument("--output", default="", help="Write the report to this file.")

    def handle(self, *args, **options):
        migrate_seconds = _reset_database() if options["reset"] else 0.0
        result = run_bench(
            scale=options["scale"],
            samples=options["samples"],
            log=self.stdout.write,
            measure_in_subprocess=True,
        )
        result.migrate_seconds = migrate_seconds
        if options["output"]:
            path = Path(options["output"])
            path.write_text(render_report(result, gap_text=_kept_gap_text(path)))
            self.stdout.write(f"Wrote {path}.")
