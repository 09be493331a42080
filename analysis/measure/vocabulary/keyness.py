"""Keyness: which words a target (plan, province, year) uses more or less than a reference.

``keyness(target_counts, reference_counts, features)`` returns one row per feature
(``KEYNESS_COLUMNS``), sorted by ``G2`` (most over-represented in the target first):

==============  ========================================================================
feature         the word or n-gram
G2              signed log-likelihood ratio with Williams's correction (quanteda's "lr"
                default); positive = more frequent in the target than expected
chi2            signed Pearson chi-square with Yates's continuity correction, as R's
                ``chisq.test(correct = TRUE)`` and quanteda's "chi2" default
p               p-value of ``G2`` (chi-square, 1 degree of freedom)
p_adj           ``p`` adjusted for testing every feature of the comparison at once
                (Benjamini-Hochberg false discovery rate, ``config.KEYNESS_P_ADJUST``): a
                plan tests hundreds of words, so about one in twenty would pass p < 0.05
                by chance alone; "significant" means ``p_adj`` < 0.05
p_chi2          p-value of ``chi2``
log_ratio       effect size: log2 of the ratio of relative frequencies (Hardie's Log
                Ratio), 0.5 added to zero counts; +1 = twice as frequent in the target
n_target        count in the target
n_reference     count in the reference
==============  ========================================================================

For a feature, with a = n_target, b = n_reference, c = target total - a and d =
reference total - b, N = a + b + c + d and expected counts E = row total x column total
/ N, as in quanteda's ``textstat_keyness``.

``keyness_vs_rest(dtm, features, documents, target, reference)`` picks target and
reference documents by doc_id, province or year; ``keyness_between(corpus, ...)`` does the
same from a corpus. ``keyness_comparisons(corpus)`` runs the comparisons a run reports --
each plan against all the others, and the latest issue year against the earlier ones --
as one table (``COMPARISON_COLUMNS``), keeping per comparison the features significant
at 5% after adjustment (``p_adj``) and at least ``config.KEYNESS_KEEP_TOP`` of the strongest each way: ``target`` (doc_id, or "year 2024"),
``target_label`` ("Cà Mau 2020", ``plans.plan_labels``), ``reference`` ("rest", or "years 2016-2020"), then
``KEYNESS_COLUMNS``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2 as chi2_distribution
from scipy.stats import false_discovery_control

from analysis import config
from analysis.measure.concordance.search import suggestion
from analysis.measure.features import VietnameseAnalyzer, document_term_matrix
from analysis.measure.plans import plan_labels, plans_named

KEYNESS_COLUMNS = ["feature", "G2", "chi2", "p", "p_adj", "p_chi2", "log_ratio", "n_target", "n_reference"]
COMPARISON_COLUMNS = ["target", "target_label", "reference"] + KEYNESS_COLUMNS


def _expected(a, b, c, d):
    n = a + b + c + d
    return ((a + b) * (a + c) / n, (a + b) * (b + d) / n, (c + d) * (a + c) / n, (c + d) * (b + d) / n), n


def chi2_yates(a, b, c, d):
    """Signed Pearson chi-square with Yates's correction (R: chisq.test(correct = TRUE))."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    expected, _ = _expected(a, b, c, d)
    observed = (a, b, c, d)
    # R shrinks |O - E| by min(0.5, |O - E|), so the correction never flips the sign.
    yates = np.minimum(0.5, np.abs(a - expected[0]))
    statistic = sum((np.abs(o - e) - yates) ** 2 / e for o, e in zip(observed, expected))
    return np.where(a >= expected[0], 1.0, -1.0) * statistic


def g2_williams(a, b, c, d, williams: bool = True):
    """Signed log-likelihood ratio G2, divided by Williams's q unless ``williams`` is False."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    expected, n = _expected(a, b, c, d)
    terms = []
    for o, e in zip((a, b, c, d), expected):
        # 0 * log(0) is 0: the limit, and what a contingency table means.
        terms.append(np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / e), 0.0))
    statistic = 2.0 * sum(terms)
    if williams:
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        statistic = statistic / q
    return np.where(a >= expected[0], 1.0, -1.0) * statistic


def _columns(target_counts, reference_counts, features, min_count: int) -> dict[str, np.ndarray]:
    """``KEYNESS_COLUMNS`` of the features counted at least ``min_count`` times, in the features' order."""
    a = np.asarray(target_counts, dtype=float).ravel()
    b = np.asarray(reference_counts, dtype=float).ravel()
    target_total, reference_total = a.sum(), b.sum()
    if target_total == 0 or reference_total == 0:
        raise ValueError("the target and the reference must each contain words")
    keep = (a + b) >= min_count
    a, b, features = a[keep], b[keep], np.asarray(features)[keep]
    c, d = target_total - a, reference_total - b
    g2, chi2 = g2_williams(a, b, c, d), chi2_yates(a, b, c, d)
    p = chi2_distribution.sf(np.abs(g2), 1)
    return {
        "feature": features,
        "G2": g2,
        "chi2": chi2,
        "p": p,
        "p_adj": adjust_p(p),
        "p_chi2": chi2_distribution.sf(np.abs(chi2), 1),
        "log_ratio": np.log2(((np.where(a > 0, a, 0.5)) / target_total) / (np.where(b > 0, b, 0.5) / reference_total)),
        "n_target": a.astype(int),
        "n_reference": b.astype(int),
    }


def keyness(target_counts, reference_counts, features, min_count: int = config.KEYNESS_MIN_COUNT) -> pd.DataFrame:
    """Keyness of each feature in the target vs the reference; see the module docstring."""
    table = pd.DataFrame(_columns(target_counts, reference_counts, features, min_count))
    return table.sort_values(["G2", "feature"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def _kept(columns: dict[str, np.ndarray], rank: np.ndarray, top: int, leading: dict[str, str]) -> pd.DataFrame:
    """The rows of ``keyness``'s table (``columns``, sorted the same way: ``G2`` down, then the
    feature, whose place in sorted order is ``rank``) that a comparison keeps: significant after
    adjustment, or among ``keyness_extremes``. Only those rows become a table: a thousand plans'
    comparisons would otherwise build and sort a thousand tables of every word (most of the
    seconds keyness took when a plan was added to 1,000). ``leading``: columns of one value
    each, put first (the comparison's names)."""
    g2 = columns["G2"]
    order = np.lexsort((rank, -g2))  # NaN last, as pandas sorts them
    ordered = g2[order]
    negative = order[ordered < 0]
    strong = columns["p_adj"] < 0.05
    strong[order[ordered > 0][:top]] = True  # keyness_extremes: the first and the last ``top``
    strong[negative[max(len(negative) - top, 0):] if top else []] = True
    kept = order[strong[order]]
    return pd.DataFrame({**{name: [value] * len(kept) for name, value in leading.items()},
                         **{name: values[kept] for name, values in columns.items()}})


def adjust_p(p, method: str = config.KEYNESS_P_ADJUST) -> np.ndarray:
    """p-values adjusted for multiple testing: "bh" (Benjamini-Hochberg), "holm", or "none"."""
    p = np.asarray(p, dtype=float)
    if method == "none" or p.size == 0:
        return p
    if method == "bh":
        return false_discovery_control(p, method="bh")
    if method == "holm":  # step-down: the k-th smallest p times (m - k + 1), kept monotone
        order = np.argsort(p, kind="mergesort")
        scaled = np.maximum.accumulate(p[order] * (p.size - np.arange(p.size)))
        adjusted = np.empty_like(p)
        adjusted[order] = np.minimum(scaled, 1.0)
        return adjusted
    raise ValueError("method must be bh, holm or none")


def keyness_extremes(table: pd.DataFrame, top: int) -> pd.DataFrame:
    """The ``top`` most over-used and the ``top`` most under-used features (both directions)."""
    return pd.concat([table[table["G2"] > 0].head(top), table[table["G2"] < 0].tail(top)])


def _select(documents: pd.DataFrame, value) -> np.ndarray:
    """Rows of the plans ``value`` names (``plans.plans_named``: doc_id, label, "Province year",
    province or year; a plan without a year matches no year)."""
    text = str(value).strip()
    rows = documents["doc_id"].isin(plans_named(documents, text)).to_numpy()
    if rows.any():
        return rows
    known = list(documents.get("doc_id", [])) + list(documents.get("province", [])) + \
        [str(y) for y in documents.get("year", pd.Series(dtype="Int64")).dropna().unique()]
    raise LookupError(f"'{text}' is neither a plan (doc_id), a province nor a year in the corpus."
                      + suggestion(text, known))


def keyness_vs_rest(matrix, features, documents: pd.DataFrame, target, reference=None,
                    min_count: int = config.KEYNESS_MIN_COUNT, totals: np.ndarray | None = None) -> pd.DataFrame:
    """Keyness of ``target`` (doc_id, province or year) against ``reference`` (default: all others).

    ``totals`` (the matrix's column sums) saves summing the rest again for every target.
    """
    target_rows = _select(documents, target)
    reference_rows = _select(documents, reference) if reference is not None else ~target_rows
    if (target_rows & reference_rows).any():
        raise LookupError("the target and the reference share plans; choose groups that do not overlap")
    if not reference_rows.any():
        raise LookupError("there is no plan left to compare with; add plans or name a reference")
    counts = matrix.tocsr()
    target_counts = np.asarray(counts[np.flatnonzero(target_rows)].sum(axis=0)).ravel()
    if reference is None and totals is not None:  # the rest: corpus total minus target
        reference_counts = totals - target_counts
    else:
        reference_counts = np.asarray(counts[np.flatnonzero(reference_rows)].sum(axis=0)).ravel()
    return keyness(target_counts, reference_counts, features, min_count=min_count)


def keyness_between(corpus, target, reference=None, min_count: int = config.KEYNESS_MIN_COUNT, boilerplate: bool = True,
                    ngram: int = 1) -> pd.DataFrame:
    """Keyness of ``target`` against ``reference`` in a corpus (``plans.plans_named``: doc_id, label,
    "Province year", province or year)."""
    analyzer = VietnameseAnalyzer(ngram_range=(1, ngram), remove_boilerplate=boilerplate)
    matrix, features, documents = document_term_matrix(corpus, analyzer=analyzer)
    # Number and date too: a plan can then be named by its label, "Cà Mau 2020 (116/KH-UBND)".
    missing = [column for column in ("number", "date") if column not in documents]
    documents = documents.join(corpus.usable.set_index("doc_id")[missing], on="doc_id")
    return keyness_vs_rest(matrix, features, documents, target, reference, min_count=min_count)


def keyness_comparisons(corpus, min_count: int = config.KEYNESS_MIN_COUNT) -> tuple[pd.DataFrame, list[dict]]:
    """Each plan against all the others, and the latest issue year against earlier ones; see the module docstring.

    Also returns the comparisons left out (``measure, doc_id, reason``): a plan whose body
    has no countable word (or no other plan that has one) cannot be compared.
    """
    matrix, features, documents = document_term_matrix(corpus, analyzer=VietnameseAnalyzer(remove_boilerplate=True))
    if len(documents) < 2:
        return pd.DataFrame(columns=COMPARISON_COLUMNS), []
    labels = plan_labels(corpus.usable)  # two plans of one province and year told apart
    comparisons = [(plan.doc_id, plan.doc_id, "rest", labels[plan.doc_id])
                   for plan in documents.itertuples(index=False)]
    years = sorted(documents["year"].dropna().unique())
    if len(years) > 1:
        earlier = [y for y in years if y < years[-1]]
        comparisons.append((str(years[-1]), f"year {years[-1]}", f"years {earlier[0]}-{earlier[-1]}",
                            f"plans of {years[-1]}"))
    parts, omitted = [], []
    matrix = matrix.tocsr()
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    rank = np.empty(len(features), dtype=np.int64)
    rank[np.argsort(np.asarray(features), kind="stable")] = np.arange(len(features))
    counted_rank = rank[totals >= min_count]  # the features every comparison tests: a + b is the total
    row_of = {doc_id: i for i, doc_id in enumerate(documents["doc_id"])}
    for target, target_name, reference_name, label in comparisons:
        if target in row_of:  # a plan against the rest: its row, and the total less it
            target_counts = matrix[row_of[target]].toarray().ravel().astype(totals.dtype)
        else:
            target_counts = np.asarray(matrix[np.flatnonzero(_select(documents, target))].sum(axis=0)).ravel()
        try:
            columns = _columns(target_counts, totals - target_counts, features, min_count)
        except ValueError as error:  # no words on one side: nothing to compare
            omitted.append({"measure": "keyness", "doc_id": target_name, "reason": str(error)})
            continue
        # Significant at 5% after adjustment, or among the strongest each way (see config.KEYNESS_KEEP_TOP).
        parts.append(_kept(columns, counted_rank, config.KEYNESS_KEEP_TOP,
                           {"target": target_name, "target_label": label, "reference": reference_name}))
    if not parts:
        return pd.DataFrame(columns=COMPARISON_COLUMNS), omitted
    return pd.concat(parts, ignore_index=True)[COMPARISON_COLUMNS], omitted
