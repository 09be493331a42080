"""Topic prevalence by plan attribute, with intervals (stm's ``estimateEffect``, by bootstrap).

``topic_effects(model, units, attribute, plans)`` -- one row per topic and level of a plan
attribute (province, province_2025, year, doc_type, issuer, resolution, ...):

==============  =======================================================================
topic, label    the topic and its label
attribute       the plan attribute
level           its value ("" for plans where it is unknown)
n_plans         plans at that level
n_passages      passages (topic-model units) at that level
prevalence      the topic's share of the level's text: unit proportions weighted by
                unit length (as ``topics.topic_prevalence``)
ci_low, ci_high percentile interval at ``config.CONFIDENCE_LEVEL`` from resampling the
                level's passages with replacement ``n_boot`` times
==============  =======================================================================

``topic_contrast(model, units, attribute, first, second, plans)`` -- per topic, the
difference in prevalence between two levels ("do 24-NQ/TW plans give more weight to topic
3 than 41-NQ/TW plans?") with its bootstrap interval (the two levels resampled
independently); an interval that excludes 0 is a difference the passages support.

The bootstrap resamples passages, not plans: with one or two plans per level a plan
bootstrap has nothing to vary, while passages are what the topics were fitted on. It is
therefore an interval for these plans' text, not for the population of plans a level
could have issued; the method note says so. Seeded: one generator per (seed, attribute,
level), so adding a level does not move another level's interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure.statistics import keyed_rng, percentile_interval, resample_counts
from analysis.resources import suggestion

EFFECT_COLUMNS = ["topic", "label", "attribute", "level", "n_plans", "n_passages", "prevalence", "ci_low", "ci_high"]
CONTRAST_COLUMNS = ["topic", "label", "attribute", "first", "second", "difference", "ci_low", "ci_high"]


def _levels(units: pd.DataFrame, attribute: str, plans: pd.DataFrame | None) -> pd.Series:
    if attribute in units.columns:
        values = units[attribute]
    else:
        if plans is None or attribute not in plans.columns:
            raise ValueError(f"plans have no attribute '{attribute}'")
        values = units["doc_id"].map(plans.drop_duplicates("doc_id").set_index("doc_id")[attribute])
    return values.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


def _boot_prevalence(doc_topic: np.ndarray, lengths: np.ndarray, rng: np.random.Generator, n_boot: int):
    """(point, resampled) length-weighted prevalence of each topic over the rows given."""
    weighted = doc_topic * lengths[:, None]
    point = weighted.sum(axis=0) / max(lengths.sum(), 1e-12)
    counts = resample_counts(rng, len(lengths), n_boot)  # n_boot x passages
    totals = counts @ lengths
    resampled = (counts @ weighted) / np.where(totals > 0, totals, 1.0)[:, None]
    return point, resampled


def _level_rows(model, units, attribute, plans, n_boot, seed):
    levels = _levels(units, attribute, plans)
    lengths = units["n_tokens"].to_numpy(dtype=float)
    for level in sorted(levels.unique()):
        mask = (levels == level).to_numpy()
        rng = keyed_rng(seed, f"{attribute}\x00{level}")
        point, resampled = _boot_prevalence(model.doc_topic[mask], lengths[mask], rng, n_boot)
        yield level, mask, point, resampled


def topic_effects(model, units: pd.DataFrame, attribute: str, plans: pd.DataFrame | None = None,
                  n_boot: int = config.BOOTSTRAP_RESAMPLES, seed: int = config.BOOTSTRAP_SEED) -> pd.DataFrame:
    """Prevalence of every topic at every level of ``attribute``; see the module docstring."""
    labels = model.labels()
    rows = []
    for level, mask, point, resampled in _level_rows(model, units, attribute, plans, n_boot, seed):
        low, high = percentile_interval(resampled)
        for k in range(model.k):
            rows.append({"topic": k + 1, "label": labels[k], "attribute": attribute, "level": level,
                         "n_plans": int(units.loc[mask, "doc_id"].nunique()), "n_passages": int(mask.sum()),
                         "prevalence": float(point[k]), "ci_low": float(low[k]), "ci_high": float(high[k])})
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def topic_contrast(model, units: pd.DataFrame, attribute: str, first: str, second: str,
                   plans: pd.DataFrame | None = None, n_boot: int = config.BOOTSTRAP_RESAMPLES,
                   seed: int = config.BOOTSTRAP_SEED) -> pd.DataFrame:
    """Prevalence at ``first`` minus prevalence at ``second``, per topic, with its interval."""
    found = {level: (point, resampled) for level, _, point, resampled
             in _level_rows(model, units, attribute, plans, n_boot, seed) if level in (str(first), str(second))}
    missing = [str(v) for v in (first, second) if str(v) not in found]
    if missing:
        levels = {str(level) for level in _levels(units, attribute, plans).unique()}
        raise ValueError(f"no plan has {attribute} = {', '.join(missing)}." + suggestion(missing[0], levels))
    (a, a_boot), (b, b_boot) = found[str(first)], found[str(second)]
    difference = a_boot - b_boot
    low, high = percentile_interval(difference)
    labels = model.labels()
    return pd.DataFrame([{"topic": k + 1, "label": labels[k], "attribute": attribute, "first": str(first),
                          "second": str(second), "difference": float(a[k] - b[k]), "ci_low": float(low[k]),
                          "ci_high": float(high[k])} for k in range(model.k)], columns=CONTRAST_COLUMNS)
