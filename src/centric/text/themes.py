"""Themes: what verbatims are about, discovered from the text and matched to a stable taxonomy.

A verbatim becomes a bag of *theme terms*: content words (no function words, fillers or pure
opinion words such as "great" or "terrible"), lightly singularised, Spanish service vocabulary
mapped to the English concept term (so "entrega" and "delivery" meet), plus adjacent-word
bigrams. Discovery factorises the TF-IDF matrix of the verbatims no theme covers yet (NMF), keeps
the components that gather enough verbatims, folds near-duplicates together, and gives each a
readable label and keywords; a component close to an existing theme is that theme, never a new
one, which is what keeps theme IDs stable across re-runs and new data. Assignment scores a
verbatim against every theme's centroid (cosine of TF-IDF vectors) and pinned keywords, for a
whole batch at once as sparse matrix products. This module computes; persistence of the
taxonomy is :mod:`centric.text.taxonomy`'s job.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from centric.text.lexicons import (
    EN_VALENCE,
    ES_TO_CONCEPT,
    ES_VALENCE,
    STOP_BY_LANGUAGE,
    TOPICAL_OPINION_WORDS,
)

ASSIGN_THRESHOLD = 0.2  # cosine to a theme centroid from which a verbatim mentions the theme
RELATIVE_THRESHOLD = 0.5  # a second or third theme must score at least half the best one
MAX_THEMES_PER_TEXT = 3
PINNED_SCORE = 0.6  # score given to a verbatim that contains a pinned keyword
# Centroid cosine from which a discovered cluster is an existing theme (never a new one) and
# two clusters of one run are folded into one theme.
SAME_THEME_SIMILARITY = 0.35
CENTROID_TERMS = 40
MEANING_THRESHOLD = 0.4  # cosine of grouping vectors from which a verbatim joins a cluster
TERM_DIMENSIONS = 100  # reduced term dimensions joined to sentence vectors for grouping
KEYWORDS_COMPARED = 3  # a new cluster led by one of a theme's first keywords is that theme
MIN_THEME_TERMS = 2  # a verbatim needs this many theme terms to be clustered
MAX_VOCABULARY = 3_000  # terms the factorisation works with
# English adverbs say how, not what: "generally", "mostly", "honestly" never name a theme.
_ADVERB_ENDINGS = (
    "ally", "ously", "ively", "fully", "lessly", "ently", "antly", "ably", "ibly", "edly",
    "ingly", "ately", "etely", "ctly", "arily", "tly",
)  # fmt: skip
_NOT_ADVERBS = frozenset(["assembly", "family", "supply", "reply", "apply", "ally", "rally"])


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


# Per reading language ("en", "es", or "" for both): canonical term of each word seen so far.
_CANONICAL: dict[str, dict[str, str | None]] = {"en": {}, "es": {}, "": {}}
_MAX_WORDS = 300_000


def _canonical(word: str, language: str) -> str | None:
    reader = language if language in ("en", "es") else ""
    known = _CANONICAL[reader]
    if word in known:
        return known[word]
    term = _canonical_uncached(word, reader)
    if len(known) >= _MAX_WORDS:
        known.clear()
    known[word] = term
    return term


def _canonical_uncached(word: str, reader: str) -> str | None:
    if len(word) < 3 or "'" in word:
        return None
    readers = (reader,) if reader else ("en", "es")
    if "es" in readers and word in ES_TO_CONCEPT:
        concept = ES_TO_CONCEPT[word]
        return None if concept in STOP_BY_LANGUAGE["en"] else concept
    for language in readers:
        if word in STOP_BY_LANGUAGE[language] or _is_adverb(word, language):
            return None
        valence = EN_VALENCE if language == "en" else ES_VALENCE
        if word in valence and word not in TOPICAL_OPINION_WORDS:
            return None
    return _singular_es(word) if reader == "es" else _singular_en(word)


def _is_adverb(word: str, language: str) -> bool:
    if language == "es":
        return len(word) > 7 and word.endswith("mente")
    return len(word) > 4 and word.endswith(_ADVERB_ENDINGS) and word not in _NOT_ADVERBS


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
    if len(terms) > 1:
        terms += [
            f"{left} {right}"
            for left, right in itertools.pairwise(canonical)
            if left and right and left != right
        ]
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
    def count(cls, documents: Sequence[Sequence[str]]) -> TermSpace:
        """Count document frequencies over ``documents`` (lists of theme terms)."""
        return cls.from_frequencies(document_frequencies(documents), len(documents))

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
        matrix, vocabulary = self.matrix([terms])
        return {vocabulary[column]: float(value) for column, value in zip(
            matrix.indices.tolist(), matrix.data.tolist(), strict=True
        )}  # fmt: skip

    def matrix(self, documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
        """The unit-length TF-IDF rows of many verbatims, and the term of each column.

        Args:
            documents: Theme terms of each verbatim.

        Returns:
            A sparse matrix with one row per verbatim (sub-linear term frequency times inverse
            document frequency, rows of unit length) and the terms of its columns.
        """
        counts, vocabulary = count_matrix(documents)
        unseen = self.unseen_idf
        idf = np.fromiter(
            (self.idf.get(term, unseen) for term in vocabulary), np.float64, len(vocabulary)
        )
        counts.data = (1.0 + np.log(counts.data)) * idf[counts.indices]
        _normalise_rows(counts)
        return counts, vocabulary


def count_matrix(documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """How often each term occurs in each document, and the term of each column."""
    index: dict[str, int] = {}
    flat = [index.setdefault(term, len(index)) for terms in documents for term in terms]
    lengths = np.fromiter((len(terms) for terms in documents), np.int64, len(documents))
    indptr = np.zeros(len(documents) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    matrix = sparse.csr_matrix(
        (np.ones(len(flat)), np.asarray(flat, dtype=np.int64), indptr),
        shape=(len(documents), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, list(index)


def document_frequencies(documents: Sequence[Sequence[str]]) -> dict[str, int]:
    """In how many documents each term occurs."""
    matrix, vocabulary = count_matrix(documents)
    counts = np.bincount(matrix.indices, minlength=len(vocabulary))
    return dict(zip(vocabulary, counts.tolist(), strict=True))


def _normalise_rows(matrix: sparse.csr_matrix) -> None:
    sizes = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), sizes)
    norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))
    matrix.data /= np.repeat(np.where(norms > 0, norms, 1.0), sizes)


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
    matrix, vocabulary = space.matrix(documents)
    return choose_themes(theme_scores(matrix, vocabulary, themes), themes)


def theme_scores(
    matrix: sparse.csr_matrix, vocabulary: Sequence[str], themes: Sequence[ThemeDefinition]
) -> npt.NDArray[np.float64]:
    """Score of every verbatim (rows of ``matrix``) against every theme (columns)."""
    column_of = {term: column for column, term in enumerate(vocabulary)}
    rows: list[int] = []
    columns: list[int] = []
    weights: list[float] = []
    pin_rows: list[int] = []
    pin_columns: list[int] = []
    for position, theme in enumerate(themes):
        excluded = set(theme.excluded)
        for term, weight in theme.centroid.items():
            row = column_of.get(term)
            if row is not None and term not in excluded:
                rows.append(row)
                columns.append(position)
                weights.append(weight)
        for term in theme.pinned:
            row = column_of.get(term)
            if row is not None:
                pin_rows.append(row)
                pin_columns.append(position)
    shape = (len(vocabulary), len(themes))
    centroids = sparse.csr_matrix((weights, (rows, columns)), shape=shape)
    scores = np.asarray((matrix @ centroids).todense())
    if pin_rows:
        pins = sparse.csr_matrix((np.ones(len(pin_rows)), (pin_rows, pin_columns)), shape=shape)
        pinned = np.asarray((matrix @ pins).todense()) > 0
        scores = np.where(pinned, np.maximum(scores, PINNED_SCORE), scores)
    return scores


def choose_themes(
    scores: npt.NDArray[np.float64], themes: Sequence[ThemeDefinition]
) -> list[list[tuple[str, float]]]:
    """The themes each row of ``scores`` mentions (see :func:`assign_themes`), best first."""
    if scores.shape[0] == 0:
        return []
    keep = min(MAX_THEMES_PER_TEXT, scores.shape[1])
    order = np.argsort(-scores, axis=1, kind="stable")[:, :keep]
    top = np.take_along_axis(scores, order, axis=1)
    floor = np.maximum(ASSIGN_THRESHOLD, RELATIVE_THRESHOLD * top[:, :1])
    chosen = top >= floor
    ids = [theme.theme_id for theme in themes]
    result: list[list[tuple[str, float]]] = []
    for picks, values, mask in zip(order.tolist(), top.tolist(), chosen.tolist(), strict=True):
        if not mask[0]:
            result.append([])
            continue
        result.append(
            [(ids[i], round(v, 4)) for i, v, m in zip(picks, values, mask, strict=True) if m]
        )
    return result


def similarity(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    """Cosine similarity of two unit-length term vectors."""
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(term, 0.0) for term, weight in left.items())


def proper_nouns(texts: Sequence[str]) -> frozenset[str]:
    """Names, places and brands: words capitalised inside sentences most of the time, handles.

    They say who or where, not what a comment is about, and are kept out of themes.

    Args:
        texts: Verbatims as written.

    Returns:
        The words, lower case and accent-folded as theme terms are.
    """
    from centric.text.tokens import fold  # noqa: PLC0415  # avoid a cycle at import

    capitalised: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    handles: set[str] = set()
    for text in texts:
        if "@" in text:
            handles.update(handle.lower() for handle in _HANDLE.findall(text))
        if text.islower():
            continue
        found = _INSIDE_SENTENCE.findall(text)
        seen.update(word.lower() for word in found)
        capitalised.update(
            word.lower() for word in found if word[0].isupper() and not word.isupper()
        )
    names = {
        word
        for word, count in capitalised.items()
        if count >= _PROPER_MIN and count >= _PROPER_SHARE * seen[word]
    }
    return frozenset(fold(word) for word in names | handles)


# A word after a word character or a comma and one space: not the first of a sentence.
_INSIDE_SENTENCE = re.compile(r"(?<=[\w,;)] )[^\W\d_]+")
_HANDLE = re.compile(r"@([^\W\d_]+)")  # social-media handles: an account, not a topic
_PROPER_MIN = 3
_PROPER_SHARE = 0.6


def discover_themes(
    documents: Sequence[Sequence[str]],
    space: TermSpace,
    existing: Sequence[ThemeDefinition] = (),
    *,
    max_new: int = 25,
    min_size: int | None = None,
    names: frozenset[str] = frozenset(),
    embed: Callable[[Sequence[int]], npt.NDArray[np.float64]] | None = None,
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
        names: Words that never define a theme (see :func:`proper_nouns`).
        embed: Unit sentence vectors of the documents at the given positions; when given,
            verbatims are grouped by meaning (k-means on the vectors) instead of by shared
            terms (NMF). Themes are described and assigned by their terms either way.
        sample: At most this many verbatims are clustered (chosen deterministically).
        fit_sample: At most this many of them fit the factorisation.
        seed: Seed of the factorisation and the sample.

    Returns:
        New themes, largest first, each with its label, keywords, centroid and members (indices
        into ``documents``).
    """
    floor = min_size if min_size is not None else max(8, int(0.005 * len(documents)))
    if max_new <= 0 or len(documents) < 2 * floor:
        return []
    matrix, vocabulary = space.matrix(documents)
    lengths = np.diff(matrix.indptr)
    candidates = np.flatnonzero(lengths >= MIN_THEME_TERMS)
    if len(candidates) < 2 * floor:
        return []
    if len(candidates) > sample:
        rng = np.random.default_rng(seed)
        candidates = np.sort(rng.choice(candidates, size=sample, replace=False))
    matrix = matrix[candidates]
    # Terms in fewer than 3 verbatims cannot define a theme; terms in over half of them are
    # the corpus's subject (the brand, the product) rather than one theme.
    frequency = np.bincount(matrix.indices, minlength=len(vocabulary))
    ceiling = max(3, int(0.5 * len(candidates)))
    usable = np.flatnonzero((frequency >= 3) & (frequency <= ceiling))
    if names:
        usable = np.array(
            [c for c in usable.tolist() if names.isdisjoint(vocabulary[c].split())], dtype=np.int64
        )
    # The most frequent terms are enough to find themes, and keep the factorisation fast.
    usable = usable[np.lexsort((usable, -frequency[usable]))][:MAX_VOCABULARY]
    if len(usable) < 5:
        return []
    usable.sort()
    terms = [vocabulary[column] for column in usable.tolist()]
    matrix = matrix[:, usable]
    # More components than themes expected: duplicates are folded together below, while too
    # few components blend distinct themes into one.
    components = int(min(max_new + len(existing) // 4 + 2, max(3, math.sqrt(len(candidates) / 4))))
    components = max(2, min(components, len(terms) - 1, len(candidates) - 1))
    # Fit on a sample (themes need hundreds of examples, not all of them), then place every
    # candidate.
    fit_rows = np.arange(matrix.shape[0])
    if matrix.shape[0] > fit_sample:
        fit_rows = np.sort(
            np.random.default_rng(seed).choice(matrix.shape[0], fit_sample, replace=False)
        )
    if embed is not None:
        vectors = _with_terms(embed(candidates.tolist()), matrix, seed)
        nearest, close = _group_by_meaning(vectors, fit_rows, components, seed)
    else:
        nearest, close = _group_by_terms(matrix, fit_rows, components, seed)
    clusters = _clusters(matrix, terms, nearest, close, components)
    clusters = _fold_duplicates(clusters, matrix, terms)
    found: list[DiscoveredTheme] = []
    for centroid in clusters:
        keywords = _keywords(centroid)
        if any(_restates(centroid, keywords, theme) for theme in existing):
            continue
        members = _members(matrix, terms, centroid)
        if len(members) < floor:
            continue
        found.append(
            DiscoveredTheme(
                label=label_for(keywords),
                centroid=centroid,
                keywords=keywords,
                size=len(members),
                members=candidates[members].tolist(),
            )
        )
    found.sort(key=lambda theme: -theme.size)
    return found[:max_new]


def _restates(
    centroid: Mapping[str, float], keywords: Sequence[str], theme: ThemeDefinition
) -> bool:
    # A cluster is an existing theme seen again when their centroids are close, or when its
    # leading keyword leads that theme too: a variant, which must not become a second theme.
    if similarity(centroid, theme.centroid) >= SAME_THEME_SIMILARITY:
        return True
    leading = (
        theme.keywords[:KEYWORDS_COMPARED]
        or sorted(theme.centroid, key=lambda term: -theme.centroid[term])[:KEYWORDS_COMPARED]
    )
    return bool(keywords) and keywords[0] in leading


Grouping = tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]


def _group_by_terms(
    matrix: sparse.csr_matrix, fit_rows: npt.NDArray[np.int64], components: int, seed: int
) -> Grouping:
    # Factorise the TF-IDF rows (NMF); each verbatim joins the component it is closest to.
    from sklearn.decomposition import NMF  # noqa: PLC0415  # heavy, load late
    from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415  # heavy, load late
    from threadpoolctl import (  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415  # no stubs
        threadpool_limits,  # comes with scikit-learn
    )

    factoriser = NMF(
        n_components=components, init="nndsvda", random_state=seed, max_iter=80, tol=1e-3
    )
    # One BLAS thread: these matrices are small, and a BLAS that sees more cores than the
    # process may use (containers) slows down many times over.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        # A factorisation stopped at the iteration cap still yields usable components; the
        # size and similarity checks judge them.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # scikit-learn's reconstruction-error report can take the root of a tiny negative
        # rounding error on near-exact fits; the components are unaffected.
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        factoriser.fit(matrix[fit_rows])
    loadings = factoriser.components_
    unit = loadings / np.maximum(np.linalg.norm(loadings, axis=1, keepdims=True), 1e-12)
    affinity = np.asarray(matrix @ unit.T)
    return affinity.argmax(axis=1), affinity.max(axis=1) >= ASSIGN_THRESHOLD


def _with_terms(
    vectors: npt.NDArray[np.float64], matrix: sparse.csr_matrix, seed: int
) -> npt.NDArray[np.float64]:
    # Sentence vectors say what a verbatim means as a whole; its terms say which things it
    # names (and carry the Spanish glossary, which an English sentence model lacks). Both
    # halves, each of unit length, make the vector that is grouped.
    from sklearn.decomposition import TruncatedSVD  # noqa: PLC0415  # heavy, load late

    dimensions = min(TERM_DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dimensions < 2:
        return vectors
    reduced = TruncatedSVD(n_components=dimensions, random_state=seed).fit_transform(matrix)
    reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)
    combined = np.hstack([vectors, reduced]) / math.sqrt(2.0)
    return np.asarray(combined, dtype=np.float64)


def _group_by_meaning(
    vectors: npt.NDArray[np.float64], fit_rows: npt.NDArray[np.int64], components: int, seed: int
) -> Grouping:
    # k-means on unit sentence vectors; each verbatim joins its nearest centre if close enough.
    from sklearn.cluster import KMeans  # noqa: PLC0415  # heavy, load late
    from threadpoolctl import (  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415  # no stubs
        threadpool_limits,  # comes with scikit-learn
    )

    with threadpool_limits(limits=1):
        means = KMeans(n_clusters=components, n_init=1, random_state=seed).fit(vectors[fit_rows])
    centres = means.cluster_centers_ / np.maximum(
        np.linalg.norm(means.cluster_centers_, axis=1, keepdims=True), 1e-12
    )
    affinity = vectors @ centres.T
    return affinity.argmax(axis=1), affinity.max(axis=1) >= MEANING_THRESHOLD


def _clusters(
    matrix: sparse.csr_matrix,
    terms: Sequence[str],
    nearest: npt.NDArray[np.int64],
    close: npt.NDArray[np.bool_],
    components: int,
) -> list[dict[str, float]]:
    # A cluster's centroid is what its verbatims say more than verbatims in general (their
    # mean minus the overall mean, the strongest terms, unit length). Components themselves
    # are often down to a word or two; what was said around them describes the theme and shows
    # which clusters are one theme, while words every theme shares ("order", "store") drop out.
    overall = np.asarray(matrix.mean(axis=0)).ravel()
    found: list[dict[str, float]] = []
    for component in range(components):
        rows = np.flatnonzero(close & (nearest == component))
        if not len(rows):
            continue
        mean = np.asarray(matrix[rows].mean(axis=0)).ravel() - overall
        top = np.argsort(-mean, kind="stable")[:CENTROID_TERMS]
        centroid = {terms[c]: float(mean[c]) for c in top.tolist() if mean[c] > 0}
        norm = math.sqrt(sum(v * v for v in centroid.values()))
        if norm:
            found.append({term: weight / norm for term, weight in centroid.items()})
    return found


def _fold_duplicates(
    clusters: list[dict[str, float]], matrix: sparse.csr_matrix, terms: Sequence[str]
) -> list[dict[str, float]]:
    # Components that say the same thing (a factorisation often splits a large theme in two)
    # are averaged into one, weighted by the verbatims each gathers, the larger first.
    weights = [float(len(_members(matrix, terms, centroid))) for centroid in clusters]
    order = sorted(range(len(clusters)), key=lambda i: -weights[i])
    folded: list[tuple[dict[str, float], float]] = []
    for i in order:
        centroid, weight = clusters[i], weights[i]
        for position, (other, other_weight) in enumerate(folded):
            if similarity(centroid, other) >= SAME_THEME_SIMILARITY:
                combined = {
                    term: other.get(term, 0.0) * other_weight + centroid.get(term, 0.0) * weight
                    for term in set(other) | set(centroid)
                }
                top = sorted(combined, key=lambda term: (-combined[term], term))[:CENTROID_TERMS]
                norm = math.sqrt(sum(combined[term] ** 2 for term in top)) or 1.0
                folded[position] = (
                    {term: combined[term] / norm for term in top},
                    other_weight + weight,
                )
                break
        else:
            folded.append((centroid, weight))
    return [centroid for centroid, _ in folded]


def _members(
    matrix: sparse.csr_matrix, terms: Sequence[str], centroid: Mapping[str, float]
) -> npt.NDArray[np.int64]:
    # Rows of ``matrix`` whose cosine to ``centroid`` reaches the assignment threshold: the
    # verbatims the theme would be assigned to.
    position = {term: column for column, term in enumerate(terms)}
    vector = np.zeros(matrix.shape[1])
    for term, weight in centroid.items():
        column = position.get(term)
        if column is not None:
            vector[column] = weight
    return np.flatnonzero(matrix @ vector >= ASSIGN_THRESHOLD)


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
