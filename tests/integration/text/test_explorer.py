"""The feedback explorer on a small annotated workspace: each filter narrows to exactly the
verbatims it names, counts agree with the pages, paging covers everything once, team scope keeps
other teams out, and bad filter values are refused with a hint."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from centric.errors import InvalidInputError
from centric.identity import create_identity_tables
from centric.runtime import Runtime, init_workspace, open_runtime
from centric.text import FeedbackFilter, annotate_verbatims, explore_feedback

_TOPICS = {
    "en": {
        "delivery": ["my parcel delivery was late", "the courier lost the parcel",
                     "delivery arrived late again", "parcel tracking showed no delivery"],
        "refund": ["still waiting for my refund", "refund took weeks, money not back",
                   "asked for a refund of my money"],
        "queue": ["long queue at the till", "only one till open, huge queue",
                  "queue at the tills was slow"],
    },
    "es": {
        "delivery": ["la entrega del paquete llegó tarde", "el mensajero perdió el paquete"],
        "refund": ["sigo esperando el reembolso de mi dinero", "el reembolso tardó semanas"],
        "queue": ["una cola enorme en la caja", "solo una caja abierta y mucha cola"],
    },
}  # fmt: skip
_TONE = {
    "en": {"negative": ("terrible, ", 2.0), "positive": ("great service overall, ", 10.0)},
    "es": {"negative": ("fatal, ", 2.0), "positive": ("muy bien en general, ", 10.0)},
}
_SIGNALS = [
    " and nobody told me what was going on",
    " so I will cancel my account and go to a competitor",
    " and I am going to contact my lawyer about it",
]
CHANNELS = ("web", "store", "phone")
TEAMS = ("T1", "T2", "T3")
START = datetime(2026, 1, 1)


def _rows(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not security
    rows = []
    for index in range(count):
        language = "es" if rng.random() < 0.25 else "en"
        tone = rng.choice(("negative", "positive"))
        prefix, score = _TONE[language][tone]
        text = prefix + rng.choice(_TOPICS[language][rng.choice(list(_TOPICS[language]))])
        if language == "en" and tone == "negative" and rng.random() < 0.2:
            text += rng.choice(_SIGNALS)
        rows.append(
            {
                "source": "survey",
                "source_key": f"r{index:04d}",
                "customer_source": "crm",
                "customer_key": f"c{index % 50}",
                "survey": "nps",
                "survey_type": "nps",
                "score": score,
                "scale_min": 0.0,
                "scale_max": 10.0,
                "verbatim": text,
                "responded_at": START + timedelta(hours=rng.randrange(24 * 120)),
                "channel": rng.choice(CHANNELS),
                "team_id": rng.choice(TEAMS),
            }
        )
    return rows


def _insert(runtime: Runtime, table: str, rows: list[dict[str, Any]]) -> None:
    staged = pa.Table.from_pylist(rows)
    runtime.warehouse.stage_arrow(f"test_{table}", staged)
    columns = ", ".join(staged.column_names)
    runtime.warehouse.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM test_{table}")
    runtime.warehouse.drop_staging(f"test_{table}")


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """480 annotated answers over three teams, channels and four months, plus answers without
    a verbatim (which the explorer leaves out) and one with a literal percent sign."""
    folder: Path = tmp_path_factory.mktemp("explorer") / "ws"
    with open_runtime(init_workspace(folder)) as runtime:
        rows = _rows(480, seed=7)
        rows += [
            {**rows[0], "source_key": f"blank{i}", "verbatim": text}
            for i, text in enumerate((None, "", "   "))
        ]
        rows.append({**rows[1], "source_key": "percent", "verbatim": "100% sure: late again"})
        _insert(runtime, "feedback", rows)
        annotate_verbatims(runtime)
        yield runtime


@pytest.fixture(scope="module")
def truth(annotated: Runtime) -> list[dict[str, Any]]:
    """Every verbatim with its annotations, read directly: what the filters are checked against."""
    table = annotated.warehouse.fetch_arrow(
        "SELECT f.source_key, f.responded_at, f.channel, f.team_id, f.verbatim, "
        "a.language, a.sentiment_label, a.theme_ids, a.need, a.warnings FROM feedback f "
        "LEFT JOIN feedback_annotations a ON a.kind = 'feedback' AND a.source = f.source "
        "AND a.source_key = f.source_key"
    )
    return [row for row in table.to_pylist() if (row["verbatim"] or "").strip()]


def _all(runtime: Runtime, **filters: Any) -> list[str]:
    page = explore_feedback(runtime, FeedbackFilter(limit=10_000, **filters))
    assert page.total == len(page.items)
    return [item.source_key for item in page.items]


def _most_common(truth: list[dict[str, Any]], field: str) -> str:
    values = Counter(
        value
        for row in truth
        for value in (row[field] if isinstance(row[field], list) else [row[field]])
        if value
    )
    return values.most_common(1)[0][0]


def test_explorer_lists_every_verbatim_newest_first(
    annotated: Runtime, truth: list[dict[str, Any]]
) -> None:
    page = explore_feedback(annotated)
    assert page.total == len(truth) == 481
    assert len(page.items) == 50
    newest = sorted(truth, key=lambda row: row["responded_at"], reverse=True)[:50]
    assert [item.responded_at for item in page.items] == [row["responded_at"] for row in newest]
    assert {"blank0", "blank1", "blank2"}.isdisjoint(_all(annotated))
    first = page.items[0]
    assert first.sentiment in {"negative", "neutral", "positive"}
    assert first.themes == [page.themes[t] for t in first.theme_ids]


Matches = Callable[[dict[str, Any]], bool]
FILTERS = (
    "channel", "team", "sentiment", "language", "theme", "need", "any warning", "one warning",
    "contains", "period", "theme and sentiment",
)  # fmt: skip


def _filter_and_matches(name: str, truth: list[dict[str, Any]]) -> tuple[dict[str, Any], Matches]:
    """A filter of the explorer and the same condition written over the directly read rows."""
    theme = _most_common(truth, "theme_ids")
    need = _most_common(truth, "need")
    warning = _most_common(truth, "warnings")
    february = (datetime(2026, 2, 1), datetime(2026, 3, 1))
    cases: dict[str, tuple[dict[str, Any], Matches]] = {
        "channel": ({"channel": "store"}, lambda r: r["channel"] == "store"),
        "team": ({"team_id": "T2"}, lambda r: r["team_id"] == "T2"),
        "sentiment": ({"sentiment": "negative"}, lambda r: r["sentiment_label"] == "negative"),
        "language": ({"language": "ES"}, lambda r: r["language"] == "es"),
        "theme": ({"theme": theme.lower()}, lambda r: theme in (r["theme_ids"] or [])),
        "need": ({"need": need}, lambda r: r["need"] == need),
        "any warning": ({"warning": "any"}, lambda r: bool(r["warnings"])),
        "one warning": ({"warning": warning}, lambda r: warning in (r["warnings"] or [])),
        "contains": ({"contains": "PARCEL"}, lambda r: "parcel" in r["verbatim"].lower()),
        "period": (
            {"since": "2026-02-01", "until": date(2026, 2, 28)},
            lambda r: february[0] <= r["responded_at"] < february[1],
        ),
        "theme and sentiment": (
            {"theme": theme, "sentiment": "positive"},
            lambda r: theme in (r["theme_ids"] or []) and r["sentiment_label"] == "positive",
        ),
    }
    return cases[name]


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_narrows_to_exactly_the_matching_verbatims(
    annotated: Runtime, truth: list[dict[str, Any]], name: str
) -> None:
    filters, matches = _filter_and_matches(name, truth)
    expected = {row["source_key"] for row in truth if matches(row)}
    assert 0 < len(expected) < len(truth)
    found = _all(annotated, **filters)
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_facet_counts_agree_with_the_total_and_with_filtering(annotated: Runtime) -> None:
    page = explore_feedback(annotated, FeedbackFilter(sentiment="negative"))
    for facet in ("channel", "team", "sentiment", "need", "language"):
        assert sum(count.count for count in page.facets[facet]) == page.total, facet
    assert {c.value: c.count for c in page.facets["sentiment"]} == {"negative": page.total}
    for count in page.facets["channel"]:
        narrowed = explore_feedback(
            annotated, FeedbackFilter(sentiment="negative", channel=count.value), facets=False
        )
        assert narrowed.total == count.count
    for count in page.facets["theme"]:
        assert count.label == page.themes[str(count.value)]
        assert len(_all(annotated, sentiment="negative", theme=count.value)) == count.count
    warnings = {c.value: c.count for c in page.facets["warning"]}
    assert warnings["any"] == len(_all(annotated, sentiment="negative", warning="any"))


def test_pages_cover_every_verbatim_once(annotated: Runtime) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        page = explore_feedback(
            annotated, FeedbackFilter(team_id="T1", limit=37, offset=offset), facets=False
        )
        seen += [item.source_key for item in page.items]
        offset += 37
        if offset >= page.total:
            break
    assert seen == _all(annotated, team_id="T1")
    beyond = explore_feedback(annotated, FeedbackFilter(offset=10_000))
    assert (beyond.items, beyond.total) == ([], 481)


def test_team_scope_keeps_other_teams_out(annotated: Runtime, truth: list[dict[str, Any]]) -> None:
    scoped = explore_feedback(annotated, FeedbackFilter(limit=10_000), team_scope=["T1", "T3"])
    assert {item.team_id for item in scoped.items} == {"T1", "T3"}
    assert scoped.total == sum(1 for row in truth if row["team_id"] in {"T1", "T3"})
    assert {c.value for c in scoped.facets["team"]} == {"T1", "T3"}
    outside = explore_feedback(annotated, FeedbackFilter(team_id="T2"), team_scope=["T1"])
    assert (outside.total, outside.items) == (0, [])
    assert explore_feedback(annotated, team_scope=[]).total == 0


def test_search_text_is_matched_literally(annotated: Runtime) -> None:
    assert _all(annotated, contains="100%") == ["percent"]
    assert _all(annotated, contains="%") == ["percent"]
    assert _all(annotated, contains="'; DROP TABLE feedback; --") == []
    assert annotated.warehouse.scalar("SELECT count(*) FROM feedback") == 484


@pytest.mark.parametrize(
    ("filters", "message", "hint"),
    [
        ({"sentiment": "angry"}, "'angry'", "negative, neutral, positive"),
        ({"since": "2026-02-30"}, "'2026-02-30'", "YYYY-MM-DD"),
        ({"until": "last week"}, "'last week'", "YYYY-MM-DD"),
        ({"since": "2026-03-01", "until": "2026-02-01"}, "before it starts", "on or after"),
        ({"need": "money"}, "'money'", "control, self_expression"),
        ({"warning": "fire"}, "'fire'", "any, safety"),
        ({"theme": "T9999"}, "'T9999'", "T0001"),
        ({"language": "english!"}, "'english!'", "ISO 639-1"),
        ({"limit": 0}, "0", "1 to 10,000"),
        ({"offset": -1}, "-1", "0 or more"),
        ({"contains": "x" * 201}, "201", "at most 200"),
    ],
)
def test_bad_filter_values_raise_with_a_hint(
    annotated: Runtime, filters: dict[str, Any], message: str, hint: str
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        explore_feedback(annotated, FeedbackFilter(**filters))
    assert message in raised.value.message
    assert raised.value.hint is not None
    assert hint in raised.value.hint


def test_unannotated_verbatims_are_listed_with_their_customer(runtime: Runtime) -> None:
    rows = _rows(3, seed=1)
    _insert(runtime, "feedback", rows)
    create_identity_tables(runtime.warehouse)
    _insert(
        runtime,
        "customer_links",
        [{"source": "crm", "source_key": rows[0]["customer_key"], "record_id": 1,
          "customer_id": "C000000042"}],
    )  # fmt: skip
    page = explore_feedback(runtime, FeedbackFilter(channel=rows[0]["channel"]))
    assert rows[0]["source_key"] in {item.source_key for item in page.items}
    by_key = {item.source_key: item for item in explore_feedback(runtime).items}
    assert by_key[rows[0]["source_key"]].customer_id == "C000000042"
    assert {item.sentiment for item in by_key.values()} == {None}
    assert explore_feedback(runtime).facets["sentiment"][0].value is None
    assert explore_feedback(runtime, FeedbackFilter(sentiment="positive")).total == 0
