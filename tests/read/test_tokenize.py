import logging

from analysis.read import tokenize
from analysis.read.tokenize import TOKEN_COLUMNS, boilerplate, stopwords, tokenize_line

from conftest import CA_MAU


def test_compounds_are_one_token_joined_with_underscore():
    tokens = tokenize_line("Xây dựng hệ thống xử lý nước thải tại Cà Mau.")
    assert {"hệ_thống", "xử_lý", "nước_thải", "Cà_Mau"} <= set(tokens)
    assert tokens[-1] == "."


def test_all_caps_headings_segment_like_sentence_case_and_keep_their_case():
    assert tokenize_line("II. NHIỆM VỤ VÀ GIẢI PHÁP")[-3:] == ["NHIỆM_VỤ", "VÀ", "GIẢI_PHÁP"]


def test_importing_underthesea_leaves_the_root_logger_alone():
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    tokenize._underthesea.cache_clear()
    tokenize_line("bảo vệ môi trường")
    assert (list(root.handlers), root.level) == before


def test_token_table(seed_corpus):
    tokens = seed_corpus.tokens
    assert list(tokens.columns) == TOKEN_COLUMNS
    ca_mau = tokens[tokens["doc_id"] == CA_MAU]
    assert ca_mau["position"].tolist() == list(range(len(ca_mau)))
    # n_tokens counts body words only.
    n = seed_corpus.documents.set_index("doc_id").at[CA_MAU, "n_tokens"]
    assert n == int((ca_mau["is_word"] & ca_mau["is_body"]).sum()) and n < ca_mau["is_word"].sum()
    assert not ca_mau.loc[~ca_mau["is_word"], "token"].str.contains(r"[^\W\d_]").any()


def test_word_lists_are_curated():
    stop, admin = stopwords(), boilerplate()
    assert {"và", "của", "các", "tuy_nhiên"} <= stop
    # Words that carry meaning in these plans must not be stopwords.
    assert not {"nước", "xử_lý", "vùng", "thực_hiện", "nước_thải"} & stop
    assert {"thực_hiện", "tỉnh", "các"} <= admin
    assert not {"nước_thải", "rác_thải", "biến_đổi_khí_hậu"} & admin


def test_tokenising_needs_no_network(socket_disabled):
    tokenize._underthesea.cache_clear()
    assert "môi_trường" in tokenize_line("Bảo vệ môi trường.")
