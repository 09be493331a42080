"""How well the codebook reads the plans: precision, recall and F1 of its theme hits against
human coding of a stratified sample of units, with 95% intervals, and agreement between coders.

``score_codes(codes, found, design, themes, seed)`` takes

- ``codes``: one row per coder, unit and theme coded (``CODE_COLUMNS``: ``coder, unit_id,
  theme, code``; code 1 = the coder reads the theme in the unit, 0 = not; blanks are not rows);
- ``found``: the codebook's answer now (``validation.HIT_UNIT_COLUMNS``: a row per hit, with
  the phrase that fired); re-scoring after a codebook edit changes this, never the sample;
- ``design``: the sample's strata (``unit_id, stratum, stratum_size, stratum_sampled``, from
  ``validation.sample_units``), or None for a sheet without one (each unit then weighs 1);

and returns ``(scores, disagreements)``.

The reference answer of a unit is its coders' majority; a tie (one yes, one no) is no answer,
and the unit is listed as a disagreement between coders. With the strata, each coded unit of
stratum s weighs w = N_s / n_s, N_s the stratum's units in the corpus when it was sampled and
n_s those coded for the theme (a blank left in a stratum is taken as missing at random
within it), so that the weighted counts estimate the corpus's counts (Horvitz-Thompson):

- TP = sum of w over units the codebook finds and the coders code, FP = found but not coded,
  FN = coded but not found (these come from the "none" and other themes' strata: the misses);
- precision = TP / (TP + FP): it rests only on units the codebook finds (the hit strata);
- recall = TP / (TP + FN): the miss rate among the units without a hit, weighted by how many
  such units the corpus has, not by how many were drawn. Unweighted, a sheet holding every
  hit passage but a tenth of the others would count a tenth of the misses, and recall would
  come out too high;
- F1 = 2 P R / (P + R).

Intervals at ``config.CONFIDENCE_LEVEL``: precision and recall by Wilson's score interval
(Wilson 1927; Brown, Cai & DasGupta 2001 recommend it for small n) at the weighted proportion,
with Kish's effective sample size n_eff = (sum w)^2 / sum w^2 of the units in its denominator
in place of n (equal weights give n_eff = n and the textbook interval); F1 by the percentile
interval of ``config.VALIDATION_BOOTSTRAP`` stratified bootstrap resamples (each stratum's
coded units resampled within it; ``statistics.keyed_rng`` per theme).

``SCORE_COLUMNS``: ``theme, n_coded`` (units with a reference answer), ``n_found`` (of them, found
by the codebook), ``n_positive`` (coded to the theme), ``tp, fp, fn, tn`` (units, unweighted),
``precision, precision_low, precision_high, recall, recall_low, recall_high, f1, f1_low,
f1_high, weighted`` (strata known), ``n_coders, coders, alpha`` (Krippendorff's alpha, nominal,
over every coder's codes of the theme; NaN with one coder, or when every code is the same).

``DISAGREEMENT_COLUMNS``: ``theme, kind`` ("false_positive": the codebook finds the theme, the
coders do not; "false_negative": the reverse; "coders_disagree": a tie), ``unit_id, phrases``
(what fired, for a false positive), ``codes`` ("An: 1; Bình: 0").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis import config
from analysis.measure.statistics import keyed_rng, percentile_interval, resample_counts

CODE_COLUMNS = ["coder", "unit_id", "theme", "code"]
SCORE_COLUMNS = ["theme", "n_coded", "n_found", "n_positive", "tp", "fp", "fn", "tn", "precision", "precision_low",
                 "precision_high", "recall", "recall_low", "recall_high", "f1", "f1_low", "f1_high", "weighted",
                 "n_coders", "coders", "alpha"]
DISAGREEMENT_COLUMNS = ["theme", "kind", "unit_id", "phrases", "codes"]


def wilson(p: float, n: float, level: float = config.CONFIDENCE_LEVEL) -> tuple[float, float]:
    """Wilson's score interval of a proportion ``p`` observed on ``n`` units (n may be an effective,
    fractional size): (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    if not n > 0 or np.isnan(p):
        return np.nan, np.nan
    z = norm.ppf(1 - (1 - level) / 2)
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - half) / denominator), min(1.0, (centre + half) / denominator)


def effective_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of weighted units: (sum w)^2 / sum w^2."""
    weights = np.asarray(weights, dtype=float)
    return float(weights.sum() ** 2 / (weights ** 2).sum()) if len(weights) else 0.0


def alpha(reliability: np.ndarray) -> float:
    """Krippendorff's alpha, nominal, of a coders x units array (NaN: not coded), from the
    ``krippendorff`` package; NaN when it is undefined (fewer than two coders or one value)."""
    import krippendorff

    reliability = np.asarray(reliability, dtype=float)
    pairable = (~np.isnan(reliability)).sum(axis=0) >= 2
    if reliability.shape[0] < 2 or not pairable.any() or len(np.unique(reliability[:, pairable][~np.isnan(
            reliability[:, pairable])])) < 2:
        return np.nan
    return float(krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal"))


def reference_answers(codes: pd.DataFrame) -> pd.DataFrame:
    """Per unit and theme: ``unit_id, theme, reference`` (the majority: 1, 0, or NaN for a tie), ``codes``."""
    grouped = codes.groupby(["unit_id", "theme"], sort=False)
    table = grouped["code"].mean().rename("share").reset_index()
    table["reference"] = np.where(table["share"] > 0.5, 1.0, np.where(table["share"] < 0.5, 0.0, np.nan))
    said = codes.assign(said=codes["coder"] + ": " + codes["code"].astype(int).astype(str))
    table["codes"] = said.groupby(["unit_id", "theme"], sort=False)["said"].agg("; ".join).to_numpy()
    return table.drop(columns="share")


def _weights(rows: pd.DataFrame, design: pd.DataFrame | None) -> np.ndarray:
    """N_s / n_s per coded unit (n_s: units of its stratum coded for this theme), or 1 without design."""
    if design is None:
        return np.ones(len(rows))
    stratum = rows["unit_id"].map(design.set_index("unit_id")["stratum"]).fillna("?")
    size = rows["unit_id"].map(design.set_index("unit_id")["stratum_size"]).astype(float)
    coded = stratum.map(stratum.value_counts()).astype(float)
    return (size / coded).fillna(1.0).to_numpy()


def _estimates(found: np.ndarray, positive: np.ndarray, weights: np.ndarray) -> tuple[float, float, float]:
    tp = weights[found & positive].sum()
    fp, fn = weights[found & ~positive].sum(), weights[~found & positive].sum()
    precision = tp / (tp + fp) if tp + fp else np.nan
    recall = tp / (tp + fn) if tp + fn else np.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan
    return precision, recall, f1


def _f1_interval(found, positive, weights, strata: np.ndarray, seed: int, theme: str) -> tuple[float, float]:
    """Percentile interval of F1 over stratified bootstrap resamples (see the module docstring)."""
    rng = keyed_rng(seed, theme)
    totals = np.zeros((config.VALIDATION_BOOTSTRAP, 3))  # weighted tp, fp, fn per resample
    kinds = np.stack([found & positive, found & ~positive, ~found & positive], axis=1) * weights[:, None]
    for stratum in np.unique(strata):
        members = np.flatnonzero(strata == stratum)
        drawn = resample_counts(rng, len(members), config.VALIDATION_BOOTSTRAP)
        totals += drawn @ kinds[members]
    tp, fp, fn = totals.T
    denominator = 2 * tp + fp + fn
    f1 = np.divide(2 * tp, denominator, out=np.full(len(tp), np.nan), where=denominator > 0)
    if np.isnan(f1).all():
        return np.nan, np.nan
    low, high = percentile_interval(f1[~np.isnan(f1)])
    return float(low), float(high)


def _theme_score(theme: str, rows: pd.DataFrame, hit_units: set, design, seed: int) -> dict:
    found = rows["unit_id"].isin(hit_units).to_numpy()
    positive = rows["reference"].to_numpy() == 1
    weights = _weights(rows, design)
    precision, recall, f1 = _estimates(found, positive, weights)
    p_low, p_high = wilson(precision, effective_size(weights[found]))
    r_low, r_high = wilson(recall, effective_size(weights[positive]))
    strata = (rows["unit_id"].map(design.set_index("unit_id")["stratum"]).fillna("?").to_numpy()
              if design is not None else np.zeros(len(rows)))
    f1_low, f1_high = _f1_interval(found, positive, weights, strata, seed, theme) if len(rows) else (np.nan, np.nan)
    return {"theme": theme, "n_coded": len(rows), "n_found": int(found.sum()), "n_positive": int(positive.sum()),
            "tp": int((found & positive).sum()), "fp": int((found & ~positive).sum()),
            "fn": int((~found & positive).sum()), "tn": int((~found & ~positive).sum()),
            "precision": precision, "precision_low": p_low, "precision_high": p_high, "recall": recall,
            "recall_low": r_low, "recall_high": r_high, "f1": f1, "f1_low": f1_low, "f1_high": f1_high,
            "weighted": design is not None}


def score_codes(codes: pd.DataFrame, found: pd.DataFrame, design: pd.DataFrame | None, themes: list[str],
                seed: int = config.VALIDATION_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(scores, disagreements)``; see the module docstring."""
    answers = reference_answers(codes) if len(codes) else pd.DataFrame(columns=["unit_id", "theme", "reference", "codes"])
    phrases = found.groupby(["unit_id", "theme"])["phrase"].agg(lambda p: "; ".join(dict.fromkeys(p)))
    scores, disagreements = [], []
    for theme in themes:
        rows = answers[answers["theme"] == theme]
        coded = rows[rows["reference"].notna()]
        hit_units = set(found.loc[found["theme"] == theme, "unit_id"])
        coders = sorted(codes.loc[codes["theme"] == theme, "coder"].unique())
        matrix = (codes[codes["theme"] == theme].pivot_table(index="coder", columns="unit_id", values="code",
                                                             aggfunc="last").to_numpy(dtype=float))
        scores.append({**_theme_score(theme, coded, hit_units, design, seed), "n_coders": len(coders),
                       "coders": "; ".join(coders), "alpha": alpha(matrix) if len(coders) > 1 else np.nan})
        for row in rows.itertuples(index=False):
            is_found = row.unit_id in hit_units
            kind = ("coders_disagree" if np.isnan(row.reference) else "false_positive" if is_found and row.reference == 0
                    else "false_negative" if not is_found and row.reference == 1 else "")
            if kind:
                disagreements.append({"theme": theme, "kind": kind, "unit_id": row.unit_id, "codes": row.codes,
                                      "phrases": phrases.get((row.unit_id, theme), "")})
    return (pd.DataFrame(scores, columns=SCORE_COLUMNS),
            pd.DataFrame(disagreements, columns=DISAGREEMENT_COLUMNS))
