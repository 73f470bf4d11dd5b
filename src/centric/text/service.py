"""Annotating the warehouse's verbatims, incrementally, and keeping theme assignments current.

``annotate_verbatims`` reads every verbatim (survey comments, ticket subjects, social posts,
employee comments) whose text is new or changed since it was last annotated, adapts sentiment to
the organisation's own scores when they changed materially, annotates, discovers themes among
verbatims no theme covers yet and stores everything in the text tables in one transaction.
Taxonomy edits call :func:`reassign_themes` so that assignments follow them at once. This
module orchestrates; the analyses live in their own modules and the CLI only renders what it
returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from centric.runtime import Runtime
from centric.text.embeddings import (
    StaticEmbeddings,
    build_static_embeddings,
    load_static_embeddings,
)
from centric.text.pipeline import Annotation, PreparedTexts, TextAnnotator
from centric.text.sentiment import (
    LexiconReading,
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
from centric.text.themes import (
    TermSpace,
    ThemeDefinition,
    assign_themes,
    discover_themes,
    proper_nouns,
    theme_terms,
)
from centric.text.tokens import folded_words
from centric.warehouse import Warehouse

Progress = Callable[[str], None]
MIN_SCORED_TEXTS = 50  # fewer scored verbatims than this: no adaptation, the lexicon scores
DEFAULT_MAX_THEMES = 40  # per audience
MAX_TRAINING_TEXTS = 15_000
RETRAIN_SHARE = 0.1  # the adapted model is retrained once the scored verbatims change by this
# A discovered theme must gather this many verbatims, and this share of the audience's.
MIN_THEME_SIZE = 12
MIN_THEME_SHARE = 0.005
# Once an audience has themes, new ones must be this many times the minimum size, and a run adds
# at most this many (or a fifth of the existing count, if more).
LATER_SIZE_FACTOR = 1.5
LATER_MAX_NEW = 3


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


def build_embeddings(runtime: Runtime) -> Path:
    """Distil the optional static embedding model into the workspace (once, about 90 s).

    From then on theme discovery groups verbatims by meaning; delete the folder to go back.

    Args:
        runtime: Open stores of the workspace.

    Returns:
        The folder holding the model.

    Raises:
        MissingExtraError: The ``text-embeddings`` extra is not installed.
    """
    return build_static_embeddings(model_folder(runtime))


def annotate_verbatims(
    runtime: Runtime,
    *,
    full: bool = False,
    expected_languages: Sequence[str] = ("en", "es"),
    max_themes: int = DEFAULT_MAX_THEMES,
    progress: Progress | None = None,
) -> AnnotationRun:
    """Annotate every verbatim not yet annotated or whose text changed.

    Each text is tokenised once; its tokens serve language identification, sentiment (and the
    training of the adapted model), theme discovery and assignment. Themes found in this run
    are assigned before anything is written, so the earlier verbatims are assigned again only
    when the taxonomy changed.

    Args:
        runtime: Open stores of the workspace.
        full: Annotate every verbatim again and retrain the adapted sentiment model (after
            upgrading Centric or editing lexicons).
        expected_languages: Languages the organisation expects; they win close calls.
        max_themes: Most active themes discovery may create per audience.
        progress: Called with a short message at each step.

    Returns:
        What was done.
    """
    started = time.perf_counter()
    report = progress or _silent
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    with warehouse.transaction():
        removed = _remove_orphans(warehouse)
        pending = _pending(warehouse, full=full)
        total = int(warehouse.scalar("SELECT count(*) FROM verbatims") or 0)
        if not pending["text"]:
            return AnnotationRun(0, total, removed, seconds=time.perf_counter() - started)
        annotator = TextAnnotator(expected_languages=expected_languages)
        embedder = load_static_embeddings(model_folder(runtime))
        report(f"reading {len(pending['text']):,} verbatims")
        prepared = annotator.prepare(pending["text"], pending["stated_language"])
        job = annotator.start_signals(prepared)
        try:
            report("adapting sentiment to the organisation's scores")
            keys = _keys(pending)
            at_hand = {key: position for position, key in enumerate(keys)}
            model = _current_model(runtime, prepared, at_hand, force=full)
            annotator.model = model
            signals = job.result()
        finally:
            job.close()
        by_kind: dict[str, int] = {}
        new_themes: list[str] = []
        reassigned = 0
        for audience in AUDIENCES:
            rows = [i for i, value in enumerate(pending["audience"]) if value == audience]
            if not rows:
                continue
            report(f"annotating {len(rows):,} {audience} verbatims")
            annotations = annotator.finish(prepared.subset(rows), [signals[i] for i in rows])
            batch = [annotation.terms for annotation in annotations]
            add_to_space(warehouse, audience, batch, reset=full)
            space = load_space(warehouse, audience)
            themes = load_definitions(warehouse, audience)
            assigned = assign_themes(batch, themes, space)
            report(f"discovering {audience} themes")
            uncovered = [position for position, mentions in enumerate(assigned) if not mentions]
            created = _discover(
                warehouse,
                audience,
                [batch[position] for position in uncovered],
                [pending["text"][rows[position]] for position in uncovered],
                {keys[i] for i in rows},
                space,
                themes,
                max_themes=max_themes,
                embedder=embedder,
            )
            if created:
                new_themes += created
                assigned = assign_themes(batch, load_definitions(warehouse, audience), space)
            terms = {keys[i]: document for i, document in zip(rows, batch, strict=True)}
            _write(warehouse, pending, rows, annotations, assigned)
            for i in rows:
                by_kind[pending["kind"][i]] = by_kind.get(pending["kind"][i], 0) + 1
            version = read_state(warehouse, f"taxonomy:{audience}") or "0"
            if (read_state(warehouse, f"assigned:{audience}") or "0") != version:
                if _annotated(warehouse, audience) > len(rows):
                    report(f"assigning {audience} themes")
                    reassigned += reassign_themes(warehouse, audience, known_terms=terms)
                else:
                    # Every verbatim of the audience was just assigned with this taxonomy.
                    write_state(warehouse, f"assigned:{audience}", version)
    return AnnotationRun(
        annotated=len(pending["text"]),
        up_to_date=total - len(pending["text"]),
        removed=removed,
        by_kind=by_kind,
        new_themes=new_themes,
        reassigned=reassigned,
        sentiment=model.languages if model is not None else {},
        seconds=time.perf_counter() - started,
    )


def _silent(message: str) -> None:
    del message


def _annotated(warehouse: Warehouse, audience: str) -> int:
    return int(
        warehouse.scalar("SELECT count(*) FROM feedback_annotations WHERE audience = ?", [audience])
        or 0
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
    runtime: Runtime,
    prepared: PreparedTexts,
    at_hand: Mapping[tuple[str, str, str], int],
    *,
    force: bool,
) -> SentimentModel | None:
    # The adapted model is retrained only when the scored verbatims changed materially (their
    # number moved by a tenth or more) or when asked to: a handful of new answers does not
    # change what the organisation's vocabulary means, and retraining every run would cost
    # more than annotating.
    warehouse = runtime.warehouse
    folder = model_folder(runtime)
    scored = int(warehouse.scalar("SELECT count(*) FROM verbatims WHERE score IS NOT NULL") or 0)
    trained = read_state(warehouse, "sentiment_trained_on")
    if not force and trained is not None:
        previous = int(trained)
        saved = SentimentModel.load(folder)
        unchanged = abs(scored - previous) < RETRAIN_SHARE * max(previous, MIN_SCORED_TEXTS)
        if unchanged and (saved is not None or previous < MIN_SCORED_TEXTS):
            return saved
    # Languages come from this run's detection for new texts and from the stored annotation
    # for the others: nothing is identified twice.
    table = warehouse.fetch_arrow(
        "SELECT v.kind, v.source, v.source_key, v.text, v.score, v.scale_min, v.scale_max, "
        "v.survey_type, a.language FROM verbatims v LEFT JOIN feedback_annotations a "
        "ON a.kind = v.kind AND a.source = v.source AND a.source_key = v.source_key "
        "WHERE v.score IS NOT NULL ORDER BY v.kind, v.source, v.source_key"
    )
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    chosen: list[tuple[int, SentimentLabel]] = []
    for index, key in enumerate(_keys(columns)):
        label = label_from_score(
            columns["score"][index],
            columns["scale_min"][index],
            columns["scale_max"][index],
            columns["survey_type"][index],
        )
        if label is not None and (key in at_hand or columns["language"][index] is not None):
            chosen.append((index, label))
    if len(chosen) > MAX_TRAINING_TEXTS:
        # A sample learns the vocabulary as well and keeps training fast on large histories.
        picked = np.random.default_rng(0).choice(len(chosen), MAX_TRAINING_TEXTS, replace=False)
        chosen = [chosen[i] for i in sorted(picked.tolist())]
    tokens: list[list[str]] = []
    readings: list[LexiconReading] = []
    languages: list[str] = []
    for index, _ in chosen:
        key = (columns["kind"][index], columns["source"][index], columns["source_key"][index])
        position = at_hand.get(key)
        if position is not None:
            tokens.append(prepared.tokens[position])
            readings.append(prepared.readings[position])
            languages.append(prepared.languages[position].language)
        else:
            text, language = columns["text"][index], columns["language"][index]
            folded = folded_words(text)
            tokens.append(folded)
            readings.append(read_lexicon(folded, language, text))
            languages.append(language)
    labels = [label for _, label in chosen]
    model: SentimentModel | None = None
    if len(labels) >= MIN_SCORED_TEXTS and len(set(labels)) >= 2:
        model = train_sentiment_model(tokens, readings, labels, languages)
        model.save(folder)
    else:
        for name in ("sentiment.npz", "sentiment.json"):
            (folder / name).unlink(missing_ok=True)
    write_state(warehouse, "sentiment_trained_on", str(scored))
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


def _discover(
    warehouse: Warehouse,
    audience: str,
    documents: list[list[str]],
    texts: list[str],
    in_batch: set[tuple[str, str, str]],
    space: TermSpace,
    existing: Sequence[ThemeDefinition],
    *,
    max_themes: int,
    embedder: StaticEmbeddings | None,
) -> list[str]:
    # Clusters the verbatims no theme covers: those of this run (``documents`` and ``texts``,
    # at hand) and earlier ones still uncovered (read again; ``in_batch`` are this run's keys,
    # whose stored annotations are outdated).
    room = max_themes - len(existing)
    if room <= 0:
        return []
    earlier = warehouse.fetch_arrow(
        "SELECT a.kind, a.source, a.source_key, v.text, a.language FROM feedback_annotations a "
        "JOIN verbatims v ON v.kind = a.kind AND v.source = a.source "
        "AND v.source_key = a.source_key WHERE a.audience = ? AND len(a.theme_ids) = 0 "
        "ORDER BY a.kind, a.source, a.source_key",
        [audience],
    )
    columns = {name: earlier.column(name).to_pylist() for name in earlier.column_names}
    for key, text, language in zip(
        _keys(columns), columns["text"], columns["language"], strict=True
    ):
        if key not in in_batch:
            documents.append(theme_terms(folded_words(text), language))
            texts.append(text)
    total = int(read_state(warehouse, f"documents:{audience}") or 0)
    # The minimum size is relative to the whole audience, not to the uncovered remainder, so
    # that leftovers of a large corpus do not turn into many tiny themes. Once a taxonomy
    # exists, people work with it: a later run adds only themes twice that size, and a few at
    # most, so the list they know stays recognisable while what is really new still shows.
    min_size = max(MIN_THEME_SIZE, int(MIN_THEME_SHARE * total))
    if existing:
        min_size = int(min_size * LATER_SIZE_FACTOR)
        room = min(room, max(LATER_MAX_NEW, len(existing) // 5))
    discovered = discover_themes(
        documents,
        space,
        existing,
        max_new=room,
        min_size=min_size,
        names=proper_nouns(texts),
        embed=None if embedder is None else (lambda rows: embedder.embed([texts[i] for i in rows])),
    )
    if not discovered:
        return []
    ids = insert_discovered(warehouse, audience, discovered)
    bump_taxonomy_version(warehouse, audience)
    return ids


def reassign_themes(
    warehouse: Warehouse,
    audience: str,
    *,
    known_terms: Mapping[tuple[str, str, str], list[str]] | None = None,
) -> int:
    """Recompute the themes of every annotated verbatim of ``audience`` from the taxonomy.

    Args:
        warehouse: The warehouse.
        audience: ``customer`` or ``employee``.
        known_terms: Theme terms already computed for some verbatims, by (kind, source,
            source_key); the others are tokenised again.

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
    known = known_terms or {}
    documents = [
        known[key] if key in known else theme_terms(folded_words(text), language)
        for key, text, language in zip(
            _keys(columns), columns["text"], columns["language"], strict=True
        )
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
    lists = pa.table(
        {
            "kind": columns["kind"],
            "source": columns["source"],
            "source_key": columns["source_key"],
            "theme_ids": [[theme for theme, _ in themes] for themes in assigned],
        }
    )
    warehouse.stage_arrow("text_theme_lists", lists)
    try:
        warehouse.execute(
            "UPDATE feedback_annotations a SET theme_ids = l.theme_ids FROM text_theme_lists l "
            "WHERE a.kind = l.kind AND a.source = l.source AND a.source_key = l.source_key"
        )
    finally:
        warehouse.drop_staging("text_theme_lists")
    version = read_state(warehouse, f"taxonomy:{audience}") or "0"
    write_state(warehouse, f"assigned:{audience}", version)
    return len(documents)
