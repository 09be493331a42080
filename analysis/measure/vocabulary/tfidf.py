"""What each plan says that the others don't: TF-IDF top terms and similarity between plans.

``tfidf_top_terms(corpus, by, top)`` returns the ``top`` terms of each plan by TF-IDF
(``TFIDF_COLUMNS``: ``doc_id, province, year, term, tfidf, count``) or, with ``by`` =
``province`` | ``year``, of each group of plans pooled (``TFIDF_GROUP_COLUMNS``:
``group_by, group, term, tfidf, count``, the convention of every grouped table). Terms are
features (words and n-grams up to ``ngram_max``, stopwords removed; see ``features``), counted
once per corpus (``features.dfm``); ``boilerplate=True`` also drops administrative boilerplate.

Ties: many terms of a plan share a weight (the same count in the plan, in the same number
of plans), so a cut at ``top`` (or at the figure's and the reading's shorter lists, which
take the table's first rows) often falls inside a tie. Within a tie the longer term comes
first -- a phrase that weighs as much as one of its words occurs as often, and says more
("người đứng đầu" before "người đứng" and "người") -- then the terms alphabetically. The
rule decides order only: a term left out at the cut may weigh as much as the last one kept.
A term that occurs only inside a longer candidate phrase (the same count) is not listed again.

``plan_similarity(corpus)`` returns the cosine similarity of every pair of plans'
TF-IDF vectors (beyond ``config.SIMILARITY_ALL_PAIRS_MAX`` plans, of each plan and its
``config.SIMILARITY_NEIGHBOURS`` most similar plans) as a tidy table ``doc_a, province_a, year_a, doc_b, province_b, year_b,
cosine`` and the plans in the order
of an average-linkage clustering of 1 - cosine (so similar plans sit together in
the heatmap).

Why these settings: ``max_df=0.95`` for top terms, because a term found in (nearly)
every plan is not distinctive of any (similarity keeps every term); ``sublinear_tf`` so a term repeated 20 times in one long plan does
not swamp everything else; ``smooth_idf`` so a term in every plan still weighs a little
(with three plans, idf alone separates little); l2 norm so plans of different
lengths compare.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from analysis import config
from analysis.measure.features import VietnameseAnalyzer, document_frequency, document_term_matrix, keep_columns

TFIDF_COLUMNS = ["doc_id", "province", "province_2025", "year", "term", "tfidf", "count"]
TFIDF_GROUP_COLUMNS = ["group_by", "group", "term", "tfidf", "count"]
# Candidates per place in a top list: room for the pieces of phrases that ``_top`` leaves out.
SUBTERM_CANDIDATES = 4
SIMILARITY_COLUMNS = ["doc_a", "province_a", "province_2025_a", "year_a", "doc_b", "province_b", "province_2025_b",
                      "year_b", "cosine"]


def _tfidf(corpus, by: str, boilerplate: bool, ngram_max: int, distinctive: bool = False,
           lang: str = config.DEFAULT_LANG):
    """TF-IDF weights and raw counts (documents x terms), the terms and the documents' table:
    counts from the corpus's one matrix (``features.dfm``), weighted by TfidfTransformer.
    ``distinctive``: leave out terms in more than 95% of the documents (CountVectorizer's max_df)."""
    analyzer = VietnameseAnalyzer(ngram_range=(1, ngram_max), remove_boilerplate=boilerplate)
    counts, terms, meta = document_term_matrix(corpus, by, analyzer, lang)
    # A term in (nearly) every plan says nothing about any one of them; with one
    # document there is nothing to contrast, so keep everything.
    max_df = 0.95 if distinctive and counts.shape[0] > 1 else 1.0
    keep = document_frequency(counts) <= max_df * counts.shape[0]
    if not keep.any():  # no term left (empty plans, or every term in every plan): nothing is distinctive
        empty = sparse.csr_matrix((counts.shape[0], 0))
        return empty, empty, np.array([], dtype=object), meta
    counts, terms = keep_columns(counts, terms, keep)
    weights = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit_transform(counts)
    return weights.tocsr(), counts.tocsr(), terms, meta


def _top(row: np.ndarray, terms, top: int, count: np.ndarray | None = None) -> list[int]:
    """The ``top`` columns by weight, ties broken as the module docstring says (the longer
    term, then the term). A term that occurs only inside a longer candidate term (the same
    count: "người đứng" every time within "người đứng đầu") is left out: it says nothing the
    longer phrase does not, and would fill the list with its own pieces. Only the columns that
    can rank are sorted in Python: the rest cannot reach the ``top``-th weight (of the few
    times ``top`` candidates kept for the pieces left out) even after rounding to 12 decimals."""
    nonzero = np.flatnonzero(row)
    wanted = top * SUBTERM_CANDIDATES if count is not None else top
    if len(nonzero) > wanted:
        threshold = np.partition(row[nonzero], -wanted)[-wanted]
        nonzero = nonzero[row[nonzero] >= threshold - 1e-9]
    ranked = sorted(nonzero, key=lambda j: (-round(row[j], 12), -terms[j].count(" "), terms[j]))
    if count is None:
        return ranked[:top]
    phrases = [(f" {terms[j]} ", count[j]) for j in ranked if " " in terms[j]]
    kept = [j for j in ranked
            if not any(n == count[j] and f" {terms[j]} " in p and len(p) > len(terms[j]) + 2 for p, n in phrases)]
    return kept[:top]


def tfidf_top_terms(corpus, by: str = "doc_id", top: int = config.TFIDF_TOP_TERMS, boilerplate: bool = True,
                    ngram_max: int = config.TFIDF_NGRAM_MAX, lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """Top ``top`` TF-IDF terms per plan or group; see the module docstring. Plans without ``by``
    form the group "unknown" in ``lang`` (``measure.groups``)."""
    weights, counts, terms, meta = _tfidf(corpus, by, boilerplate, ngram_max, distinctive=True, lang=lang)
    rows = []
    for index in range(len(meta)):
        row = weights[index].toarray().ravel()
        count = counts[index].toarray().ravel()
        order = _top(row, terms, top, count)
        key = meta.iloc[index]
        where = ({"doc_id": key["doc_id"], "province": key["province"], "province_2025": key["province_2025"],
                  "year": key["year"]} if by == "doc_id"
                 else {"group_by": by, "group": key[by]})
        rows.extend({**where, "term": terms[j], "tfidf": row[j], "count": int(count[j])}
                    for j in order)
    if by != "doc_id":
        return pd.DataFrame(rows, columns=TFIDF_GROUP_COLUMNS)
    table = pd.DataFrame(rows, columns=TFIDF_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table


def plan_similarity(corpus, boilerplate: bool = True, ngram_max: int = 1) -> tuple[pd.DataFrame, list[str]]:
    """Cosine similarity between plans and a clustered order; see the module docstring."""
    weights, _, _, meta = _tfidf(corpus, "doc_id", boilerplate, ngram_max)
    # Plans without a single term share nothing: similarity 0 (scikit-learn refuses empty vectors).
    similarity = cosine_similarity(weights) if weights.shape[1] else np.zeros((len(meta), len(meta)))
    ids = list(meta["doc_id"])
    if len(ids) > 2:
        distance = squareform(np.clip(1 - similarity, 0, None), checks=False)
        order = [ids[i] for i in leaves_list(linkage(distance, method="average"))]
    else:
        order = ids
    rows = meta.to_dict("records")
    if len(rows) <= config.SIMILARITY_ALL_PAIRS_MAX:
        pairs = [(i, j) for i in range(len(rows)) for j in range(len(rows))]
    else:  # each plan's nearest neighbours (ties by plan order), never itself
        ranked = np.argsort(-np.where(np.eye(len(rows), dtype=bool), -np.inf, similarity), axis=1, kind="stable")
        pairs = [(i, j) for i in range(len(rows)) for j in ranked[i, :config.SIMILARITY_NEIGHBOURS]]
    table = pd.DataFrame([(rows[i]["doc_id"], rows[i]["province"], rows[i]["province_2025"], rows[i]["year"],
                           rows[j]["doc_id"], rows[j]["province"], rows[j]["province_2025"], rows[j]["year"],
                           similarity[i, j]) for i, j in pairs], columns=SIMILARITY_COLUMNS)
    return table, order
