import json
import logging

import pandas as pd
import pytest

from analysis.read import tokenize
from analysis.read.tokenize import TOKEN_COLUMNS, boilerplate, segment_tokens, stopwords, tokenize_line

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


def test_cache_is_reused_and_only_new_texts_are_segmented(tmp_path, monkeypatch):
    texts = ["Xử lý nước thải sinh hoạt.", "Giảm rác thải nhựa."]
    first = segment_tokens(texts, cache_dir=tmp_path)
    calls = []
    real = tokenize.tokenize_line
    monkeypatch.setattr(tokenize, "tokenize_line", lambda line: calls.append(line) or real(line))
    assert segment_tokens(texts, cache_dir=tmp_path) == first
    assert calls == []
    segment_tokens(texts + ["Trồng rừng ngập mặn."], cache_dir=tmp_path)
    assert len(calls) == 3  # a changed plan is segmented again
    files = list((tmp_path / "tokens").glob("*.json"))
    assert len(files) == 2 and all(json.loads(f.read_text(encoding="utf-8"))["key"] == f.stem for f in files)


@pytest.mark.parametrize("damage", ["not json {", '{"key": "other", "tokens": []}', '{"key": "K", "tokens": [[1]]}'])
def test_corrupt_cache_entry_is_rebuilt(tmp_path, damage):
    texts = ["Bảo vệ môi trường biển."]
    good = segment_tokens(texts, cache_dir=tmp_path)
    (entry,) = (tmp_path / "tokens").glob("*.json")
    entry.write_text(damage.replace('"K"', f'"{entry.stem}"'), encoding="utf-8")
    assert segment_tokens(texts, cache_dir=tmp_path) == good
    assert json.loads(entry.read_text(encoding="utf-8"))["tokens"] == good


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


def test_cache_is_safe_to_delete_and_keyed_by_code_version(tmp_path, monkeypatch):
    import shutil

    from analysis.read.corpus import build_corpus

    from conftest import SEED_DIR, THANH_HOA

    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SEED_DIR / f"{THANH_HOA}.txt", folder)
    first = build_corpus(folder, cache_dir=tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")
    second = build_corpus(folder, cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(first.tokens, second.tokens)
    key = tokenize._cache_key(["x"])
    monkeypatch.setattr(tokenize, "__version__", "999")
    assert tokenize._cache_key(["x"]) != key  # new code never reads an old entry
