"""Collocations: word pairs a plan uses together more than chance (candidates for the codebook)."""

from analysis.measure.themes.codebook import load_codebook
from analysis.measure.vocabulary.collocations import COLLOCATION_COLUMNS, collocations

from conftest import CA_MAU, THANH_HOA


def test_collocations_find_missed_compounds(seed_corpus):
    table = collocations(seed_corpus, codebook=load_codebook())
    thanh_hoa = table[table["doc_id"] == THANH_HOA].set_index("collocation")
    # underthesea splits "biến đổi khí hậu" into two words; it is the top pair.
    # 21 times in its own words (23 in the file: once in the title, once inside the cited Kết luận 81's subject).
    assert thanh_hoa.index[0] == "biến_đổi khí_hậu" and thanh_hoa.at["biến_đổi khí_hậu", "count"] == 21
    assert (table["count"] >= 2).all() and (table["pmi"] > 0).all()
    # "biến đổi khí hậu" and "nâng cao [nhận thức]" are inside codebook phrases; "bảo vệ môi trường"
    # (the most frequent pair, too general for any theme) is not.
    ca_mau = table[table["doc_id"] == CA_MAU].set_index("collocation")
    assert thanh_hoa.at["biến_đổi khí_hậu", "in_codebook"] and ca_mau.at["nâng cao", "in_codebook"]
    assert not ca_mau.at["bảo_vệ môi_trường", "in_codebook"]


def test_columns_and_one_short_plan(seed_corpus):
    table = collocations(seed_corpus.subset(provinces=["Kon Tum"]), min_count=1000)
    assert table.empty and list(table.columns) == COLLOCATION_COLUMNS
