"""Crash safety: ``centric ingest`` killed with SIGKILL at any moment leaves the warehouse as
before the batch or after it, never half; the next run completes the work.

The ingest runs as a real subprocess on a file large enough to take a few seconds. Kill moments
are found by polling the process and the warehouse files: while Python starts, while the file is
read and checked, and while the batch is being written (the database file grows inside the write
transaction before it commits).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from centric.config import load_settings
from centric.runtime import init_workspace, open_runtime

ROWS = 400_000
POLL_SECONDS = 0.003
TIMEOUT_SECONDS = 120


def _write_customers(path: Path, rows: int) -> None:
    rng = random.Random(20240501)  # noqa: S311  # repeatable test data, not a secret
    first = ["Ann", "Bob", "Cy", "Dee", "Eve", "José", "Zoë", "Liam", "Noah", "Mia"]
    last = ["Lee", "Smith", "García", "Müller", "Jones", "Brown", "Ó Briain"]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,first_name,last_name,email,phone,date_of_birth,city,marketing_consent\n")
        for i in range(rows):
            given, family = rng.choice(first), rng.choice(last)
            handle.write(
                f"C{i},{given},{family},{given.lower()}.{i}@example.com,"
                f"+44 20 7946 {i % 10_000:04d},19{50 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d},"
                f"Leeds,{'yes' if i % 2 else 'no'}\n"
            )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


class _Run:
    """One ``centric ingest`` subprocess and what can be observed of it from outside."""

    def __init__(self, workspace: Path, data: Path) -> None:
        self.database = workspace / "warehouse.duckdb"
        self.wal = workspace / "warehouse.duckdb.wal"
        self.initial_size = _size(self.database)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "centric",
                "-w",
                str(workspace),
                "ingest",
                str(data),
                "--as",
                "customer_records",
                "--source",
                "crm",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.opened_at: float | None = None
        self.opened_wal = 0
        self.writing_at: float | None = None

    def observe(self) -> None:
        # Opening the stores writes a little to the log; the batch then grows the database file
        # (large appends go straight to it inside the transaction) or the log.
        now = time.monotonic() - self.started
        wal = _size(self.wal)
        if self.opened_at is None and wal >= 0:
            self.opened_at, self.opened_wal = now, wal
        growing = _size(self.database) > self.initial_size or (
            self.opened_at is not None and wal > self.opened_wal
        )
        if self.writing_at is None and growing:
            self.writing_at = now
            self.opened_at = self.opened_at if self.opened_at is not None else now

    def wait_until(self, condition: Callable[[_Run], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not condition(self):
            if self.process.poll() is not None:
                _, errors = self.process.communicate()
                pytest.fail(
                    "the ingest finished before the planned kill; make the file larger. "
                    f"exit {self.process.returncode}: {errors.decode(errors='replace')[-2000:]}"
                )
            if time.monotonic() > deadline:
                self.process.kill()
                pytest.fail("the planned kill moment never came")
            time.sleep(POLL_SECONDS)
            self.observe()

    def kill(self) -> bool:
        """SIGKILL the process; returns whether its write transaction had begun."""
        self.observe()
        writing = self.writing_at is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT_SECONDS)
        assert self.process.returncode == -signal.SIGKILL
        if self.process.stderr is not None:
            self.process.stderr.close()
        return writing

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def _state(workspace: Path) -> tuple[int, int, int]:
    with open_runtime(load_settings(workspace)) as runtime:
        scalar = runtime.warehouse.scalar
        return (
            int(scalar("SELECT count(*) FROM customer_records")),
            int(scalar("SELECT count(*) FROM source_batches")),
            int(scalar("SELECT count(*) FROM quarantine")),
        )


KILL_MOMENTS: list[tuple[str, Callable[[_Run], bool]]] = [
    ("while Python starts", lambda run: run.elapsed() >= 0.2),
    ("just after the stores open", lambda run: run.opened_at is not None),
    (
        "while the file is read and checked",
        lambda run: (
            run.opened_at is not None
            and (run.elapsed() >= run.opened_at + 0.6 or run.writing_at is not None)
        ),
    ),
    ("as the write transaction begins", lambda run: run.writing_at is not None),
    (
        "in the middle of the write transaction",
        lambda run: run.writing_at is not None and run.elapsed() >= run.writing_at + 0.08,
    ),
]


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_the_batch_whole_or_absent(tmp_path: Path):
    data = tmp_path / "big.csv"
    _write_customers(data, ROWS)
    pristine = tmp_path / "pristine"
    init_workspace(pristine)
    workspace = tmp_path / "ws"
    shutil.copytree(pristine, workspace)
    before, after = (0, 0, 0), (ROWS, 1, 0)

    killed_while_writing = 0
    for moment, condition in KILL_MOMENTS:
        run = _Run(workspace, data)
        run.wait_until(condition)
        killed_while_writing += run.kill()
        state = _state(workspace)
        assert state in (before, after), f"killed {moment}: warehouse holds {state}"
        if state == after:
            # The batch committed just before the kill; start the next attempt from scratch so
            # that it has a batch to interrupt.
            shutil.rmtree(workspace)
            shutil.copytree(pristine, workspace)
    assert killed_while_writing >= 2, "fewer than two kills landed inside the write transaction"

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "centric",
            "-w",
            str(workspace),
            "ingest",
            str(data),
            "--as",
            "customer_records",
            "--source",
            "crm",
        ],
        capture_output=True,
        check=False,
        timeout=TIMEOUT_SECONDS,
    )
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")
    assert _state(workspace) == after
    with open_runtime(load_settings(workspace)) as runtime:
        rows, first_row, last_row, keys = runtime.warehouse.fetch_all(
            "SELECT count(*), min(source_row), max(source_row), count(DISTINCT source_key) "
            "FROM customer_records"
        )[0]
        batch = runtime.warehouse.fetch_all(
            "SELECT rows_read, rows_inserted, rows_quarantined FROM source_batches"
        )
    assert (rows, first_row, last_row, keys) == (ROWS, 1, ROWS, ROWS)
    assert batch == [(ROWS, ROWS, 0)]
