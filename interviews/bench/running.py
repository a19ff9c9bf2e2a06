"""One benchmark run (`manage.py bench`, `make bench`): seed a large dataset, time
the pages, write BENCHMARKS.md.

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
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from .measuring import explain, measure
from .report import write_report
from .results import BenchResult, load_results
from .seeding import seed


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


def reset_database() -> float:
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


def bench(*, scale: float, samples: int, reset: bool, output: str, log) -> BenchResult:
    """`manage.py bench`: optionally reset the database, run, write the report."""
    migrate_seconds = reset_database() if reset else 0.0
    result = run_bench(scale=scale, samples=samples, log=log, measure_in_subprocess=True)
    result.migrate_seconds = migrate_seconds
    if output:
        path = Path(output)
        write_report(path, result)
        log(f"Wrote {path}.")
    return result
