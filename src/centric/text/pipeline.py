"""Full annotation of texts in memory: language, sentiment, themes, needs and warnings.

Each text is tokenised once and every stage reads the same tokens. This is the engine behind
``centric text annotate`` and the entry point for annotating texts that are not in a warehouse
(a notebook, a web form); it must not touch the warehouse or the file system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from centric.text.language import UNDETERMINED, LanguageGuess, LanguageIdentifier
from centric.text.sentiment import (
    LexiconReading,
    Sentiment,
    SentimentModel,
    read_lexicon,
    score_sentiments,
)
from centric.text.signals import Signal, find_signals, strongest
from centric.text.themes import TermSpace, ThemeDefinition, assign_themes, theme_terms
from centric.text.tokens import fold_all, words

# Below this confidence a stated language (from the source) is preferred to the detected one.
_TRUST_DETECTION = 0.6


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
        return self.finish(self.prepare(texts, stated_languages))

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

    def finish(self, prepared: PreparedTexts) -> list[Annotation]:
        """Score sentiment, themes, needs and warnings of prepared texts."""
        texts, folded = prepared.texts, prepared.tokens
        languages = [guess.language for guess in prepared.languages]
        sentiments = score_sentiments(
            folded, languages, texts, self.model, readings=prepared.readings
        )
        terms = [theme_terms(t, language) for t, language in zip(folded, languages, strict=True)]
        assigned = (
            assign_themes(terms, self.themes, self.space) if self.themes else [[] for _ in texts]
        )
        return [
            Annotation(
                language=languages[i],
                language_confidence=prepared.languages[i].confidence,
                sentiment=sentiments[i],
                themes=assigned[i],
                signals=find_signals(texts[i], languages[i], folded[i]),
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
