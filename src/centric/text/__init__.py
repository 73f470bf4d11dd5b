"""Text analytics of verbatims, offline on CPU: language, sentiment, themes, needs, warnings.

Reads survey comments, ticket subjects, social posts and employee comments in English and
Spanish; adapts sentiment to the organisation's own scores; keeps a human-editable theme
taxonomy with stable IDs; finds the six core emotional needs and the warning signals with their
evidence; and tells emerging themes from known ones with a significance test. Results are stored
as annotations in the warehouse. This package must not download models or data.
"""

from centric.text.editing import TaxonomyEdit, merge_themes, pin_keywords, rename_theme, split_theme
from centric.text.emerging import EmergingReport, ThemeTrend, find_emerging_themes
from centric.text.explorer import (
    SENTIMENT_LABELS,
    FacetCount,
    FeedbackFilter,
    FeedbackPage,
    FeedbackVerbatim,
    explore_feedback,
)
from centric.text.language import LanguageGuess, LanguageIdentifier, detect_languages
from centric.text.pipeline import Annotation, TextAnnotator, annotate_texts
from centric.text.reporting import ThemeSummary, list_themes
from centric.text.sentiment import (
    Sentiment,
    SentimentModel,
    label_from_score,
    macro_f1,
    read_lexicon,
    score_sentiments,
    train_sentiment_model,
)
from centric.text.service import (
    AnnotationRun,
    annotate_verbatims,
    build_embeddings,
    reassign_themes,
)
from centric.text.signals import NEEDS, WARNINGS, Signal, find_signals
from centric.text.tables import TEXT_TABLES, create_text_tables
from centric.text.themes import (
    TermSpace,
    ThemeDefinition,
    assign_themes,
    discover_themes,
    theme_terms,
)

__all__ = [
    "NEEDS",
    "SENTIMENT_LABELS",
    "TEXT_TABLES",
    "WARNINGS",
    "Annotation",
    "AnnotationRun",
    "EmergingReport",
    "FacetCount",
    "FeedbackFilter",
    "FeedbackPage",
    "FeedbackVerbatim",
    "LanguageGuess",
    "LanguageIdentifier",
    "Sentiment",
    "SentimentModel",
    "Signal",
    "TaxonomyEdit",
    "TermSpace",
    "TextAnnotator",
    "ThemeDefinition",
    "ThemeSummary",
    "ThemeTrend",
    "annotate_texts",
    "annotate_verbatims",
    "assign_themes",
    "build_embeddings",
    "create_text_tables",
    "detect_languages",
    "discover_themes",
    "explore_feedback",
    "find_emerging_themes",
    "find_signals",
    "label_from_score",
    "list_themes",
    "macro_f1",
    "merge_themes",
    "pin_keywords",
    "read_lexicon",
    "reassign_themes",
    "rename_theme",
    "score_sentiments",
    "split_theme",
    "theme_terms",
    "train_sentiment_model",
]
