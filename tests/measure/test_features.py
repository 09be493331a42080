import pickle
import re
import unicodedata

import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from analysis.measure.features import VietnameseAnalyzer, document_term_matrix
from analysis.measure.vocabulary.tfidf import plan_similarity, tfidf_top_terms

from conftest import CA_MAU, KON_TUM, THANH_HOA


def test_analyzer_on_raw_text_plugs_into_scikit_learn():
    documents = ["Xử lý nước thải ở Cà Mau và ở Kon Tum.", "Giảm rác thải nhựa; ý thức của người dân."]
    vectorizer = CountVectorizer(analyzer=VietnameseAnalyzer(ngram_range=(1, 2)))
    vectorizer.fit(documents)
    names = set(vectorizer.get_feature_names_out())
    assert {"xử_lý", "nước_thải", "xử_lý nước_thải", "rác_thải", "ý_thức"} <= names
    assert not {"và", "ở", "của", "."} & names  # stopwords and punctuation dropped
    # One-letter Vietnamese words survive when they are not stopwords (scikit-learn's default would drop them).
    assert "ý" in VietnameseAnalyzer(remove_stopwords=False)(["ý", "kiến"])


def test_ngrams_never_cross_segments_and_boilerplate_is_optional():
    analyzer = VietnameseAnalyzer(ngram_range=(1, 3))
    features = analyzer([["thực_hiện", "xử_lý"], ["nước_thải", "tỉnh"]])
    assert "xử_lý nước_thải" not in features and "thực_hiện xử_lý" in features
    plain = VietnameseAnalyzer(remove_boilerplate=True)([["thực_hiện", "xử_lý", "tỉnh", "các"]])
    assert plain == ["xử_lý"]
    with pytest.raises(ValueError):
        VietnameseAnalyzer(ngram_range=(1, 4))
    assert pickle.loads(pickle.dumps(analyzer)) == analyzer


def test_document_term_matrix(seed_corpus):
    matrix, features, documents = document_term_matrix(seed_corpus)
    assert matrix.shape == (3, len(features))
    assert list(documents["doc_id"]) == [KON_TUM, CA_MAU, THANH_HOA]  # in issue order
    column = list(features).index("nước_thải")
    # Body tokens only; the segmenter's "nước_thải" tokens (KWIC counts 4/5/2, minus the
    # ones it joins differently, e.g. "xả_thải") stay within the hand counts.
    assert (matrix[:, column].toarray().ravel() <= [4, 5, 2]).all()


def test_tfidf_top_terms(seed_corpus):
    table = tfidf_top_terms(seed_corpus, top=10)
    assert list(table.columns) == ["doc_id", "province", "province_2025", "year", "term", "tfidf", "count"]
    assert table.groupby("doc_id").size().to_dict() == {KON_TUM: 10, CA_MAU: 10, THANH_HOA: 10}
    # A term in every plan is not distinctive (max_df), so "môi_trường" is no top term.
    assert "môi_trường" not in set(table["term"])
    ca_mau = table[table["doc_id"] == CA_MAU]
    assert "rác_thải" in set(ca_mau["term"]) and (ca_mau["count"] > 0).all()
    # Grouped tables lead with group_by, group: the year is never written into doc_id.
    by_year = tfidf_top_terms(seed_corpus, by="year", top=5)
    assert list(by_year.columns) == ["group_by", "group", "term", "tfidf", "count"]
    assert set(by_year["group_by"]) == {"year"} and sorted(by_year["group"].unique()) == [2016, 2020, 2024]
    # With one plan per year, a year's top terms are its plan's.
    assert list(by_year[by_year["group"] == 2020]["term"]) == list(tfidf_top_terms(seed_corpus, top=5).query(
        "doc_id == @CA_MAU")["term"])


def test_similarity_is_symmetric_with_unit_diagonal(seed_corpus):
    table, order = plan_similarity(seed_corpus)
    grid = table.pivot(index="doc_a", columns="doc_b", values="cosine")
    assert (abs(grid.values - grid.values.T) < 1e-12).all()
    assert all(abs(grid.at[d, d] - 1) < 1e-12 for d in grid.index)
    assert sorted(order) == sorted([KON_TUM, CA_MAU, THANH_HOA])
    # The two climate plans implementing 24-NQ/TW (2020, 2024) are the closest pair.
    assert grid.at[CA_MAU, THANH_HOA] > max(grid.at[KON_TUM, CA_MAU], grid.at[KON_TUM, THANH_HOA])


def test_tfidf_vectorizer_accepts_the_analyzer():
    vectorizer = TfidfVectorizer(analyzer=VietnameseAnalyzer())
    weights = vectorizer.fit_transform([[["nước_thải", "nước_thải"]], [["rác_thải"]]])
    assert weights.shape == (2, 2)


def _occurs(phrase: str, text: str) -> bool:
    """Whether ``phrase`` (syllables joined by spaces) is written in ``text``, whole syllables, any case."""
    fold = lambda value: re.sub(r"\s+", " ", unicodedata.normalize("NFC", value).lower())
    return re.search(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)", fold(text)) is not None


def test_every_top_phrase_is_written_in_its_plan(seed_corpus):
    # Written as the plan writes it: "doanh_nghiệp người_dân" was "doanh nghiệp và từng người dân".
    table = tfidf_top_terms(seed_corpus)
    phrases = table[table["term"].str.contains(" ")]
    assert len(phrases) >= 5
    missing = [(row.doc_id, row.term) for row in phrases.itertuples()
               if not _occurs(row.term.replace("_", " "), seed_corpus.texts[row.doc_id])]
    assert not missing


def test_ngrams_are_adjacent_words_within_a_clause():
    analyzer = VietnameseAnalyzer(ngram_range=(2, 3), remove_boilerplate=True)
    # "và" (a stopword), the comma and "2020" (not a word) end a run of words: no n-gram spans them.
    features = analyzer([["doanh_nghiệp", "và", "người_dân", ",", "rác_thải", "2020", "nhựa"]])
    assert features == []
    # Boilerplate ("thực_hiện") may sit inside an n-gram, never at its ends.
    features = analyzer([["thực_hiện", "xử_lý", "thực_hiện", "nước_thải"]])
    assert features == ["xử_lý thực_hiện nước_thải"]


def test_ties_at_the_cut_keep_the_longer_phrase_then_go_alphabetically(monkeypatch):
    # Plan A writes "đê biển" twice, "kè" twice and "sạt" twice, nothing else of its own: all weigh
    # the same; cut at 2, the phrase comes first, then "kè" < "sạt". "biển" and "đê" (twice each,
    # only inside "đê biển") are its pieces, not shown again.
    import numpy as np
    import pandas as pd
    from scipy import sparse
    from analysis.measure.vocabulary import tfidf

    terms = np.array(["biển", "kè", "nước", "rừng", "sạt", "đê", "đê biển"], dtype=object)
    counts = sparse.csr_matrix(np.array([[2, 2, 1, 0, 2, 2, 2], [0, 0, 1, 3, 0, 0, 0]]))
    meta = pd.DataFrame({"doc_id": ["a", "b"], "province": ["A", "B"], "province_2025": ["A", "B"], "year": [2020, 2021]})
    monkeypatch.setattr(tfidf, "document_term_matrix", lambda *args, **kwargs: (counts, terms, meta))
    table = tfidf.tfidf_top_terms(object(), top=2)
    assert list(table[table["doc_id"] == "a"]["term"]) == ["đê biển", "kè"]
    assert list(table[table["doc_id"] == "b"]["term"]) == ["rừng"]  # "nước" is in both plans: not distinctive


def test_a_piece_of_a_listed_phrase_is_not_listed_again():
    """Kon Tum 2016 wrote "người đứng đầu" every time it wrote "người đứng": the list shows the
    phrase once, not its pieces; a word also used elsewhere (more often) stays."""
    import numpy as np

    from analysis.measure.vocabulary.tfidf import _top

    terms = np.array(["người", "người đứng", "người đứng đầu", "đứng", "đầu", "rừng"], dtype=object)
    weights = np.array([0.5, 0.6, 0.6, 0.6, 0.55, 0.4])
    counts = np.array([9, 4, 4, 4, 6, 3])
    shown = [terms[j] for j in _top(weights, terms, 4, counts)]
    # "người đứng" and "đứng" (4, only inside the phrase) go; "đầu" (6) and "người" (9) are used elsewhere.
    assert shown == ["người đứng đầu", "đầu", "người", "rừng"]
