"""Collocations: adjacent word pairs a plan uses together more often than chance.

``collocations(corpus, min_count, top, codebook)`` returns, per plan, the ``top`` pairs by
G2 (``COLLOCATION_COLUMNS``): ``doc_id, province, year, collocation`` ("biến_đổi
khí_hậu"), ``count``, ``G2`` (Williams-corrected log-likelihood of the 2x2 table of the
pair, ``keyness.g2_williams``), ``pmi`` (log2 observed / expected), ``expected`` and
``in_codebook`` (whether a codebook phrase already contains the pair).

Words are ``features.VietnameseAnalyzer``'s (stopwords out, boilerplate kept): word counts
come from the corpus's one matrix (``features.dfm``), pairs from its passages' words
(``features.feature_words``), since the matrix's n-grams never start or end with boilerplate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure.features import document_term_matrix, feature_words, plans_in_table_order
from analysis.measure.vocabulary.keyness import g2_williams

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
    counts, words, meta = document_term_matrix(corpus)
    pairs = _pairs(corpus)
    n_pairs = pairs.groupby("doc_id", sort=False).size()
    found = pairs.groupby(["doc_id", "collocation"], sort=False).size().rename("count").reset_index()
    found = found[found["count"] >= min_count]
    if found.empty:
        return _typed(pd.DataFrame(columns=COLLOCATION_COLUMNS))
    plan = found["doc_id"].map({doc_id: i for i, doc_id in enumerate(meta["doc_id"])}).to_numpy(dtype=int)
    column = {word: j for j, word in enumerate(words)}
    halves = found["collocation"].str.split(" ")
    first = np.asarray(counts[plan, halves.str[0].map(column).to_numpy(dtype=int)], dtype=float).ravel()
    second = np.asarray(counts[plan, halves.str[1].map(column).to_numpy(dtype=int)], dtype=float).ravel()
    total = found["doc_id"].map(n_pairs).to_numpy(dtype=float)
    a = found["count"].to_numpy(dtype=float)
    b, c = first - a, second - a
    d = total - a - b - c
    expected = first * second / total
    table = meta.iloc[plan].reset_index(drop=True).assign(
        collocation=found["collocation"].to_numpy(), count=a.astype(int),
        G2=g2_williams(a, np.maximum(b, 0), np.maximum(c, 0), np.maximum(d, 0)), pmi=np.log2(a / expected),
        expected=expected, plan=plan)
    # Plans in issue order, then the top pairs of each by G2.
    table = table.sort_values(["plan", "G2", "collocation"], ascending=[True, False, True], kind="mergesort")
    table = table.groupby("plan", sort=False).head(top).reset_index(drop=True)
    table["in_codebook"] = [_in_codebook(pair, codebook) for pair in table["collocation"]]
    return _typed(table)


def in_order(table: pd.DataFrame, corpus) -> pd.DataFrame:
    """Rows of ``collocations`` measured plan by plan (``measure.plan_tables``), each plan's in its
    order, with the plans in the order ``collocations`` gives them (issue order)."""
    position = {doc_id: i for i, doc_id in enumerate(plans_in_table_order(corpus))}
    order = np.argsort(table["doc_id"].map(position).to_numpy(dtype=int), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def _pairs(corpus) -> pd.DataFrame:
    """Every two adjacent words of a passage (``doc_id, collocation``)."""
    words = feature_words(corpus)
    lengths = words.map(len).to_numpy(dtype=int)
    flat = pd.Series([w for segment in words for w in segment], dtype=object)
    passage = np.repeat(np.arange(len(words)), lengths)
    adjacent = np.flatnonzero(passage[1:] == passage[:-1])
    doc_ids = words.index.get_level_values(0).to_numpy() if len(words) else np.array([], dtype=object)
    return pd.DataFrame({"doc_id": doc_ids[passage[adjacent]],
                         "collocation": flat.iloc[adjacent].to_numpy() + " " + flat.iloc[adjacent + 1].to_numpy()})


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    table["year"] = table["year"].astype("Int64")
    return table[COLLOCATION_COLUMNS]
