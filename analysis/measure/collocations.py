"""Collocations: adjacent word pairs a plan uses together more often than chance.

``collocations(corpus, min_count, top, codebook)`` returns, per plan, the ``top`` pairs by
G2 (``COLLOCATION_COLUMNS``): ``doc_id, province, year, collocation`` ("biến_đổi
khí_hậu"), ``count``, ``G2`` (Williams-corrected log-likelihood of the 2x2 table of the
pair, ``keyness.g2_williams``), ``pmi`` (log2 observed / expected), ``expected`` and
``in_codebook`` (whether a codebook phrase already contains the pair).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure.features import VietnameseAnalyzer, plan_documents
from analysis.measure.keyness import g2_williams

COLLOCATION_COLUMNS = ["doc_id", "province", "province_2025", "year", "collocation", "count", "G2", "pmi", "expected", "in_codebook"]


def _in_codebook(pair: str, codebook) -> bool:
    if codebook is None:
        return False
    words = " " + pair.replace("_", " ") + " "
    return any(words in f" {' '.join(key)} " for key in codebook.phrases["key"])


def collocations(corpus, min_count: int = config.COLLOCATION_MIN_COUNT, top: int = config.COLLOCATION_TOP,
                 codebook=None) -> pd.DataFrame:
    """Adjacent word pairs within segments that co-occur more than chance, per plan.

    Pairs of content words (stopwords and numbers dropped) scored by G2 (Williams) and
    PMI = log2(observed / expected); the ``top`` pairs by G2 per plan. Pairs the
    segmenter left as two words ("biến_đổi khí_hậu") are candidates for the codebook:
    ``in_codebook`` says whether some codebook phrase already contains the pair (False
    for every pair when no codebook is given).
    """
    analyzer = VietnameseAnalyzer(ngram_range=(1, 1))
    documents, meta = plan_documents(corpus, "doc_id")
    rows = []
    for (doc_id, province, province_2025, year), segments in zip(meta.itertuples(index=False), documents):
        words = [analyzer([segment]) for segment in segments]
        unigrams = pd.Series([w for segment in words for w in segment]).value_counts()
        pairs = pd.Series([f"{x} {y}" for segment in words for x, y in zip(segment, segment[1:])]).value_counts()
        pairs = pairs[pairs >= min_count]
        if pairs.empty:
            continue
        n_pairs = sum(max(0, len(segment) - 1) for segment in words)
        first = np.array([unigrams[p.split(" ")[0]] for p in pairs.index], dtype=float)
        second = np.array([unigrams[p.split(" ")[1]] for p in pairs.index], dtype=float)
        a = pairs.to_numpy(dtype=float)
        b, c = first - a, second - a
        d = n_pairs - a - b - c
        expected = first * second / n_pairs
        table = pd.DataFrame({
            "doc_id": doc_id, "province": province, "province_2025": province_2025, "year": year,
            "collocation": pairs.index,
            "count": a.astype(int), "G2": g2_williams(a, np.maximum(b, 0), np.maximum(c, 0), np.maximum(d, 0)),
            "pmi": np.log2(a / expected), "expected": expected,
        })
        table = table.sort_values(["G2", "collocation"], ascending=[False, True], kind="mergesort").head(top)
        table["in_codebook"] = [_in_codebook(pair, codebook) for pair in table["collocation"]]
        rows.append(table)
    result = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=COLLOCATION_COLUMNS)
    result["year"] = result["year"].astype("Int64")
    return result[COLLOCATION_COLUMNS]
