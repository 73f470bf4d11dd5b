"""The statistics behind every figure, against hand computation, published examples and the
reference implementations in SciPy, statsmodels and NumPy."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from centric.voc import statistics as st

Z95 = 1.959963984540054


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(st)
    assert result.attempted >= 5
    assert result.failed == 0


def test_nps_interval_matches_hand_computation_for_fifty_thirty_twenty() -> None:
    # 50 promoters, 30 passives, 20 detractors: NPS 0.30, variance (0.5 + 0.2 - 0.09) / 100.
    r = st.nps_interval([0.5], [0.2], [100])
    se = math.sqrt(0.0061)
    assert r.estimate[0] == pytest.approx(0.30)
    assert r.se[0] == pytest.approx(se)
    assert r.low[0] == pytest.approx(0.30 - Z95 * se)
    assert r.high[0] == pytest.approx(0.30 + Z95 * se)


def test_nps_interval_is_the_multinomial_variance_of_a_difference() -> None:
    # Var(p+ - p-) = [p+(1-p+) + p-(1-p-) + 2 p+ p-] / n for multinomial shares.
    p_pro, p_det, n = 0.37, 0.21, 412
    expected = (p_pro * (1 - p_pro) + p_det * (1 - p_det) + 2 * p_pro * p_det) / n
    assert st.nps_interval([p_pro], [p_det], [n]).se[0] ** 2 == pytest.approx(expected)


def test_nps_interval_stays_within_bounds_when_everyone_promotes() -> None:
    r = st.nps_interval([1.0, 0.0], [0.0, 1.0], [40, 40])
    assert list(r.low) == [1.0, -1.0]
    assert list(r.high) == [1.0, -1.0]


def test_nps_interval_is_missing_when_there_are_no_answers() -> None:
    r = st.nps_interval([0.0], [0.0], [0])
    assert math.isnan(r.estimate[0])
    assert math.isnan(r.low[0])


def test_wilson_interval_matches_newcombes_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, example 81/263: 0.2553 to 0.3662.
    r = st.wilson_interval([81 / 263], [263])
    assert r.low[0] == pytest.approx(0.2553, abs=5e-5)
    assert r.high[0] == pytest.approx(0.3662, abs=5e-5)


@pytest.mark.parametrize(("successes", "n"), [(0, 10), (1, 10), (5, 10), (10, 10), (37, 251)])
def test_wilson_interval_matches_statsmodels(successes: int, n: int) -> None:
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    r = st.wilson_interval([successes / n], [n])
    assert r.low[0] == pytest.approx(low, abs=1e-12)
    assert r.high[0] == pytest.approx(high, abs=1e-12)


def test_t_interval_matches_scipy() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(3.4, 1.1, 25)
    low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    r = st.t_interval([x.mean()], [x.var(ddof=1)], [len(x)])
    assert r.low[0] == pytest.approx(low)
    assert r.high[0] == pytest.approx(high)


def test_t_interval_is_missing_for_a_single_row() -> None:
    assert math.isnan(st.t_interval([4.0], [float("nan")], [1]).low[0])


def test_weighted_variance_matches_numpy_reliability_weights() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(10, 3, 50)
    w = rng.uniform(0.2, 3.0, 50)
    got = st.weighted_variance([w.sum()], [(w * w).sum()], [(w * x).sum()], [(w * x * x).sum()])
    assert got[0] == pytest.approx(np.cov(x, aweights=w))


def test_weighted_variance_reduces_to_the_sample_variance_with_unit_weights() -> None:
    x = np.array([2.0, 4.0, 4.0, 5.0, 9.0])
    got = st.weighted_variance([5], [5], [x.sum()], [(x * x).sum()])
    assert got[0] == pytest.approx(x.var(ddof=1))


def test_kish_effective_n_counts_rows_when_weights_are_equal() -> None:
    assert st.kish_effective_n([20.0], [20.0])[0] == pytest.approx(20)
    assert st.kish_effective_n([2.0 * 20], [4.0 * 20])[0] == pytest.approx(20)


def test_kish_effective_n_shrinks_with_unequal_weights() -> None:
    w = np.array([1.0, 1.0, 1.0, 5.0])
    # (8)^2 / (1 + 1 + 1 + 25) = 64 / 28
    assert st.kish_effective_n([w.sum()], [(w * w).sum()])[0] == pytest.approx(64 / 28)


def test_proportion_difference_matches_newcombes_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, 56/70 - 48/80, method 10: 0.0524 to 0.3339.
    d = st.proportion_difference([56 / 70], [70], [48 / 80], [80])
    assert d.difference[0] == pytest.approx(0.2)
    assert d.low[0] == pytest.approx(0.0524, abs=5e-5)
    assert d.high[0] == pytest.approx(0.3339, abs=5e-5)
    low, high = confint_proportions_2indep(56, 70, 48, 80, method="newcomb")
    assert (d.low[0], d.high[0]) == pytest.approx((low, high))


def test_proportion_difference_p_value_is_the_pooled_z_test() -> None:
    table = np.array([[56, 14], [48, 32]])
    _, p, _, _ = stats.chi2_contingency(table, correction=False)
    d = st.proportion_difference([56 / 70], [70], [48 / 80], [80])
    assert d.p_value[0] == pytest.approx(p)


def test_mean_difference_matches_scipy_welch_test() -> None:
    rng = np.random.default_rng(11)
    a = rng.normal(5.0, 1.0, 30)
    b = rng.normal(4.3, 2.0, 45)
    welch = stats.ttest_ind(a, b, equal_var=False)
    ci = welch.confidence_interval(0.95)
    d = st.mean_difference(
        [a.mean()], [a.var(ddof=1)], [len(a)], [b.mean()], [b.var(ddof=1)], [len(b)]
    )
    assert d.difference[0] == pytest.approx(a.mean() - b.mean())
    assert d.p_value[0] == pytest.approx(welch.pvalue)
    assert (d.low[0], d.high[0]) == pytest.approx((ci.low, ci.high))


def test_normal_difference_is_a_z_test_on_the_combined_standard_error() -> None:
    d = st.normal_difference([0.30], [0.03], [0.20], [0.04])
    assert d.difference[0] == pytest.approx(0.10)
    assert d.low[0] == pytest.approx(0.10 - Z95 * 0.05)
    assert d.p_value[0] == pytest.approx(2 * stats.norm.sf(2.0))


def test_differences_without_any_spread_are_certain_or_absent() -> None:
    d = st.normal_difference([1.0, 0.5], [0.0, 0.0], [-1.0, 0.5], [0.0, 0.0])
    assert list(d.p_value) == [0.0, 1.0]


def test_benjamini_hochberg_matches_statsmodels() -> None:
    rng = np.random.default_rng(2)
    p = np.concatenate([rng.uniform(0, 0.01, 5), rng.uniform(0, 1, 40)])
    _, expected, _, _ = multipletests(p, method="fdr_bh")
    assert st.benjamini_hochberg(p) == pytest.approx(expected)


def test_benjamini_hochberg_ignores_missing_p_values() -> None:
    q = st.benjamini_hochberg([0.01, float("nan"), 0.04])
    assert math.isnan(q[1])
    assert q[0] == pytest.approx(0.02)
    assert q[2] == pytest.approx(0.04)


def _bins(x: np.ndarray, resolution: int = 10) -> tuple[np.ndarray, ...]:
    codes = np.floor(np.log1p(x) * resolution)
    _, inverse = np.unique(codes, return_inverse=True)
    counts = np.bincount(inverse)
    return (
        counts,
        counts.astype(float),
        np.bincount(inverse, weights=x),
        np.bincount(inverse, weights=x * x),
    )


def test_bootstrap_interval_agrees_with_scipy_bca_on_raw_rows() -> None:
    rng = np.random.default_rng(8)
    x = rng.lognormal(5.5, 0.9, 300)
    reference = stats.bootstrap(
        (x,), np.mean, confidence_level=0.95, n_resamples=20000, method="BCa", random_state=1
    ).confidence_interval
    low, high = st.bootstrap_mean_interval(
        *_bins(x), replicates=20000, rng=np.random.default_rng(1)
    )
    width = reference.high - reference.low
    assert low == pytest.approx(reference.low, abs=0.04 * width)
    assert high == pytest.approx(reference.high, abs=0.04 * width)
    assert high - x.mean() > x.mean() - low  # right-skewed data give a right-skewed interval


def test_bootstrap_interval_keeps_the_spread_inside_one_bin() -> None:
    # Values packed into one bin: the interval must still be as wide as the t interval.
    rng = np.random.default_rng(4)
    x = rng.normal(300.0, 5.0, 200)
    low, high = st.bootstrap_mean_interval(*_bins(x), rng=np.random.default_rng(0))
    t = st.t_interval([x.mean()], [x.var(ddof=1)], [len(x)])
    assert low == pytest.approx(t.low[0], abs=0.15)
    assert high == pytest.approx(t.high[0], abs=0.15)


def test_bootstrap_interval_is_reproducible_with_the_same_seed() -> None:
    x = np.random.default_rng(6).lognormal(4, 1, 120)
    first = st.bootstrap_mean_interval(*_bins(x), rng=np.random.default_rng(9))
    second = st.bootstrap_mean_interval(*_bins(x), rng=np.random.default_rng(9))
    assert first == second


def test_bootstrap_interval_is_missing_for_a_single_row() -> None:
    low, high = st.bootstrap_mean_interval([1], [1.0], [5.0], [25.0], rng=np.random.default_rng(0))
    assert math.isnan(low)
    assert math.isnan(high)


def test_linear_trend_recovers_a_clean_slope() -> None:
    x = np.arange(6.0)
    trend = st.linear_trend(x, 10 + 2.5 * x, np.full(6, 0.01))
    assert trend is not None
    assert trend.slope == pytest.approx(2.5)
    assert trend.p_value < 1e-6


def test_linear_trend_widens_when_estimates_scatter_beyond_their_error() -> None:
    x = np.arange(8.0)
    y = np.array([1.0, -3.0, 4.0, -2.0, 3.0, -4.0, 2.0, 0.5])
    tight = st.linear_trend(x, y, np.full(8, 1e-4))
    assert tight is not None
    assert tight.p_value > 0.05  # scatter, not a trend, even with tiny sampling errors


def test_linear_trend_needs_three_periods() -> None:
    assert st.linear_trend([0.0, 1.0], [1.0, 2.0], [1.0, 1.0]) is None
