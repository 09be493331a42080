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


def test_the_legal_basis_preamble_is_flagged_and_stays_body():
    text = ("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch trồng rừng năm 2021\nỦY BAN NHÂN DÂN TỈNH QUẢNG NAM\n"
            "Căn cứ Luật Lâm nghiệp ngày 15 tháng 11 năm 2017;\n"
            "Căn cứ Nghị định số 156/2018/NĐ-CP ngày 16 tháng 11 năm 2018 của Chính phủ quy định chi tiết\n"
            "thi hành một số điều của Luật Lâm nghiệp;\n"
            "Theo đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn.\nQUYẾT ĐỊNH:\n"
            "Điều 1. Phê duyệt Kế hoạch trồng rừng.\nCăn cứ Kế hoạch, các huyện giao đất trồng rừng.\n"
            "1. Trồng mới 120 ha rừng ngập mặn.\n"
            "Căn cứ kế hoạch này, các huyện trồng rừng phòng hộ.\n")
    seg = segment_text("d", text)
    flagged = list(seg.loc[seg["is_legal_basis"], "text"].str[:22])
    # The issuing body, both bases (the second wraps onto a line of its own), the proposal and "QUYẾT ĐỊNH:";
    # not the articles, nor a "Căn cứ" opening a task after them or inside the numbered body.
    assert flagged == ["ỦY BAN NHÂN DÂN TỈNH Q", "Căn cứ Luật Lâm nghiệp", "Căn cứ Nghị định số 15",
                       "thi hành một số điều c", "Theo đề nghị của Giám ", "QUYẾT ĐỊNH:"]
    # Still body: themes read it (citations apart) and the word counts include it.
    assert seg.loc[seg["is_legal_basis"], "is_body"].all()
    # A subtitle ending in a word goes on over lines, but never into the first "Căn cứ".
    seg = segment_text("d", text.replace(" năm 2021", ""))
    assert seg.loc[seg["text"].str.startswith("Căn cứ Luật"), "is_legal_basis"].tolist() == [True]
