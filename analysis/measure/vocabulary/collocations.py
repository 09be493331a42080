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
    n_pairs, found = _pair_counts(corpus, min_count)
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


def _pair_counts(corpus, min_count: int) -> tuple[pd.Series, pd.DataFrame]:
    """Adjacent words of each plan's passages: how many pairs each plan has (doc_id -> count) and
    the count of each pair a plan has at least ``min_count`` times (``doc_id, collocation, count``,
    in the order the pairs first occur).

    Counted as integer codes of the words, and a pair's text written only for the pairs counted:
    at 1,000 plans a string for each of millions of adjacent pairs was 0.4 GiB for a moment."""
    words = feature_words(corpus)
    lengths = words.map(len).to_numpy(dtype=int)
    vocabulary: dict[str, int] = {}
    codes = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for segment in words for w in segment),
                        dtype=np.int64, count=int(lengths.sum()))
    passage = np.repeat(np.arange(len(words)), lengths)
    adjacent = np.flatnonzero(passage[1:] == passage[:-1])
    plans, names = pd.factorize(words.index.get_level_values(0)) if len(words) else (np.array([], dtype=int), [])
    pairs = pd.DataFrame({"plan": plans[passage[adjacent]], "first": codes[adjacent], "second": codes[adjacent + 1]})
    found = pairs.groupby(["plan", "first", "second"], sort=False).size().rename("count").reset_index()
    n_pairs = pairs.groupby("plan", sort=False).size()
    found = found[found["count"] >= min_count]
    names, words_of = np.asarray(names, dtype=object), np.asarray(list(vocabulary), dtype=object)
    counted = pd.DataFrame({"doc_id": pd.Series(names[found["plan"].to_numpy()], dtype=str),
                            "collocation": pd.Series(words_of[found["first"].to_numpy()] + " "
                                                     + words_of[found["second"].to_numpy()], dtype=str),
                            "count": found["count"].to_numpy()})
    return pd.Series(n_pairs.to_numpy(), index=names[n_pairs.index.to_numpy()]), counted


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    table["year"] = table["year"].astype("Int64")
    return table[COLLOCATION_COLUMNS]
