"""The targets, and what a benchmark run measured (kept as JSON between the
measuring process and the one that writes the report)."""

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from interviews.bench.seeding.common import SeedResult

# The figures the issue asks for, in milliseconds (p95).
TARGET_DASHBOARD_MS = 100
TARGET_DIRECTORY_MS = 25
TARGET_INBOX_MS = 20
TARGET_STUDENT_DASHBOARD_MS = 20
TARGET_EXPORT_ROWS_PER_S = 20_000
TARGET_EXPORT_PEAK_MB = 150
TARGET_SEED_SECONDS = 120


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


@dataclass
class Measurement:
    name: str
    group: str
    target_ms: float | None = None
    available: bool = True
    note: str = ""
    durations_ms: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    query_counts: list[int] = field(default_factory=list)
    # (milliseconds, SQL) of the slowest statements seen while capturing.
    slow_queries: list[tuple[float, str]] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.durations_ms, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.durations_ms, 0.95)

    @property
    def met(self) -> bool | None:
        if not self.available or self.target_ms is None:
            return None
        return self.p95 <= self.target_ms

    @property
    def queries(self) -> str:
        if not self.query_counts:
            return "–"
        low, high = min(self.query_counts), max(self.query_counts)
        return str(low) if low == high else f"{low}–{high}"


@dataclass
class ExportMeasurement:
    available: bool = True
    status: int = 0
    rows: int = 0
    seconds: float = 0.0
    query_count: int = 0
    params: dict = field(default_factory=dict)
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    tracemalloc_peak_mb: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def met(self) -> bool | None:
        if not self.available:
            return None
        return (
            self.rows_per_second >= TARGET_EXPORT_ROWS_PER_S
            and self.rss_peak_mb <= TARGET_EXPORT_PEAK_MB
        )


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


def save_results(path: Path, pages: list[Measurement], export: ExportMeasurement) -> None:
    path.write_text(json.dumps({"pages": [asdict(m) for m in pages], "export": asdict(export)}))


def load_results(path: Path) -> tuple[list[Measurement], ExportMeasurement]:
    data = json.loads(path.read_text())
    pages = []
    for fields in data["pages"]:
        fields["slow_queries"] = [tuple(item) for item in fields["slow_queries"]]
        pages.append(Measurement(**fields))
    return pages, ExportMeasurement(**data["export"])
