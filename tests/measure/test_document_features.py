"""One document-feature matrix per corpus: built once, and every measure's counts are its sums."""

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from analysis.measure import features as features_module
from analysis.measure.topics import model as topics
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.features import VietnameseAnalyzer, plan_documents
from analysis.measure.vocabulary.keyness import keyness_comparisons
from analysis.measure.vocabulary.tfidf import plan_similarity, tfidf_top_terms
from analysis.outputs.analyse import vocabulary_tables
from analysis.measure.topics.analysis import topic_tables
from analysis.read.corpus import Corpus

from conftest import CA_MAU, KON_TUM, seed_text


def _fresh(corpus) -> Corpus:
    """The same plans with nothing derived yet (the session corpus may have its matrix already)."""
    return Corpus(corpus.directory, corpus.documents, corpus.texts, corpus.segments, corpus.tokens)


def _plain_counts(corpus, by="doc_id", **analyzer):
    """What a separate scikit-learn vectoriser gives on the same tokens (the code before the shared matrix)."""
    documents, meta = plan_documents(corpus, by)
    vectorizer = CountVectorizer(analyzer=VietnameseAnalyzer(**analyzer))
    return vectorizer.fit_transform(documents), vectorizer.get_feature_names_out(), meta


def test_the_matrix_is_built_once_for_the_vocabulary_and_topic_steps(seed_corpus, monkeypatch):
    calls, analysed = [], []
    original, analyzer = CountVectorizer.fit_transform, VietnameseAnalyzer.__call__
    monkeypatch.setattr(CountVectorizer, "fit_transform",
                        lambda self, *args, **kwargs: calls.append(1) or original(self, *args, **kwargs))
    monkeypatch.setattr(VietnameseAnalyzer, "__call__", lambda self, document: analysed.append(1) or analyzer(self, document))
    corpus = _fresh(seed_corpus)
    vocabulary_tables(corpus, codebook=load_codebook())
    topic_tables(corpus, k=2, codebook=load_codebook())
    # Keyness, similarity, TF-IDF per plan and per year, and topics each vectorised again (5),
    # and collocations analysed every segment once more.
    assert len(calls) == 1 and not analysed
    assert isinstance(corpus.derived["document_features"], features_module.DocumentFeatures)


def test_hand_counted_words_and_ngrams(seed_corpus):
    corpus = _fresh(seed_corpus)
    matrix = features_module.dfm(corpus)
    assert list(matrix.rows.columns[:2]) == ["doc_id", "order"] and matrix.counts.shape[0] == len(matrix.rows)
    plan, columns = features_module.document_term_matrix(corpus, analyzer=VietnameseAnalyzer(ngram_range=(1, 3),
                                                                                           remove_boilerplate=True))[:2]
    row = 1  # plans in issue order: Kon Tum 2016, Cà Mau 2020, Thanh Hóa 2024
    # "rác thải" 6 times and "chất thải y tế" 4 times in Cà Mau's text (all in its body).
    assert seed_text(CA_MAU).lower().count("rác thải") == 6
    assert seed_text(CA_MAU).lower().count("chất thải y tế") == 4
    assert plan[row, list(columns).index("rác_thải")] == 6
    assert plan[row, list(columns).index("chất_thải y_tế")] == 4
    top = tfidf_top_terms(corpus).set_index(["doc_id", "term"])
    assert top.at[(CA_MAU, "rác_thải"), "count"] == 6 and top.at[(CA_MAU, "chất_thải y_tế"), "count"] == 4
    # Passage rows sum to the plan rows.
    passages = matrix.counts[np.flatnonzero(matrix.rows["doc_id"].eq(CA_MAU).to_numpy())].sum(axis=0)
    assert passages[0, list(matrix.features).index("rác_thải")] == 6


def test_tfidf_keyness_and_similarity_equal_separate_vectorisers(seed_corpus):
    corpus = _fresh(seed_corpus)
    # TF-IDF per plan: the plain vectoriser's weights, its top term per plan and its counts.
    counts, names, meta = _plain_counts(corpus, ngram_range=(1, 3), remove_boilerplate=True)
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.flatnonzero(frequency <= 0.95 * counts.shape[0])
    weights = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit_transform(counts[:, keep])
    table = tfidf_top_terms(corpus)
    for index, doc_id in enumerate(meta["doc_id"]):
        mine = table[table["doc_id"] == doc_id].set_index("term")
        for term in mine.index:
            j = list(names[keep]).index(term)
            assert mine.at[term, "tfidf"] == pytest.approx(weights[index, j], abs=1e-15)
            assert mine.at[term, "count"] == counts[index, keep[j]]
    # Similarity: cosine of the plain unigram TF-IDF vectors.
    counts, names, meta = _plain_counts(corpus, remove_boilerplate=True)
    expected = cosine_similarity(TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit_transform(counts))
    grid = plan_similarity(corpus)[0].pivot(index="doc_a", columns="doc_b", values="cosine")
    ids = list(meta["doc_id"])
    assert np.allclose(grid.loc[ids, ids].to_numpy(), expected, atol=1e-15, rtol=0)
    # Keyness of Kon Tum against the rest: the plain counts.
    table = keyness_comparisons(corpus)[0]
    mine = table[table["target"] == KON_TUM].set_index("feature")
    for word in ["môi_trường", "bảo_vệ"]:
        j = list(names).index(word)
        assert (mine.at[word, "n_target"], mine.at[word, "n_reference"]) == (counts[0, j], counts[1:, j].sum())
    assert mine.at["bảo_vệ", "n_target"] == seed_text(KON_TUM).lower().count("bảo vệ") == 40


def test_topic_units_are_sums_of_passage_rows(seed_corpus):
    corpus = _fresh(seed_corpus)
    units = topics.topic_units(corpus)
    shared, names = topics.unit_counts(units, corpus)
    vectorizer = CountVectorizer(analyzer=VietnameseAnalyzer())
    plain = vectorizer.fit_transform(list(units["tokens"]))
    assert list(names) == list(vectorizer.get_feature_names_out())
    assert (shared != plain).nnz == 0 and shared.dtype == plain.dtype
    assert "document_features" in corpus.derived


@pytest.mark.parametrize("doc_ids, orders", [
    (["a", "a", "a", "b", "b", "c"], [1, 1, 2, 1, 1, 5]),  # passage after passage
    (["a", "a", "b", "a", "b", "a"], [1, 2, 1, 1, 1, 2]),  # passages apart: pandas groups them
    (["a"], [3]),
    ([], []),
])
def test_lists_by_passage_are_what_pandas_groups(doc_ids, orders):
    from analysis.measure.measured_words import lists_by_passage

    # As the corpus's tables hold them: pandas' default text dtype.
    frame = pd.DataFrame({"doc_id": pd.Series(doc_ids, dtype=str), "order": pd.Series(orders, dtype="int64"),
                          "token": pd.Series([f"w{i}" for i in range(len(doc_ids))], dtype=str)})
    expected = frame.groupby(["doc_id", "order"], sort=False)["token"].agg(list)
    pd.testing.assert_series_equal(lists_by_passage(frame, frame["token"]), expected)


def test_passages_token_lists_hold_one_object_per_distinct_word():
    from analysis.measure.measured_words import lists_by_passage

    # Two passages repeating "môi_trường": built as separate strings, as a token table column gives them.
    tokens = ["".join(["môi_", "trường"]), "sạch", "".join(["môi_", "trường"])]
    frame = pd.DataFrame({"doc_id": pd.Series(["a", "a", "b"], dtype=str), "order": [1, 1, 2],
                          "token": pd.Series(tokens, dtype=str)})
    lists = lists_by_passage(frame, frame["token"])
    assert list(lists) == [["môi_trường", "sạch"], ["môi_trường"]]
    assert lists.iloc[0][0] is lists.iloc[1][0]
