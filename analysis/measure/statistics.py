"""The interval statistics every measure shares, written once: the percentile bootstrap, its
seeding, and the exact bound for a count of zero.

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

``ZERO_COUNT_UPPER_HITS`` -- the upper end for a count of zero, where resampling can only
give 0: the exact Poisson bound ``-ln((1 - level) / 2)`` events (3.7 at 95%), the rate at
which seeing none has probability ``(1 - level) / 2``.
"""

from __future__ import annotations

import hashlib

import numpy as np

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
