"""The statistics behind every figure: intervals, effective sample sizes, tests and FDR control.

Everything here works on small aggregated numbers (counts, sums, shares) held in NumPy arrays,
never on rows, so it runs identically whichever engine aggregated them. Each function implements
one published formula, cited in its docstring and in ``docs/metrics.md``. Estimates are on their
natural scale (shares in 0..1, NPS in -1..1); callers scale them for display. This module must
not know about tables, engines or metrics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    """Point estimates with their standard errors and two-sided confidence limits."""

    estimate: Array
    se: Array
    low: Array
    high: Array


@dataclass(frozen=True)
class Difference:
    """Differences (first minus second) with confidence limits and two-sided p-values."""

    difference: Array
    low: Array
    high: Array
    p_value: Array


def _f(values: ArrayLike) -> Array:
    return np.asarray(values, dtype=np.float64)


def normal_quantile(confidence: float) -> float:
    """The two-sided standard-normal critical value, e.g. 1.95996 for 0.95."""
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def kish_effective_n(sum_weights: ArrayLike, sum_squared_weights: ArrayLike) -> Array:
    """Kish's effective sample size ``(sum w)^2 / sum w^2`` (Kish 1965, section 11.7).

    With equal weights it is the number of rows; unequal weights lower it, and the intervals
    computed with it widen accordingly. Zero where there is no weight.
    """
    w = _f(sum_weights)
    w2 = _f(sum_squared_weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(w2 > 0, w * w / np.where(w2 > 0, w2, 1.0), 0.0)


def nps_interval(
    promoters: ArrayLike, detractors: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> Interval:
    """NPS (on -1..1) with the Wald interval from the trinomial variance.

    With shares ``p+`` and ``p-`` of promoters and detractors among ``n`` answers, the NPS is
    ``p+ - p-`` and its variance ``(p+ + p- - (p+ - p-)^2) / n`` (the variance of a difference
    of two multinomial shares; Rocks 2016). Limits are clipped to [-1, 1].

    Args:
        promoters: Share of promoters ``p+`` (weighted share when weights apply).
        detractors: Share of detractors ``p-``.
        n: (Effective) number of answers.
        confidence: Confidence level of the interval.

    Returns:
        NPS, standard error and limits, all on -1..1; NaN where ``n`` is 0.

    Examples:
        >>> r = nps_interval([0.5], [0.2], [100])
        >>> round(float(r.estimate[0]), 3), round(float(r.se[0]), 4)
        (0.3, 0.0781)
    """
    p_pro, p_det, size = _f(promoters), _f(detractors), _f(n)
    estimate = p_pro - p_det
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = np.maximum(p_pro + p_det - estimate**2, 0.0) / size
    se = np.sqrt(np.where(size > 0, variance, np.nan))
    estimate = np.where(size > 0, estimate, np.nan)
    z = normal_quantile(confidence)
    return Interval(
        estimate, se, np.clip(estimate - z * se, -1.0, 1.0), np.clip(estimate + z * se, -1.0, 1.0)
    )


def wilson_interval(share: ArrayLike, n: ArrayLike, confidence: float = 0.95) -> Interval:
    """A share with the Wilson score interval (Wilson 1927).

    ``(p + z^2/2n +/- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)``. Unlike the Wald interval it
    stays inside [0, 1] and keeps close to its nominal coverage for small ``n`` and shares near
    0 or 1 (Agresti & Coull 1998). With weights, ``n`` is the effective sample size.

    Args:
        share: Observed share ``p`` in 0..1.
        n: (Effective) number of rows.
        confidence: Confidence level.

    Returns:
        The share, its standard error ``sqrt(p(1-p)/n)`` and the Wilson limits.

    Examples:
        >>> r = wilson_interval([0.5], [10])
        >>> round(float(r.low[0]), 4), round(float(r.high[0]), 4)
        (0.2366, 0.7634)
    """
    p, size = _f(share), _f(n)
    z = normal_quantile(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = 1.0 + z * z / size
        centre = (p + z * z / (2.0 * size)) / denominator
        half = z * np.sqrt(p * (1.0 - p) / size + z * z / (4.0 * size * size)) / denominator
        se = np.sqrt(p * (1.0 - p) / size)
    valid = size > 0
    # The interval always contains p; min/max only undo rounding at p = 0 or 1.
    low = np.clip(np.minimum(centre - half, p), 0.0, 1.0)
    high = np.clip(np.maximum(centre + half, p), 0.0, 1.0)
    return Interval(
        np.where(valid, p, np.nan),
        np.where(valid, se, np.nan),
        np.where(valid, low, np.nan),
        np.where(valid, high, np.nan),
    )


def t_interval(
    mean: ArrayLike, variance: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> Interval:
    """A mean with Student's t interval ``mean +/- t(n-1) s / sqrt(n)``.

    Args:
        mean: Sample mean.
        variance: Sample variance ``s^2`` (with the ``n - 1`` denominator).
        n: (Effective) number of rows; needs more than 1.
        confidence: Confidence level.

    Returns:
        The mean, its standard error and limits; NaN limits where ``n <= 1``.

    Examples:
        >>> r = t_interval([3.0], [1.0], [4])
        >>> round(float(r.low[0]), 4), round(float(r.high[0]), 4)
        (1.4088, 4.5912)
    """
    m, s2, size = _f(mean), _f(variance), _f(n)
    valid = size > 1
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(valid, np.sqrt(np.maximum(s2, 0.0) / size), np.nan)
        t = stats.t.ppf(0.5 + confidence / 2.0, np.where(valid, size - 1.0, 1.0))
    return Interval(np.where(size > 0, m, np.nan), se, m - t * se, m + t * se)


def weighted_variance(
    sum_weights: ArrayLike, sum_squared_weights: ArrayLike, sum_wx: ArrayLike, sum_wx2: ArrayLike
) -> Array:
    """Sample variance from weighted sums, unbiased for reliability weights.

    ``(sum w x^2 - (sum w x)^2 / sum w) / (sum w - sum w^2 / sum w)``; with unit weights this is
    the usual ``sum (x - mean)^2 / (n - 1)``. NaN where it is undefined (one row).
    """
    w, w2, wx, wx2 = _f(sum_weights), _f(sum_squared_weights), _f(sum_wx), _f(sum_wx2)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = w - w2 / w
        variance = (wx2 - wx * wx / w) / denominator
    return np.where(denominator > 0, np.maximum(variance, 0.0), np.nan)


def bootstrap_mean_interval(
    counts: ArrayLike,
    sum_weights: ArrayLike,
    sum_wx: ArrayLike,
    sum_wx2: ArrayLike,
    *,
    confidence: float = 0.95,
    replicates: int = 2000,
    rng: np.random.Generator,
) -> tuple[float, float]:
    """BCa bootstrap interval of a (weighted) mean, from values grouped into bins.

    The rows are summarised by bins: ``counts[b]`` rows whose weights sum to ``sum_weights[b]``,
    weighted values to ``sum_wx[b]`` and weighted squares to ``sum_wx2[b]``. Resampling rows
    with replacement is drawing new bin counts from the multinomial distribution with
    probabilities ``counts / n``; the spread of the rows inside each drawn bin, known exactly
    from the squares, is added as a normal term, so the replicates keep the data's full variance
    however coarse the bins (and however narrow the data). The interval is Efron's
    bias-corrected and accelerated (BCa) interval (Efron 1987), the acceleration coming from the
    closed-form jackknife over rows.

    Args:
        counts: Rows per bin.
        sum_weights: Sum of weights per bin (the counts when unweighted).
        sum_wx: Sum of weight x value per bin.
        sum_wx2: Sum of weight x value squared per bin.
        confidence: Confidence level.
        replicates: Bootstrap replicates.
        rng: Seeded generator, so the same data give the same interval.

    Returns:
        The lower and upper limit; NaN when fewer than two rows.
    """
    c = np.asarray(counts, dtype=np.int64)
    w, wx, wx2 = _f(sum_weights), _f(sum_wx), _f(sum_wx2)
    keep = (c > 0) & (w > 0)
    c, w, wx, wx2 = c[keep], w[keep], wx[keep], wx2[keep]
    n = int(c.sum())
    if n < 2:
        return float("nan"), float("nan")
    unit_w = w / c  # the mean weight of one row of the bin
    unit_wx = wx / c
    # Variance of one row's weighted value around its bin's mean (mean weight times spread).
    within = unit_w**2 * np.maximum(wx2 / w - (wx / w) ** 2, 0.0)
    theta = float(wx.sum() / w.sum())
    draws = rng.multinomial(n, c / n, size=replicates).astype(np.float64)
    noise = np.sqrt(draws @ within) * rng.standard_normal(replicates)
    thetas = (draws @ unit_wx + noise) / (draws @ unit_w)
    below = (np.count_nonzero(thetas < theta) + 0.5 * np.count_nonzero(thetas == theta)) / len(
        thetas
    )
    alphas = np.array([(1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0])
    if not 0.0 < below < 1.0:
        # Every replicate on one side of the estimate: no bias correction can be estimated.
        low, high = np.quantile(thetas, alphas)
        return float(low), float(high)
    z0 = float(stats.norm.ppf(below))
    total_w, total_wx = float(w.sum()), float(wx.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        jackknife = (total_wx - unit_wx) / (total_w - unit_w)
    jackknife = np.where(np.isfinite(jackknife), jackknife, theta)
    spread = float((c * jackknife).sum() / n) - jackknife
    denominator = 6.0 * float((c * spread**2).sum()) ** 1.5
    acceleration = float((c * spread**3).sum()) / denominator if denominator > 0 else 0.0
    z = stats.norm.ppf(alphas)
    adjusted = stats.norm.cdf(z0 + (z0 + z) / (1.0 - acceleration * (z0 + z)))
    low, high = np.quantile(thetas, np.clip(adjusted, 0.0, 1.0))
    return float(low), float(high)


def _two_sided_p(statistic: Array, difference: Array, df: Array | None = None) -> Array:
    # A zero standard error leaves a certain difference (p = 0) or none at all (p = 1).
    with np.errstate(invalid="ignore"):
        tail = (
            stats.norm.sf(np.abs(statistic))
            if df is None
            else stats.t.sf(np.abs(statistic), np.where(np.isfinite(df), df, 1.0))
        )
    p = 2.0 * tail
    degenerate = ~np.isfinite(statistic) & np.isfinite(difference)
    return np.where(degenerate, np.where(difference == 0, 1.0, 0.0), p)


def normal_difference(
    estimate_1: ArrayLike,
    se_1: ArrayLike,
    estimate_2: ArrayLike,
    se_2: ArrayLike,
    confidence: float = 0.95,
) -> Difference:
    """Difference of two independent estimates with the Wald interval and z-test.

    ``d = e1 - e2``, ``se = sqrt(se1^2 + se2^2)``; used for NPS, whose trinomial variance makes
    it asymptotically normal.
    """
    e1, e2 = _f(estimate_1), _f(estimate_2)
    se = np.sqrt(_f(se_1) ** 2 + _f(se_2) ** 2)
    difference = e1 - e2
    z = normal_quantile(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = difference / se
    return Difference(
        difference, difference - z * se, difference + z * se, _two_sided_p(statistic, difference)
    )


def proportion_difference(
    share_1: ArrayLike,
    n_1: ArrayLike,
    share_2: ArrayLike,
    n_2: ArrayLike,
    confidence: float = 0.95,
) -> Difference:
    """Difference of two independent shares: Newcombe's hybrid score interval and the z-test.

    The interval combines the two Wilson intervals (Newcombe 1998, method 10):
    ``d - sqrt((p1 - l1)^2 + (u2 - p2)^2)`` to ``d + sqrt((u1 - p1)^2 + (p2 - l2)^2)``. The
    p-value is the pooled two-proportion z-test. ``n`` may be an effective sample size.
    """
    p1, p2, size_1, size_2 = _f(share_1), _f(share_2), _f(n_1), _f(n_2)
    w1 = wilson_interval(p1, size_1, confidence)
    w2 = wilson_interval(p2, size_2, confidence)
    difference = p1 - p2
    low = difference - np.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)
    high = difference + np.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (p1 * size_1 + p2 * size_2) / (size_1 + size_2)
        se0 = np.sqrt(pooled * (1.0 - pooled) * (1.0 / size_1 + 1.0 / size_2))
        statistic = difference / se0
    return Difference(difference, low, high, _two_sided_p(statistic, difference))


def mean_difference(
    mean_1: ArrayLike,
    variance_1: ArrayLike,
    n_1: ArrayLike,
    mean_2: ArrayLike,
    variance_2: ArrayLike,
    n_2: ArrayLike,
    confidence: float = 0.95,
) -> Difference:
    """Difference of two independent means: Welch's t interval and test (Welch 1947).

    ``se = sqrt(s1^2/n1 + s2^2/n2)`` with the Welch-Satterthwaite degrees of freedom
    ``(v1 + v2)^2 / (v1^2/(n1-1) + v2^2/(n2-1))``, where ``v = s^2/n``.
    """
    m1, m2 = _f(mean_1), _f(mean_2)
    size_1, size_2 = _f(n_1), _f(n_2)
    with np.errstate(divide="ignore", invalid="ignore"):
        v1 = _f(variance_1) / size_1
        v2 = _f(variance_2) / size_2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (size_1 - 1.0) + v2**2 / (size_2 - 1.0))
        difference = m1 - m2
        statistic = difference / se
        t = stats.t.ppf(0.5 + confidence / 2.0, np.where(np.isfinite(df) & (df > 0), df, 1.0))
    return Difference(
        difference,
        difference - t * se,
        difference + t * se,
        _two_sided_p(statistic, difference, df),
    )


def benjamini_hochberg(p_values: ArrayLike) -> Array:
    """Benjamini-Hochberg adjusted p-values (q-values); NaN entries stay NaN and do not count.

    Declaring "real" every comparison whose q-value is below ``alpha`` keeps the expected share
    of false discoveries among them at most ``alpha`` (Benjamini & Hochberg 1995).

    Examples:
        >>> [round(float(q), 3) for q in benjamini_hochberg([0.01, 0.04, 0.03, float("nan")])]
        [0.03, 0.04, 0.04, nan]
    """
    p = _f(p_values)
    q = np.full_like(p, np.nan)
    finite = np.isfinite(p)
    if finite.any():
        q[finite] = stats.false_discovery_control(np.clip(p[finite], 0.0, 1.0), method="bh")
    return q


@dataclass(frozen=True)
class Trend:
    """A fitted linear trend: change per period with its interval and p-value."""

    slope: float
    low: float
    high: float
    p_value: float


@dataclass(frozen=True)
class Trends:
    """Linear trends of many groups at once; NaN where a group has too few usable points."""

    points: NDArray[np.int64]
    slope: Array
    low: Array
    high: Array
    p_value: Array


def linear_trends(
    group: ArrayLike,
    x: ArrayLike,
    y: ArrayLike,
    variance: ArrayLike,
    confidence: float = 0.95,
    *,
    groups: int | None = None,
) -> Trends:
    """Weighted least-squares slopes of estimates over periods, one per group.

    Each group's estimates ``y`` at periods ``x`` are weighted by ``1 / variance``. The residual
    dispersion ``phi = max(1, sum w r^2 / (k - 2))`` widens the interval when the estimates
    scatter more than their sampling error explains, and the test uses Student's t with
    ``k - 2`` degrees of freedom, so a trend is only called when it stands out from both.
    Points with a missing or zero variance are left out; groups need three points.

    Args:
        group: Group number (0, 1, ...) of each point.
        x: Period index of each point.
        y: Estimate at each point.
        variance: Variance of each estimate.
        confidence: Confidence level of the slope's interval.
        groups: Number of groups; default one more than the largest group number.

    Returns:
        Per group: usable points, slope, limits and two-sided p-value.
    """
    g = np.asarray(group, dtype=np.int64)
    xs, ys, var = _f(x), _f(y), _f(variance)
    usable = np.isfinite(xs) & np.isfinite(ys) & np.isfinite(var) & (var > 0)
    g, xs, ys, var = g[usable], xs[usable], ys[usable], var[usable]
    size = groups if groups is not None else (int(g.max()) + 1 if len(g) else 0)

    def total(values: Array) -> Array:
        return np.bincount(g, weights=values, minlength=size).astype(np.float64)

    w = 1.0 / var
    k = np.bincount(g, minlength=size)
    sum_w = total(w)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_bar = total(w * xs) / sum_w
        y_bar = total(w * ys) / sum_w
        dx = xs - x_bar[g]
        sxx = total(w * dx * dx)
        slope = total(w * dx * (ys - y_bar[g])) / sxx
        residual = ys - (y_bar[g] + slope[g] * dx)
        df = (k - 2).astype(np.float64)
        phi = np.maximum(1.0, total(w * residual * residual) / df)
        se = np.sqrt(phi / sxx)
    valid = (k >= 3) & (sxx > 0)
    safe_df = np.where(valid, df, 1.0)
    t = stats.t.ppf(0.5 + confidence / 2.0, safe_df)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = np.where(se > 0, 2.0 * stats.t.sf(np.abs(slope / se), safe_df), 0.0)
    return Trends(
        points=k,
        slope=np.where(valid, slope, np.nan),
        low=np.where(valid, slope - t * se, np.nan),
        high=np.where(valid, slope + t * se, np.nan),
        p_value=np.where(valid, p_value, np.nan),
    )


def linear_trend(
    x: ArrayLike, y: ArrayLike, variance: ArrayLike, confidence: float = 0.95
) -> Trend | None:
    """The trend of one series (see :func:`linear_trends`); ``None`` below three points."""
    xs = _f(x)
    fitted = linear_trends(np.zeros(len(xs), dtype=np.int64), xs, y, variance, confidence, groups=1)
    if not np.isfinite(fitted.slope[0]):
        return None
    return Trend(
        float(fitted.slope[0]), float(fitted.low[0]), float(fitted.high[0]),
        float(fitted.p_value[0]),
    )  # fmt: skip
