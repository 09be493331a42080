"""Boilerplate kept out of topic vocabularies: Gries' DP by hand, the corpus source's guards."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis import config
from analysis.measure.topics.vocabulary import corpus_boilerplate, deviation_of_proportions
from analysis.measure.topics.model import filter_vocabulary


def test_dp_by_hand():
    # Parts of 100, 300 and 600 words. A word spread as the text is (1, 3, 6): DP 0. A word all
    # in the first part: 0.5 * (|1 - .1| + |0 - .3| + |0 - .6|) = 0.9. The filler (89, 297, 594 of
    # 980): 0.5 * (|.0908 - .1| + |.3031 - .3| + |.6061 - .6|) = 0.0092.
    parts = np.array([[1, 10, 89], [3, 0, 297], [6, 0, 594]])
    assert deviation_of_proportions(parts) == pytest.approx([0.0, 0.9, 0.0092], abs=1e-4)


def _corpus(n_plans: int, provinces: int):
    # Features: an even administrative word, an even theme word, a word in a few plans only,
    # a word of the hand list. One passage per plan.
    features = np.array(["nước_thải", "phối_hợp_chặt_chẽ", "rừng_ngập_mặn", "triển_khai"], dtype=object)
    rows = [[5, 4, 3 if i < 3 else 0, 2] for i in range(n_plans)]
    plans = pd.DataFrame({"doc_id": [f"p{i}" for i in range(n_plans)],
                          "province": [f"P{i % provinces}" for i in range(n_plans)], "doc_type": "Kế hoạch"})
    codebook = SimpleNamespace(theme_ids=["water"],
                               phrases=pd.DataFrame({"theme": ["water"], "key": [("nước", "thải")]}))
    return sparse.csr_matrix(rows), features, plans["doc_id"], plans, codebook


def test_even_words_are_boilerplate_but_theme_words_are_not():
    counts, features, docs, plans, codebook = _corpus(30, 5)
    table = corpus_boilerplate(counts, features, docs, plans, codebook)
    assert table.set_index("term")["source"].to_dict() == {"triển_khai": "list", "phối_hợp_chặt_chẽ": "corpus"}
    row = table.set_index("term").loc["phối_hợp_chặt_chẽ"]
    # Plans of 14 words (the first three) and 11; the word is 4 of each: shares 1/30 against
    # 14/339 and 11/339, DP = 0.5 * (3 * |1/30 - 14/339| + 27 * |1/30 - 11/339|) = 0.0239.
    assert row["plans"] == 30 and row["plan_share"] == 1.0 and row["dp_plans"] == pytest.approx(0.0239, abs=1e-4)
    matrix = filter_vocabulary(counts, features, min_df=2, max_df=1.0, drop=table["term"])
    assert list(matrix.features) == ["nước_thải", "rừng_ngập_mặn"]


@pytest.mark.parametrize("n_plans, provinces", [(config.TOPIC_BOILERPLATE_MIN_PLANS - 1, 5), (30, 2)])
def test_too_few_plans_or_provinces_use_the_list_only(n_plans, provinces):
    counts, features, docs, plans, codebook = _corpus(n_plans, provinces)
    table = corpus_boilerplate(counts, features, docs, plans, codebook)
    assert set(table["source"]) == {"list"}


def test_a_word_missing_from_a_document_type_is_kept():
    # In 27 of 30 plans, evenly, but in none of the three decisions: not boilerplate of decisions.
    counts, features, docs, plans, codebook = _corpus(30, 5)
    plans["doc_type"] = ["Quyết định" if i < 3 else "Kế hoạch" for i in range(30)]
    dense = counts.toarray()
    dense[:3, 1] = 0
    table = corpus_boilerplate(sparse.csr_matrix(dense), features, docs, plans, codebook)
    assert "phối_hợp_chặt_chẽ" not in set(table["term"])
    plans["doc_type"] = "Kế hoạch"  # one document type: 27 of 30 plans is 0.9, even enough
    table = corpus_boilerplate(sparse.csr_matrix(dense), features, docs, plans, codebook)
    assert table.set_index("term").loc["phối_hợp_chặt_chẽ", "plan_share"] == pytest.approx(0.9)
