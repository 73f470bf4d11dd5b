"""Full annotation of texts in memory: language, sentiment, themes, needs and warnings.

Each text is tokenised once and every stage reads the same tokens; large batches find their
needs and warnings in a second process while this one scores sentiment. This is the engine
behind ``centric text annotate`` and the entry point for annotating texts that are not in a
warehouse (a notebook, a web form); it must not touch the warehouse or the file system.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from centric.text.language import UNDETERMINED, LanguageGuess, LanguageIdentifier
from centric.text.sentiment import (
    LexiconReading,
    Sentiment,
    SentimentModel,
    read_lexicon,
    score_sentiments,
)
from centric.text.signals import Signal, find_signals, find_signals_batch, strongest
from centric.text.themes import TermSpace, ThemeDefinition, assign_themes, theme_terms
from centric.text.tokens import fold_all, words

# Below this confidence a stated language (from the source) is preferred to the detected one.
_TRUST_DETECTION = 0.6
# Batches of at least this many texts find their needs and warnings in a second process.
PARALLEL_FROM = 20_000


@dataclass(frozen=True)
class Annotation:
    """Everything Centric reads in one text.

    Attributes:
        language: ISO 639-1 code (``und`` when undetermined).
        language_confidence: 0..1.
        sentiment: Score, label and method.
        themes: ``(theme_id, score)`` pairs, best first.
        signals: Needs and warnings with evidence.
        terms: The text's theme terms (for discovery).
    """

    language: str
    language_confidence: float
    sentiment: Sentiment
    themes: list[tuple[str, float]] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def need(self) -> Signal | None:
        """The strongest emotional need, if any."""
        return strongest(self.signals, "need")

    @property
    def warnings(self) -> list[Signal]:
        """The warning signals, most confident first."""
        return [signal for signal in self.signals if signal.category == "warning"]


@dataclass(frozen=True)
class PreparedTexts:
    """Texts tokenised, with their language and lexicon reading, ready for finishing.

    Attributes:
        texts: The texts.
        tokens: Accent-folded word tokens of each.
        languages: Language of each.
        readings: What the sentiment lexicon found in each.
    """

    texts: list[str]
    tokens: list[list[str]]
    languages: list[LanguageGuess]
    readings: list[LexiconReading]

    def subset(self, positions: Sequence[int]) -> PreparedTexts:
        """The prepared texts at ``positions``, in that order."""
        return PreparedTexts(
            [self.texts[i] for i in positions],
            [self.tokens[i] for i in positions],
            [self.languages[i] for i in positions],
            [self.readings[i] for i in positions],
        )


class SignalJob:
    """Needs and warnings of prepared texts, found in a second process for large batches.

    Finding signals is the costliest step that needs neither the sentiment model nor the
    taxonomy, so from :data:`PARALLEL_FROM` texts on it runs in a forked copy of this process
    (it reads only the texts and their languages, and never touches the stores) while this
    process trains the model and scores sentiment. Where forking is unavailable, or the copy
    fails, the work is done here.

    Args:
        prepared: The prepared texts.
    """

    def __init__(self, prepared: PreparedTexts) -> None:
        self._texts = prepared.texts
        self._languages = [guess.language for guess in prepared.languages]
        self._tokens = prepared.tokens
        self._found: list[list[Signal]] | None = None
        self._executor: ProcessPoolExecutor | None = None
        self._future: Future[list[list[Signal]]] | None = None
        if len(self._texts) >= PARALLEL_FROM and _can_fork():
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork")
            )
            self._future = self._executor.submit(find_signals_batch, self._texts, self._languages)

    def result(self) -> list[list[Signal]]:
        """The needs and warnings of every text, in order (waits for the second process)."""
        if self._found is None:
            if self._future is not None and self._executor is not None:
                try:
                    self._found = self._future.result()
                except BrokenProcessPool:
                    self._found = None  # the copy died (memory?): do the work here instead
                finally:
                    self._executor.shutdown()
                    self._executor = None
            if self._found is None:
                self._found = [
                    find_signals(text, language, tokens)
                    for text, language, tokens in zip(
                        self._texts, self._languages, self._tokens, strict=True
                    )
                ]
        return self._found

    def close(self) -> None:
        """Stop the second process if its result is no longer wanted (idempotent)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _can_fork() -> bool:
    # A copy of this process starts at once, with everything loaded; one more core must exist.
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


class TextAnnotator:
    """Annotates batches of texts with one language identifier, model and taxonomy.

    Args:
        expected_languages: Languages that win close calls on short texts.
        model: The organisation's adapted sentiment model, if any.
        themes: The theme taxonomy to assign (may be empty).
        space: Term weights for theme assignment; required when ``themes`` is not empty.
    """

    def __init__(
        self,
        *,
        expected_languages: Sequence[str] = ("en", "es"),
        model: SentimentModel | None = None,
        themes: Sequence[ThemeDefinition] = (),
        space: TermSpace | None = None,
    ) -> None:
        self.identifier = LanguageIdentifier(expected_languages)
        self.model = model
        self.themes = list(themes)
        self.space = space or TermSpace({}, 0)

    def annotate(
        self, texts: Sequence[str], stated_languages: Sequence[str | None] | None = None
    ) -> list[Annotation]:
        """Annotate ``texts``; ``stated_languages`` (from the source) settle uncertain cases.

        Args:
            texts: The texts.
            stated_languages: Language each source states, or ``None`` entries.

        Returns:
            One annotation per text, in order.
        """
        prepared = self.prepare(texts, stated_languages)
        return self.finish(prepared, self.start_signals(prepared))

    def prepare(
        self, texts: Sequence[str], stated_languages: Sequence[str | None] | None = None
    ) -> PreparedTexts:
        """Tokenise, identify the language and read the lexicon (the first half of annotation).

        Args:
            texts: The texts.
            stated_languages: Language each source states, or ``None`` entries.

        Returns:
            What :meth:`finish` needs; the adapted sentiment model may be trained in between.
        """
        raw_tokens = [words(text) for text in texts]
        folded = [fold_all(tokens, text) for tokens, text in zip(raw_tokens, texts, strict=True)]
        languages = self._languages(raw_tokens, stated_languages)
        readings = [
            read_lexicon(tokens, guess.language, text)
            for tokens, guess, text in zip(folded, languages, texts, strict=True)
        ]
        return PreparedTexts(list(texts), folded, languages, readings)

    def start_signals(self, prepared: PreparedTexts) -> SignalJob:
        """Begin finding needs and warnings; large batches use a second process meanwhile.

        Args:
            prepared: What :meth:`prepare` returned.

        Returns:
            The job; pass it (or its result) to :meth:`finish`.
        """
        return SignalJob(prepared)

    def finish(
        self,
        prepared: PreparedTexts,
        signals: SignalJob | Sequence[list[Signal]] | None = None,
    ) -> list[Annotation]:
        """Score sentiment, themes, needs and warnings of prepared texts.

        Args:
            prepared: What :meth:`prepare` returned.
            signals: Needs and warnings already found (or being found) for these texts; found
                here when not given.

        Returns:
            One annotation per text, in order.
        """
        texts, folded = prepared.texts, prepared.tokens
        languages = [guess.language for guess in prepared.languages]
        sentiments = score_sentiments(
            folded, languages, texts, self.model, readings=prepared.readings
        )
        terms = [theme_terms(t, language) for t, language in zip(folded, languages, strict=True)]
        assigned = (
            assign_themes(terms, self.themes, self.space) if self.themes else [[] for _ in texts]
        )
        if isinstance(signals, SignalJob):
            signals = signals.result()
        if signals is None:
            signals = [
                find_signals(text, language, tokens)
                for text, language, tokens in zip(texts, languages, folded, strict=True)
            ]
        return [
            Annotation(
                language=languages[i],
                language_confidence=prepared.languages[i].confidence,
                sentiment=sentiments[i],
                themes=assigned[i],
                signals=signals[i],
                terms=terms[i],
            )
            for i in range(len(texts))
        ]

    def annotate_languages(
        self, texts: Sequence[str], stated_languages: Sequence[str | None] | None = None
    ) -> list[LanguageGuess]:
        """Only the language of each text (stated languages settle uncertain cases)."""
        return self._languages([words(text) for text in texts], stated_languages)

    def _languages(
        self, token_lists: Sequence[Sequence[str]], stated_languages: Sequence[str | None] | None
    ) -> list[LanguageGuess]:
        stated = stated_languages or [None] * len(token_lists)
        guesses = self.identifier.identify_batch(token_lists)
        for position, (guess, given) in enumerate(zip(guesses, stated, strict=True)):
            if given and (guess.language == UNDETERMINED or guess.confidence < _TRUST_DETECTION):
                guesses[position] = LanguageGuess(
                    given.lower(), max(guess.confidence, _TRUST_DETECTION)
                )
        return guesses


def annotate_texts(
    texts: Sequence[str],
    *,
    expected_languages: Sequence[str] = ("en", "es"),
    model: SentimentModel | None = None,
    themes: Sequence[ThemeDefinition] = (),
    space: TermSpace | None = None,
) -> list[Annotation]:
    """Annotate texts in memory (no warehouse): language, sentiment, themes, needs, warnings.

    Args:
        texts: The texts.
        expected_languages: Languages that win close calls on short texts.
        model: An adapted sentiment model; the lexicon is used without one.
        themes: A theme taxonomy to assign; none by default.
        space: Term weights for theme assignment.

    Returns:
        One annotation per text.

    Examples:
        >>> result = annotate_texts(["I'll cancel my account, the refund never came"])
        >>> result[0].sentiment.label, [w.name for w in result[0].warnings]
        ('negative', ['churn_intent'])
    """
    annotator = TextAnnotator(
        expected_languages=expected_languages, model=model, themes=themes, space=space
    )
    return annotator.annotate(texts)
