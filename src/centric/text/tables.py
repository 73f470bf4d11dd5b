"""The warehouse tables of text analytics, declared as data, and where verbatims come from.

Annotations are keyed by ``(kind, source, source_key)`` of the canonical row whose text they
read, and carry the MD5 of that text so that only new or changed verbatims are read again. The
taxonomy (``themes``) holds stable theme IDs and every human edit; ``theme_edits`` is its log.
Tables are created idempotently through the warehouse seam. This module declares and creates;
it must not analyse text.
"""

from __future__ import annotations

from dataclasses import dataclass

from centric.warehouse import Warehouse, create_tables, quote_identifier
from centric.warehouse.schema import Column, Table

ANNOTATOR_VERSION = "2"


@dataclass(frozen=True)
class VerbatimSource:
    """A canonical table holding free text, and how to read it.

    Attributes:
        kind: Canonical table name.
        text: Column holding the text.
        at: Column with the time the text was written.
        audience: ``customer`` or ``employee``; each has its own theme taxonomy.
        score: SQL expression of the score used as weak sentiment label (or NULL).
        scale_min: SQL expression of the lowest possible score.
        scale_max: SQL expression of the highest possible score.
        survey_type: SQL expression of the survey type (``nps``, ``csat``...).
        language: SQL expression of the language the source states.
    """

    kind: str
    text: str
    at: str
    audience: str
    score: str = "NULL"
    scale_min: str = "NULL"
    scale_max: str = "NULL"
    survey_type: str = "NULL"
    language: str = "language"


VERBATIM_SOURCES: tuple[VerbatimSource, ...] = (
    VerbatimSource(
        "feedback", "verbatim", "responded_at", "customer", "score", "scale_min", "scale_max",
        "survey_type",
    ),
    VerbatimSource("interactions", "subject", "occurred_at", "customer", language="NULL"),
    VerbatimSource(
        "social_posts", "text", "posted_at", "customer", "rating", "1.0",
        "CASE WHEN rating > 5 THEN 10.0 ELSE 5.0 END", "'csat'",
    ),
    VerbatimSource(
        "engagement_responses", "verbatim", "responded_at", "employee",
        "CASE WHEN lower(question) = 'enps' THEN score END", "scale_min", "scale_max",
        "CASE WHEN lower(question) = 'enps' THEN 'nps' END",
    ),
)  # fmt: skip
AUDIENCES: tuple[str, ...] = ("customer", "employee")

_KEY = (
    Column("kind", "VARCHAR", "Canonical table of the verbatim: feedback, interactions, ..."),
    Column("source", "VARCHAR", "Source system of the verbatim's row."),
    Column("source_key", "VARCHAR", "Key of the verbatim's row in its source."),
)

FEEDBACK_ANNOTATIONS = Table(
    "feedback_annotations",
    "One row per annotated verbatim (survey comment, ticket subject, social post, employee "
    "comment): its language, sentiment, primary theme, primary need and warnings.",
    (
        *_KEY,
        Column("audience", "VARCHAR", "customer or employee; each has its own theme taxonomy."),
        Column("content_hash", "VARCHAR", "MD5 of the text annotated; a change re-annotates."),
        Column("text_at", "TIMESTAMP", "When the text was written (from its row)."),
        Column("language", "VARCHAR", "Detected ISO 639-1 language, or 'und'."),
        Column("language_confidence", "DOUBLE", "Posterior probability of that language."),
        Column("stated_language", "VARCHAR", "Language the source stated, if any."),
        Column("sentiment_score", "DOUBLE", "Sentiment from -1 (negative) to +1 (positive)."),
        Column("sentiment_label", "VARCHAR", "negative, neutral or positive."),
        Column("sentiment_method", "VARCHAR", "lexicon or adapted (trained on own scores)."),
        Column("theme_ids", "VARCHAR[]", "Themes mentioned, best first."),
        Column("need", "VARCHAR", "Strongest emotional need the text speaks to, if any."),
        Column("need_evidence", "VARCHAR", "The phrase that carries the need."),
        Column("warnings", "VARCHAR[]", "Warning signals found (see feedback_signals)."),
        Column("annotator_version", "VARCHAR", "Version of the annotation rules."),
        Column("annotated_at", "TIMESTAMP", "When the annotation was written (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

FEEDBACK_THEME_MENTIONS = Table(
    "feedback_theme_mentions",
    "One row per theme a verbatim mentions, with the strength of the mention.",
    (
        *_KEY,
        Column("audience", "VARCHAR", "customer or employee."),
        Column("theme_id", "VARCHAR", "Theme (themes.theme_id)."),
        Column("score", "DOUBLE", "Cosine to the theme's centroid (0.6 for a pinned keyword)."),
        Column("rank", "INTEGER", "1 for the verbatim's main theme."),
    ),
    ingestible=False,
    lineage=False,
)

FEEDBACK_SIGNALS = Table(
    "feedback_signals",
    "One row per emotional need or warning signal found in a verbatim, with its evidence: the "
    "input of alert rules.",
    (
        *_KEY,
        Column("category", "VARCHAR", "need or warning."),
        Column("signal", "VARCHAR", "e.g. care, churn_intent, legal_threat."),
        Column("evidence", "VARCHAR", "Exact substring of the verbatim that carries it."),
        Column("start_offset", "INTEGER", "Offset of the evidence in the text."),
        Column("confidence", "DOUBLE", "0..1."),
        Column("text_at", "TIMESTAMP", "When the text was written."),
    ),
    ingestible=False,
    lineage=False,
)

THEMES = Table(
    "themes",
    "The theme taxonomy: stable IDs, readable labels, keywords and every human edit. Merged "
    "themes stay with status 'merged' and merged_into so that old IDs still resolve.",
    (
        Column("theme_id", "VARCHAR", "Stable identifier, e.g. T0007; never reused."),
        Column("audience", "VARCHAR", "customer or employee."),
        Column("label", "VARCHAR", "Readable name."),
        Column("label_edited", "BOOLEAN", "Whether a person set the label."),
        Column("keywords", "VARCHAR[]", "Most characteristic terms, first is strongest."),
        Column("pinned_keywords", "VARCHAR[]", "Terms that always assign this theme."),
        Column("excluded_keywords", "VARCHAR[]", "Terms moved away from this theme by a split."),
        Column("centroid", "JSON", "Term -> weight: what the theme is about."),
        Column("status", "VARCHAR", "active or merged."),
        Column("merged_into", "VARCHAR", "Theme that absorbed this one, when merged."),
        Column("split_from", "VARCHAR", "Theme this one was split from, if any."),
        Column("origin", "VARCHAR", "discovered or edited."),
        Column("created_at", "TIMESTAMP", "When the theme was created (UTC)."),
        Column("updated_at", "TIMESTAMP", "When the theme last changed (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

THEME_EDITS = Table(
    "theme_edits",
    "Log of taxonomy edits (rename, merge, split, pin, unpin), newest last.",
    (
        Column("edited_at", "TIMESTAMP", "When (UTC)."),
        Column("actor", "VARCHAR", "Who made the edit."),
        Column("action", "VARCHAR", "rename, merge, split, pin or unpin."),
        Column("theme_id", "VARCHAR", "Theme edited (the target of a merge)."),
        Column("detail", "JSON", "What changed."),
    ),
    ingestible=False,
    lineage=False,
)

THEME_TERM_FREQUENCIES = Table(
    "theme_term_frequencies",
    "Document frequency of each theme term per audience: the IDF weights of theme matching.",
    (
        Column("audience", "VARCHAR", "customer or employee."),
        Column("term", "VARCHAR", "Theme term (canonical word or bigram)."),
        Column("documents", "BIGINT", "Verbatims containing it."),
    ),
    ingestible=False,
    lineage=False,
)

TEXT_STATE = Table(
    "text_state",
    "Counters of the text domain, e.g. the taxonomy version each audience was last assigned "
    "with and the number of verbatims its term frequencies were counted on.",
    (
        Column("key", "VARCHAR", "Name of the counter."),
        Column("value", "VARCHAR", "Its value."),
    ),
    ingestible=False,
    lineage=False,
)

TEXT_TABLES: tuple[Table, ...] = (
    FEEDBACK_ANNOTATIONS,
    FEEDBACK_THEME_MENTIONS,
    FEEDBACK_SIGNALS,
    THEMES,
    THEME_EDITS,
    THEME_TERM_FREQUENCIES,
    TEXT_STATE,
)


def create_text_tables(warehouse: Warehouse) -> None:
    """Create the text tables, missing columns and the ``verbatims`` view (idempotent).

    Args:
        warehouse: The warehouse to prepare.
    """
    create_tables(warehouse, TEXT_TABLES)
    warehouse.execute(f"CREATE OR REPLACE VIEW verbatims AS {verbatims_sql()}")


def verbatims_sql() -> str:
    """SQL listing every non-empty verbatim with its key, audience, time and score."""
    parts = [
        f"SELECT '{s.kind}' AS kind, source, source_key, '{s.audience}' AS audience, "
        f"{quote_identifier(s.text)} AS text, CAST({quote_identifier(s.at)} AS TIMESTAMP) AS at, "
        f"CAST({s.score} AS DOUBLE) AS score, CAST({s.scale_min} AS DOUBLE) AS scale_min, "
        f"CAST({s.scale_max} AS DOUBLE) AS scale_max, CAST({s.survey_type} AS VARCHAR) "
        f"AS survey_type, CAST({s.language} AS VARCHAR) AS stated_language "
        f"FROM {quote_identifier(s.kind)} "
        f"WHERE trim(coalesce({quote_identifier(s.text)}, '')) <> ''"
        for s in VERBATIM_SOURCES
    ]
    return " UNION ALL ".join(parts)
