"""The theme list people read: volume, sentiment, NPS impact and representative quotes.

Impact on NPS is the difference between the NPS of all NPS respondents and the NPS of those who
did not mention the theme: a theme worth -4.0 points is one whose mentioners pull the score
down by four points. This module reads the text tables; it must not change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from centric.runtime import Runtime
from centric.text.tables import create_text_tables
from centric.text.taxonomy import load_records

QUOTES_PER_THEME = 3


@dataclass(frozen=True)
class ThemeSummary:
    """One theme with its figures.

    Attributes:
        theme_id: Stable identifier.
        label: Readable name.
        keywords: Most characteristic terms.
        pinned_keywords: Terms that always assign the theme.
        volume: Verbatims mentioning the theme.
        share: Volume over all annotated verbatims of the audience.
        sentiment: Mean sentiment score of those verbatims (-1..1), ``None`` without volume.
        negative_share: Share of them labelled negative.
        nps_responses: NPS answers whose comment mentions the theme.
        nps: NPS among them, ``None`` without any.
        nps_impact: NPS of all respondents minus NPS of those not mentioning it (points).
        quotes: Representative verbatims, strongest mention first.
        split_from: Theme it was split from, if any.
        created_at: When it was created.
    """

    theme_id: str
    label: str
    keywords: list[str]
    pinned_keywords: list[str]
    volume: int
    share: float
    sentiment: float | None
    negative_share: float | None
    nps_responses: int
    nps: float | None
    nps_impact: float | None
    quotes: list[str] = field(default_factory=list)
    split_from: str | None = None
    created_at: datetime | None = None


def list_themes(
    runtime: Runtime, *, audience: str = "customer", quotes: int = QUOTES_PER_THEME
) -> list[ThemeSummary]:
    """The active themes of an audience with volume, sentiment, NPS impact and quotes.

    Args:
        runtime: Open stores of the workspace.
        audience: ``customer`` or ``employee``.
        quotes: Representative verbatims per theme.

    Returns:
        Themes, largest volume first.
    """
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    records = load_records(warehouse, audience)
    total = int(
        warehouse.scalar("SELECT count(*) FROM feedback_annotations WHERE audience = ?", [audience])
        or 0
    )
    volumes = {
        row[0]: row[1:]
        for row in warehouse.fetch_all(
            "SELECT m.theme_id, count(*), avg(a.sentiment_score), "
            "avg(CASE WHEN a.sentiment_label = 'negative' THEN 1.0 ELSE 0.0 END) "
            "FROM feedback_theme_mentions m JOIN feedback_annotations a ON a.kind = m.kind "
            "AND a.source = m.source AND a.source_key = m.source_key WHERE m.audience = ? "
            "GROUP BY m.theme_id",
            [audience],
        )
    }
    impact = _nps_impact(runtime, audience)
    texts: dict[str, list[str]] = {}
    if quotes:
        for theme_id, text in warehouse.fetch_all(
            "SELECT m.theme_id, v.text FROM feedback_theme_mentions m JOIN verbatims v ON "
            "v.kind = m.kind AND v.source = m.source AND v.source_key = m.source_key "
            "WHERE m.audience = ? AND m.rank = 1 QUALIFY row_number() OVER (PARTITION BY "
            "m.theme_id ORDER BY (length(v.text) BETWEEN 30 AND 280) DESC, m.score DESC, "
            "m.source_key) <= ? ORDER BY m.theme_id, m.score DESC",
            [audience, quotes],
        ):
            texts.setdefault(theme_id, []).append(text)
    summaries = []
    for record in records:
        volume, sentiment, negative = volumes.get(record.theme_id, (0, None, None))
        responses, nps, effect = impact.get(record.theme_id, (0, None, None))
        summaries.append(
            ThemeSummary(
                theme_id=record.theme_id,
                label=record.label,
                keywords=record.keywords,
                pinned_keywords=record.pinned_keywords,
                volume=int(volume),
                share=int(volume) / total if total else 0.0,
                sentiment=None if sentiment is None else round(float(sentiment), 4),
                negative_share=None if negative is None else round(float(negative), 4),
                nps_responses=int(responses),
                nps=nps,
                nps_impact=effect,
                quotes=texts.get(record.theme_id, []),
                split_from=record.split_from,
                created_at=record.created_at,
            )
        )
    summaries.sort(key=lambda s: (-s.volume, s.theme_id))
    return summaries


def _nps_impact(
    runtime: Runtime, audience: str
) -> dict[str, tuple[int, float | None, float | None]]:
    source = "feedback" if audience == "customer" else "engagement_responses"
    condition = "f.survey_type = 'nps'" if audience == "customer" else "lower(f.question) = 'enps'"
    rows = runtime.warehouse.fetch_all(
        f"WITH nps AS (SELECT a.kind, a.source, a.source_key, f.score FROM feedback_annotations a "
        f"JOIN {source} f ON a.kind = '{source}' AND f.source = a.source "
        f"AND f.source_key = a.source_key WHERE {condition} AND f.score IS NOT NULL), "
        "overall AS (SELECT count(*) AS n, sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END) AS p, "
        "sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END) AS d FROM nps), "
        "per AS (SELECT m.theme_id, count(*) AS n, sum(CASE WHEN nps.score >= 9 THEN 1 ELSE 0 END) "
        "AS p, sum(CASE WHEN nps.score <= 6 THEN 1 ELSE 0 END) AS d FROM nps JOIN "
        "feedback_theme_mentions m ON m.kind = nps.kind AND m.source = nps.source "
        "AND m.source_key = nps.source_key GROUP BY m.theme_id) "
        "SELECT per.theme_id, per.n, 100.0 * (per.p - per.d) / per.n, "
        "CASE WHEN o.n > per.n THEN 100.0 * (o.p - o.d) / o.n - 100.0 * ((o.p - per.p) - "
        "(o.d - per.d)) / (o.n - per.n) END FROM per, overall o"
    )
    return {
        row[0]: (
            int(row[1]),
            None if row[2] is None else round(float(row[2]), 1),
            None if row[3] is None else round(float(row[3]), 2),
        )
        for row in rows
    }
