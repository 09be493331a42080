"""Each plan's rows of the document-feature matrix kept per plan (measure.plan_features): a plan added
is the only one counted, and the matrix assembled from the kept rows is the one counting the whole
corpus at once gives -- same counts, same columns in the same order, same rows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure import plan_features as module
from analysis.measure.features import dfm
from analysis.measure.plan_tables import _only, plan_keys
from conftest import CA_MAU, KON_TUM, THANH_HOA


def _fresh(corpus):
    return dataclasses.replace(corpus, derived={})


def _counted(monkeypatch) -> list[set[str]]:
    """The plans each count of a matrix was given."""
    calls: list[set[str]] = []

    def counting(corpus):
        calls.append(set(corpus.usable["doc_id"]))
        return dfm(corpus)
    monkeypatch.setattr(module, "dfm", counting)
    return calls


def _assert_same(assembled, counted) -> None:
    assert list(assembled.features) == list(counted.features)
    assert assembled.counts.shape == counted.counts.shape
    assert (assembled.counts != counted.counts).nnz == 0
    assert assembled.counts.dtype == counted.counts.dtype
    pd.testing.assert_frame_equal(assembled.rows, counted.rows)


def _features(corpus, codebook, cache_dir):
    keys = plan_keys(corpus, codebook, config.BOOTSTRAP_SEED, config.BOOTSTRAP_RESAMPLES)
    return module.plan_document_features(corpus, keys, cache_dir, _only)


def test_a_plan_added_is_the_only_one_counted_and_the_matrix_is_the_whole_corpus_counted(
        seed_corpus, codebook, tmp_path, monkeypatch):
    calls = _counted(monkeypatch)
    _features(_fresh(seed_corpus.subset(provinces=["Kon Tum", "Cà Mau"])), codebook, tmp_path)
    whole = _fresh(seed_corpus)
    assembled = _features(whole, codebook, tmp_path)
    assert calls == [{KON_TUM, CA_MAU}, {THANH_HOA}]
    assert whole.derived["document_features"] is assembled  # what keyness, TF-IDF and topics then read
    _assert_same(assembled, dfm(_fresh(seed_corpus)))


def test_nothing_is_counted_again_when_nothing_changed_and_a_damaged_entry_is(seed_corpus, codebook, tmp_path,
                                                                             monkeypatch):
    _features(_fresh(seed_corpus), codebook, tmp_path)
    calls = _counted(monkeypatch)
    _assert_same(_features(_fresh(seed_corpus), codebook, tmp_path), dfm(_fresh(seed_corpus)))
    assert calls == []
    damaged = sorted((tmp_path / "plan_features").iterdir())[0]
    damaged.write_bytes(damaged.read_bytes()[:30])
    _assert_same(_features(_fresh(seed_corpus), codebook, tmp_path), dfm(_fresh(seed_corpus)))
    assert len(calls) == 1 and len(calls[0]) == 1


def test_stacking_merges_the_plans_features_in_sorted_order():
    """Two plans' rows by hand: "b" and "ă" (after "b" in code points, as Python sorts) merged
    with "a" into one sorted list of columns."""
    from scipy import sparse

    import pyarrow as pa

    first = {"counts": sparse.csr_matrix(np.array([[2, 1]], dtype=np.int32)), "features": pa.array(["a", "b"], pa.large_string()),
             "rows": pd.DataFrame({"doc_id": ["x"], "order": [1], "n_tokens": [3]})}
    second = {"counts": sparse.csr_matrix(np.array([[1, 0], [0, 4]], dtype=np.int32)),
              "features": pa.array(["b", "ă"], pa.large_string()),
              "rows": pd.DataFrame({"doc_id": ["y", "y"], "order": [1, 2], "n_tokens": [1, 4]})}
    stacked = module.stack([first, second])
    assert list(stacked.features) == sorted(["a", "b", "ă"]) == ["a", "b", "ă"]
    assert stacked.counts.toarray().tolist() == [[2, 1, 0], [0, 1, 0], [0, 0, 4]]
    assert list(stacked.rows["doc_id"]) == ["x", "y", "y"]
