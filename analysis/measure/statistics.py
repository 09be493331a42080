"""The interval statistics every measure shares, written once: the percentile bootstrap, its
seeding, and the exact Poisson interval of a count.

``keyed_rng(seed, key)`` -- a ``numpy`` generator for one plan (``key`` = its doc_id) or one
group of plans: seeded from ``seed`` and a hash of ``key``, so adding a plan (or a group)
never changes another one's interval, and a run is reproducible from ``seed`` alone.

``resample_counts(rng, n, n_boot)`` -- an ``n_boot x n`` integer array: how often each of
``n`` units (passages, segments) is drawn in each resample of ``n`` draws with replacement
(Efron's nonparametric bootstrap). A statistic that is a ratio of sums over units is then
one matrix product per resample: ``counts @ values``.

``percentile_interval(samples)`` -- ``(low, high)``: the percentiles of the resampled
statistic (first axis = resamples) that bound the central ``config.CONFIDENCE_LEVEL`` of
it (2.5 and 97.5 for 95%; Efron & Tibshirani 1993, ch. 13, the percentile interval).

``rate_interval(hits, n_tokens, low, high)`` -- ``(low, high)`` per 1,000 words: the union
of a bootstrap interval (``low, high``, already per 1,000 words) and the exact (Garwood
1936) Poisson interval of ``hits`` events in ``n_tokens`` words: ``chi2(a/2; 2k) / 2`` to
``chi2(1 - a/2; 2k + 2) / 2`` events, ``a = 1 - level`` (0.0253 to 5.57 for one event at 95%).

``ZERO_COUNT_UPPER_HITS`` -- that upper end for a count of zero, where resampling can only
give 0: ``chi2(1 - a/2; 2) / 2 = -ln(a / 2)`` events (3.7 at 95%), the rate at which seeing
none has probability ``a / 2``.
"""

from __future__ import annotations

import hashlib

import numpy as np
from scipy.stats import chi2

from analysis import config

# The interval's ends as percentiles (2.5 and 97.5 for a 95% interval); rounded so that
# 0.95 written in binary does not move them by 1e-15.
PERCENTILES = (round(50 * (1 - config.CONFIDENCE_LEVEL), 10), round(50 * (1 + config.CONFIDENCE_LEVEL), 10))

ZERO_COUNT_UPPER_HITS = -np.log((1 - config.CONFIDENCE_LEVEL) / 2)


def keyed_rng(seed: int, key: str) -> np.random.Generator:
    """A generator of its own for ``key``: one shared stream would shift every later plan's
    draws when a plan is added before it."""
    return np.random.default_rng([seed, int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16)])


def resample_counts(rng: np.random.Generator, n: int, n_boot: int) -> np.ndarray:
    """``n_boot x n``: how many times each unit is drawn in each resample (``n`` draws each)."""
    return rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)


def percentile_interval(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval at ``config.CONFIDENCE_LEVEL`` of ``samples`` along axis 0."""
    low, high = PERCENTILES
    return np.percentile(samples, low, axis=0), np.percentile(samples, high, axis=0)


def rate_interval(hits: np.ndarray, n_tokens: int, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The interval of a rate per 1,000 words: the union of the bootstrap's ``(low, high)`` and
    the exact Poisson interval of ``hits`` in ``n_tokens`` words (NaN ends of either ignored).

    Why both: the bootstrap resamples passages, so it captures how unevenly passages mention
    a theme (overdispersion), but on a handful of passages, or a count of 0 or 1, it can
    only give back what was drawn and comes out too narrow (one hit narrower than none). The
    Poisson interval is the count's own uncertainty, the least any rate from it can claim."""
    hits = np.asarray(hits, dtype=float)
    alpha = 1 - config.CONFIDENCE_LEVEL
    if n_tokens <= 0:
        return np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    exact_low = np.where(hits > 0, chi2.ppf(alpha / 2, np.maximum(2 * hits, 1)) / 2, 0.0)
    exact_high = np.where(hits > 0, chi2.ppf(1 - alpha / 2, 2 * hits + 2) / 2, ZERO_COUNT_UPPER_HITS)
    return np.fmin(low, 1000.0 * exact_low / n_tokens), np.fmax(high, 1000.0 * exact_high / n_tokens)
