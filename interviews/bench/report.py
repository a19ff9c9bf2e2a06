"""BENCHMARKS.md: what a run measured, against the targets. The "Gap and next
step" section is the lead's: a new report keeps it as it was."""

from pathlib import Path

from .results import (
    TARGET_EXPORT_PEAK_MB,
    TARGET_EXPORT_ROWS_PER_S,
    TARGET_SEED_SECONDS,
    BenchResult,
)
from .seeding.common import FULL_MENTORS, FULL_REQUESTS, FULL_STUDENTS

GAP_HEADING = "## Gap and next step"


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


def kept_gap_text(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text()
    if GAP_HEADING not in text:
        return ""
    return text.split(GAP_HEADING, 1)[1].strip()


def write_report(path: Path, result: BenchResult) -> None:
    """Write the report to `path`, keeping the gap section of the report already there."""
    path.write_text(render_report(result, gap_text=kept_gap_text(path)))
