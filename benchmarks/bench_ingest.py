"""Ingest throughput: a 1M-row customer CSV through Centric's full ingest (mapping, validation,
quarantine, lineage, transactional landing) side by side with DuckDB's own ``read_csv`` of the
same file into a table, in the same run. Target: Centric at >= 50% of raw ``read_csv`` rows/s.

Run: ``make bench`` or ``.venv/bin/python -m benchmarks ingest`` (``BENCH_INGEST_ROWS`` changes
the size). The file is generated in a temporary folder; nothing is downloaded. Besides wall time,
each side reports the CPU seconds of its process (``cpu_s``), which a busy machine distorts less.
"""

from __future__ import annotations

import os
import random
import resource
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, measure, report

ROWS = int(os.environ.get("BENCH_INGEST_ROWS", "1000000"))
FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "José",
    "María",
    "Lucía",
    "Hugo",
    "Zoë",
    "Seán",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "García",
    "Fernández",
    "López",
    "Martínez",
    "O'Brien",
    "Müller",
    "Nguyen",
    "Patel",
]
CITIES = ["London", "Leeds", "Manchester", "Bristol", "Glasgow", "Cardiff", "Madrid", "Sevilla"]


def write_customers_csv(path: Path, rows: int, seed: int = 7) -> None:
    """Write a realistic customer extract: quoted fields, some empties, ~0.1% bad rows."""
    rng = random.Random(seed)  # noqa: S311  # synthetic benchmark data, not security
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "customer_id,first_name,last_name,email,phone,date_of_birth,address_line1,city,"
            "postcode,country,marketing_consent,created_at\n"
        )
        for index in range(1, rows + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower()}.{last.lower()}{index}@example.com"
            if rng.random() < 0.001:
                email = "not-an-email"
            dob = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            phone = "" if rng.random() < 0.2 else f"+44 7700 {rng.randint(100000, 999999)}"
            street = f'"{rng.randint(1, 200)} {rng.choice(LAST)} Road, Flat {rng.randint(1, 9)}"'
            handle.write(
                f"C{index:08d},{first},{last},{email},{phone},{dob},{street},"
                f"{rng.choice(CITIES)},AB{rng.randint(1, 99)} {rng.randint(1, 9)}CD,GB,"
                f"{rng.choice(['yes', 'no'])},2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} "
                f"10:{rng.randint(10, 59)}:00\n"
            )


def raw_read_csv(csv: Path, folder: Path) -> dict[str, Any]:
    """DuckDB's own read_csv of the file into a table of a fresh database file."""
    import time

    from centric.warehouse.duckdb_backend import DuckDBWarehouse

    warehouse = DuckDBWarehouse(folder / "raw.duckdb")
    started, cpu = time.perf_counter(), _cpu_seconds()
    warehouse.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{csv}')")
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    rows = int(warehouse.scalar("SELECT count(*) FROM raw"))
    warehouse.close()
    return {"seconds": seconds, "rows": rows, "rows_per_s": rows / seconds, "cpu_s": round(cpu, 2)}


def centric_ingest(csv: Path, folder: Path) -> dict[str, Any]:
    """Centric's ingest of the same file into a fresh workspace (workspace set-up excluded)."""
    import time

    from centric.ingest import ingest_source, source_for_file
    from centric.runtime import init_workspace, open_runtime

    settings = init_workspace(folder / "ws")
    spec = source_for_file(csv, kind="customer_records", source="crm", map_file=None).model_copy(
        update={"mapping": {}}
    )
    with open_runtime(settings) as runtime:
        started, cpu = time.perf_counter(), _cpu_seconds()
        (result,) = ingest_source(runtime, spec)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "seconds": seconds,
        "rows": result.rows_read,
        "accepted": result.accepted,
        "quarantined": result.quarantined,
        "rows_per_s": result.rows_read / seconds,
        "cpu_s": round(cpu, 2),
    }


def _cpu_seconds() -> float:
    # CPU time of the process, all threads: steadier than wall time on a shared machine.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(out: Path) -> None:
    """Generate the file, measure both sides, report."""
    del out
    with tempfile.TemporaryDirectory(prefix="centric-bench-") as tmp:
        folder = Path(tmp)
        csv = folder / "customers.csv"
        write_customers_csv(csv, ROWS)
        size_mb = csv.stat().st_size / 1e6
        results: list[Result] = [
            measure("ingest", "duckdb read_csv -> table (baseline)", raw_read_csv, csv, folder),
            measure(
                "ingest",
                "centric ingest (map+validate+lineage)",
                centric_ingest,
                csv,
                folder,
                baseline="duckdb read_csv -> table (baseline)",
            ),
        ]
        raw, ours = results
        report(
            "ingest",
            results,
            {
                "rows": ROWS,
                "file_mb": round(size_mb, 1),
                "throughput_vs_read_csv": round(
                    ours.metrics["rows_per_s"] / raw.metrics["rows_per_s"], 3
                ),
                "cpu_vs_read_csv": round(raw.metrics["cpu_s"] / ours.metrics["cpu_s"], 3),
                "target": ">= 0.5",
            },
        )
