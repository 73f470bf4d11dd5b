"""Every metric on every engine against a plain reference computed from the raw rows.

The ``engine`` fixture runs each test on DuckDB and, when Spark is selected, on Spark over the
same rows exported to Parquet, so the one query written per metric is checked on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from centric.errors import InvalidInputError
from centric.voc import MetricRequest, PostStratification, compute_metric
from centric.voc import statistics as st
from centric.voc.registry import Grain
from centric.warehouse import Warehouse, create_warehouse_tables
from centric.warehouse.duckdb_backend import DuckDBWarehouse


@pytest.fixture(scope="module")
def rows(voc_duckdb_path: Path) -> Iterator[dict[str, pd.DataFrame]]:
    """The raw rows of the seeded warehouse, for reference computations in pandas."""
    warehouse = DuckDBWarehouse(voc_duckdb_path, read_only=True)
    try:
        yield {
            name: warehouse.fetch_arrow(f"SELECT * FROM {name}").to_pandas()
            for name in (
                "feedback",
                "interactions",
                "engagement_responses",
                "survey_invitations",
                "teams",
                "customer_records",
                "customer_links",
            )
        }
    finally:
        warehouse.close()


def _month(values: pd.Series) -> pd.Series:
    return values.dt.to_period("M").dt.start_time.dt.date


def _nps_reference(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys)
    result = pd.DataFrame(
        {
            "n": grouped.size(),
            "promoters": grouped["score"].apply(lambda s: (s >= 9).mean()),
            "detractors": grouped["score"].apply(lambda s: (s <= 6).mean()),
        }
    ).reset_index()
    result["nps"] = 100 * (result["promoters"] - result["detractors"])
    return result


def test_nps_by_team_and_month_matches_the_raw_rows(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    result = compute_metric(engine, MetricRequest("nps", by=("team",), period="month"))
    feedback = rows["feedback"].query("survey_type == 'nps'").copy()
    feedback["period"] = _month(feedback["responded_at"])
    reference = _nps_reference(feedback.rename(columns={"team_id": "team"}), ["team", "period"])
    merged = result.table.merge(reference, on=["team", "period"], validate="one_to_one")
    assert len(merged) == len(reference) == len(result.table)
    assert (merged["n_x"] == merged["n_y"]).all()
    shown = merged[~merged["suppressed"]]
    assert shown["estimate"].to_numpy() == pytest.approx(shown["nps"].to_numpy())
    expected = st.nps_interval(shown["promoters"], shown["detractors"], shown["n_x"])
    assert shown["ci_low"].to_numpy() == pytest.approx(100 * expected.low)
    assert shown["ci_high"].to_numpy() == pytest.approx(100 * expected.high)


def _customer_segments(rows: dict[str, pd.DataFrame]) -> dict[tuple[str, str], str]:
    # The rule, step by step: a linked record takes its customer's value, from the customer's
    # most recently updated record that has one; an unlinked record keeps its own.
    records = rows["customer_records"].merge(
        rows["customer_links"][["source", "source_key", "customer_id"]],
        on=["source", "source_key"],
        how="left",
    )
    valued = records[records["segment"].notna()].sort_values(
        ["updated_at", "source", "source_key"], ascending=[False, True, True]
    )
    latest = valued.drop_duplicates("customer_id").set_index("customer_id")["segment"]
    segments = {}
    for record in records.to_dict(orient="records"):
        customer = record["customer_id"]
        value = latest.get(customer) if isinstance(customer, str) else None
        own = record["segment"] if isinstance(record["segment"], str) else None
        segments[(record["source"], record["source_key"])] = value or own
    return segments


def test_nps_by_segment_follows_the_resolved_customer(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    result = compute_metric(engine, MetricRequest("nps", by=("segment",), period="month"))
    segments = _customer_segments(rows)
    feedback = rows["feedback"].query("survey_type == 'nps'").copy()
    feedback["segment"] = [
        segments.get((source, key)) or "(none)"
        for source, key in zip(feedback["customer_source"], feedback["customer_key"], strict=True)
    ]
    feedback["period"] = _month(feedback["responded_at"])
    reference = _nps_reference(feedback, ["segment", "period"])
    assert set(reference["segment"]) == {"Gold", "Silver", "Bronze", "(none)"}
    merged = result.table.merge(reference, on=["segment", "period"], validate="one_to_one")
    assert len(merged) == len(reference) == len(result.table)
    assert (merged["n_x"] == merged["n_y"]).all()
    assert merged["estimate"].to_numpy() == pytest.approx(merged["nps"].to_numpy())


def test_small_groups_are_suppressed_not_shown(engine: Warehouse) -> None:
    table = compute_metric(engine, MetricRequest("nps", by=("team",), period="quarter")).table
    tiny = table[table["team"] == "T6"]
    assert not tiny.empty
    assert tiny["suppressed"].all()
    assert tiny[["estimate", "ci_low", "ci_high", "change", "vs_rest"]].isna().all().all()
    assert (tiny["vs_rest_label"] == "suppressed").all()
    assert not table.loc[table["team"] != "T6", "suppressed"].any()


def test_employee_groups_use_the_employee_threshold_and_protect_the_complement(
    engine: Warehouse,
) -> None:
    result = compute_metric(
        engine, MetricRequest("enps", by=("team",), period=None), min_n_employee=5
    )
    table = result.table.set_index("team")
    assert result.min_n == 5
    assert table.loc["T6", "suppressed"]
    assert table.loc["T6", "suppression"] == "small group"
    # With one group hidden, the smallest shown group is hidden too, so the hidden one cannot
    # be recovered from the total.
    smallest = table.drop(index="T6")["n"].idxmin()
    assert table.loc[smallest, "suppression"] == "protects a suppressed group"
    assert np.isnan(table.loc[smallest, "estimate"])


def test_survey_weights_give_the_weighted_share_and_kish_effective_n(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    result = compute_metric(
        engine, MetricRequest("nps", by=("channel",), period=None, weights="survey")
    )
    feedback = rows["feedback"].query("survey_type == 'nps'")
    for channel, group in feedback.groupby("channel"):
        w = group["weight"].to_numpy()
        score = group["score"].to_numpy()
        expected = 100 * (w[score >= 9].sum() - w[score <= 6].sum()) / w.sum()
        row = result.table.set_index("channel").loc[channel]
        assert row["estimate"] == pytest.approx(expected)
        assert row["n_effective"] == pytest.approx(w.sum() ** 2 / (w * w).sum())
        assert row["n_effective"] < row["n"]


def test_post_stratification_reweights_each_cell_to_the_target_mix(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    targets = {"web": 0.2, "store": 0.5, "phone": 0.3}
    result = compute_metric(
        engine,
        MetricRequest(
            "nps", by=("team",), period=None, post_stratify=PostStratification("channel", targets)
        ),
    )
    feedback = rows["feedback"].query("survey_type == 'nps' and team_id == 'T3'")
    by_channel = _nps_reference(feedback, ["channel"]).set_index("channel")
    expected = sum(targets[c] * by_channel.loc[c, "nps"] for c in targets)
    assert result.table.set_index("team").loc["T3", "estimate"] == pytest.approx(expected)


def test_post_stratification_names_values_without_a_target(engine: Warehouse) -> None:
    request = MetricRequest(
        "nps", post_stratify=PostStratification("channel", {"web": 0.5, "store": 0.5})
    )
    with pytest.raises(InvalidInputError) as raised:
        compute_metric(engine, request)
    assert "phone" in raised.value.message


def test_planted_drop_in_march_is_a_real_change_and_other_months_are_noise(
    engine: Warehouse,
) -> None:
    table = compute_metric(engine, MetricRequest("nps", period="month")).table
    labels = dict(zip(table["period"], table["change_label"], strict=True))
    assert labels[date(2025, 1, 1)] is None  # nothing to compare the first month with
    assert labels[date(2025, 3, 1)] == "real change"
    assert labels[date(2025, 4, 1)] == "real change"
    assert labels[date(2025, 6, 1)] == "within noise"
    march = table.set_index("period").loc[date(2025, 3, 1)]
    assert march["change"] < 0
    assert march["change_low"] < march["change"] < march["change_high"] < 0


def test_team_with_fewer_promoters_differs_from_the_rest(engine: Warehouse) -> None:
    table = compute_metric(engine, MetricRequest("nps", by=("team",), period=None)).table
    table = table.set_index("team")
    assert table.loc["T3", "vs_rest_label"] == "real difference"
    assert table.loc["T3", "vs_rest_high"] < 0
    assert table.loc["T3", "vs_rest_q"] >= table.loc["T3", "vs_rest_p"]


def test_labels_follow_the_benjamini_hochberg_q_values(engine: Warehouse) -> None:
    table = compute_metric(engine, MetricRequest("csat", by=("team",), period="month")).table
    compared = table[table["vs_rest_label"].isin(["real difference", "within noise"])]
    assert not compared.empty
    for measure, group in compared.groupby("measure"):
        q = st.benjamini_hochberg(group["vs_rest_p"].to_numpy())
        assert group["vs_rest_q"].to_numpy() == pytest.approx(q), measure
        assert ((group["vs_rest_q"] < 0.05) == (group["vs_rest_label"] == "real difference")).all()


def test_csat_reports_top_two_box_and_mean(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    table = compute_metric(engine, MetricRequest("csat", period=None)).table.set_index("measure")
    scores = rows["feedback"].query("survey_type == 'csat'")["score"]
    assert table.loc["top2box", "estimate"] == pytest.approx(100 * (scores >= 4).mean())
    assert table.loc["mean", "estimate"] == pytest.approx(scores.mean())
    interval = st.t_interval([scores.mean()], [scores.var()], [len(scores)])
    assert table.loc["mean", "ci_low"] == pytest.approx(interval.low[0])
    assert table.loc["mean", "ci_high"] == pytest.approx(interval.high[0])
    top = (scores >= 4).mean()
    wilson = st.wilson_interval([top], [len(scores)])
    assert table.loc["top2box", "ci_low"] == pytest.approx(100 * wilson.low[0])


def test_ces_maps_its_scale_and_counts_agreement_above_the_midpoint(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    table = compute_metric(engine, MetricRequest("ces", period=None)).table.set_index("measure")
    scores = rows["feedback"].query("survey_type == 'ces'")["score"]
    assert table.loc["mean", "estimate"] == pytest.approx(scores.mean())
    assert table.loc["agree", "estimate"] == pytest.approx(100 * (scores >= 5).mean())


def test_contact_centre_metrics_match_the_raw_rows(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    contacts = rows["interactions"]
    by_team = contacts.groupby("team_id")
    fcr = compute_metric(engine, MetricRequest("fcr", by=("team",), period=None)).table
    aht = compute_metric(engine, MetricRequest("aht", by=("team",), period=None)).table
    frt = compute_metric(engine, MetricRequest("frt", period=None)).table
    containment = compute_metric(engine, MetricRequest("containment", period=None)).table
    fcr_expected = 100 * by_team["first_contact_resolved"].mean()
    aht_expected = by_team["handle_time_seconds"].mean()
    assert fcr.set_index("team")["estimate"].to_dict() == pytest.approx(fcr_expected.to_dict())
    assert aht.set_index("team")["estimate"].to_dict() == pytest.approx(aht_expected.to_dict())
    assert frt["estimate"].iloc[0] == pytest.approx(contacts["first_response_seconds"].mean())
    self_service = contacts[contacts["self_service"].astype(bool)]
    assert containment["n"].iloc[0] == len(self_service)
    assert containment["estimate"].iloc[0] == pytest.approx(
        100 * (~self_service["escalated"].astype(bool)).mean()
    )


def test_response_time_interval_is_a_skewed_bootstrap_interval(engine: Warehouse) -> None:
    request = MetricRequest("frt", by=("team",), period="month")
    table = compute_metric(engine, request).table
    assert len(table) == 18
    for row in table.to_dict(orient="records"):
        assert row["ci_low"] < row["estimate"] < row["ci_high"]
        # Log-normal response times: the interval reaches further above the mean than below.
        assert row["ci_high"] - row["estimate"] > 1.2 * (row["estimate"] - row["ci_low"])
    again = compute_metric(engine, request).table
    assert again["ci_low"].tolist() == table["ci_low"].tolist()


def test_response_rate_counts_answered_delivered_invitations(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    table = compute_metric(engine, MetricRequest("response-rate", period=None)).table
    invitations = rows["survey_invitations"]
    delivered = invitations[invitations["delivered"].astype(bool)]
    assert table["n"].iloc[0] == len(delivered)
    assert table["estimate"].iloc[0] == pytest.approx(100 * delivered["responded"].mean())


def test_region_comes_from_the_team_of_each_row(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    table = compute_metric(engine, MetricRequest("nps", by=("region",), period=None)).table
    feedback = rows["feedback"].query("survey_type == 'nps'")
    regions = rows["teams"].set_index("source_key")["region"]
    counts = feedback["team_id"].map(regions).value_counts()
    assert table.set_index("region")["n"].to_dict() == counts.to_dict()


def test_since_until_and_where_select_the_rows(
    engine: Warehouse, rows: dict[str, pd.DataFrame]
) -> None:
    request = MetricRequest(
        "nps",
        period=None,
        since=date(2025, 2, 1),
        until=date(2025, 2, 28),
        where={"channel": ("web", "phone")},
    )
    table = compute_metric(engine, request).table
    feedback = rows["feedback"].query("survey_type == 'nps'")
    times = feedback["responded_at"]
    chosen = feedback[
        (times >= "2025-02-01")
        & (times < "2025-03-01")
        & feedback["channel"].isin(["web", "phone"])
    ]
    assert table["n"].iloc[0] == len(chosen)


def test_trends_are_fitted_per_group_over_periods(engine: Warehouse) -> None:
    result = compute_metric(engine, MetricRequest("fcr", by=("team",), period="month"))
    trends = result.trends.set_index("team")
    assert set(trends.index) == {"T1", "T2", "T5"}
    assert (trends["periods"] == 6).all()
    assert (trends["slope_low"] <= trends["slope"]).all()
    assert set(trends["label"]) <= {"rising", "falling", "within noise"}


def test_unknown_dimension_names_the_choices(engine: Warehouse) -> None:
    with pytest.raises(InvalidInputError) as raised:
        compute_metric(engine, MetricRequest("aht", by=("language",)))
    assert raised.value.hint is not None
    assert "team" in raised.value.hint


def test_empty_selection_gives_an_empty_table(engine: Warehouse) -> None:
    result = compute_metric(engine, MetricRequest("nps", since=date(2030, 1, 1)))
    assert result.table.empty
    assert "estimate" in result.table.columns


EDGE_TIMES = [
    datetime(1900, 3, 1, 8, 0),
    datetime(1969, 12, 28, 23, 59, 59),  # a Sunday
    datetime(1969, 12, 29),  # the Monday that starts the week of 1970-01-01
    datetime(1970, 1, 1),
    datetime(1970, 1, 4, 23, 59, 59),
    datetime(1970, 1, 5),
    datetime(2024, 2, 29, 12, 0),
    datetime(2024, 12, 31, 12, 0),  # ISO week 1 of 2025 starts on Monday 2024-12-30
    datetime(2025, 1, 1),
    datetime(2025, 3, 31, 23, 59, 59, 999999),
    datetime(2025, 4, 1),
]


def _period_of(moment: datetime, grain: str) -> date:
    day = moment.date()
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@pytest.fixture(scope="module", params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def edge_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Warehouse]:
    """One promoter at each awkward moment of the calendar, on each engine."""
    folder = tmp_path_factory.mktemp("edges")
    warehouse: Warehouse = DuckDBWarehouse(folder / "warehouse.duckdb")
    create_warehouse_tables(warehouse)
    answers = ", ".join(
        f"('test', 'e{i}', 'relationship', 'nps', 10, TIMESTAMP '{moment.isoformat(sep=' ')}')"
        for i, moment in enumerate(EDGE_TIMES)
    )
    warehouse.execute(
        "INSERT INTO feedback (source, source_key, survey, survey_type, score, responded_at) "
        f"VALUES {answers}"
    )
    if request.param == "spark":
        from centric.warehouse.spark_backend import SparkWarehouse, refresh_parquet_copy

        refresh_parquet_copy(warehouse, folder / "parquet")
        warehouse.close()
        session = request.getfixturevalue("spark_session")
        warehouse = SparkWarehouse(folder / "parquet", session=session)
    try:
        yield warehouse
    finally:
        warehouse.close()


@pytest.mark.parametrize("grain", ["day", "week", "month", "quarter"])
def test_periods_are_calendar_periods_in_utc_with_weeks_from_monday(
    edge_engine: Warehouse, grain: Grain
) -> None:
    table = compute_metric(edge_engine, MetricRequest("nps", period=grain), min_n_customer=1).table
    expected = pd.Series([_period_of(t, grain) for t in EDGE_TIMES]).value_counts().sort_index()
    assert dict(zip(table["period"], table["n"], strict=True)) == expected.to_dict()
