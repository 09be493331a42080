"""The shared interval statistics (measure.statistics), checked against numpy written out here."""

import hashlib

import numpy as np
import pytest
from scipy.stats import chi2

from analysis.measure.statistics import ZERO_COUNT_UPPER_HITS, keyed_rng, percentile_interval, rate_interval, resample_counts


def test_the_percentile_bootstrap_of_a_mean_matches_numpy_written_out():
    sample = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    counts = resample_counts(keyed_rng(7, "plan-a"), len(sample), 2000)
    low, high = percentile_interval(counts @ sample / len(sample))
    # Independently: the generator seeded from (7, the first 12 hex digits of sha256("plan-a")),
    # 2000 resamples of 5 draws with replacement, then the 2.5th and 97.5th percentiles.
    rng = np.random.default_rng([7, int(hashlib.sha256(b"plan-a").hexdigest()[:12], 16)])
    means = rng.multinomial(5, [0.2] * 5, size=2000) @ sample / 5
    assert (low, high) == (np.percentile(means, 2.5), np.percentile(means, 97.5))
    assert 1.0 <= low < sample.mean() < high <= 10.0


def test_a_two_point_sample_has_the_interval_read_by_hand():
    # Means of two draws from {0, 1}: 0 with probability 1/4, 1/2 with 1/2, 1 with 1/4; so
    # with many resamples the 2.5th percentile is 0 and the 97.5th is 1.
    counts = resample_counts(keyed_rng(1, "x"), 2, 4000)
    low, high = percentile_interval(counts @ np.array([0.0, 1.0]) / 2)
    assert (low, high) == (0.0, 1.0)
    low, high = percentile_interval(np.full((50, 3), 2.5))  # nothing varies: a point
    assert low.tolist() == high.tolist() == [2.5, 2.5, 2.5]


def test_each_key_has_its_own_stream():
    first = resample_counts(keyed_rng(3, "a"), 4, 10)
    assert (first == resample_counts(keyed_rng(3, "a"), 4, 10)).all()  # seeded
    assert not (first == resample_counts(keyed_rng(3, "b"), 4, 10)).all()  # another plan, another stream
    assert first.sum(axis=1).tolist() == [4] * 10  # n draws per resample


def test_the_zero_count_bound_is_the_exact_poisson_one():
    # P(no event | rate m) = exp(-m) = 0.025 at 95%: m = -ln 0.025 = 3.6889
    assert ZERO_COUNT_UPPER_HITS == pytest.approx(3.6889, abs=1e-4)
    # ... which is Garwood's upper end at k = 0: chi2(0.975; 2) / 2 = -ln 0.025.
    assert chi2.ppf(0.975, 2) / 2 == pytest.approx(ZERO_COUNT_UPPER_HITS, rel=1e-12)


def test_a_few_hits_get_at_least_the_exact_poisson_interval():
    # 1 hit in 1,000 words, a bootstrap that saw the hit in every resample (a point at 1 per 1,000):
    # Garwood's exact 95% interval for one event is chi2(0.025; 2)/2 = -ln 0.975 = 0.0253 to
    # chi2(0.975; 4)/2 = 5.5716 events, so per 1,000 words 0.0253 to 5.5716.
    low, high = rate_interval(np.array([1, 0, 40]), 1000, np.array([1.0, 0.0, 20.0]), np.array([1.0, 0.0, 70.0]))
    assert low[0] == pytest.approx(0.0253, abs=1e-4) and high[0] == pytest.approx(5.5716, abs=1e-4)
    # Zero hits: from 0 to the zero-count bound, the same number as before.
    assert low[1] == 0.0 and high[1] == pytest.approx(ZERO_COUNT_UPPER_HITS)
    # A bootstrap wider than Poisson's 28.6 to 54.5 for 40 hits (overdispersed passages) is kept.
    assert low[2] == 20.0 and high[2] == 70.0
    # No words: nothing to bound beyond what the bootstrap says.
    low, high = rate_interval(np.array([0]), 0, np.array([np.nan]), np.array([np.nan]))
    assert np.isnan(low[0]) and np.isnan(high[0])
