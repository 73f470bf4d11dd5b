"""Metrics speed: NPS with intervals, suppression and change labels by two dimensions x month.

Centric's ``compute_metric`` on 100M feedback rows is measured side by side, in the same run,
with (a) one hand-written DuckDB SQL query computing the same table (NPS, 95% interval,
suppression, change from the previous month and difference from the rest of the month with
p-values, Benjamini-Hochberg labels) over the same rows, and (b) a straightforward pandas
groupby computing the same table on 10M rows. Targets: <= 1.5x the hand-written query, >= 10x
pandas' speed per row; peak memory is reported. The hand-written query also runs a second time
grouping by an integer month key (``year * 12 + month - 1``, the key Centric uses) in place of
``date_trunc``, so both forms of the baseline are shown.

Centric is measured twice: as it runs by default, reading the daily summary that the summarise
step of ``centric run`` keeps (see ``centric.voc.summaries``), and reading the rows with summaries
turned off. What the summary costs is measured too: building it from all rows (once, before the
queries) and extending it by one more ingest batch (``BENCH_METRICS_BATCH_ROWS``, default
1,000,000 rows; last, as it adds rows).

Run: ``make bench`` or ``.venv/bin/python -m benchmarks metrics``. ``BENCH_METRICS_ROWS``
(default 100,000,000) and ``BENCH_METRICS_PANDAS_ROWS`` (default 10,000,000) change the sizes;
each case runs ``BENCH_METRICS_REPEATS`` times (default 3), interleaved, and its fastest run is
reported. The rows are generated in DuckDB in a temporary folder (generation time is excluded);
nothing is downloaded.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, measure, report

ROWS = int(os.environ.get("BENCH_METRICS_ROWS", "100000000"))
PANDAS_ROWS = int(os.environ.get("BENCH_METRICS_PANDAS_ROWS", "10000000"))
REPEATS = int(os.environ.get("BENCH_METRICS_REPEATS", "3"))
TEAMS = 125
CHANNELS = ("web", "store", "app", "phone", "chat", "email", "social", "post")
HAND_CASE = "hand-written DuckDB SQL (baseline)"
HAND_KEY_CASE = "hand-written SQL, integer month key"
CENTRIC_CASE = "centric compute_metric (daily summary)"
ROWS_CASE = "centric compute_metric (rows, no summary)"
EXTEND_ROWS = int(os.environ.get("BENCH_METRICS_BATCH_ROWS", "1000000"))

# Scores: a team effect (teams 0-9 have fewer promoters) and a dip in March, so that some changes
# and differences are real. u is a uniform draw in [0, 1).
_SCORE = (
    "CASE WHEN u < 0.42 - CASE WHEN team < 10 THEN 0.12 ELSE 0 END "
    "- CASE WHEN month = 3 THEN 0.05 ELSE 0 END THEN 9 + CAST(u * 1000 AS INT) % 2 "
    "WHEN u < 0.70 THEN 7 + CAST(u * 1000 AS INT) % 2 ELSE CAST(u * 10000 AS INT) % 7 END"
)

HAND_SQL = """
WITH cells AS (
    SELECT channel, team_id, {period} AS period,
           count(*) AS n,
           count(CASE WHEN score >= 9 THEN 1 END) / count(*) AS pro,
           count(CASE WHEN score <= 6 THEN 1 END) / count(*) AS det
    FROM feedback
    WHERE survey_type = 'nps' AND score BETWEEN 0 AND 10
      AND coalesce(scale_min, 0) = 0 AND coalesce(scale_max, 10) = 10
      AND responded_at IS NOT NULL
    GROUP BY channel, team_id, period
), stats AS (
    SELECT *, pro - det AS nps, (pro + det - (pro - det) ^ 2) / n AS var, n < 30 AS hidden,
           lag(period) OVER w AS prev_period, lag(pro - det) OVER w AS prev_nps,
           lag((pro + det - (pro - det) ^ 2) / n) OVER w AS prev_var,
           lag(n < 30) OVER w AS prev_hidden,
           sum(n) OVER m - n AS rest_n,
           (sum(pro * n) OVER m - pro * n) / nullif(sum(n) OVER m - n, 0) AS rest_pro,
           (sum(det * n) OVER m - det * n) / nullif(sum(n) OVER m - n, 0) AS rest_det
    FROM cells
    WINDOW w AS (PARTITION BY channel, team_id ORDER BY period), m AS (PARTITION BY period)
), tests AS (
    SELECT *, rest_pro - rest_det AS rest_nps,
           CASE WHEN prev_period = {previous} AND NOT hidden AND NOT prev_hidden
                THEN (nps - prev_nps) / sqrt(var + prev_var) END AS z_change,
           CASE WHEN rest_n >= 30 AND NOT hidden
                THEN (nps - (rest_pro - rest_det))
                     / sqrt(var + (rest_pro + rest_det - (rest_pro - rest_det) ^ 2) / rest_n)
           END AS z_rest
    FROM stats
), p AS (
    -- Two-sided normal p-value erfc(|z| / sqrt 2), Numerical Recipes' erfc (error < 1.2e-7).
    SELECT *,
        {erfc_change} AS p_change,
        {erfc_rest} AS p_rest
    FROM tests
), ranked AS (
    SELECT *,
        p_change * count(p_change) OVER () / row_number() OVER (ORDER BY p_change) AS bh_change,
        p_rest * count(p_rest) OVER () / row_number() OVER (ORDER BY p_rest) AS bh_rest
    FROM p
), q AS (
    SELECT *,
        CASE WHEN p_change IS NOT NULL THEN least(1, min(bh_change) OVER (ORDER BY p_change DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) END AS q_change,
        CASE WHEN p_rest IS NOT NULL THEN least(1, min(bh_rest) OVER (ORDER BY p_rest DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) END AS q_rest
    FROM ranked
)
SELECT channel, team_id, {period_out} AS period, n,
    CASE WHEN NOT hidden THEN 100 * nps END AS nps,
    CASE WHEN NOT hidden THEN 100 * greatest(-1, nps - 1.959963984540054 * sqrt(var)) END AS ci_low,
    CASE WHEN NOT hidden THEN 100 * least(1, nps + 1.959963984540054 * sqrt(var)) END AS ci_high,
    hidden AS suppressed,
    100 * (nps - prev_nps) AS change, p_change, q_change,
    CASE WHEN hidden OR prev_hidden THEN 'suppressed' WHEN q_change < 0.05 THEN 'real change'
         WHEN q_change IS NOT NULL THEN 'within noise' END AS change_label,
    100 * (nps - rest_nps) AS vs_rest, p_rest, q_rest,
    CASE WHEN hidden THEN 'suppressed' WHEN q_rest < 0.05 THEN 'real difference'
         WHEN q_rest IS NOT NULL THEN 'within noise' END AS vs_rest_label
FROM q
ORDER BY channel, team_id, period
"""


def _erfc(z: str) -> str:
    x = f"(abs({z}) / sqrt(2))"
    t = f"(1.0 / (1.0 + 0.5 * {x}))"
    poly = "0.17087277"
    for coefficient in (
        -0.82215223,
        1.48851587,
        -1.13520398,
        0.27886807,
        -0.18628806,
        0.09678418,
        0.37409196,
        1.00002368,
    ):
        poly = f"({coefficient} + {t} * {poly})"
    return f"{t} * exp(-{x} * {x} - 1.26551223 + {t} * {poly})"


def hand_written_sql(*, month_key: bool = False) -> str:
    """The baseline query, with the normal tail written out.

    As one would write it, months come from ``date_trunc``; with ``month_key`` it groups by the
    integer ``year * 12 + month - 1`` instead (the key Centric's queries use) and makes the date
    only on the result.
    """
    if month_key:
        periods = {
            "period": "year(responded_at) * 12 + month(responded_at) - 1",
            "previous": "period - 1",
            "period_out": "make_date(CAST(period // 12 AS INTEGER), "
            "CAST(period % 12 + 1 AS INTEGER), 1)",
        }
    else:
        periods = {
            "period": "CAST(date_trunc('month', responded_at) AS DATE)",
            "previous": "period - INTERVAL 1 MONTH",
            "period_out": "period",
        }
    return HAND_SQL.format(erfc_change=_erfc("z_change"), erfc_rest=_erfc("z_rest"), **periods)


def generate_warehouse(path: Path, rows: int) -> float:
    """Create a warehouse file with ``rows`` NPS answers over 2025; returns seconds taken."""
    from centric.warehouse import create_warehouse_tables
    from centric.warehouse.duckdb_backend import DuckDBWarehouse

    started = time.perf_counter()
    warehouse = DuckDBWarehouse(path)
    create_warehouse_tables(warehouse)
    channels = ", ".join(f"'{c}'" for c in CHANNELS)
    warehouse.execute(
        f"""
        INSERT INTO feedback (source, survey, survey_type, score, scale_min, scale_max,
                              responded_at, channel, team_id)
        SELECT 'bench', 'relationship', 'nps', {_SCORE}, 0, 10, ts, channel, 'T' || team
        FROM (
            SELECT *, month(ts) AS month
            FROM (
                SELECT hash(i) % 1000003 / 1000003.0 AS u,
                       hash(i + 7919) % {TEAMS} AS team,
                       [{channels}][CAST(1 + hash(i + 104729) % {len(CHANNELS)} AS BIGINT)]
                           AS channel,
                       TIMESTAMP '2025-01-01'
                           + to_seconds(CAST(hash(i + 1299709) % 31536000 AS BIGINT)) AS ts
                FROM range({rows}) AS r(i)
            )
        )
        """
    )
    warehouse.checkpoint()
    warehouse.close()
    return time.perf_counter() - started


def hand_written_query(path: Path, month_key: bool = False) -> dict[str, Any]:
    """The baseline: one hand-written DuckDB query computing the whole table."""
    from centric.warehouse.duckdb_backend import DuckDBWarehouse

    warehouse = DuckDBWarehouse(path, read_only=True)
    sql = hand_written_sql(month_key=month_key)
    started, cpu = time.perf_counter(), _cpu_seconds()
    table = warehouse.fetch_arrow(sql)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    warehouse.close()
    frame = table.to_pandas()
    frame.to_parquet(path.with_name("hand-key.parquet" if month_key else "hand.parquet"))
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu, 3),
        "cells": len(frame),
        "real_changes": int((frame["change_label"] == "real change").sum()),
        "rows_per_s": ROWS / seconds,
    }


def centric_metric(path: Path, summaries: bool = True) -> dict[str, Any]:
    """Centric: compute_metric on the DuckDB warehouse (opening the file excluded).

    With ``summaries`` (the default) it reads the daily summary when one is current; without,
    it reads the rows.
    """
    from centric.voc import MetricRequest, compute_metric
    from centric.warehouse.duckdb_backend import DuckDBWarehouse

    warehouse = DuckDBWarehouse(path, read_only=True)
    request = MetricRequest("nps", by=("channel", "team"), period="month")
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = compute_metric(warehouse, request, summaries=summaries)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    warehouse.close()
    result.table.to_parquet(
        path.with_name("centric.parquet" if summaries else "centric-rows.parquet")
    )
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu, 3),
        "cells": len(result.table),
        "read": "daily summary" if "feedback_daily_summary" in result.sql[0] else "rows",
        "real_changes": int((result.table["change_label"] == "real change").sum()),
        "rows_per_s": ROWS / seconds,
    }


def build_summary(path: Path) -> dict[str, Any]:
    """The cost of the summary: ``centric run``'s summarise step building it from all rows."""
    from centric.voc import refresh_summaries
    from centric.warehouse.duckdb_backend import DuckDBWarehouse

    warehouse = DuckDBWarehouse(path)
    started, cpu = time.perf_counter(), _cpu_seconds()
    [done] = refresh_summaries(warehouse, min_rows=_default_min_rows())
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    warehouse.checkpoint()
    warehouse.close()
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu, 3),
        "action": done.action,
        "summary_rows": done.summary_rows,
        "rows_per_summary_row": round(done.base_rows / max(done.summary_rows, 1), 1),
    }


def extend_summary(path: Path, rows: int) -> dict[str, Any]:
    """The cost of keeping it current: a batch of ``rows`` new answers (as ingest writes them,
    with a batch record; writing them is excluded) added to the summary by the summarise step."""
    from centric.voc import refresh_summaries
    from centric.warehouse.duckdb_backend import DuckDBWarehouse

    warehouse = DuckDBWarehouse(path)
    batch = 1 + int(warehouse.scalar("SELECT coalesce(max(batch_id), 0) FROM source_batches"))
    channels = ", ".join(f"'{c}'" for c in CHANNELS)
    warehouse.execute(
        f"""
        INSERT INTO feedback (source, source_key, survey, survey_type, score, scale_min,
                              scale_max, responded_at, channel, team_id, batch_id)
        SELECT 'bench', 'new-' || i, 'relationship', 'nps', CAST(hash(i) % 11 AS DOUBLE), 0, 10,
               TIMESTAMP '2025-12-01' + to_seconds(CAST(hash(i + 3) % 2592000 AS BIGINT)),
               [{channels}][CAST(1 + hash(i + 5) % {len(CHANNELS)} AS BIGINT)],
               'T' || hash(i + 7) % {TEAMS}, {batch}
        FROM range({rows}) AS r(i)
        """
    )
    warehouse.execute(
        "INSERT INTO source_batches (batch_id, source, kind, rows_read, rows_inserted, "
        "rows_updated, rows_unchanged, rows_quarantined, started_at, committed_at) "
        f"VALUES ({batch}, 'bench', 'feedback', {rows}, {rows}, 0, 0, 0, now(), now())"
    )
    started, cpu = time.perf_counter(), _cpu_seconds()
    [done] = refresh_summaries(warehouse, min_rows=_default_min_rows())
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    warehouse.close()
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu, 3),
        "action": done.action,
        "batch_rows": rows,
        "summary_rows": done.summary_rows,
    }


def pandas_groupby(rows: int) -> dict[str, Any]:
    """The same table from a straightforward pandas groupby (generating the frame excluded)."""
    import numpy as np
    import pandas as pd
    from scipy import stats

    rng = np.random.default_rng(1)
    team = rng.integers(0, TEAMS, rows)
    at = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 31536000, rows), unit="s")
    u = rng.random(rows)
    promoter = 0.42 - (team < 10) * 0.12 - (at.month == 3) * 0.05
    score = np.where(
        u < promoter,
        9 + rng.integers(0, 2, rows),
        np.where(u < 0.70, 7 + rng.integers(0, 2, rows), rng.integers(0, 7, rows)),
    )
    frame = pd.DataFrame(
        {
            "survey_type": "nps",
            "score": score.astype(float),
            "scale_min": 0.0,
            "scale_max": 10.0,
            "responded_at": at,
            "channel": np.array(CHANNELS)[rng.integers(0, len(CHANNELS), rows)],
            "team_id": pd.Series(team).map(lambda t: f"T{t}"),
        }
    )

    started, cpu = time.perf_counter(), _cpu_seconds()
    data = frame[
        (frame["survey_type"] == "nps")
        & frame["score"].between(0, 10)
        & (frame["scale_min"].fillna(0) == 0)
        & (frame["scale_max"].fillna(10) == 10)
    ].assign(
        period=lambda f: f["responded_at"].dt.to_period("M"),
        pro=lambda f: f["score"] >= 9,
        det=lambda f: f["score"] <= 6,
    )
    cells = (
        data.groupby(["channel", "team_id", "period"])
        .agg(n=("score", "size"), pro=("pro", "mean"), det=("det", "mean"))
        .reset_index()
    )
    cells["nps"] = cells["pro"] - cells["det"]
    cells["var"] = (cells["pro"] + cells["det"] - cells["nps"] ** 2) / cells["n"]
    cells["suppressed"] = cells["n"] < 30
    z = 1.959963984540054
    cells["ci_low"] = (cells["nps"] - z * np.sqrt(cells["var"])).clip(-1, 1)
    cells["ci_high"] = (cells["nps"] + z * np.sqrt(cells["var"])).clip(-1, 1)
    cells = cells.sort_values(["channel", "team_id", "period"])
    previous = cells.groupby(["channel", "team_id"])[["period", "nps", "var", "suppressed"]].shift()
    comparable = (previous["period"] == cells["period"] - 1) & ~cells["suppressed"]
    comparable &= previous["suppressed"].eq(False)
    z_change = (cells["nps"] - previous["nps"]) / np.sqrt(cells["var"] + previous["var"])
    cells["p_change"] = np.where(comparable, 2 * stats.norm.sf(np.abs(z_change)), np.nan)
    totals = cells.assign(a=cells["pro"] * cells["n"], b=cells["det"] * cells["n"])
    totals = totals.groupby("period")[["n", "a", "b"]].transform("sum")
    rest_n = totals["n"] - cells["n"]
    rest_pro = (totals["a"] - cells["pro"] * cells["n"]) / rest_n
    rest_det = (totals["b"] - cells["det"] * cells["n"]) / rest_n
    rest_nps = rest_pro - rest_det
    rest_var = (rest_pro + rest_det - rest_nps**2) / rest_n
    z_rest = (cells["nps"] - rest_nps) / np.sqrt(cells["var"] + rest_var)
    usable = (rest_n >= 30) & ~cells["suppressed"]
    cells["p_rest"] = np.where(usable, 2 * stats.norm.sf(np.abs(z_rest)), np.nan)
    for column, real in (("change", "real change"), ("rest", "real difference")):
        p = cells[f"p_{column}"]
        q = pd.Series(np.nan, index=cells.index)
        q[p.notna()] = stats.false_discovery_control(p[p.notna()])
        cells[f"q_{column}"] = q
        cells[f"{column}_label"] = np.where(
            q < 0.05, real, np.where(q.notna(), "within noise", None)
        )
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu, 3),
        "cells": len(cells),
        "rows_per_s": rows / seconds,
    }


def _default_min_rows() -> int:
    # The summarise step as `centric run` runs it: with the setting's default.
    from centric.config import Settings

    return int(Settings.model_fields["metrics_summary_min_rows"].default)


def _cpu_seconds() -> float:
    # CPU time of the process, all threads: on a shared machine it varies far less than wall
    # time, so its ratios are reported next to the wall-time ones.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _same_table(one: Any, two: Any) -> bool:
    # Window sums run in parallel, so the last bits of the floats may differ between runs.
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(one, two, rtol=1e-9)
    except AssertionError:
        return False
    return True


def run(out: Path) -> None:
    """Generate the rows, build the summary, measure the cases, report ratios and agreement."""
    del out
    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="centric-bench-metrics-") as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        generation = generate_warehouse(path, ROWS)
        # The summary is built once, as the summarise step of `centric run` would after ingest.
        summary = measure(
            "metrics", "build the daily summary (summarise step)", build_summary, path
        )
        runs: dict[str, list[Result]] = {}
        # Interleaved repeats, keeping each case's fastest: on a shared machine the minimum is
        # the figure least disturbed by other work.
        for _ in range(REPEATS):
            for case, fn, args, baseline in (
                (HAND_CASE, hand_written_query, (path,), None),
                (HAND_KEY_CASE, hand_written_query, (path, True), HAND_CASE),
                (CENTRIC_CASE, centric_metric, (path,), HAND_CASE),
                (ROWS_CASE, centric_metric, (path, False), HAND_CASE),
                (f"pandas groupby ({PANDAS_ROWS:,} rows)", pandas_groupby, (PANDAS_ROWS,), None),
            ):
                result = measure("metrics", case, fn, *args, baseline=baseline)
                runs.setdefault(case, []).append(result)
        results = [min(found, key=lambda r: r.seconds) for found in runs.values()]
        hand, hand_key, ours, rows_read, panda = results
        # Last, as it adds rows: the cost of keeping the summary current after one more batch.
        extend = measure(
            "metrics",
            f"extend the summary by a {EXTEND_ROWS:,}-row batch",
            extend_summary,
            path,
            EXTEND_ROWS,
        )
        same_tables = _same_table(
            pd.read_parquet(path.with_name("hand.parquet")),
            pd.read_parquet(path.with_name("hand-key.parquet")),
        )
        hand_table = pd.read_parquet(path.with_name("hand.parquet"))
        our_table = pd.read_parquet(path.with_name("centric.parquet"))
        same_as_rows = _same_table(
            our_table, pd.read_parquet(path.with_name("centric-rows.parquet"))
        )
        merged = our_table.merge(
            hand_table.rename(columns={"team_id": "team"}),
            on=["channel", "team", "period"],
            suffixes=("", "_hand"),
        )
        report(
            "metrics",
            [summary, *results, extend],
            {
                "centric_read": ours.metrics["read"],
                "summary_same_table_as_rows": same_as_rows,
                "summary_build_seconds": round(summary.seconds, 2),
                "summary_rows": summary.metrics["summary_rows"],
                "summary_extend_seconds": round(extend.seconds, 2),
                "rows_read_vs_hand_written": round(rows_read.seconds / hand.seconds, 3),
                "rows_read_vs_hand_written_month_key": round(
                    rows_read.seconds / hand_key.seconds, 3
                ),
                "rows_read_per_row_speed_vs_pandas": round(
                    rows_read.metrics["rows_per_s"] / panda.metrics["rows_per_s"], 1
                ),
                "rows": ROWS,
                "cells": ours.metrics["cells"],
                "repeats_fastest_kept": REPEATS,
                "all_seconds": {
                    case: [round(r.seconds, 2) for r in found] for case, found in runs.items()
                },
                "generation_seconds_excluded": round(generation, 1),
                "centric_vs_hand_written": round(ours.seconds / hand.seconds, 3),
                "centric_vs_hand_written_month_key": round(ours.seconds / hand_key.seconds, 3),
                "target_vs_hand_written": "<= 1.5",
                "hand_written_month_key_same_table": same_tables,
                "per_row_speed_vs_pandas": round(
                    ours.metrics["rows_per_s"] / panda.metrics["rows_per_s"], 1
                ),
                "per_row_cpu_vs_pandas": round(
                    (panda.metrics["cpu_seconds"] / PANDAS_ROWS)
                    / (ours.metrics["cpu_seconds"] / ROWS),
                    1,
                ),
                "cpu_centric_vs_hand_written": round(
                    ours.metrics["cpu_seconds"] / hand.metrics["cpu_seconds"], 3
                ),
                "cpu_centric_vs_hand_written_month_key": round(
                    ours.metrics["cpu_seconds"] / hand_key.metrics["cpu_seconds"], 3
                ),
                "target_vs_pandas": ">= 10",
                "max_nps_difference_vs_hand_written": float(
                    (merged["estimate"] - merged["nps"]).abs().max()
                ),
                "same_change_labels": float(
                    (
                        merged["change_label"].fillna("") == merged["change_label_hand"].fillna("")
                    ).mean()
                ),
            },
        )
