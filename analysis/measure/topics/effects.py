"""Topic prevalence by plan attribute, with intervals (stm's ``estimateEffect``, by bootstrap).

``topic_effects(model, units, attribute, plans, lang)`` -- one row per group of plans sharing
a value of a plan attribute (province, province_2025, year, doc_type, issuer, resolution,
...) and topic, as every grouped table (``EFFECT_COLUMNS``):

==============  =======================================================================
group_by        the plan attribute
group           its value ("unknown" in ``lang`` for plans without one: ``measure.groups``)
topic, label    the topic and its label
n_plans         plans in the group
n_passages      passages (topic-model units) in the group
prevalence      the topic's share of the group's text: unit proportions weighted by
                unit length (as ``topics.topic_prevalence``)
ci_low, ci_high percentile interval at ``config.CONFIDENCE_LEVEL`` from resampling the
                group's passages with replacement ``n_boot`` times (``measure.statistics``)
==============  =======================================================================

``topic_contrast(model, units, attribute, first, second, plans, lang)`` -- per topic, the
difference in prevalence between two groups ("do 24-NQ/TW plans give more weight to topic
3 than 41-NQ/TW plans?") with its bootstrap interval (the two groups resampled
independently); an interval that excludes 0 is a difference the passages support:
``group_by, first, second, topic, label, difference, ci_low, ci_high``.

The bootstrap resamples passages, not plans: with one or two plans per group a plan
bootstrap has nothing to vary, while passages are what the topics were fitted on. It is
therefore an interval for these plans' text, not for the population of plans a group
could have issued; the method note says so. Seeded: one generator per (seed, attribute,
value), so adding a group does not move another group's interval (nor does the language
the unknown group is named in).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure.groups import group_order, group_values, plan_attribute, unknown_group
from analysis.measure.statistics import keyed_rng, percentile_interval, resample_counts
from analysis.resources import matching_names, suggestion

EFFECT_COLUMNS = ["group_by", "group", "topic", "label", "n_plans", "n_passages", "prevalence", "ci_low", "ci_high"]
CONTRAST_COLUMNS = ["group_by", "first", "second", "topic", "label", "difference", "ci_low", "ci_high"]


def _boot_prevalence(doc_topic: np.ndarray, lengths: np.ndarray, rng: np.random.Generator, n_boot: int):
    """(point, resampled) length-weighted prevalence of each topic over the rows given."""
    weighted = doc_topic * lengths[:, None]
    point = weighted.sum(axis=0) / max(lengths.sum(), 1e-12)
    resampled = np.empty((n_boot, weighted.shape[1]))
    chunk = max(1, config.BOOTSTRAP_CHUNK_CELLS // max(1, len(lengths)))  # all at once up to 4 million counts
    for start in range(0, n_boot, chunk):
        counts = resample_counts(rng, len(lengths), min(chunk, n_boot - start))  # resamples x passages
        totals = counts @ lengths
        resampled[start:start + len(counts)] = (counts @ weighted) / np.where(totals > 0, totals, 1.0)[:, None]
    return point, resampled


def _group_rows(model, units, attribute, plans, n_boot, seed, lang):
    values = plan_attribute(units, attribute, plans)
    groups = group_values(values, lang)
    lengths = units["n_tokens"].to_numpy(dtype=float)
    unknown = unknown_group(lang)
    for group in group_order(values, lang):
        mask = (groups == group).to_numpy(dtype=bool)
        # Keyed by the value, "" when unknown: as before groups were named, in any language.
        rng = keyed_rng(seed, f"{attribute}\x00{'' if group == unknown else group}")
        point, resampled = _boot_prevalence(model.doc_topic[mask], lengths[mask], rng, n_boot)
        yield group, mask, point, resampled


def topic_effects(model, units: pd.DataFrame, attribute: str, plans: pd.DataFrame | None = None,
                  n_boot: int = config.BOOTSTRAP_RESAMPLES, seed: int = config.BOOTSTRAP_SEED,
                  lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """Prevalence of every topic in every group of plans by ``attribute``; see the module docstring."""
    labels = model.labels()
    rows = []
    for group, mask, point, resampled in _group_rows(model, units, attribute, plans, n_boot, seed, lang):
        low, high = percentile_interval(resampled)
        for k in range(model.k):
            rows.append({"group_by": attribute, "group": group, "topic": k + 1, "label": labels[k],
                         "n_plans": int(units.loc[mask, "doc_id"].nunique()), "n_passages": int(mask.sum()),
                         "prevalence": float(point[k]), "ci_low": float(low[k]), "ci_high": float(high[k])})
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def topic_contrast(model, units: pd.DataFrame, attribute: str, first: str, second: str,
                   plans: pd.DataFrame | None = None, n_boot: int = config.BOOTSTRAP_RESAMPLES,
                   seed: int = config.BOOTSTRAP_SEED, lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """Prevalence in group ``first`` minus prevalence in ``second``, per topic, with its interval."""
    groups = [str(group) for group in group_order(plan_attribute(units, attribute, plans), lang)]
    wanted = tuple((matching_names(name, groups) or [str(name).strip()])[0] for name in (first, second))
    found = {str(group): (point, resampled) for group, _, point, resampled
             in _group_rows(model, units, attribute, plans, n_boot, seed, lang) if str(group) in wanted}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise ValueError(f"no plan has {attribute} = {', '.join(missing)}." + suggestion(missing[0], groups))
    (a, a_boot), (b, b_boot) = found[wanted[0]], found[wanted[1]]
    low, high = percentile_interval(a_boot - b_boot)
    labels = model.labels()
    return pd.DataFrame([{"group_by": attribute, "first": wanted[0], "second": wanted[1], "topic": k + 1,
                          "label": labels[k], "difference": float(a[k] - b[k]), "ci_low": float(low[k]),
                          "ci_high": float(high[k])} for k in range(model.k)], columns=CONTRAST_COLUMNS)
