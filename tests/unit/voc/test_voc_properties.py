"""Properties every interval must have, for any data (hypothesis), and the coverage of the NPS
interval in 2,000 simulated surveys."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st_

from centric.voc import statistics as st

counts = st_.integers(min_value=0, max_value=2000)


@given(promoters=counts, passives=counts, detractors=counts)
def test_nps_interval_contains_the_estimate_within_bounds(
    promoters: int, passives: int, detractors: int
) -> None:
    n = promoters + passives + detractors
    if n == 0:
        return
    r = st.nps_interval([promoters / n], [detractors / n], [n])
    assert -1.0 <= r.low[0] <= r.estimate[0] <= r.high[0] <= 1.0
    assert -100 <= 100 * r.estimate[0] <= 100


@given(
    promoters=st_.integers(1, 500), passives=st_.integers(0, 500), detractors=st_.integers(1, 500)
)
def test_nps_interval_narrows_as_n_grows(promoters: int, passives: int, detractors: int) -> None:
    n = promoters + passives + detractors
    shares = ([promoters / n], [detractors / n])
    small = st.nps_interval(*shares, [n])
    large = st.nps_interval(*shares, [4 * n])
    assert large.high[0] - large.low[0] < small.high[0] - small.low[0]


@given(successes=counts, failures=counts)
def test_wilson_interval_contains_the_share_within_bounds(successes: int, failures: int) -> None:
    n = successes + failures
    if n == 0:
        return
    r = st.wilson_interval([successes / n], [n])
    assert 0.0 <= r.low[0] <= successes / n <= r.high[0] <= 1.0


@given(successes=st_.integers(0, 300), failures=st_.integers(0, 300))
def test_wilson_interval_narrows_as_n_grows(successes: int, failures: int) -> None:
    n = successes + failures
    if n == 0:
        return
    small = st.wilson_interval([successes / n], [n])
    large = st.wilson_interval([successes / n], [3 * n])
    assert large.high[0] - large.low[0] < small.high[0] - small.low[0]


@given(
    values=st_.lists(
        st_.floats(min_value=-1e4, max_value=1e4, allow_nan=False), min_size=2, max_size=60
    )
)
def test_t_interval_contains_the_mean(values: list[float]) -> None:
    x = np.array(values)
    r = st.t_interval([x.mean()], [x.var(ddof=1)], [len(x)])
    assert r.low[0] <= x.mean() + 1e-9
    assert x.mean() - 1e-9 <= r.high[0]


@given(mean=st_.floats(-100, 100), variance=st_.floats(0.01, 100), n=st_.integers(2, 500))
def test_t_interval_narrows_as_n_grows(mean: float, variance: float, n: int) -> None:
    small = st.t_interval([mean], [variance], [n])
    large = st.t_interval([mean], [variance], [2 * n])
    assert large.high[0] - large.low[0] < small.high[0] - small.low[0]


def test_nps_interval_covers_the_true_value_in_2000_simulated_surveys() -> None:
    # 2,000 surveys of 250 answers from a population with 45% promoters and 25% detractors
    # (NPS 20): the 95% interval must contain 20 in 93-97% of them.
    rng = np.random.default_rng(20240601)
    surveys, n = 2000, 250
    answers = rng.multinomial(n, [0.45, 0.30, 0.25], size=surveys)
    r = st.nps_interval(answers[:, 0] / n, answers[:, 2] / n, np.full(surveys, n))
    covered = np.mean((r.low <= 0.20) & (r.high >= 0.20))
    assert 0.93 <= covered <= 0.97
