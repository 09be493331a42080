"""Structure of the three seed plans, checked against the texts by hand."""

import pandas as pd

from analysis.read.segment import SEGMENT_COLUMNS, segment_text

from conftest import CA_MAU, KON_TUM, THANH_HOA


def parts(corpus, doc_id):
    return corpus.segments[corpus.segments["doc_id"] == doc_id]


def test_columns(seed_corpus):
    assert list(seed_corpus.segments.columns) == SEGMENT_COLUMNS


def test_kon_tum_header_title_sections_and_closing(seed_corpus):
    seg = parts(seed_corpus, KON_TUM)
    header = list(seg.loc[seg["part"] == "header", "text"])
    assert header == ["TỈNH ỦY KON TUM", "*", "Số 25-KH/TU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Kon Tum, ngày 22 tháng 12 năm 2016"]
    sections = seg[seg["kind"] == "section"]
    assert list(sections["section"]) == ["I", "II", "III"]
    assert list(sections["section_title"]) == ["MỤC ĐÍCH VÀ YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    # The distribution list has nine addressees after "Nơi nhận:"; the signature three lines.
    assert (seg["part"] == "distribution").sum() == 10
    assert list(seg.loc[seg["part"] == "signature", "text"]) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Hùng"]
    # The title wraps over four lines in the file; it is one title block, not body.
    title = " ".join(seg.loc[seg["part"] == "title", "text"])
    assert title.endswith('hiện đại hóa đất nước"')


def test_ca_mau_has_four_sections_and_no_header_block(seed_corpus):
    seg = parts(seed_corpus, CA_MAU)
    assert list(seg.loc[seg["kind"] == "section", "section"]) == ["I", "II", "III", "IV"]
    assert list(seg.loc[seg["part"] == "header", "text"]) == ["Cà Mau, ngày 26 tháng 02 năm 2020"]
    assert list(seg.loc[seg["part"] == "signature", "text"]) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Sử"]


def test_thanh_hoa_without_header(seed_corpus):
    seg = parts(seed_corpus, THANH_HOA)
    assert (seg["part"] == "header").sum() == 0
    assert seg.iloc[0]["text"] == "KẾ HOẠCH"
    assert list(seg.loc[seg["kind"] == "section", "section"]) == ["I", "II", "III"]


def test_section_paths_and_body_flag(seed_corpus):
    seg = parts(seed_corpus, CA_MAU)
    # "1. Tăng cường nâng cao nhận thức ..." is the first item of section II.
    first_item = seg[(seg["section"] == "II") & (seg["kind"] == "item")].iloc[0]
    assert first_item["section_path"] == "II.1" and first_item["text"].startswith("1. Tăng cường nâng cao nhận thức")
    assert seg.loc[seg["is_body"], "part"].eq("body").all()
    assert not seg.loc[seg["part"].isin(["header", "title", "distribution", "signature"]), "is_body"].any()
    # Offsets point into the normalised text.
    text = seed_corpus.texts[CA_MAU]
    assert all(text[r.start:r.end] == r.text for r in seg.itertuples())


def test_lettered_subitems_and_plain_text():
    text = "I. NỘI DUNG\n1. Nước thải\na) Xây dựng hệ thống xử lý nước thải\n- thu gom\nĐoạn văn.\n"
    seg = segment_text("x", text)
    assert list(seg["kind"]) == ["section", "item", "subitem", "bullet", "paragraph"]
    assert list(seg["section_path"]) == ["I", "I.1", "I.1.a", "I.1.a", "I.1.a"]


def test_plan_with_no_structure_is_all_body():
    seg = segment_text("x", "Bảo vệ môi trường là nhiệm vụ của toàn dân.\nXử lý nước thải sinh hoạt.\n")
    assert seg["is_body"].all() and isinstance(seg, pd.DataFrame)
