"""The words topic models leave out: administrative boilerplate, from the list and from the corpus.

A topic model built on every word finds topics such as "thực hiện · triển khai · tổ chức":
true of every plan, about none. Two sources of such words are kept out of topic
vocabularies by default (``config.TOPIC_DROP_BOILERPLATE``):

- ``list``: the hand-kept list ``data/boilerplate_vi.txt``;
- ``corpus``: words this corpus uses *evenly* -- in at least
  ``config.TOPIC_BOILERPLATE_MIN_PLAN_SHARE`` of the plans, and of the plans of every
  document type, with Gries' deviation of proportions (DP) across plans at most
  ``config.TOPIC_BOILERPLATE_MAX_DP``. DP is 0 when a word is spread exactly as the text
  is, 1 when it sits in one place (Gries 2008, "Dispersions and adjusted frequencies in
  corpora"): DP = ½ Σ_plans |word's share in the plan − plan's share of the text|.
  (DP over groups of plans -- provinces, document types -- is never larger than DP over
  the plans, so a word even across plans is even across any grouping of them; what a
  grouping adds is presence: a word absent from every decision is not boilerplate of
  decisions, however evenly the plans use it.)

Evenness needs many plans to mean anything: with three plans, "nước_thải" is as even as
"triển_khai". So the corpus source only speaks from ``config.TOPIC_BOILERPLATE_MIN_PLANS``
plans in at least ``config.TOPIC_BOILERPLATE_MIN_PROVINCES`` provinces, and never
names a word of a codebook phrase: an environmental theme every plan covers is a finding,
not boilerplate.

``corpus_boilerplate(counts, features, unit_docs, plans, codebook)`` returns one row per
left-out word (``BOILERPLATE_COLUMNS``):

==============  ========================================================================
term            the word as topic vocabularies write it ("triển_khai")
source          ``list`` or ``corpus``
plans           plans using it
plan_share      plans using it / plans
min_type_share  the lowest share of plans using it in any one document type (corpus words)
dp_plans        DP across plans (corpus words; empty for list words)
==============  ========================================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from analysis import config
from analysis.measure.topics.labels import theme_words
from analysis.read.tokenize import boilerplate

BOILERPLATE_COLUMNS = ["term", "source", "plans", "plan_share", "min_type_share", "dp_plans"]


def deviation_of_proportions(counts: np.ndarray) -> np.ndarray:
    """Gries' DP of each column of a parts x words count matrix (parts weighted by their size)."""
    counts = np.asarray(counts, dtype=float)
    sizes = counts.sum(axis=1)
    expected = sizes / sizes.sum() if sizes.sum() else np.full(len(sizes), 1.0 / max(1, len(sizes)))
    totals = counts.sum(axis=0)
    observed = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    return 0.5 * np.abs(observed - expected[:, None]).sum(axis=0)


def _group_counts(counts, keys: pd.Series) -> np.ndarray:
    """Sum the rows of ``counts`` by ``keys`` (one row per distinct key)."""
    codes, uniques = pd.factorize(keys.astype(str), sort=True)
    indicator = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(uniques), len(codes)))
    return np.asarray((indicator @ counts).todense())


def corpus_boilerplate(counts, features, unit_docs: pd.Series, plans: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """The words left out of topic vocabularies, with the evidence; see the module docstring.
    ``counts``: passages x words; ``unit_docs``: each passage's ``doc_id``; ``plans``: the
    corpus's plan table (``doc_id, province, doc_type``)."""
    features = np.asarray(features, dtype=object)
    per_plan = _group_counts(counts, unit_docs.reset_index(drop=True))
    n_plans = per_plan.shape[0]
    using = (per_plan > 0).sum(axis=0)
    listed = boilerplate()
    rows = [{"term": w, "source": "list", "plans": int(using[j]), "plan_share": using[j] / n_plans,
             "min_type_share": np.nan, "dp_plans": np.nan}
            for j, w in enumerate(features) if str(w).lower() in listed]
    rows += _even_words(per_plan, features, unit_docs, plans, codebook, listed)
    table = pd.DataFrame(rows, columns=BOILERPLATE_COLUMNS)
    return table.sort_values(["source", "plan_share", "term"], ascending=[False, False, True],
                             kind="mergesort").reset_index(drop=True)


def _even_words(per_plan: np.ndarray, features, unit_docs: pd.Series, plans: pd.DataFrame, codebook, listed) -> list[dict]:
    """The corpus source: words used evenly across plans and document types."""
    docs = sorted(set(unit_docs.astype(str)))
    meta = plans.assign(doc_id=plans["doc_id"].astype(str)).set_index("doc_id").reindex(docs)
    if len(docs) < config.TOPIC_BOILERPLATE_MIN_PLANS or \
            meta["province"].nunique() < config.TOPIC_BOILERPLATE_MIN_PROVINCES:
        return []
    protected = set().union(*theme_words(codebook).values()) if codebook is not None else set()
    share = (per_plan > 0).sum(axis=0) / len(docs)
    dp_plans = deviation_of_proportions(per_plan)
    types = (meta["doc_type"] if "doc_type" in meta else pd.Series("", index=meta.index)).fillna("").astype(str)
    type_share = np.min([(per_plan[(types == t).to_numpy()] > 0).mean(axis=0) for t in types.unique()], axis=0)
    even = (share >= config.TOPIC_BOILERPLATE_MIN_PLAN_SHARE) & (type_share >= config.TOPIC_BOILERPLATE_MIN_PLAN_SHARE) & \
        (dp_plans <= config.TOPIC_BOILERPLATE_MAX_DP)
    return [{"term": w, "source": "corpus", "plans": int((per_plan[:, j] > 0).sum()), "plan_share": share[j],
             "min_type_share": type_share[j], "dp_plans": dp_plans[j]}
            for j, w in enumerate(features)
            if even[j] and str(w).lower() not in protected and str(w).lower() not in listed]
