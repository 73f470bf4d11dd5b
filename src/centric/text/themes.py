"""Themes: what verbatims are about, discovered from the text and matched to a stable taxonomy.

A verbatim becomes a bag of *theme terms*: content words (no function words, no pure opinion
words such as "great" or "terrible"), lightly singularised, Spanish service vocabulary mapped to
the English concept term (so "entrega" and "delivery" meet), plus adjacent-word bigrams.
Discovery factorises the TF-IDF matrix of the verbatims no theme covers yet (NMF), keeps the
components that gather enough verbatims, and gives each a readable label and keywords; a
component close to an existing theme is that theme, never a new one, which is what keeps theme
IDs stable across re-runs and new data. Assignment scores a verbatim against every theme's
centroid (cosine of TF-IDF vectors) and pinned keywords. This module computes; persistence of
the taxonomy is :mod:`centric.text.taxonomy`'s job.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse

from centric.text.lexicons import EN_VALENCE, ES_TO_CONCEPT, ES_VALENCE, STOP_BY_LANGUAGE

# Opinion words carry sentiment, not topic; these descriptive ones also say what went wrong or
# right and stay available to themes ("late delivery", "rude staff").
_TOPICAL_OPINION_WORDS = frozenset(
    ["late", "delayed", "delay", "delays", "slow", "broken", "faulty", "defective", "damaged", "rude", "expensive", "overpriced", "cheap", "dirty", "missing", "lost", "wrong", "error", "errors", "crash", "crashes", "crashed", "glitch", "glitchy", "buggy", "freezes", "disconnects", "refund", "return", "returned", "returning", "wait", "waiting", "waited", "cancelled", "noisy", "cold", "charged", "overcharged", "confusing", "complicated", "difficult", "friendly", "helpful", "polite", "clean", "fast", "quick", "easy", "reliable", "comfortable", "affordable", "tidy", "knowledgeable", "responsive", "unhelpful", "incorrect", "stuck", "flimsy", "quality", "value", "price", "retraso", "retrasos", "tarde", "roto", "rota", "caro", "sucio", "sucia", "lento", "lenta", "espera", "esperando", "devolucion", "reembolso", "amable", "amables", "limpio", "rapido", "facil", "comodo", "barato", "cobraron", "calidad"]
)
ASSIGN_THRESHOLD = 0.2  # cosine to a theme centroid from which a verbatim mentions the theme
RELATIVE_THRESHOLD = 0.5  # a second or third theme must score at least half the best one
MAX_THEMES_PER_TEXT = 3
PINNED_SCORE = 0.6  # score given to a verbatim that contains a pinned keyword
SAME_THEME_SIMILARITY = 0.4  # centroid cosine above which a discovered cluster is a known theme
CENTROID_TERMS = 40
MIN_THEME_TERMS = 2  # a verbatim needs this many theme terms to be clustered
MAX_VOCABULARY = 3_000  # terms the factorisation works with


@dataclass
class ThemeDefinition:
    """One theme as assignment and matching need it.

    Attributes:
        theme_id: Stable identifier, e.g. ``T0007``.
        label: Readable name (editable).
        centroid: Term -> weight, unit length; what the theme is about.
        keywords: The terms shown to people, most characteristic first.
        pinned: Terms that always assign the theme when a verbatim contains them.
        excluded: Terms that no longer count for this theme (moved away by a split).
    """

    theme_id: str
    label: str
    centroid: dict[str, float]
    keywords: list[str] = field(default_factory=list)
    pinned: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DiscoveredTheme:
    """A cluster found by discovery that matches no existing theme."""

    label: str
    centroid: dict[str, float]
    keywords: list[str]
    size: int
    members: list[int]


@lru_cache(maxsize=200_000)
def _canonical(word: str, language: str) -> str | None:
    if len(word) < 3 or "'" in word:
        return None
    readers = ("en",) if language == "en" else ("es",) if language == "es" else ("en", "es")
    if "es" in readers and word in ES_TO_CONCEPT:
        return ES_TO_CONCEPT[word]
    for reader in readers:
        if word in STOP_BY_LANGUAGE[reader]:
            return None
        valence = EN_VALENCE if reader == "en" else ES_VALENCE
        if word in valence and word not in _TOPICAL_OPINION_WORDS:
            return None
    return _singular_es(word) if language == "es" else _singular_en(word)


def _singular_en(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _singular_es(word: str) -> str:
    if len(word) > 5 and word.endswith(("ciones", "siones")):
        return word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith("is"):
        return word[:-1]
    return word


def theme_terms(tokens: Sequence[str], language: str) -> list[str]:
    """The theme terms of a verbatim: canonical content words and adjacent-word bigrams.

    Args:
        tokens: Accent-folded word tokens.
        language: The verbatim's language.

    Returns:
        Terms, unigrams first then bigrams, repeated as often as they occur.

    Examples:
        >>> theme_terms(["the", "deliveries", "were", "late", "again"], "en")
        ['delivery', 'late', 'delivery late']
    """
    canonical = [_canonical(token, language) for token in tokens]
    terms = [term for term in canonical if term]
    for left, right in zip(canonical, canonical[1:], strict=False):
        if left and right and left != right:
            terms.append(f"{left} {right}")
    return terms


def canonical_keyword(keyword: str, language: str = "und") -> str:
    """The theme term a person's keyword stands for (``"Entregas"`` -> ``"delivery"``)."""
    from centric.text.tokens import folded_words  # noqa: PLC0415  # avoid a cycle at import

    parts = [_canonical(token, language) or token for token in folded_words(keyword)]
    return " ".join(parts)


@dataclass
class TermSpace:
    """Inverse document frequencies of theme terms over one audience's verbatims.

    Attributes:
        idf: Term -> inverse document frequency (smooth, as scikit-learn computes it).
        documents: How many verbatims the frequencies were counted on.
    """

    idf: dict[str, float]
    documents: int

    @classmethod
    def count(cls, documents: Iterable[Sequence[str]]) -> TermSpace:
        """Count document frequencies over ``documents`` (lists of theme terms)."""
        frequencies: Counter[str] = Counter()
        total = 0
        for terms in documents:
            frequencies.update(set(terms))
            total += 1
        idf = {term: math.log((1 + total) / (1 + df)) + 1.0 for term, df in frequencies.items()}
        return cls(idf, total)

    @classmethod
    def from_frequencies(cls, frequencies: Mapping[str, int], documents: int) -> TermSpace:
        """Weights from stored document frequencies over ``documents`` verbatims."""
        idf = {term: math.log((1 + documents) / (1 + df)) + 1.0 for term, df in frequencies.items()}
        return cls(idf, documents)

    @property
    def unseen_idf(self) -> float:
        """The weight of a term never seen: as rare as can be."""
        return math.log(1 + self.documents) + 1.0

    def vector(self, terms: Sequence[str]) -> dict[str, float]:
        """The unit-length TF-IDF vector of one verbatim (sub-linear term frequency)."""
        counts = Counter(terms)
        weights = {
            term: (1.0 + math.log(count)) * self.idf.get(term, self.unseen_idf)
            for term, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in weights.values()))
        return {term: value / norm for term, value in weights.items()} if norm else {}


def assign_themes(
    documents: Sequence[Sequence[str]],
    themes: Sequence[ThemeDefinition],
    space: TermSpace,
) -> list[list[tuple[str, float]]]:
    """The themes each verbatim mentions, with scores, best first.

    A verbatim mentions a theme when the cosine between its TF-IDF vector and the theme's
    centroid reaches :data:`ASSIGN_THRESHOLD` (and half the best score), or when it contains one
    of the theme's pinned keywords; at most :data:`MAX_THEMES_PER_TEXT` are kept.

    Args:
        documents: Theme terms of each verbatim (see :func:`theme_terms`).
        themes: The taxonomy.
        space: Document frequencies to weight terms with.

    Returns:
        For each verbatim, ``(theme_id, score)`` pairs.
    """
    if not themes or not documents:
        return [[] for _ in documents]
    vocabulary: dict[str, int] = {}
    for theme in themes:
        for term in list(theme.centroid) + theme.pinned:
            vocabulary.setdefault(term, len(vocabulary))
    centroids = sparse.lil_matrix((len(vocabulary), len(themes)))
    pins = sparse.lil_matrix((len(vocabulary), len(themes)))
    for column, theme in enumerate(themes):
        excluded = set(theme.excluded)
        for term, weight in theme.centroid.items():
            if term not in excluded:
                centroids[vocabulary[term], column] = weight
        for term in theme.pinned:
            pins[vocabulary[term], column] = 1.0
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, terms in enumerate(documents):
        for term, weight in space.vector(terms).items():
            column = vocabulary.get(term)
            if column is not None:
                rows.append(row)
                columns.append(column)
                values.append(weight)
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(documents), len(vocabulary)))
    scores = (matrix @ centroids.tocsr()).toarray()
    pinned = (matrix @ pins.tocsr()).toarray() > 0
    scores = np.where(pinned, np.maximum(scores, PINNED_SCORE), scores)
    return [_choose(scores[row], themes) for row in range(len(documents))]


def _choose(
    row: npt.NDArray[np.float64], themes: Sequence[ThemeDefinition]
) -> list[tuple[str, float]]:
    best = float(row.max()) if row.size else 0.0
    if best < ASSIGN_THRESHOLD:
        return []
    order = np.argsort(-row)[:MAX_THEMES_PER_TEXT]
    floor = max(ASSIGN_THRESHOLD, RELATIVE_THRESHOLD * best)
    return [(themes[i].theme_id, round(float(row[i]), 4)) for i in order if row[i] >= floor]


def similarity(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    """Cosine similarity of two unit-length term vectors."""
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(term, 0.0) for term, weight in left.items())


def discover_themes(
    documents: Sequence[Sequence[str]],
    space: TermSpace,
    existing: Sequence[ThemeDefinition] = (),
    *,
    max_new: int = 25,
    min_size: int | None = None,
    sample: int = 20_000,
    fit_sample: int = 4_000,
    seed: int = 0,
) -> list[DiscoveredTheme]:
    """Find themes among verbatims that no existing theme covers.

    Args:
        documents: Theme terms of the verbatims to cluster (typically the uncovered ones).
        space: Document frequencies over the whole audience.
        existing: The current taxonomy; clusters similar to one of its themes are dropped.
        max_new: Most themes to return.
        min_size: Fewest verbatims a theme must gather; default 0.5% of the verbatims, at least
            8.
        sample: At most this many verbatims are clustered (chosen deterministically).
        fit_sample: At most this many of them fit the factorisation.
        seed: Seed of the factorisation and the sample.

    Returns:
        New themes, largest first, each with its label, keywords, centroid and members (indices
        into ``documents``).
    """
    from sklearn.decomposition import NMF  # noqa: PLC0415  # heavy, load late
    from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415  # heavy, load late
    from threadpoolctl import threadpool_limits  # noqa: PLC0415  # comes with scikit-learn

    candidates = [i for i, terms in enumerate(documents) if len(set(terms)) >= MIN_THEME_TERMS]
    floor = min_size if min_size is not None else max(8, int(0.005 * len(documents)))
    if len(candidates) < 2 * floor or max_new <= 0:
        return []
    if len(candidates) > sample:
        rng = np.random.default_rng(seed)
        candidates = sorted(rng.choice(candidates, size=sample, replace=False).tolist())
    document_frequency: Counter[str] = Counter()
    for i in candidates:
        document_frequency.update(set(documents[i]))
    # Terms in fewer than 3 verbatims cannot define a theme; terms in over 30% of a large
    # corpus are its subject (the brand, the product) rather than one theme.
    ceiling = max(3, int((0.3 if len(candidates) >= 500 else 0.6) * len(candidates)))
    kept = [t for t, df in document_frequency.items() if 3 <= df <= ceiling]
    # The most frequent terms are enough to find themes, and keep the factorisation fast.
    kept = sorted(kept, key=lambda t: (-document_frequency[t], t))[:MAX_VOCABULARY]
    vocabulary = {term: column for column, term in enumerate(sorted(kept))}
    if len(vocabulary) < 5:
        return []
    terms_by_column = sorted(vocabulary, key=vocabulary.__getitem__)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, i in enumerate(candidates):
        for term, weight in space.vector(documents[i]).items():
            column = vocabulary.get(term)
            if column is not None:
                rows.append(row)
                columns.append(column)
                values.append(weight)
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(candidates), len(vocabulary)))
    components = int(min(max_new + len(existing) // 4 + 2, max(3, math.sqrt(len(candidates) / 8))))
    components = max(2, min(components, len(vocabulary) - 1, len(candidates) - 1))
    # Factorise a sample (themes need hundreds of examples, not all of them), then place every
    # candidate by cosine to the components.
    fitted = matrix
    if matrix.shape[0] > fit_sample:
        rows_rng = np.random.default_rng(seed)
        fitted = matrix[np.sort(rows_rng.choice(matrix.shape[0], fit_sample, replace=False))]
    factoriser = NMF(
        n_components=components, init="nndsvda", random_state=seed, max_iter=80, tol=1e-3
    )
    # One BLAS thread: these matrices are small, and a BLAS that sees more cores than the
    # process may use (containers) slows down many times over.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        # A factorisation stopped at the iteration cap still yields usable components; the
        # size and similarity checks below judge them.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # scikit-learn's reconstruction-error report can take the root of a tiny negative
        # rounding error on near-exact fits; the components are unaffected.
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        factoriser.fit(fitted)
    loadings = factoriser.components_
    unit = loadings / np.maximum(np.linalg.norm(loadings, axis=1, keepdims=True), 1e-12)
    affinity = np.asarray(matrix @ unit.T)
    strongest = affinity.argmax(axis=1)
    strength = affinity.max(axis=1)
    found: list[DiscoveredTheme] = []
    for component in range(components):
        members_rows = [
            row
            for row in range(len(candidates))
            if strongest[row] == component and strength[row] >= ASSIGN_THRESHOLD
        ]
        if len(members_rows) < floor:
            continue
        loading = loadings[component]
        top = np.argsort(-loading)[:CENTROID_TERMS]
        centroid = {terms_by_column[c]: float(loading[c]) for c in top if loading[c] > 0}
        norm = math.sqrt(sum(v * v for v in centroid.values()))
        if not norm:
            continue
        centroid = {term: weight / norm for term, weight in centroid.items()}
        if any(similarity(centroid, theme.centroid) >= SAME_THEME_SIMILARITY for theme in existing):
            continue
        if any(similarity(centroid, other.centroid) >= SAME_THEME_SIMILARITY for other in found):
            continue
        keywords = _keywords(centroid)
        found.append(
            DiscoveredTheme(
                label=label_for(keywords),
                centroid=centroid,
                keywords=keywords,
                size=len(members_rows),
                members=[candidates[row] for row in members_rows],
            )
        )
    found.sort(key=lambda theme: -theme.size)
    return found[:max_new]


def _keywords(centroid: Mapping[str, float], count: int = 8) -> list[str]:
    ranked = sorted(centroid, key=lambda term: -centroid[term])
    chosen: list[str] = []
    for term in ranked:
        # A bigram made of words already listed adds nothing; a word inside a listed bigram
        # neither.
        words = term.split()
        if len(words) > 1 and all(word in chosen for word in words):
            continue
        if len(words) == 1 and any(
            term in existing.split() for existing in chosen if " " in existing
        ):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


def label_for(keywords: Sequence[str]) -> str:
    """A readable label from a theme's keywords, e.g. ``"Delivery late / courier"``."""
    if not keywords:
        return "Unlabelled theme"
    head = keywords[0]
    rest = [k for k in keywords[1:3] if not set(k.split()) & set(head.split())]
    label = head[:1].upper() + head[1:]
    return label + (" / " + " / ".join(rest) if rest else "")
