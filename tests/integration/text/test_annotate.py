"""Annotation in the warehouse: incremental runs, stable theme IDs, edits, emerging themes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa
import pytest

from centric.errors import InvalidInputError, NotFoundError
from centric.runtime import Runtime
from centric.text import (
    annotate_verbatims,
    find_emerging_themes,
    list_themes,
    merge_themes,
    pin_keywords,
    rename_theme,
    split_theme,
)

_TOPICS = {
    "en": {
        "delivery": ["my parcel delivery was late", "the courier lost the parcel",
                     "delivery arrived late again", "parcel tracking showed no delivery"],
        "refund": ["still waiting for my refund", "refund took weeks, money not back",
                   "asked for a refund of my money"],
        "queue": ["long queue at the till", "only one till open, huge queue",
                  "queue at the tills was slow"],
        "scanner": ["the self checkout scanner kept freezing", "self checkout scanner error",
                    "scanner at the self checkout rejected my card"],
        "parking": ["the car park was full again", "no parking spaces near the entrance",
                    "car park barrier broken"],
        "wifi": ["the wifi in the cafe never connects", "wifi password did not work",
                 "no wifi signal upstairs"],
        "fitting": ["fitting rooms were closed", "queue for the fitting rooms was huge",
                    "fitting room mirrors dirty"],
        "bakery": ["bread from the bakery was stale", "bakery counter empty by noon",
                   "no fresh bread at the bakery"],
        "lift": ["the lift to the first floor was out of order", "lift broken with a pushchair",
                 "lift doors stuck"],
    },
    "es": {
        "delivery": ["la entrega del paquete llegó tarde", "el mensajero perdió el paquete"],
        "refund": ["sigo esperando el reembolso de mi dinero", "el reembolso tardó semanas"],
        "queue": ["una cola enorme en la caja", "solo una caja abierta y mucha cola"],
        "scanner": ["el escaner del autopago falló", "el autopago y su escaner no funcionan"],
        "parking": ["el aparcamiento estaba lleno", "no hay plazas de aparcamiento"],
        "wifi": ["el wifi de la cafetería no conecta", "la contraseña del wifi no funciona"],
        "fitting": ["los probadores estaban cerrados", "cola enorme en los probadores"],
        "bakery": ["el pan de la panadería estaba duro", "la panadería sin pan a mediodía"],
        "lift": ["el ascensor no funcionaba", "el ascensor averiado con el carrito"],
    },
}  # fmt: skip
_TONE = {"negative": ("terrible, ", 2), "positive": ("great service overall, ", 10)}


def _rows(
    count: int, start: datetime, *, topics: tuple[str, ...], seed: int, offset: int
) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not security
    rows = []
    for index in range(count):
        language = "es" if rng.random() < 0.3 else "en"
        topic = rng.choice(topics)
        tone = rng.choice(list(_TONE))
        prefix, score = _TONE[tone]
        if language == "es":
            prefix = "fatal, " if tone == "negative" else "muy bien en general, "
        rows.append(
            {
                "source": "survey",
                "source_key": f"r{offset + index}",
                "survey": "nps",
                "survey_type": "nps",
                "score": float(score),
                "scale_min": 0.0,
                "scale_max": 10.0,
                "verbatim": prefix + rng.choice(_TOPICS[language][topic]),
                "responded_at": start + timedelta(hours=rng.randrange(24 * 28)),
            }
        )
    return rows


def _insert(runtime: Runtime, rows: list[dict[str, Any]]) -> None:
    table = pa.Table.from_pylist(rows)
    runtime.warehouse.stage_arrow("test_feedback", table)
    columns = ", ".join(table.column_names)
    runtime.warehouse.execute(
        f"INSERT INTO feedback ({columns}) SELECT {columns} FROM test_feedback"
    )
    runtime.warehouse.drop_staging("test_feedback")


@pytest.fixture
def annotated(runtime: Runtime) -> Runtime:
    for month in range(4):
        _insert(
            runtime,
            _rows(150, datetime(2026, 1 + month, 1), topics=("delivery", "refund", "queue"),
                  seed=month, offset=1000 * month),
        )  # fmt: skip
    annotate_verbatims(runtime)
    return runtime


def test_annotate_stores_every_verbatim_once_when_run_again(annotated: Runtime) -> None:
    warehouse = annotated.warehouse
    assert warehouse.scalar("SELECT count(*) FROM feedback_annotations") == 600
    again = annotate_verbatims(annotated)
    assert (again.annotated, again.up_to_date, again.new_themes) == (0, 600, [])
    languages = dict(
        warehouse.fetch_all("SELECT language, count(*) FROM feedback_annotations GROUP BY 1")
    )
    assert set(languages) == {"en", "es"}
    wrong = warehouse.scalar(
        "SELECT count(*) FROM feedback_annotations a JOIN feedback f USING (source, source_key) "
        "WHERE (f.score <= 6) <> (a.sentiment_label = 'negative')"
    )
    assert wrong < 30


def test_annotate_reads_only_changed_text(annotated: Runtime) -> None:
    annotated.warehouse.execute(
        "UPDATE feedback SET verbatim = 'I will sue you, see you in court' WHERE source_key = 'r1'"
    )
    run = annotate_verbatims(annotated)
    assert run.annotated == 1
    signals = annotated.warehouse.fetch_all(
        "SELECT signal, evidence FROM feedback_signals WHERE source_key = 'r1'"
    )
    assert ("legal_threat", "sue") in signals


def test_themes_keep_their_ids_when_new_data_arrives(annotated: Runtime) -> None:
    before = {t.theme_id: t.keywords for t in list_themes(annotated)}
    assert len(before) >= 3
    _insert(
        annotated,
        _rows(200, datetime(2026, 5, 1), topics=("delivery", "refund", "queue", "scanner"),
              seed=9, offset=9000),
    )  # fmt: skip
    run = annotate_verbatims(annotated)
    after = {t.theme_id: t.keywords for t in list_themes(annotated)}
    assert set(before) <= set(after)
    assert all(after[theme_id] == keywords for theme_id, keywords in before.items())
    assert run.new_themes, "the scanner complaints should form a new theme"
    report = find_emerging_themes(annotated, period="month", baseline_periods=4)
    assert report.eye_opening[0].theme_id in run.new_themes
    assert report.eye_opening[0].status == "new"


def test_taxonomy_edits_persist_and_reassign(annotated: Runtime) -> None:
    themes = list_themes(annotated)
    first, second = themes[0], themes[1]
    rename_theme(annotated, first.theme_id, "Deliveries")
    annotate_verbatims(annotated, full=True)
    assert (
        next(t for t in list_themes(annotated) if t.theme_id == first.theme_id).label
        == "Deliveries"
    )
    edit = merge_themes(annotated, [second.theme_id], first.theme_id)
    assert edit.reassigned == 600
    ids = {t.theme_id for t in list_themes(annotated)}
    assert second.theme_id not in ids
    split = split_theme(annotated, first.theme_id, ["refund"], label="Refunds")
    refunds = next(t for t in list_themes(annotated) if t.theme_id == split.theme_id)
    assert refunds.volume > 0 and refunds.label == "Refunds"
    pin = pin_keywords(annotated, split.theme_id, ["reembolso"])
    assert pin.message.startswith("Pinned refund")
    with pytest.raises(InvalidInputError, match="merged into"):
        rename_theme(annotated, second.theme_id, "x")
    with pytest.raises(NotFoundError):
        rename_theme(annotated, "T9999", "x")


def test_list_themes_reports_nps_impact_and_quotes(annotated: Runtime) -> None:
    for theme in list_themes(annotated):
        assert theme.volume > 0 and theme.quotes
        assert theme.nps is not None and -100 <= theme.nps <= 100
        assert theme.nps_impact is not None


def test_later_run_adds_only_a_few_large_themes_when_many_topics_appear(
    annotated: Runtime,
) -> None:
    before = {t.theme_id for t in list_themes(annotated)}
    _insert(
        annotated,
        _rows(600, datetime(2026, 5, 1), topics=("parking", "wifi", "fitting", "bakery", "lift"),
              seed=11, offset=20000),
    )  # fmt: skip
    run = annotate_verbatims(annotated)
    assert 1 <= len(run.new_themes) <= 3
    after = {t.theme_id for t in list_themes(annotated)}
    assert after == before | set(run.new_themes)
    sizes = [t.volume for t in list_themes(annotated) if t.theme_id in run.new_themes]
    assert min(sizes) >= 18


def test_annotate_retrains_sentiment_only_when_scores_change_materially(
    annotated: Runtime,
) -> None:
    weights = annotated.workspace / "models" / "text" / "sentiment.npz"
    assert weights.is_file()
    trained = weights.read_bytes()
    _insert(
        annotated,
        _rows(20, datetime(2026, 5, 1), topics=("delivery",), seed=21, offset=30000),
    )
    small = annotate_verbatims(annotated)
    assert small.annotated == 20
    assert weights.read_bytes() == trained
    _insert(
        annotated,
        _rows(100, datetime(2026, 5, 1), topics=("refund",), seed=22, offset=31000),
    )
    annotate_verbatims(annotated)
    assert weights.read_bytes() != trained
    assert (
        annotated.warehouse.scalar(
            "SELECT value FROM text_state WHERE key = 'sentiment_trained_on'"
        )
        == "720"
    )
