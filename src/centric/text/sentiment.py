"""Sentiment of verbatims: a bilingual lexicon scorer, adapted to the organisation by its scores.

Two layers. The lexicon scorer reads English and Spanish with negation, intensifiers, contrast
("good but slow" leans on "slow"), multi-word expressions, exclamation and emoji, and needs no
training. Where feedback carries a score (NPS 0-10, stars, CSAT), those scores become weak labels
(detractor/low -> negative, passive/middle -> neutral, promoter/high -> positive) for a linear
model over hashed words, negation-marked words and bigrams plus the lexicon's own outputs; it
learns the organisation's vocabulary ("queue", "click and collect") and is then applied to
unscored text (tickets, social posts) too. A held-out split decides, per language, whether the
adapted model beats the lexicon; if not, the lexicon is kept. This module computes; it must not
read or write the warehouse (see :mod:`centric.text.service`).
"""

from __future__ import annotations

import json
import math
import re
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from centric.errors import InvalidInputError
from centric.text.lexicons import (
    CONTRASTS,
    EN_PHRASES,
    EN_VALENCE,
    ES_PHRASES,
    ES_VALENCE,
    INTENSIFIERS,
    NEGATORS,
    SIGN_OFFS,
)

SentimentLabel = Literal["negative", "neutral", "positive"]
LABELS: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")
# |compound| below this reads as neutral for the lexicon scorer.
LEXICON_NEUTRAL_BAND = 0.25
# A text without any lexicon word is neutral unless the adapted model is at least this sure.
UNSUPPORTED_CONFIDENCE = 0.5
_NEGATION_FACTOR = -0.74  # a negated word keeps some of its strength, flipped (VADER's choice)
_NEGATION_REACH = 3  # words after a negator that it can flip
_BEFORE_CONTRAST = 0.5
_AFTER_CONTRAST = 1.5
_EXCLAMATION_BOOST = 0.29  # per "!", up to three
# A courtesy word among the last few words of a text this long is a sign-off (see SIGN_OFFS).
_SIGN_OFF_WORDS = 4
_SIGN_OFF_MIN_TEXT = 8
_SIGN_OFF_WEIGHT = 0.25
_COMPOUND_ALPHA = 15.0  # normalisation of the summed valence into (-1, 1)
_HASH_BITS = 18
# Version of the adapted model's input layout; a saved model of another version is retrained.
FEATURES_VERSION = 2
_MAX_PHRASE = 4
_EMOJI_VALENCE = {
    "😍": 3.0, "🥰": 3.0, "❤": 2.8, "♥": 2.6, "😊": 2.4, "🙂": 1.6, "😀": 2.4, "😃": 2.4,
    "😄": 2.6, "😁": 2.4, "👍": 2.0, "👌": 1.8, "🙏": 1.6, "⭐": 1.2, "🌟": 1.8, "🎉": 2.2,
    "💯": 2.4, "😂": 1.0, "😞": -2.2, "😢": -2.2, "😭": -2.4, "😠": -2.8, "😡": -3.0,
    "🤬": -3.2, "👎": -2.4, "💩": -2.6, "😤": -2.4, "🙁": -1.8, "☹": -1.9, "😒": -1.8,
    "😩": -2.2, "🤮": -2.8, "🤦": -1.8,
    ":)": 1.8, ":-)": 1.8, ":D": 2.4, ";)": 1.4, ":(": -1.9, ":-(": -1.9, ":/": -1.0,
}  # fmt: skip
_EMOJI = re.compile("|".join(re.escape(key) for key in sorted(_EMOJI_VALENCE, key=len)[::-1]))


@dataclass(frozen=True)
class Sentiment:
    """The sentiment of one text.

    Attributes:
        score: From -1 (very negative) to +1 (very positive).
        label: ``negative``, ``neutral`` or ``positive``.
        method: ``lexicon`` or ``adapted`` (the model trained on the organisation's scores).
    """

    score: float
    label: SentimentLabel
    method: str


@dataclass(frozen=True)
class LexiconReading:
    """What the lexicon scorer found in one text (also the adapted model's dense features)."""

    compound: float
    positive: float
    negative: float
    hits: int


def read_lexicon(tokens: Sequence[str], language: str, text: str = "") -> LexiconReading:
    """Score folded tokens with the lexicon of ``language`` (``en`` or ``es``; others try both).

    Args:
        tokens: Accent-folded word tokens (:func:`centric.text.tokens.folded_words`).
        language: ISO code of the text.
        text: The raw text, for exclamation marks and emoji; optional.

    Returns:
        The compound score in (-1, 1), the summed positive and negative valence and the number
        of sentiment-bearing words found.
    """
    languages = ("en", "es") if language not in ("en", "es") else (language,)
    best: LexiconReading | None = None
    for lang in languages:
        reading = _read(tokens, lang, text)
        if best is None or reading.hits > best.hits:
            best = reading
    assert best is not None  # noqa: S101  # languages is never empty
    return best


@dataclass(frozen=True, eq=False)
class _Entry:
    # What one word means to the lexicon scorer of one language.
    valence: float
    contrast: bool
    phrase_start: bool


_PLAIN = _Entry(0.0, False, False)  # marker of the many words the scorer has nothing to say about


def _read(tokens: Sequence[str], language: str, text: str) -> LexiconReading:
    known = _ENTRIES[language]
    entries = [known.get(token) or _entry(token, language) for token in tokens]
    valences: list[float] = []
    positions: list[int] = []
    contrast_at = -1
    skip_until = -1
    sign_off_from = len(tokens) - _SIGN_OFF_WORDS if len(tokens) >= _SIGN_OFF_MIN_TEXT else None
    for index, entry in enumerate(entries):
        if entry is _PLAIN or index < skip_until:
            continue
        if entry.contrast:
            contrast_at = index
            continue
        size = 1
        value = 0.0
        if entry.phrase_start and (phrase := _phrase_at(tokens, index, language)) is not None:
            size, value = phrase
            skip_until = index + size
        elif entry.valence:
            value = _modified(entry.valence, tokens, index, language)
        if not value:
            continue
        at_end = sign_off_from is not None and index >= sign_off_from
        if at_end and not SIGN_OFFS[language].isdisjoint(tokens[index : index + size]):
            value *= _SIGN_OFF_WEIGHT
        valences.append(value)
        positions.append(index)
    if contrast_at >= 0:
        valences = [
            value * (_BEFORE_CONTRAST if position < contrast_at else _AFTER_CONTRAST)
            for value, position in zip(valences, positions, strict=True)
        ]
    if text and (not text.isascii() or ":" in text or ";" in text):
        valences += [_EMOJI_VALENCE[symbol] for symbol in _EMOJI.findall(text)]
    total = sum(valences)
    if text and total:
        total += math.copysign(min(text.count("!"), 3) * _EXCLAMATION_BOOST, total)
    compound = total / math.sqrt(total * total + _COMPOUND_ALPHA)
    positive = sum(value for value in valences if value > 0)
    negative = -sum(value for value in valences if value < 0)
    return LexiconReading(compound, positive, negative, len(valences))


def _phrase_at(tokens: Sequence[str], index: int, language: str) -> tuple[int, float] | None:
    phrases = EN_PHRASES if language == "en" else ES_PHRASES
    for size in range(min(_MAX_PHRASE, len(tokens) - index), 1, -1):
        value = phrases.get(" ".join(tokens[index : index + size]))
        if value is not None:
            return size, value
    return None


def _modified(value: float, tokens: Sequence[str], index: int, language: str) -> float:
    # Intensifiers just before a word scale it; a negator within reach flips and damps it.
    negators = NEGATORS[language]
    intensifiers = INTENSIFIERS[language]
    boost = 0.0
    negated = False
    for back in range(max(0, index - _NEGATION_REACH), index):
        previous = tokens[back]
        if previous in negators:
            negated = True
        elif back >= index - 2:
            boost += intensifiers.get(previous, 0.0)
    value *= 1.0 + boost
    return value * _NEGATION_FACTOR if negated else value


# Per language, what the scorer knows about each word seen so far (filled as words are met).
_ENTRIES: dict[str, dict[str, _Entry]] = {"en": {}, "es": {}}
_MAX_ENTRIES = 300_000


def _entry(token: str, language: str) -> _Entry:
    starts = _phrase_starts(language)
    valence = _valence(token, language)
    contrast = token in CONTRASTS[language]
    entry = (
        _Entry(valence, contrast, token in starts)
        if valence or contrast or token in starts
        else _PLAIN
    )
    known = _ENTRIES[language]
    if len(known) >= _MAX_ENTRIES:
        known.clear()
    known[token] = entry
    return entry


def lexicon_label(compound: float) -> SentimentLabel:
    """The label of a lexicon compound score."""
    if compound >= LEXICON_NEUTRAL_BAND:
        return "positive"
    if compound <= -LEXICON_NEUTRAL_BAND:
        return "negative"
    return "neutral"


@lru_cache(maxsize=2)
def _phrase_starts(language: str) -> frozenset[str]:
    table = EN_PHRASES if language == "en" else ES_PHRASES
    return frozenset(phrase.split()[0] for phrase in table)


def _valence(token: str, language: str) -> float:
    table = EN_VALENCE if language == "en" else ES_VALENCE
    value = table.get(token)
    if value is not None:
        return value
    for candidate in _inflections(token, language):
        value = table.get(candidate)
        if value is not None:
            return value
    return 0.0


def _inflections(token: str, language: str) -> list[str]:
    # Light, lexicon-directed normalisation: enough to reach the base form of a lexicon entry.
    forms: list[str] = []
    if len(token) < 4:
        return forms
    if language == "en":
        if token.endswith("ies"):
            forms.append(token[:-3] + "y")
        if token.endswith("s"):
            forms.append(token[:-1])
        if token.endswith("ed"):
            forms += [token[:-2], token[:-1]]
        if token.endswith("ing"):
            forms += [token[:-3], token[:-3] + "e"]
        if token.endswith("ly"):
            forms.append(token[:-2])
        return forms
    if token.endswith("es"):
        forms.append(token[:-2])
    if token.endswith("s"):
        forms.append(token[:-1])
        token = token[:-1]
    if token.endswith("a"):
        forms.append(token[:-1] + "o")
    if token.endswith(("isimo", "isima")):
        forms.append(token[:-5] + "o")
    return forms


# ---------------------------------------------------------------------------------------------
# Weak supervision from scores
# ---------------------------------------------------------------------------------------------


def label_from_score(
    score: float | None,
    scale_min: float | None,
    scale_max: float | None,
    survey_type: str | None = None,
) -> SentimentLabel | None:
    """The weak sentiment label a score implies, or ``None`` when it implies none.

    NPS (0-10): detractors (0-6) negative, passives (7-8) neutral, promoters (9-10) positive.
    Other scales are read on their position between ``scale_min`` and ``scale_max``: the lower
    third negative (1-2 of 5 stars), the middle neutral (3), the upper third positive (4-5).
    Effort scores (CES) carry no direction that holds across surveys and yield ``None``.

    Args:
        score: The numeric answer.
        scale_min: Lowest possible score (0 for NPS, 1 for stars); defaults by survey type.
        scale_max: Highest possible score (10 for NPS, 5 for stars).
        survey_type: ``nps``, ``csat``, ``ces`` or ``other``.

    Returns:
        The label, or ``None``.
    """
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    if survey_type == "ces":
        return None
    if survey_type == "nps":
        if score <= 6:
            return "negative"
        return "neutral" if score <= 8 else "positive"
    low = 1.0 if scale_min is None else float(scale_min)
    high = 5.0 if scale_max is None else float(scale_max)
    if high <= low:
        return None
    position = (float(score) - low) / (high - low)
    if position < 0.34:
        return "negative"
    if position <= 0.66:
        return "neutral"
    return "positive"


def sentiment_features(tokens: Sequence[str]) -> list[str]:
    """The feature names of one text: words, negation-marked words (``~word``) and bigrams.

    This is what :func:`design_matrix` hashes, spelled out for reading and testing.
    """
    features: list[str] = []
    negated = 0
    previous = ""
    for token in tokens:
        features.append(("~" if negated else "") + token)
        if previous:
            features.append(previous + " " + token)
        previous = token
        if token in _ALL_NEGATORS:
            negated = _NEGATION_REACH
        elif negated:
            negated -= 1
    return features


_ALL_NEGATORS = NEGATORS["en"] | NEGATORS["es"]
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads keys over the buckets
_NEGATED_SALT = np.uint64(0x5BD1E9955BD1E995)
_BIGRAM_SALT = np.uint64(0xC2B2AE3D27D4EB4F)
# Stable 32-bit code of each word met so far (zlib's CRC-32: the same in every process, unlike
# Python's salted ``hash``), shifted left by one; the low bit says whether it is a negator.
# A CRC of 0 is coded as 1 (a harmless collision) so that no code is 0 and ``or`` tests absence.
_WORD_CODES: dict[str, int] = {}


def _word_code(token: str) -> int:
    code = ((zlib.crc32(token.encode("utf-8")) or 1) << 1) | (token in _ALL_NEGATORS)
    if len(_WORD_CODES) >= 500_000:
        _WORD_CODES.clear()
    _WORD_CODES[token] = code
    return code


def _bucket(keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    return ((keys * _GOLDEN) >> np.uint64(64 - _HASH_BITS)).astype(np.int64)


def design_matrix(
    token_lists: Sequence[Sequence[str]], readings: Sequence[LexiconReading]
) -> sparse.csr_matrix:
    """The adapted model's input: hashed :func:`sentiment_features` plus the lexicon reading.

    All texts are featurised together with array arithmetic: each distinct word is coded once,
    and the negation marks and bigrams of every text come from shifted arrays.

    Args:
        token_lists: Folded tokens of each text.
        readings: The lexicon reading of each.

    Returns:
        One row per text: ``2**18`` hashed columns (log counts, rows of unit length) then four
        dense ones (compound, positive and negative strength, no lexicon word at all).
    """
    codes = _WORD_CODES
    flat = [codes.get(token) or _word_code(token) for tokens in token_lists for token in tokens]
    lengths = np.fromiter((len(tokens) for tokens in token_lists), np.int64, len(token_lists))
    documents = np.repeat(np.arange(len(token_lists)), lengths)
    coded = np.array(flat, dtype=np.uint64)
    words = coded >> np.uint64(1)
    negator = (coded & np.uint64(1)).astype(bool)
    # Position of each token inside its text, to keep shifts from crossing texts.
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    offset = np.arange(len(flat)) - starts
    negated = np.zeros(len(flat), dtype=bool)
    for back in range(1, _NEGATION_REACH + 1):
        negated[back:] |= negator[:-back] & (offset[back:] >= back)
    unigrams = np.where(negated, words ^ _NEGATED_SALT, words)
    follows = offset[1:] >= 1
    bigrams = ((words[:-1][follows] << np.uint64(32)) | words[1:][follows]) ^ _BIGRAM_SALT
    rows = np.concatenate([documents, documents[1:][follows]])
    columns = _bucket(np.concatenate([unigrams, bigrams]))
    hashed = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(token_lists), 2**_HASH_BITS)
    )
    hashed.sum_duplicates()
    # Sub-linear weight so long texts do not dominate; rows L2-normalised like TF-IDF.
    hashed.data = np.log1p(hashed.data)
    sizes = np.diff(hashed.indptr)
    owners = np.repeat(np.arange(len(token_lists)), sizes)
    norms = np.sqrt(np.bincount(owners, weights=hashed.data**2, minlength=len(token_lists)))
    norms[norms == 0] = 1.0
    hashed.data /= np.repeat(norms, sizes)
    dense = np.array(
        [
            [r.compound * 3, math.tanh(r.positive / 3), math.tanh(r.negative / 3), r.hits == 0]
            for r in readings
        ],
        dtype=np.float64,
    ).reshape(len(readings), 4)
    combined: sparse.csr_matrix = sparse.hstack([hashed, sparse.csr_matrix(dense)], format="csr")
    return combined


@dataclass
class SentimentModel:
    """A linear sentiment model adapted to one organisation's scored feedback.

    Attributes:
        coef: Weights, one row per label in :data:`LABELS` order.
        intercept: One bias per label.
        languages: Per language: training size, held-out macro-F1 of the model and of the
            lexicon, and which of the two is used (``adapted`` or ``lexicon``).
        trained_on: Number of scored texts the model was fitted on.
        regularisation: L2 strength chosen on the held-out split.
    """

    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    languages: dict[str, dict[str, float | int | str]] = field(default_factory=dict)
    trained_on: int = 0
    regularisation: float = 0.0

    def uses_model_for(self, language: str) -> bool:
        """Whether texts in ``language`` are scored by the model (else by the lexicon)."""
        return self.languages.get(language, {}).get("method") == "adapted"

    def probabilities(
        self, token_lists: Sequence[Sequence[str]], readings: Sequence[LexiconReading]
    ) -> npt.NDArray[np.float64]:
        """Class probabilities (negative, neutral, positive) for each text."""
        if not token_lists:
            return np.zeros((0, 3))
        logits = design_matrix(token_lists, readings) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probabilities: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return probabilities

    def save(self, folder: Path) -> Path:
        """Write the model to ``folder`` (``sentiment.npz`` + ``sentiment.json``)."""
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / "sentiment.npz", coef=self.coef, intercept=self.intercept)
        meta = {
            "features": FEATURES_VERSION,
            "languages": self.languages,
            "trained_on": self.trained_on,
            "regularisation": self.regularisation,
        }
        (folder / "sentiment.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        return folder / "sentiment.npz"

    @classmethod
    def load(cls, folder: Path) -> SentimentModel | None:
        """The model saved in ``folder``, or ``None`` when there is none or it is outdated.

        A model saved with another feature layout (an older Centric) is not loaded: its weights
        would be read against the wrong columns.
        """
        weights, meta = folder / "sentiment.npz", folder / "sentiment.json"
        if not (weights.is_file() and meta.is_file()):
            return None
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("features") != FEATURES_VERSION:
            return None
        with np.load(weights) as arrays:
            coef, intercept = arrays["coef"], arrays["intercept"]
        return cls(
            coef,
            intercept,
            info.get("languages", {}),
            int(info.get("trained_on", 0)),
            float(info.get("regularisation", 0.0)),
        )


MIN_TRAINING_TEXTS = 100  # per language, below which the lexicon is kept


def train_sentiment_model(
    token_lists: Sequence[Sequence[str]],
    readings: Sequence[LexiconReading],
    labels: Sequence[SentimentLabel],
    languages: Sequence[str],
    *,
    holdout: float = 0.2,
    seed: int = 0,
) -> SentimentModel:
    """Fit the adapted model on texts whose scores gave them weak labels.

    A random ``holdout`` share is kept aside to choose the regularisation and to compare the
    model with the lexicon per language; the final model is then refitted on everything.

    Args:
        token_lists: Folded tokens of each scored text.
        readings: The lexicon reading of each (see :func:`read_lexicon`).
        labels: Weak label of each (see :func:`label_from_score`).
        languages: Language of each.
        holdout: Share of texts held out for the comparison.
        seed: Seed of the split, so that a re-run gives the same model.

    Returns:
        The fitted model with its per-language decision.

    Raises:
        InvalidInputError: The inputs differ in length, or fewer than two labels occur.
    """
    n = len(labels)
    if not (len(token_lists) == len(readings) == len(languages) == n):
        raise InvalidInputError(
            f"Sentiment training inputs differ in length ({len(token_lists)} texts, {n} labels).",
            hint="Pass one label, reading and language per text.",
        )
    y = np.array([LABELS.index(label) for label in labels])
    if len(set(y.tolist())) < 2:
        raise InvalidInputError(
            f"Sentiment adaptation needs at least two different labels; got {sorted(set(labels))}.",
            hint="Adaptation starts once scored feedback covers both low and high scores.",
        )
    matrix = design_matrix(token_lists, readings)
    rng = np.random.default_rng(seed)
    test_mask = rng.random(n) < holdout
    decisions: dict[str, dict[str, float | int | str]] = {}
    strength = _REGULARISATION[len(_REGULARISATION) // 2]
    if test_mask.sum() >= 10 and len(set(y[~test_mask].tolist())) >= 2:
        # The regularisation that predicts the held-out labels best wins: a few thousand
        # answers need more of it than a few hundred thousand.
        best = -1.0
        predicted = np.zeros(0, dtype=np.int64)
        for candidate in _REGULARISATION:
            probe = _fit(matrix[~test_mask], y[~test_mask], candidate, seed)
            guess = np.argmax(matrix[test_mask] @ probe[0].T + probe[1], axis=1)
            f1 = macro_f1(y[test_mask], guess)
            if f1 > best:
                best, strength, predicted = f1, candidate, guess
        lexicon = np.array([LABELS.index(lexicon_label(r.compound)) for r in readings])
        language_array = np.array(languages)
        for language in sorted(set(languages)):
            in_language = language_array == language
            held = test_mask & in_language
            train_count = int((~test_mask & in_language).sum())
            if held.sum() < 10:
                decisions[language] = {"train": train_count, "method": "lexicon"}
                continue
            truth = y[held]
            model_f1 = macro_f1(truth, predicted[in_language[test_mask]])
            lexicon_f1 = macro_f1(truth, lexicon[held])
            use_model = train_count >= MIN_TRAINING_TEXTS and model_f1 > lexicon_f1
            decisions[language] = {
                "train": train_count,
                "heldout": int(held.sum()),
                "macro_f1_adapted": round(model_f1, 4),
                "macro_f1_lexicon": round(lexicon_f1, 4),
                "method": "adapted" if use_model else "lexicon",
            }
    coef, intercept = _fit(matrix, y, strength, seed)
    return SentimentModel(coef, intercept, decisions, n, strength)


# L2 strengths tried on the held-out split (per-text, as scikit-learn's SGD ``alpha``).
_REGULARISATION = (3e-5, 1e-4, 3e-4)
_EPOCHS = 8


def _fit(
    matrix: sparse.csr_matrix, y: npt.NDArray[np.int64], strength: float, seed: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415  # heavy, load late
    from sklearn.linear_model import SGDClassifier  # noqa: PLC0415  # heavy, load late
    from threadpoolctl import (  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415  # no stubs
        threadpool_limits,  # comes with scikit-learn
    )

    # Logistic loss by averaged stochastic gradient descent: as accurate as an exact solver on
    # these sparse, noisy labels, and a few epochs over the data instead of hundreds of passes.
    # Balanced weights: satisfied customers dominate most score distributions, and macro-F1
    # (every class counts) is what a reader of the labels needs.
    # Fit on the columns that occur at all: the hashed space is mostly empty, and the solver's
    # cost grows with every weight it carries.
    active = np.unique(matrix.indices)
    model = SGDClassifier(
        loss="log_loss",
        alpha=strength,
        max_iter=_EPOCHS,
        tol=None,
        class_weight="balanced",
        average=True,
        random_state=seed,
        # The three one-against-the-rest problems are independent: two threads, two cores.
        n_jobs=2,
    )
    # One BLAS thread: a BLAS that sees more cores than the process may use (containers)
    # slows down many times over.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        # A fixed number of epochs is the design; held-out F1 judges the result.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(matrix[:, active], y)
    weights = np.zeros((model.coef_.shape[0], matrix.shape[1]))
    weights[:, active] = model.coef_
    coef = np.zeros((len(LABELS), matrix.shape[1]))
    intercept = np.full(len(LABELS), -1e3)  # a label absent from training is never predicted
    classes = model.classes_.tolist()
    if len(classes) == 2:
        # A binary linear model keeps one weight row: the second class against the first.
        coef[classes[1]] = weights[0]
        intercept[classes[1]] = model.intercept_[0]
        intercept[classes[0]] = 0.0
    else:
        for row, label in enumerate(classes):
            coef[label] = weights[row]
            intercept[label] = model.intercept_[row]
    return coef, intercept


def macro_f1(truth: Sequence[int] | npt.NDArray[np.int64], predicted: Sequence[int]) -> float:
    """Macro-averaged F1 over the labels present in ``truth`` or ``predicted``.

    Args:
        truth: True label indices.
        predicted: Predicted label indices.

    Returns:
        The unweighted mean of per-label F1.
    """
    true = np.asarray(truth)
    pred = np.asarray(predicted)
    scores = []
    for label in sorted(set(true.tolist()) | set(pred.tolist())):
        tp = float(np.sum((true == label) & (pred == label)))
        fp = float(np.sum((true != label) & (pred == label)))
        fn = float(np.sum((true == label) & (pred != label)))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def score_sentiments(
    token_lists: Sequence[Sequence[str]],
    languages: Sequence[str],
    texts: Sequence[str],
    model: SentimentModel | None = None,
    *,
    readings: Sequence[LexiconReading] | None = None,
) -> list[Sentiment]:
    """The sentiment of each text: adapted where the model is trusted, lexicon elsewhere.

    Args:
        token_lists: Folded tokens of each text.
        languages: Language of each.
        texts: Raw texts (for emoji and exclamation marks).
        model: The organisation's adapted model, if one was trained.
        readings: The lexicon reading of each text, when already at hand.

    Returns:
        One sentiment per text.
    """
    if readings is None:
        readings = [
            read_lexicon(tokens, language, text)
            for tokens, language, text in zip(token_lists, languages, texts, strict=True)
        ]
    adapted = {language for language in set(languages) if model and model.uses_model_for(language)}
    chosen = [i for i, language in enumerate(languages) if language in adapted]
    results: list[Sentiment | None] = [None] * len(readings)
    if model is not None and chosen:
        probabilities = model.probabilities(
            [token_lists[i] for i in chosen], [readings[i] for i in chosen]
        )
        best = probabilities.argmax(axis=1).tolist()
        sure = (probabilities.max(axis=1) >= UNSUPPORTED_CONFIDENCE).tolist()
        scores = np.round(probabilities[:, 2] - probabilities[:, 0], 4).tolist()
        for row, i in enumerate(chosen):
            label = LABELS[best[row]]
            if not readings[i].hits and not sure[row]:
                # No sentiment word at all and a hesitant model: a question or a request, not
                # an opinion. Scores teach the model what mixed feelings look like, not what no
                # feelings look like (every scored comment carries some).
                label = "neutral"
            results[i] = Sentiment(scores[row], label, "adapted")
    return [
        found
        if found is not None
        else Sentiment(round(reading.compound, 4), lexicon_label(reading.compound), "lexicon")
        for found, reading in zip(results, readings, strict=True)
    ]
