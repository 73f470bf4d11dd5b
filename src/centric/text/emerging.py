"""Emerging versus already-known themes: what is genuinely new in a period.

For the chosen period, each theme's share of verbatims is compared with its share over the
preceding baseline periods by the conditional binomial test of two Poisson rates (given the
mentions in both windows, those in the current one follow a binomial with the current window's
share of verbatims); p-values are corrected for the number of themes tested with
Benjamini-Hochberg. A theme is *new* when it had no mentions in the baseline, *emerging* when it
grew significantly, *declining* when it shrank significantly, and *steady* otherwise; the
significant ones are ranked by how surprising they are. This module reads the text tables; it
must not change them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from centric.errors import InvalidInputError, NotFoundError
from centric.runtime import Runtime
from centric.text.tables import create_text_tables
from centric.text.taxonomy import load_records

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
Status = Literal["new", "emerging", "declining", "steady"]


@dataclass(frozen=True)
class ThemeTrend:
    """One theme in the period against its baseline.

    Attributes:
        theme_id: Stable identifier.
        label: Readable name.
        status: ``new``, ``emerging``, ``declining`` or ``steady``.
        mentions: Verbatims mentioning it in the period.
        share: Of all verbatims in the period.
        baseline_mentions: Verbatims mentioning it in the baseline.
        baseline_share: Of all verbatims in the baseline.
        rate_ratio: ``share / baseline_share`` (with half a mention added to both, so that a
            theme absent from the baseline gets a finite ratio).
        p_value: One-sided p-value in the direction of the change.
        q_value: Benjamini-Hochberg adjusted p-value.
        quotes: Verbatims of the period that mention it.
    """

    theme_id: str
    label: str
    status: Status
    mentions: int
    share: float
    baseline_mentions: int
    baseline_share: float
    rate_ratio: float
    p_value: float
    q_value: float
    quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EmergingReport:
    """Themes of one period against the periods before it.

    Attributes:
        period: ``day``, ``week``, ``month``, ``quarter`` or ``year``.
        start: First day of the period.
        end: First day after the period.
        baseline_start: First day of the baseline.
        verbatims: Annotated verbatims in the period.
        baseline_verbatims: Annotated verbatims in the baseline.
        alpha: False-discovery rate used.
        eye_opening: New and emerging themes, most surprising first.
        declining: Themes that shrank significantly.
        steady: Everything else.
    """

    period: str
    start: date
    end: date
    baseline_start: date
    verbatims: int
    baseline_verbatims: int
    alpha: float
    eye_opening: list[ThemeTrend]
    declining: list[ThemeTrend]
    steady: list[ThemeTrend]


def find_emerging_themes(
    runtime: Runtime,
    *,
    period: str = "month",
    at: date | None = None,
    baseline_periods: int = 6,
    audience: str = "customer",
    alpha: float = 0.05,
    min_mentions: int = 5,
) -> EmergingReport:
    """Which themes are new or have grown beyond their baseline in a period.

    Args:
        runtime: Open stores.
        period: Length of the period: day, week, month, quarter or year.
        at: Any day inside the period; default the latest period with verbatims.
        baseline_periods: How many periods before it form the baseline.
        audience: ``customer`` or ``employee``.
        alpha: False-discovery rate for the Benjamini-Hochberg correction.
        min_mentions: A theme needs this many mentions in the period to be new or emerging.

    Returns:
        The report.

    Raises:
        InvalidInputError: Unknown period or a non-positive baseline.
        NotFoundError: No annotated verbatims (run ``centric text annotate``).
    """
    if period not in PERIODS:
        raise InvalidInputError(
            f"Unknown period '{period}'.", hint=f"Use one of: {', '.join(PERIODS)}."
        )
    if baseline_periods < 1:
        raise InvalidInputError(
            f"The baseline needs at least one period, not {baseline_periods}.",
            hint="Pass --baseline 6 (the default) or another positive number.",
        )
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    latest = warehouse.scalar(
        "SELECT max(text_at) FROM feedback_annotations WHERE audience = ?", [audience]
    )
    if latest is None:
        raise NotFoundError(
            f"No annotated {audience} verbatims with a date.",
            hint="Run 'centric text annotate' first.",
        )
    anchor = at or (latest.date() if isinstance(latest, datetime) else latest)
    start = _truncate(anchor, period)
    end = _shift(start, period, 1)
    baseline_start = _shift(start, period, -baseline_periods)
    counts = warehouse.fetch_all(
        "SELECT count(*) FILTER (WHERE text_at >= ? AND text_at < ?), "
        "count(*) FILTER (WHERE text_at >= ? AND text_at < ?) "
        "FROM feedback_annotations WHERE audience = ?",
        [start, end, baseline_start, start, audience],
    )[0]
    current_total, baseline_total = int(counts[0]), int(counts[1])
    mentions = {
        row[0]: (int(row[1]), int(row[2]))
        for row in warehouse.fetch_all(
            "SELECT m.theme_id, count(*) FILTER (WHERE a.text_at >= ? AND a.text_at < ?), "
            "count(*) FILTER (WHERE a.text_at >= ? AND a.text_at < ?) "
            "FROM feedback_theme_mentions m JOIN feedback_annotations a ON a.kind = m.kind "
            "AND a.source = m.source AND a.source_key = m.source_key WHERE m.audience = ? "
            "GROUP BY m.theme_id",
            [start, end, baseline_start, start, audience],
        )
    }
    records = load_records(warehouse, audience)
    tested = []
    for record in records:
        current, baseline = mentions.get(record.theme_id, (0, 0))
        growth_p, decline_p = _rate_test(current, current_total, baseline, baseline_total)
        tested.append((record, current, baseline, growth_p, decline_p))
    growth_q = _benjamini_hochberg([t[3] for t in tested])
    decline_q = _benjamini_hochberg([t[4] for t in tested])
    quotes = _quotes(runtime, audience, start, end)
    eye_opening: list[ThemeTrend] = []
    declining: list[ThemeTrend] = []
    steady: list[ThemeTrend] = []
    for (record, current, baseline, growth_p, decline_p), g_q, d_q in zip(
        tested, growth_q, decline_q, strict=True
    ):
        share = current / current_total if current_total else 0.0
        baseline_share = baseline / baseline_total if baseline_total else 0.0
        ratio = (
            ((current + 0.5) / max(current_total, 1)) / ((baseline + 0.5) / baseline_total)
            if baseline_total
            else math.inf
        )
        status: Status = "steady"
        p_value, q_value = growth_p, g_q
        if current >= min_mentions and g_q < alpha and baseline_total:
            status = "new" if baseline == 0 else "emerging"
        elif d_q < alpha:
            status, p_value, q_value = "declining", decline_p, d_q
        trend = ThemeTrend(
            record.theme_id, record.label, status, current, round(share, 4), baseline,
            round(baseline_share, 4), round(ratio, 3), p_value, q_value,
            quotes.get(record.theme_id, []) if status in ("new", "emerging") else [],
        )  # fmt: skip
        if status in ("new", "emerging"):
            eye_opening.append(trend)
        elif status == "declining":
            declining.append(trend)
        else:
            steady.append(trend)
    eye_opening.sort(key=lambda t: (t.status != "new", t.q_value, -t.rate_ratio))
    declining.sort(key=lambda t: t.q_value)
    steady.sort(key=lambda t: -t.mentions)
    return EmergingReport(
        period, start, end, baseline_start, current_total, baseline_total, alpha,
        eye_opening, declining, steady,
    )  # fmt: skip


def _rate_test(
    current: int, current_total: int, baseline: int, baseline_total: int
) -> tuple[float, float]:
    # Conditional test of two Poisson rates: given current + baseline mentions, the current
    # ones are binomial with the current window's share of exposure under "no change".
    from scipy import stats  # noqa: PLC0415  # heavy (a second to import), needed here only

    trials = current + baseline
    if trials == 0 or current_total == 0 or baseline_total == 0:
        return 1.0, 1.0
    expected = current_total / (current_total + baseline_total)
    growth = float(stats.binom.sf(current - 1, trials, expected))
    decline = float(stats.binom.cdf(current, trials, expected))
    return growth, decline


def _benjamini_hochberg(p_values: list[float]) -> list[float]:
    count = len(p_values)
    if not count:
        return []
    order = sorted(range(count), key=lambda i: p_values[i])
    adjusted = [1.0] * count
    running = 1.0
    for rank, index in reversed(list(enumerate(order, start=1))):
        running = min(running, p_values[index] * count / rank)
        adjusted[index] = running
    return adjusted


def _quotes(runtime: Runtime, audience: str, start: date, end: date) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for theme_id, text in runtime.warehouse.fetch_all(
        "SELECT m.theme_id, v.text FROM feedback_theme_mentions m JOIN feedback_annotations a "
        "ON a.kind = m.kind AND a.source = m.source AND a.source_key = m.source_key JOIN "
        "verbatims v ON v.kind = m.kind AND v.source = m.source AND v.source_key = m.source_key "
        "WHERE m.audience = ? AND a.text_at >= ? AND a.text_at < ? QUALIFY row_number() OVER "
        "(PARTITION BY m.theme_id ORDER BY m.score DESC, m.source_key) <= 2",
        [audience, start, end],
    ):
        found.setdefault(theme_id, []).append(text)
    return found


def _truncate(day: date, period: str) -> date:
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _shift(start: date, period: str, count: int) -> date:
    if period == "day":
        return start + timedelta(days=count)
    if period == "week":
        return start + timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12}[period] * count
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
