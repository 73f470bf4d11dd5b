"""Offline language identification of short customer texts.

Scores each text against the character 1-3-gram profiles of 55 languages that the ``langdetect``
package ships as data (built from Wikipedia; Apache-2.0), read once per process, as a naive-Bayes
sum of per-word evidence computed once per distinct word (a batch of texts is one sparse
product of word counts and that evidence), plus two things profiles alone lack on short texts:
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
from scipy import sparse

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
_LATIN_END = "\u0250"  # letters below this code point are Latin script
_MAX_WORDS = 400_000  # distinct words whose evidence is kept in memory


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
        # Per word: its row in ``_vectors`` (summed n-gram evidence, one column per language).
        self._rows: dict[str, int] = {}
        self._vectors: list[npt.NDArray[np.float64]] = []
        self._stacked: npt.NDArray[np.float64] = np.zeros((0, len(codes)))
        self._latin: list[bool] = []
        self._has_known: list[bool] = []
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
        return self.identify_batch([words(text)])[0]

    def identify_many(self, texts: Iterable[str]) -> list[LanguageGuess]:
        """The language of each text, in order.

        Args:
            texts: Texts of any length; empty ones yield ``und``.

        Returns:
            One guess per text.
        """
        return self.identify_batch([words(text) for text in texts])

    def identify_tokens(self, tokens: Sequence[str]) -> LanguageGuess:
        """The language of a text already split by :func:`centric.text.tokens.words`."""
        return self.identify_batch([tokens])[0]

    def identify_batch(self, token_lists: Sequence[Sequence[str]]) -> list[LanguageGuess]:
        """The language of many texts already split by :func:`centric.text.tokens.words`.

        The texts are scored together: one sparse product of their word counts with the
        per-word evidence of every language, so the cost per text is a few dictionary lookups.

        Args:
            token_lists: Word tokens of each text.

        Returns:
            One guess per text, in order; ``und`` for a text without words.
        """
        if not token_lists:
            return []
        if len(self._rows) >= _MAX_WORDS:
            # A bounded memory for endless streams of rare words: start the table afresh.
            self._rows.clear()
            self._vectors.clear()
            self._latin.clear()
            self._has_known.clear()
            self._stacked = np.zeros((0, len(self._codes)))
        rows = self._rows
        flat = [rows.get(token, -1) for tokens in token_lists for token in tokens]
        if -1 in flat:
            flat = [
                row if row >= 0 else self._row(token)
                for row, token in zip(
                    flat, (token for tokens in token_lists for token in tokens), strict=True
                )
            ]
        lengths = [len(tokens) for tokens in token_lists]
        if len(self._stacked) < len(self._vectors):
            self._stacked = np.vstack(self._vectors)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        counts = sparse.csr_matrix(
            (np.ones(len(flat)), np.asarray(flat, dtype=np.int64), indptr),
            shape=(len(lengths), len(self._stacked)),
        )
        total = np.asarray(counts @ self._stacked) + self._prior
        size = np.asarray(lengths)
        latin = np.asarray(counts @ np.asarray(self._latin, dtype=np.float64)) == size
        known = np.asarray(counts @ np.asarray(self._has_known, dtype=np.float64)) > 0
        # A few words cannot single out one of 55 languages by spelling alone; neither can a
        # text written with the function words of a language Centric knows.
        short_list = latin & ((size < _SHORT_TEXT_WORDS) | known)
        total[short_list] += self._shortlist_penalty
        scaled = (total - total.max(axis=1, keepdims=True)) / _TEMPERATURE
        probabilities = np.exp(scaled)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        best = probabilities.argmax(axis=1)
        confidence = probabilities[np.arange(len(best)), best]
        names = [_short(code) for code in self._codes]
        return [
            LanguageGuess(names[b], round(float(c), 4)) if n else LanguageGuess(UNDETERMINED, 0.0)
            for b, c, n in zip(best.tolist(), confidence.tolist(), lengths, strict=True)
        ]

    def _row(self, token: str) -> int:
        row = self._rows.get(token)
        return self._add_word(token) if row is None else row

    def _add_word(self, token: str) -> int:
        padded = f" {token} "
        grams = [
            row
            for size in (1, 2, 3)
            for start in range(len(padded) - size + 1)
            if (gram := padded[start : start + size]) != " "
            and (row := self._index.get(gram)) is not None
        ]
        vector = self._weights[grams].sum(axis=0) if grams else np.zeros(len(self._codes))
        folded = fold(token)
        for position, known in self._known:
            if folded in known:
                vector[position] += _WORD_EVIDENCE
        row = len(self._vectors)
        self._rows[token] = row
        self._vectors.append(vector)
        self._latin.append(max(token) < _LATIN_END)
        self._has_known.append(folded in self._known_union)
        return row


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
    index: dict[str, int] = {}
    codes: list[str] = []
    columns: list[npt.NDArray[np.int64]] = []
    rows: list[npt.NDArray[np.int64]] = []
    frequencies: list[npt.NDArray[np.float64]] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        profile = json.loads(entry.read_text(encoding="utf-8"))
        totals = np.asarray(profile["n_words"], dtype=np.float64)
        # Upper and lower case of a gram are one gram for texts Centric lower-cases.
        merged: dict[str, int] = {}
        for gram, count in profile["freq"].items():
            lowered = gram.lower()
            if len(lowered) <= 3:
                merged[lowered] = merged.get(lowered, 0) + count
        grams = list(merged)
        row = np.fromiter(
            (index.setdefault(gram, len(index)) for gram in grams), np.int64, len(grams)
        )
        sizes = np.fromiter((len(gram) for gram in grams), np.int64, len(grams))
        rows.append(row)
        columns.append(np.full(len(grams), len(codes)))
        frequencies.append(np.fromiter(merged.values(), np.float64, len(grams)) / totals[sizes - 1])
        codes.append(entry.name)
    weights = np.zeros((len(index), len(codes)))
    weights[np.concatenate(rows), np.concatenate(columns)] = np.concatenate(frequencies)
    np.log(weights + _SMOOTHING, out=weights)
    return codes, weights, index
