"""Offline language identification of short customer texts.

Scores each text against the character 1-3-gram profiles of 55 languages that the ``langdetect``
package ships as data (built from Wikipedia; Apache-2.0), read once per process and evaluated
with a naive-Bayes sum cached per word, plus two things profiles alone lack on short texts:
evidence from the function words of the languages Centric knows (a two-word review is usually
"love it" or "me encanta") and a prior towards the languages the organisation expects. It never
downloads anything and never calls the ``langdetect`` detector itself (slow and random).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from centric.errors import MissingExtraError
from centric.text.lexicons import EN_VALENCE, ES_VALENCE, FUNCTION_WORDS
from centric.text.tokens import fold, words

UNDETERMINED = "und"
# langdetect's own smoothing of profile probabilities (alpha 0.5 over a base of 10,000): it keeps
# an n-gram that a language's pruned profile lacks from vetoing that language.
_SMOOTHING = 0.5 / 10_000
# Nats added per function word of a language and for each expected language. A word from the
# function lists is strong evidence on a short text; profiles dominate longer ones.
_WORD_EVIDENCE = 8.0
_EXPECTED_PRIOR = 2.0
# Posterior temperature: naive Bayes over overlapping n-grams is overconfident.
_TEMPERATURE = 4.0
_SHORT_TEXT_WORDS = 4
_LANGUAGE_NAMES = {"zh-cn": "zh", "zh-tw": "zh"}


@dataclass(frozen=True)
class LanguageGuess:
    """The language of one text.

    Attributes:
        language: ISO 639-1 code (``en``, ``es``...), or ``und`` when the text has no letters.
        confidence: Posterior probability of that language, 0..1.
    """

    language: str
    confidence: float


class LanguageIdentifier:
    """Identifies languages from shipped n-gram profiles; build once, call many times.

    Args:
        expected: Languages the organisation expects; they win close calls on short texts.
    """

    def __init__(self, expected: Sequence[str] = ("en", "es")) -> None:
        codes, weights, index = _profiles()
        self._codes = codes
        self._weights = weights
        self._index = index
        self._prior = np.array(
            [_EXPECTED_PRIOR if _short(code) in expected else 0.0 for code in codes]
        )
        self._cache: dict[str, npt.NDArray[np.float64]] = {}
        self._known = _known_words(codes)
        self._known_union = frozenset().union(*(known for _, known in self._known))
        # Texts too short to trust spelling are decided among the expected languages and those
        # with function-word lists; the others are pushed out of reach.
        shortlist = {position for position, _ in self._known} | {
            position for position, code in enumerate(codes) if _short(code) in expected
        }
        self._shortlist_penalty = np.array(
            [0.0 if position in shortlist else -1e6 for position in range(len(codes))]
        )

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language code this identifier can return (besides ``und``)."""
        return tuple(dict.fromkeys(_short(code) for code in self._codes))

    def identify(self, text: str) -> LanguageGuess:
        """The language of one text (see :meth:`identify_many`)."""
        return self.identify_tokens(words(text))

    def identify_many(self, texts: Iterable[str]) -> list[LanguageGuess]:
        """The language of each text, in order.

        Args:
            texts: Texts of any length; empty ones yield ``und``.

        Returns:
            One guess per text.
        """
        return [self.identify_tokens(words(text)) for text in texts]

    def identify_tokens(self, tokens: Sequence[str]) -> LanguageGuess:
        """The language of a text already split by :func:`centric.text.tokens.words`."""
        if not tokens:
            return LanguageGuess(UNDETERMINED, 0.0)
        total = self._prior.copy()
        for token in tokens:
            total += self._word_vector(token)
        if _is_latin(tokens) and (
            len(tokens) < _SHORT_TEXT_WORDS or self._has_known_word(tokens)
        ):
            # A few words cannot single out one of 55 languages by spelling alone; neither can
            # a text written with the function words of a language Centric knows.
            total += self._shortlist_penalty
        scaled = (total - total.max()) / _TEMPERATURE
        probabilities = np.exp(scaled)
        probabilities /= probabilities.sum()
        best = int(np.argmax(probabilities))
        return LanguageGuess(_short(self._codes[best]), round(float(probabilities[best]), 4))

    def _has_known_word(self, tokens: Sequence[str]) -> bool:
        return any(fold(token) in self._known_union for token in tokens)

    def _word_vector(self, token: str) -> npt.NDArray[np.float64]:
        vector = self._cache.get(token)
        if vector is None:
            padded = f" {token} "
            rows = [
                row
                for size in (1, 2, 3)
                for start in range(len(padded) - size + 1)
                if (gram := padded[start : start + size]) != " "
                and (row := self._index.get(gram)) is not None
            ]
            vector = self._weights[rows].sum(axis=0) if rows else np.zeros(len(self._codes))
            folded = fold(token)
            for position, known in self._known:
                if folded in known:
                    vector = vector.copy()
                    vector[position] += _WORD_EVIDENCE
            if len(self._cache) < 500_000:
                self._cache[token] = vector
        return vector


def detect_languages(texts: Iterable[str], *, expected: Sequence[str] = ("en", "es")) -> list[str]:
    """The ISO 639-1 language code of each text (``und`` when it has no letters).

    Args:
        texts: Texts to identify.
        expected: Languages the organisation expects; they win close calls on short texts.

    Returns:
        One code per text.

    Examples:
        >>> detect_languages(["Love it!", "La entrega llegó tarde"])
        ['en', 'es']
    """
    identifier = _identifier(tuple(expected))
    return [guess.language for guess in identifier.identify_many(texts)]


@lru_cache(maxsize=8)
def _identifier(expected: tuple[str, ...]) -> LanguageIdentifier:
    return LanguageIdentifier(expected)


def _is_latin(tokens: Sequence[str]) -> bool:
    return all(ord(char) < 0x250 for token in tokens for char in token)


def _short(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)


def _known_words(codes: Sequence[str]) -> list[tuple[int, frozenset[str]]]:
    extra = {"en": frozenset(EN_VALENCE), "es": frozenset(ES_VALENCE)}
    known = []
    for language, function_words in FUNCTION_WORDS.items():
        if language in codes:
            known.append((codes.index(language), function_words | extra.get(language, frozenset())))
    return known


@lru_cache(maxsize=1)
def _profiles() -> tuple[list[str], npt.NDArray[np.float64], dict[str, int]]:
    try:
        folder = resources.files("langdetect") / "profiles"
    except ModuleNotFoundError as exc:  # pragma: no cover - a core dependency
        raise MissingExtraError(
            "Language identification needs the 'langdetect' package for its language profiles.",
            hint="Reinstall Centric: pip install centric",
        ) from exc
    frequencies: dict[str, dict[str, int]] = {}
    totals: dict[str, list[int]] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        profile = json.loads(entry.read_text(encoding="utf-8"))
        counts: dict[str, int] = {}
        for gram, count in profile["freq"].items():
            lowered = gram.lower()
            if len(lowered) <= 3:
                counts[lowered] = counts.get(lowered, 0) + int(count)
        frequencies[entry.name] = counts
        totals[entry.name] = [int(total) for total in profile["n_words"]]
    codes = sorted(frequencies)
    vocabulary = sorted(set().union(*frequencies.values()))
    index = {gram: row for row, gram in enumerate(vocabulary)}
    sizes = np.array([len(gram) for gram in vocabulary]) - 1
    weights = np.empty((len(vocabulary), len(codes)))
    for column, code in enumerate(codes):
        counts = np.zeros(len(vocabulary))
        for gram, count in frequencies[code].items():
            counts[index[gram]] = count
        per_size = np.asarray(totals[code], dtype=np.float64)[sizes]
        weights[:, column] = np.log(counts / per_size + _SMOOTHING)
    return codes, weights, index
