"""Annotating the warehouse's verbatims, incrementally, and keeping theme assignments current.

``annotate_verbatims`` reads every verbatim (survey comments, ticket subjects, social posts,
employee comments) whose text is new or changed since it was last annotated, adapts sentiment to
the organisation's own scores when they changed, annotates, discovers themes among verbatims no
theme covers yet and stores everything in the text tables in one transaction. Taxonomy edits
call :func:`reassign_themes` so that assignments follow them at once. This module orchestrates;
the analyses live in their own modules and the CLI only renders what it returns.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from centric.runtime import Runtime
from centric.text.pipeline import Annotation, PreparedTexts, TextAnnotator
from centric.text.sentiment import (
    SentimentLabel,
    SentimentModel,
    label_from_score,
    read_lexicon,
    train_sentiment_model,
)
from centric.text.tables import ANNOTATOR_VERSION, AUDIENCES, create_text_tables
from centric.text.taxonomy import (
    add_to_space,
    bump_taxonomy_version,
    insert_discovered,
    load_definitions,
    load_space,
    now,
    read_state,
    write_state,
)
from centric.text.themes import assign_themes, discover_themes, theme_terms
from centric.text.tokens import folded_words
from centric.warehouse import Warehouse

Progress = Callable[[str], None]
MIN_SCORED_TEXTS = 50  # fewer scored verbatims than this: no adaptation, the lexicon scores
DEFAULT_MAX_THEMES = 40  # per audience
MAX_TRAINING_TEXTS = 12_000


@dataclass(frozen=True)
class AnnotationRun:
    """What one run of :func:`annotate_verbatims` did.

    Attributes:
        annotated: Verbatims annotated (new or changed text).
        up_to_date: Verbatims already annotated with the same text, left alone.
        removed: Annotations dropped because their verbatim is gone or now empty.
        by_kind: Verbatims annotated per canonical table.
        new_themes: IDs of themes discovered in this run.
        reassigned: Verbatims whose themes were recomputed after the taxonomy changed.
        sentiment: Per language: how sentiment is scored and the held-out macro-F1 that decided
            it (empty when no scores were available).
        seconds: Wall time of the run.
    """

    annotated: int
    up_to_date: int
    removed: int
    by_kind: dict[str, int] = field(default_factory=dict)
    new_themes: list[str] = field(default_factory=list)
    reassigned: int = 0
    sentiment: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0


def model_folder(runtime: Runtime) -> Path:
    """Where the workspace keeps locally built text models."""
    return runtime.workspace / "models" / "text"


def annotate_verbatims(
    runtime: Runtime,
    *,
    full: bool = False,
    expected_languages: Sequence[str] = ("en", "es"),
    max_themes: int = DEFAULT_MAX_THEMES,
    progress: Progress | None = None,
) -> AnnotationRun:
    """Annotate every verbatim not yet annotated or whose text changed.

    Args:
        runtime: Open stores of the workspace.
        full: Annotate every verbatim again (after upgrading Centric or editing lexicons).
        expected_languages: Languages the organisation expects; they win close calls.
        max_themes: Most active themes discovery may create per audience.
        progress: Called with a short message at each step.

    Returns:
        What was done.
    """
    started = time.perf_counter()
    report = progress or (lambda message: None)
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    with warehouse.transaction():
        removed = _remove_orphans(warehouse)
        pending = _pending(warehouse, full=full)
        total = int(warehouse.scalar("SELECT count(*) FROM verbatims") or 0)
        if not pending["text"]:
            return AnnotationRun(0, total, removed, seconds=time.perf_counter() - started)
        annotator = TextAnnotator(expected_languages=expected_languages)
        report(f"reading {len(pending['text']):,} verbatims")
        prepared = annotator.prepare(pending["text"], pending["stated_language"])
        report("adapting sentiment to the organisation's scores")
        detected = {
            key: guess.language
            for key, guess in zip(_keys(pending), prepared.languages, strict=True)
        }
        model = _current_model(runtime, detected, force=full)
        annotator.model = model
        by_kind: dict[str, int] = {}
        new_themes: list[str] = []
        reassigned = 0
        for audience in AUDIENCES:
            rows = [i for i, value in enumerate(pending["audience"]) if value == audience]
            if not rows:
                continue
            report(f"annotating {len(rows):,} {audience} verbatims")
            annotations = annotator.finish(
                PreparedTexts(
                    [prepared.texts[i] for i in rows],
                    [prepared.tokens[i] for i in rows],
                    [prepared.languages[i] for i in rows],
                )
            )
            add_to_space(warehouse, audience, (a.terms for a in annotations), reset=full)
            space = load_space(warehouse, audience)
            themes = load_definitions(warehouse, audience)
            assigned = assign_themes([a.terms for a in annotations], themes, space)
            _write(warehouse, pending, rows, annotations, assigned)
            for i in rows:
                by_kind[pending["kind"][i]] = by_kind.get(pending["kind"][i], 0) + 1
            report(f"discovering {audience} themes")
            created = _discover(warehouse, audience, max_themes=max_themes)
            version = read_state(warehouse, f"taxonomy:{audience}") or "0"
            if created or (read_state(warehouse, f"assigned:{audience}") or "0") != version:
                new_themes += created
                report(f"assigning {audience} themes")
                reassigned += reassign_themes(warehouse, audience)
    if model is not None:
        sentiment = model.languages
    else:
        sentiment = {}
    return AnnotationRun(
        annotated=len(pending["text"]),
        up_to_date=total - len(pending["text"]),
        removed=removed,
        by_kind=by_kind,
        new_themes=new_themes,
        reassigned=reassigned,
        sentiment=sentiment,
        seconds=time.perf_counter() - started,
    )


def _remove_orphans(warehouse: Warehouse) -> int:
    gone = int(
        warehouse.scalar(
            "SELECT count(*) FROM feedback_annotations a WHERE NOT EXISTS (SELECT 1 FROM "
            "verbatims v WHERE v.kind = a.kind AND v.source = a.source "
            "AND v.source_key = a.source_key)"
        )
        or 0
    )
    if gone:
        for table in ("feedback_annotations", "feedback_theme_mentions", "feedback_signals"):
            warehouse.execute(
                f"DELETE FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM verbatims v WHERE "
                "v.kind = t.kind AND v.source = t.source AND v.source_key = t.source_key)"
            )
    return gone


def _pending(warehouse: Warehouse, *, full: bool) -> dict[str, list[Any]]:
    condition = (
        "TRUE"
        if full
        else "a.kind IS NULL OR a.content_hash <> md5(v.text) OR a.annotator_version <> ?"
    )
    params = [] if full else [ANNOTATOR_VERSION]
    table = warehouse.fetch_arrow(
        "SELECT v.kind, v.source, v.source_key, v.audience, v.text, v.at, v.stated_language, "
        "md5(v.text) AS content_hash FROM verbatims v LEFT JOIN feedback_annotations a "
        f"ON a.kind = v.kind AND a.source = v.source AND a.source_key = v.source_key WHERE "
        f"{condition} ORDER BY v.kind, v.source, v.source_key",
        params,
    )
    return {name: table.column(name).to_pylist() for name in table.column_names}


def _keys(columns: dict[str, list[Any]]) -> list[tuple[str, str, str]]:
    return list(zip(columns["kind"], columns["source"], columns["source_key"], strict=True))


def _current_model(
    runtime: Runtime, detected: dict[tuple[str, str, str], str], *, force: bool
) -> SentimentModel | None:
    warehouse = runtime.warehouse
    fingerprint = str(
        warehouse.fetch_all(
            "SELECT count(*), coalesce(sum(hash(kind, source, source_key, text, score)) % "
            "1000000007, 0) FROM verbatims WHERE score IS NOT NULL"
        )[0]
    )
    folder = model_folder(runtime)
    if not force and read_state(warehouse, "sentiment_fingerprint") == fingerprint:
        return SentimentModel.load(folder)
    # Languages come from this run's detection for new texts and from the stored annotation
    # for the others: nothing is identified twice.
    table = warehouse.fetch_arrow(
        "SELECT v.kind, v.source, v.source_key, v.text, v.score, v.scale_min, v.scale_max, "
        "v.survey_type, a.language FROM verbatims v LEFT JOIN feedback_annotations a "
        "ON a.kind = v.kind AND a.source = v.source AND a.source_key = v.source_key "
        "WHERE v.score IS NOT NULL ORDER BY v.kind, v.source, v.source_key"
    )
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    texts: list[str] = []
    labels: list[SentimentLabel] = []
    languages: list[str] = []
    for index, key in enumerate(_keys(columns)):
        label = label_from_score(
            columns["score"][index],
            columns["scale_min"][index],
            columns["scale_max"][index],
            columns["survey_type"][index],
        )
        language = detected.get(key) or columns["language"][index]
        if label is None or language is None:
            continue
        texts.append(columns["text"][index])
        labels.append(label)
        languages.append(language)
    if len(labels) > MAX_TRAINING_TEXTS:
        # A sample learns the vocabulary as well and keeps re-training fast on large histories.
        chosen = sorted(random.Random(0).sample(range(len(labels)), MAX_TRAINING_TEXTS))
        texts = [texts[i] for i in chosen]
        labels = [labels[i] for i in chosen]
        languages = [languages[i] for i in chosen]
    model: SentimentModel | None = None
    if len(labels) >= MIN_SCORED_TEXTS and len(set(labels)) >= 2:
        tokens = [folded_words(text) for text in texts]
        readings = [
            read_lexicon(t, language, text)
            for t, language, text in zip(tokens, languages, texts, strict=True)
        ]
        model = train_sentiment_model(tokens, readings, labels, languages)
        model.save(folder)
    else:
        for name in ("sentiment.npz", "sentiment.json"):
            (folder / name).unlink(missing_ok=True)
    write_state(warehouse, "sentiment_fingerprint", fingerprint)
    return model


def _write(
    warehouse: Warehouse,
    pending: dict[str, list[Any]],
    rows: Sequence[int],
    annotations: Sequence[Annotation],
    assigned: Sequence[Sequence[tuple[str, float]]],
) -> None:
    stamp = now()
    keys = {
        "kind": [pending["kind"][i] for i in rows],
        "source": [pending["source"][i] for i in rows],
        "source_key": [pending["source_key"][i] for i in rows],
    }
    needs = [a.need for a in annotations]
    annotation_table = pa.table(
        {
            **keys,
            "audience": [pending["audience"][i] for i in rows],
            "content_hash": [pending["content_hash"][i] for i in rows],
            "text_at": [pending["at"][i] for i in rows],
            "language": [a.language for a in annotations],
            "language_confidence": [a.language_confidence for a in annotations],
            "stated_language": [pending["stated_language"][i] for i in rows],
            "sentiment_score": [a.sentiment.score for a in annotations],
            "sentiment_label": [a.sentiment.label for a in annotations],
            "sentiment_method": [a.sentiment.method for a in annotations],
            "theme_ids": [[theme for theme, _ in themes] for themes in assigned],
            "need": [need.name if need else None for need in needs],
            "need_evidence": [need.evidence if need else None for need in needs],
            "warnings": [[w.name for w in a.warnings] for a in annotations],
            "annotator_version": [ANNOTATOR_VERSION] * len(rows),
            "annotated_at": [stamp] * len(rows),
        }
    )
    mention_rows: dict[str, list[Any]] = {
        "kind": [], "source": [], "source_key": [], "audience": [], "theme_id": [], "score": [],
        "rank": [],
    }  # fmt: skip
    signal_rows: dict[str, list[Any]] = {
        "kind": [], "source": [], "source_key": [], "category": [], "signal": [], "evidence": [],
        "start_offset": [], "confidence": [], "text_at": [],
    }  # fmt: skip
    for position, i in enumerate(rows):
        key = (pending["kind"][i], pending["source"][i], pending["source_key"][i])
        for rank, (theme_id, score) in enumerate(assigned[position], start=1):
            for column, value in zip(
                mention_rows,
                (*key, pending["audience"][i], theme_id, score, rank),
                strict=True,
            ):
                mention_rows[column].append(value)
        for signal in annotations[position].signals:
            values = (
                *key, signal.category, signal.name, signal.evidence, signal.start,
                signal.confidence, pending["at"][i],
            )  # fmt: skip
            for column, value in zip(signal_rows, values, strict=True):
                signal_rows[column].append(value)
    warehouse.stage_arrow("text_keys", pa.table(keys))
    try:
        for table in ("feedback_annotations", "feedback_theme_mentions", "feedback_signals"):
            warehouse.execute(
                f"DELETE FROM {table} t USING text_keys k WHERE t.kind = k.kind "
                "AND t.source = k.source AND t.source_key = k.source_key"
            )
    finally:
        warehouse.drop_staging("text_keys")
    _append(warehouse, "feedback_annotations", annotation_table)
    _append(warehouse, "feedback_theme_mentions", pa.table(mention_rows))
    _append(warehouse, "feedback_signals", pa.table(signal_rows))


def _append(warehouse: Warehouse, table: str, rows: pa.Table) -> None:
    if rows.num_rows == 0:
        return
    staging = f"text_stage_{table}"
    warehouse.stage_arrow(staging, rows)
    try:
        columns = ", ".join(rows.column_names)
        warehouse.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging}")
    finally:
        warehouse.drop_staging(staging)


def _discover(warehouse: Warehouse, audience: str, *, max_themes: int) -> list[str]:
    existing = load_definitions(warehouse, audience)
    room = max_themes - len(existing)
    if room <= 0:
        return []
    uncovered = warehouse.fetch_arrow(
        "SELECT v.text, a.language FROM feedback_annotations a JOIN verbatims v ON "
        "v.kind = a.kind AND v.source = a.source AND v.source_key = a.source_key "
        "WHERE a.audience = ? AND len(a.theme_ids) = 0 ORDER BY a.kind, a.source, a.source_key",
        [audience],
    )
    texts = uncovered.column("text").to_pylist()
    languages = uncovered.column("language").to_pylist()
    total = int(read_state(warehouse, f"documents:{audience}") or 0)
    documents = [
        theme_terms(folded_words(text), language)
        for text, language in zip(texts, languages, strict=True)
    ]
    # The minimum size is relative to the whole audience, not to the uncovered remainder, so
    # that leftovers of a large corpus do not turn into many tiny themes.
    discovered = discover_themes(
        documents,
        load_space(warehouse, audience),
        existing,
        max_new=room,
        min_size=max(12, int(0.005 * total)),
    )
    if not discovered:
        return []
    ids = insert_discovered(warehouse, audience, discovered)
    bump_taxonomy_version(warehouse, audience)
    return ids


def reassign_themes(warehouse: Warehouse, audience: str) -> int:
    """Recompute the themes of every annotated verbatim of ``audience`` from the taxonomy.

    Args:
        warehouse: The warehouse.
        audience: ``customer`` or ``employee``.

    Returns:
        How many verbatims were assigned.
    """
    table = warehouse.fetch_arrow(
        "SELECT a.kind, a.source, a.source_key, v.text, a.language FROM feedback_annotations a "
        "JOIN verbatims v ON v.kind = a.kind AND v.source = a.source "
        "AND v.source_key = a.source_key WHERE a.audience = ? "
        "ORDER BY a.kind, a.source, a.source_key",
        [audience],
    )
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    documents = [
        theme_terms(folded_words(text), language)
        for text, language in zip(columns["text"], columns["language"], strict=True)
    ]
    assigned = assign_themes(
        documents, load_definitions(warehouse, audience), load_space(warehouse, audience)
    )
    mentions: dict[str, list[Any]] = {
        "kind": [], "source": [], "source_key": [], "audience": [], "theme_id": [], "score": [],
        "rank": [],
    }  # fmt: skip
    for position, themes in enumerate(assigned):
        for rank, (theme_id, score) in enumerate(themes, start=1):
            mentions["kind"].append(columns["kind"][position])
            mentions["source"].append(columns["source"][position])
            mentions["source_key"].append(columns["source_key"][position])
            mentions["audience"].append(audience)
            mentions["theme_id"].append(theme_id)
            mentions["score"].append(score)
            mentions["rank"].append(rank)
    warehouse.execute("DELETE FROM feedback_theme_mentions WHERE audience = ?", [audience])
    _append(warehouse, "feedback_theme_mentions", pa.table(mentions))
    warehouse.execute(
        "UPDATE feedback_annotations a SET theme_ids = coalesce((SELECT list(m.theme_id ORDER BY "
        "m.rank) FROM feedback_theme_mentions m WHERE m.kind = a.kind AND m.source = a.source "
        "AND m.source_key = a.source_key), []) WHERE a.audience = ?",
        [audience],
    )
    version = read_state(warehouse, f"taxonomy:{audience}") or "0"
    write_state(warehouse, f"assigned:{audience}", version)
    return len(documents)
