"""The feedback explorer: survey verbatims with their annotations, filtered, paged and counted.

:func:`explore_feedback` reads the ``feedback`` table joined to ``feedback_annotations`` and
returns one page of verbatims (newest first) with their sentiment, themes, need and warnings,
the total that match, and facet counts (per channel, team, theme, sentiment, need, warning and
language) under the same filters. Every filter is pushed into SQL with bound parameters, the
page is cut with ``LIMIT`` and all facets are counted in one statement, so the cost grows with
the matching rows, not with the page. The SQL is DuckDB's, like the rest of the text domain.
Team scope is a list of allowed teams chosen by the caller. This module reads only (it creates
the text tables if they are missing); it must not mask personal data (the doors do) nor decide
who may see which team.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from centric.errors import InvalidInputError
from centric.runtime import Runtime
from centric.text.sentiment import LABELS
from centric.text.signals import NEEDS, WARNINGS
from centric.text.tables import FEEDBACK_ANNOTATIONS, THEMES, create_text_tables
from centric.warehouse import Warehouse

DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000
MAX_CONTAINS = 200  # characters of the free-text search
ANY_WARNING = "any"
SENTIMENT_LABELS: tuple[str, ...] = LABELS
FACETS: tuple[str, ...] = ("channel", "team", "theme", "sentiment", "need", "warning", "language")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


class FeedbackFilter(BaseModel):
    """Which verbatims the explorer shows. Empty strings mean "any", like ``None``.

    Attributes:
        since: First day (``YYYY-MM-DD``, a date or a datetime) of the period, inclusive.
        until: Last day of the period, inclusive (a datetime is an exclusive upper bound).
        channel: Channel of the answer, e.g. ``web``.
        team_id: Team (``teams.source_key``) that owns the touchpoint.
        theme: Theme ID (``T0007``); a merged theme's ID leads to the theme that absorbed it.
        sentiment: ``negative``, ``neutral`` or ``positive``.
        need: Strongest emotional need, e.g. ``care``.
        warning: ``any`` for a verbatim with any warning signal, or one, e.g. ``churn_intent``.
        contains: Text the verbatim contains, case-insensitive.
        language: Language of the verbatim (ISO 639-1, e.g. ``es``).
        limit: Verbatims per page (1 to 10,000).
        offset: Verbatims skipped before the page.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: date | str | None = None
    until: date | str | None = None
    channel: str | None = None
    team_id: str | None = None
    theme: str | None = None
    sentiment: str | None = None
    need: str | None = None
    warning: str | None = None
    contains: str | None = None
    language: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class FeedbackVerbatim(BaseModel):
    """One survey answer's verbatim with its annotations."""

    source: str
    source_key: str
    responded_at: datetime | None
    survey: str | None
    survey_type: str | None
    score: float | None
    scale_max: float | None
    channel: str | None
    touchpoint: str | None
    team_id: str | None
    verbatim: str
    language: str | None
    sentiment: str | None = Field(description="negative, neutral or positive; null if the "
                                  "verbatim is not annotated yet.")  # fmt: skip
    sentiment_score: float | None
    theme_ids: list[str]
    themes: list[str] = Field(description="Labels of theme_ids, in the same order.")
    need: str | None
    warnings: list[str]
    customer_source: str | None
    customer_key: str | None
    customer_id: str | None = Field(description="Resolved customer, when identities are "
                                    "resolved and the answer names a customer record.")  # fmt: skip


class FacetCount(BaseModel):
    """How many matching verbatims have one value of a facet (``null``: none / not annotated)."""

    value: str | None
    label: str | None
    count: int


class FeedbackPage(BaseModel):
    """One page of the explorer.

    Attributes:
        total: Verbatims matching the filters.
        limit: Page size asked for.
        offset: Verbatims skipped before the page.
        items: The page, newest first.
        facets: Per facet, the counts of its values among the matching verbatims, largest
            first (empty when not asked for). A verbatim counts once per theme or warning it has.
        themes: Label of every active customer theme, by ID.
        channels: Every channel that has feedback (for filter choices).
        languages: Every language of annotated feedback (for filter choices).
        seconds: Time the warehouse took.
    """

    total: int
    limit: int
    offset: int
    items: list[FeedbackVerbatim]
    facets: dict[str, list[FacetCount]] = Field(default_factory=dict)
    themes: dict[str, str] = Field(default_factory=dict)
    channels: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    seconds: float = 0.0


_JOIN_ANNOTATIONS = (
    "LEFT JOIN feedback_annotations a ON a.kind = 'feedback' "
    "AND a.source = f.source AND a.source_key = f.source_key"
)
_FROM = f"FROM feedback f {_JOIN_ANNOTATIONS}"
_PAGE_COLUMNS = (
    "f.source, f.source_key, f.responded_at, f.survey, f.survey_type, f.score, f.scale_max, "
    "f.channel, f.touchpoint, f.team_id, f.verbatim, coalesce(a.language, f.language) AS language, "
    "a.sentiment_label, a.sentiment_score, a.theme_ids, a.need, a.warnings, f.customer_source, "
    "f.customer_key"
)
_ORDER = "ORDER BY f.responded_at DESC NULLS LAST, f.source, f.source_key"
# One pass over the matching rows counts every facet; the CTE is read once per facet.
_FACETS_SQL = """
WITH m AS MATERIALIZED (
    SELECT f.channel, f.team_id, a.sentiment_label, a.need, a.theme_ids, a.warnings,
        lower(coalesce(a.language, f.language)) AS language
    {from_where}
)
SELECT 'total', NULL, count(*) FROM m
UNION ALL SELECT 'channel', channel, count(*) FROM m GROUP BY channel
UNION ALL SELECT 'team', team_id, count(*) FROM m GROUP BY team_id
UNION ALL SELECT 'sentiment', sentiment_label, count(*) FROM m GROUP BY sentiment_label
UNION ALL SELECT 'need', need, count(*) FROM m GROUP BY need
UNION ALL SELECT 'language', language, count(*) FROM m GROUP BY language
UNION ALL SELECT 'theme', t, count(*) FROM (SELECT unnest(theme_ids) AS t FROM m) GROUP BY t
UNION ALL SELECT 'warning', w, count(*) FROM (SELECT unnest(warnings) AS w FROM m) GROUP BY w
UNION ALL SELECT 'warning', 'any', count(*) FROM m WHERE len(warnings) > 0
"""


def explore_feedback(
    runtime: Runtime,
    filters: FeedbackFilter | None = None,
    *,
    team_scope: Sequence[str] | None = None,
    facets: bool = True,
) -> FeedbackPage:
    """One page of survey verbatims with their annotations, the total, and facet counts.

    Verbatims not annotated yet are listed too (their sentiment, themes and so on are empty);
    filtering on an annotation leaves them out.

    Args:
        runtime: Open stores of the workspace.
        filters: What to show; the default is every verbatim, 50 per page.
        team_scope: The only teams whose feedback may be read; ``None`` means all teams.
        facets: Count the facets and list the filter choices (leave out for exports).

    Returns:
        The page, its total and (if asked) its facets.

    Raises:
        InvalidInputError: A filter value is not valid (unknown sentiment, need, warning or
            theme, a date that cannot be read, a period that ends before it starts, a page
            size out of range).

    Examples:
        >>> page = explore_feedback(runtime, FeedbackFilter(sentiment="negative", theme="T0003"))
        >>> page.total, [item.verbatim for item in page.items[:3]]
    """
    started = time.perf_counter()
    wanted = filters or FeedbackFilter()
    warehouse = runtime.warehouse
    if not (
        warehouse.table_exists(FEEDBACK_ANNOTATIONS.name) and warehouse.table_exists(THEMES.name)
    ):
        create_text_tables(warehouse)
    limit, offset = _page_bounds(wanted)
    labels = _theme_labels(warehouse)
    where, params, annotated = _conditions(wanted, team_scope, labels)
    # Filters on the feedback row alone need no join to find the page and count it.
    source = _FROM if annotated else "FROM feedback f"
    items = _page(warehouse, f"{source} {where}", params, limit, offset, labels)
    if facets:
        counts = _facets(warehouse, where, params, labels)
        total = counts.pop("total")[0].count
        channels, languages = _choices(warehouse)
    else:
        counts, channels, languages = {}, [], []
        total = int(warehouse.scalar(f"SELECT count(*) {source} {where}", params) or 0)
    active = {
        theme_id: label for theme_id, (label, status, _) in labels.items() if status == "active"
    }
    return FeedbackPage(
        total=total,
        limit=limit,
        offset=offset,
        items=items,
        facets=counts,
        themes=active,
        channels=channels,
        languages=languages,
        seconds=round(time.perf_counter() - started, 4),
    )


def _conditions(
    wanted: FeedbackFilter,
    team_scope: Sequence[str] | None,
    labels: dict[str, tuple[str, str, str | None]],
) -> tuple[str, list[Any], bool]:
    """The WHERE clause, its parameters, and whether it reads the annotations (alias ``a``)."""
    clauses = ["trim(coalesce(f.verbatim, '')) <> ''"]
    params: list[Any] = []
    joins: list[bool] = []

    def add(clause: str, *values: Any, annotation: bool = False) -> None:
        clauses.append(clause)
        params.extend(values)
        joins.append(annotation)

    since = _moment("since", wanted.since)
    until = _moment("until", wanted.until, end=True)
    if since is not None and until is not None and until <= since:
        raise InvalidInputError(
            f"The period ends ({wanted.until}) before it starts ({wanted.since}).",
            hint="Give an 'until' date on or after the 'since' date.",
        )
    if since is not None:
        add("f.responded_at >= ?", since)
    if until is not None:
        add("f.responded_at < ?", until)
    if channel := _text(wanted.channel):
        add("f.channel = ?", channel)
    if team := _text(wanted.team_id):
        add("f.team_id = ?", team)
    if team_scope is not None:
        allowed = sorted({team for team in team_scope if team})
        if allowed:
            add(f"f.team_id IN ({', '.join('?' for _ in allowed)})", *allowed)
        else:
            add("FALSE")
    if theme := _text(wanted.theme):
        add("list_contains(a.theme_ids, ?)", _theme(theme, labels), annotation=True)
    if sentiment := _choice("sentiment", wanted.sentiment, SENTIMENT_LABELS):
        add("a.sentiment_label = ?", sentiment, annotation=True)
    if need := _choice("need", wanted.need, NEEDS):
        add("a.need = ?", need, annotation=True)
    warning = _choice("warning", wanted.warning, (ANY_WARNING, *WARNINGS))
    if warning == ANY_WARNING:
        add("len(a.warnings) > 0", annotation=True)
    elif warning:
        add("list_contains(a.warnings, ?)", warning, annotation=True)
    if contains := _text(wanted.contains):
        if len(contains) > MAX_CONTAINS:
            raise InvalidInputError(
                f"The search text is {len(contains)} characters long.",
                hint=f"Search for at most {MAX_CONTAINS} characters.",
            )
        add("contains(lower(f.verbatim), lower(?))", contains)
    if language := _text(wanted.language):
        language = language.lower()
        if not _LANGUAGE.match(language):
            raise InvalidInputError(
                f"'{wanted.language}' is not a language code.",
                hint="Give an ISO 639-1 code such as 'en' or 'es' ('und' for undetermined).",
            )
        add("lower(coalesce(a.language, f.language)) = ?", language, annotation=True)
    return "WHERE " + " AND ".join(clauses), params, any(joins)


def _page_bounds(wanted: FeedbackFilter) -> tuple[int, int]:
    if not 1 <= wanted.limit <= MAX_LIMIT:
        raise InvalidInputError(
            f"The page size {wanted.limit} is out of range.",
            hint=f"Ask for 1 to {MAX_LIMIT:,} verbatims per page.",
        )
    if wanted.offset < 0:
        raise InvalidInputError(
            f"The offset {wanted.offset} is negative.", hint="Give an offset of 0 or more."
        )
    return wanted.limit, wanted.offset


def _page(
    warehouse: Warehouse,
    from_where: str,
    params: list[Any],
    limit: int,
    offset: int,
    labels: dict[str, tuple[str, str, str | None]],
) -> list[FeedbackVerbatim]:
    # The page's rows are found first (by DuckDB's rowid, which the scan can seek); their
    # columns, annotations and customers are then read for those rows only, so wide columns
    # never go through the sort.
    customer, links = "CAST(NULL AS VARCHAR)", ""
    if warehouse.table_exists("customer_links"):
        customer = "l.customer_id"
        links = (
            "LEFT JOIN customer_links l ON l.source = coalesce(f.customer_source, f.source) "
            "AND l.source_key = f.customer_key"
        )
    sql = (
        f"SELECT {_PAGE_COLUMNS}, {customer} FROM feedback f {_JOIN_ANNOTATIONS} {links} "
        f"WHERE f.rowid IN (SELECT f.rowid {from_where} {_ORDER} LIMIT ? OFFSET ?) {_ORDER}"
    )
    rows = warehouse.fetch_all(sql, [*params, limit, offset])
    items = []
    for row in rows:
        theme_ids = list(row[14] or [])
        items.append(
            FeedbackVerbatim(
                source=row[0],
                source_key=row[1],
                responded_at=row[2],
                survey=row[3],
                survey_type=row[4],
                score=row[5],
                scale_max=row[6],
                channel=row[7],
                touchpoint=row[8],
                team_id=row[9],
                verbatim=row[10],
                language=row[11],
                sentiment=row[12],
                sentiment_score=None if row[13] is None else round(float(row[13]), 4),
                theme_ids=theme_ids,
                themes=[labels[t][0] if t in labels else t for t in theme_ids],
                need=row[15],
                warnings=list(row[16] or []),
                customer_source=row[17],
                customer_key=row[18],
                customer_id=row[19],
            )
        )
    return items


def _facets(
    warehouse: Warehouse,
    where: str,
    params: list[Any],
    labels: dict[str, tuple[str, str, str | None]],
) -> dict[str, list[FacetCount]]:
    counts: dict[str, list[FacetCount]] = {name: [] for name in ("total", *FACETS)}
    rows = warehouse.fetch_all(_FACETS_SQL.format(from_where=f"{_FROM} {where}"), params)
    for facet, value, count in rows:
        if facet == "warning" and value == ANY_WARNING:
            continue
        label = labels[value][0] if facet == "theme" and value in labels else None
        counts[facet].append(FacetCount(value=value, label=label, count=int(count)))
    any_warning = next((int(n) for f, v, n in rows if f == "warning" and v == ANY_WARNING), 0)
    for name in FACETS:
        counts[name].sort(key=lambda c: (-c.count, c.value is None, c.value or ""))
    if any_warning:
        counts["warning"].insert(0, FacetCount(value=ANY_WARNING, label="any", count=any_warning))
    return counts


def _choices(warehouse: Warehouse) -> tuple[list[str], list[str]]:
    rows = warehouse.fetch_all(
        "SELECT 'channel', channel FROM feedback WHERE channel IS NOT NULL GROUP BY channel "
        "UNION ALL SELECT 'language', lower(language) FROM feedback_annotations "
        "WHERE kind = 'feedback' AND language IS NOT NULL GROUP BY lower(language)"
    )
    channels = sorted(str(value) for kind, value in rows if kind == "channel")
    languages = sorted(str(value) for kind, value in rows if kind == "language")
    return channels, languages


def _theme_labels(warehouse: Warehouse) -> dict[str, tuple[str, str, str | None]]:
    rows = warehouse.fetch_all(
        "SELECT theme_id, label, status, merged_into FROM themes WHERE audience = 'customer' "
        "ORDER BY theme_id"
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _theme(value: str, labels: dict[str, tuple[str, str, str | None]]) -> str:
    theme_id = value.strip().upper()
    seen: set[str] = set()
    while theme_id in labels and labels[theme_id][1] == "merged" and theme_id not in seen:
        seen.add(theme_id)
        theme_id = labels[theme_id][2] or theme_id
    if theme_id not in labels:
        active = [t for t, (_, status, _) in labels.items() if status == "active"]
        hint = (
            f"Use one of the customer theme IDs: {', '.join(active)}."
            if active
            else "There are no customer themes yet: run 'centric text annotate' first."
        )
        raise InvalidInputError(f"There is no customer theme '{value}'.", hint=hint)
    return theme_id


def _choice(name: str, value: str | None, valid: Sequence[str]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    normalised = text.lower().replace(" ", "_").replace("-", "_")
    if normalised not in valid:
        raise InvalidInputError(
            f"'{value}' is not a {name} the explorer knows.",
            hint=f"Use one of: {', '.join(valid)}.",
        )
    return normalised


def _moment(name: str, value: date | str | None, *, end: bool = False) -> datetime | None:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
        except ValueError:
            raise InvalidInputError(
                f"'{value}' is not a date ({name}).",
                hint="Give a date as YYYY-MM-DD, e.g. 2026-03-01.",
            ) from None
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is None else _utc(value)
    start = datetime(value.year, value.month, value.day)
    return start + timedelta(days=1) if end else start


def _utc(moment: datetime) -> datetime:
    # The warehouse stores naive UTC timestamps.
    offset = moment.utcoffset() or timedelta(0)
    return (moment - offset).replace(tzinfo=None)


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
