"""Legal references: one table of kinds, one pattern per kind of number, citations over line breaks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.read.corpus import build_corpus

PARTY_TEXT = ("Thực hiện Thông báo số 02-TB/TW, Chỉ thị số 13-CT/TW, Nghị quyết số 24-NQ/TW và "
              "Quy chế số 05-QC/TW của Trung ương; xử lý nước thải.")


def _plan(tmp_path, body: str):
    (tmp_path / "plan.txt").write_text("KẾ HOẠCH\nBảo vệ môi trường\n\nI. NỘI DUNG\n" + body + "\n", encoding="utf-8")
    return build_corpus(tmp_path, cache_dir=tmp_path / ".cache")


def test_metadata_and_directives_find_the_same_party_documents(tmp_path):
    from analysis.measure.commitments.directives import directive_table

    corpus = _plan(tmp_path, PARTY_TEXT)
    expected = ["02-TB/TW", "13-CT/TW", "24-NQ/TW", "05-QC/TW"]  # every kind, in the order written
    assert corpus.documents.iloc[0]["directives"] == "; ".join(expected)
    table = directive_table(corpus)
    assert sorted(table.loc[table["issuer"] == "Central Party", "directive"]) == sorted(expected)
    assert list(table.set_index("directive").loc[expected, "kind"]) == ["thông báo", "chỉ thị", "nghị quyết", "quy chế"]


def test_a_directive_is_a_directive_not_a_resolution():
    from analysis.read.legal_references import kind_name, kind_of_number

    assert kind_of_number("13-CT/TW") == "chỉ thị"
    assert kind_name("chỉ thị", "en") == "directive" and kind_name("chỉ thị", "vi") == "chỉ thị"
    assert [kind_of_number(n) for n in ("24-NQ/TW", "56-KL/TW", "27-CTr/TU", "450/QĐ-TTg", "08/2022/NĐ-CP",
                                        "116/KH-UBND", "02-TB/TW", "05-QC/TW")] == [
        "nghị quyết", "kết luận", "chương trình", "quyết định", "nghị định", "kế hoạch", "thông báo", "quy chế"]


def test_every_kind_of_number_and_its_issuer():
    from analysis.read.legal_references import central_documents, issuer_of_number

    sentence = ("Căn cứ Nghị định số 08/2022/NĐ-CP, Quyết định số 450/QĐ-TTg, Nghị quyết số 122/NQ-CP, "
                "Kế hoạch số 116/KH-UBND, Kết luận số 56-KL/TW và Luật Bảo vệ môi trường năm 2020.")
    assert central_documents(sentence) == [("56-KL/TW", "party"), ("08/2022/NĐ-CP", "government"),
                                           ("450/QĐ-TTg", "government"), ("122/NQ-CP", "government"),
                                           ("Luật Bảo vệ môi trường 2020", "law")]  # 116/KH-UBND is provincial
    assert [issuer_of_number(n) for n in ("56-KL/TW", "450/QĐ-TTg", "08/2022/NĐ-CP", "116/KH-UBND", "25-KH/TU")] == [
        "Central Party", "Prime Minister", "Government", "People's Committee", "Party Committee"]


WRAPPED = "Căn cứ Nghị định số 80/2014/NĐ-CP\nngày 06/08/2014 của Chính phủ về thoát nước và xử lý nước thải;"


def test_a_citation_wrapped_over_a_line_break_is_one_citation():
    from analysis.read.citations import citation_spans

    # from "Nghị định" (after "Căn cứ ") to the semicolon, the subject on the second line included
    assert citation_spans(WRAPPED) == [(7, WRAPPED.index(";"))]
    second_line = WRAPPED.index("\n") + 1
    assert citation_spans(WRAPPED, second_line, len(WRAPPED)) == [(7 - second_line, WRAPPED.index(";") - second_line)]
    # a line that does not go on in lower case ends it
    assert citation_spans("Căn cứ Luật Tài nguyên nước\nXử lý nước thải.") == [(7, 27)]


def test_a_theme_phrase_in_a_wrapped_citation_is_not_the_plans_attention(tmp_path):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits_and_citations

    counted, cited = theme_hits_and_citations(_plan(tmp_path, WRAPPED + "\nXây dựng hệ thống xử lý nước thải."),
                                              load_codebook())
    assert list(cited.loc[cited["theme"] == "wastewater", "phrase"]) == ["xử lý nước thải"]
    assert list(counted.loc[counted["theme"] == "wastewater", "phrase"]) == ["hệ thống xử lý nước thải"]


@pytest.mark.parametrize("written, iso, ambiguous", [
    ("2013-06-03", "2013-06-03", False), ("03/06/2013", "2013-06-03", True), ("3-6-2013", "2013-06-03", True),
    ("3.6.2013", "2013-06-03", True), ("ngày 3 tháng 6 năm 2013", "2013-06-03", True),
    ("25/12/2020", "2020-12-25", False), ("05/05/2020", "2020-05-05", False), ("31/02/2020", None, False),
    ("yesterday", None, False),
])
def test_dates_are_read_day_first(written, iso, ambiguous):
    from analysis.read.legal_references import parse_date

    assert parse_date(written) == (iso, ambiguous)


def test_only_cited_documents_date_a_text():
    from analysis.read.legal_references import cited_document_dates

    text = ("Thực hiện Quyết định số 450/QĐ-TTg ngày 13/4/2022 của Thủ tướng; Kết luận số 02-KL/TW, ngày 26-4-2016; "
            "Căn cứ Luật Tài nguyên nước ngày 21/6/2012. Hoàn thành trước ngày 31 tháng 12 năm 2030.")
    assert [iso for iso, _ in cited_document_dates(text)] == ["2022-04-13", "2016-04-26", "2012-06-21"]


def test_a_plan_implementing_a_directive_is_not_grouped_under_a_resolution():
    from analysis.read.metadata import implemented_directives, root_resolutions

    title = "Kế hoạch thực hiện Chỉ thị số 13-CT/TW của Ban Bí thư về tăng cường quản lý bảo vệ rừng"
    assert implemented_directives(title) == ["13-CT/TW"] and root_resolutions(["13-CT/TW"]) == []
    assert root_resolutions(["13-CT/TW", "56-KL/TW"]) == ["24-NQ/TW"]


# Kon Tum 2020's preamble, as copied from a legal portal: the subject of a scheme a decision approves.
SCHEME = ("Căn cứ Quyết định số 957/QĐ-TTg ngày 06/7/2020 của Thủ tướng Chính phủ phê duyệt Đề án phòng, chống sạt lở "
          "bờ sông, bờ biển đến năm 2030;")
LANDFORM_THEMES = ["coastal_protection", "riverbank_protection", "landslides_flash_floods"]


def test_the_subject_of_an_approved_scheme_is_no_attention_of_the_plan(tmp_path):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits_and_citations
    from analysis.read.citations import citation_spans

    assert citation_spans(SCHEME) == [(7, SCHEME.index(";"))]
    counted, cited = theme_hits_and_citations(_plan(tmp_path, SCHEME + "\nXây dựng hệ thống xử lý nước thải."),
                                              load_codebook())
    assert counted[counted["theme"].isin(LANDFORM_THEMES)].empty
    assert sorted(cited["phrase"]) == ["sạt lở bờ biển", "sạt lở bờ sông"]
    assert list(counted["phrase"]) == ["hệ thống xử lý nước thải"]


def test_a_citation_wrapped_before_a_capital_ends_at_its_semicolon_and_the_next_clause_counts(tmp_path):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits_and_citations
    from analysis.read.citations import citation_spans

    wrapped = ("Căn cứ Quyết định số 957/QĐ-TTg ngày 06/7/2020 của Thủ tướng Chính phủ phê duyệt\n"
               "Đề án phòng, chống sạt lở bờ sông, bờ biển đến năm 2030; nâng cấp kè biển.")
    assert citation_spans(wrapped) == [(7, wrapped.index(";"))]
    counted, _ = theme_hits_and_citations(_plan(tmp_path, wrapped), load_codebook())
    assert list(zip(counted["theme"], counted["phrase"])) == [("coastal_protection", "kè biển")]


@pytest.mark.parametrize("sentence, cited", [
    # introduced by "Thực hiện", or named with its number alone: the approved scheme's subject is cited
    ("Thực hiện Quyết định số 957/QĐ-TTg ngày 06/7/2020 của Thủ tướng Chính phủ phê duyệt Đề án phòng, chống sạt "
     "lở bờ sông, bờ biển đến năm 2030, UBND tỉnh ban hành Kế hoạch.", "Quyết định số 957/QĐ-TTg ngày 06/7/2020 của "
     "Thủ tướng Chính phủ phê duyệt Đề án phòng, chống sạt lở bờ sông, bờ biển đến năm 2030"),
    ("Quyết định số 1422/QĐ-TTg ban hành Kế hoạch thực hiện Chiến lược quốc gia về biến đổi khí hậu.",
     "Quyết định số 1422/QĐ-TTg ban hành Kế hoạch thực hiện Chiến lược quốc gia về biến đổi khí hậu"),
    ("Căn cứ Quyết định số 957/QĐ-TTg ngày 06/7/2020 của\nThủ tướng Chính phủ phê duyệt Đề án phòng, chống sạt lở bờ "
     "sông, bờ biển đến năm 2030;", "Quyết định số 957/QĐ-TTg ngày 06/7/2020 của\nThủ tướng Chính phủ phê duyệt Đề án "
     "phòng, chống sạt lở bờ sông, bờ biển đến năm 2030"),
    # a plan's own sentence merely naming a document keeps its own clause
    ("Tổ chức thực hiện tốt Quyết định số 957/QĐ-TTg; xây dựng hệ thống xử lý nước thải.", None),
    ("Thực hiện Quyết định số 957/QĐ-TTg. Tỉnh tập trung về xử lý nước thải.", None),
    ("Thực hiện Quyết định số 957/QĐ-TTg\n- Tập trung về xử lý nước thải.", None),
])
def test_what_a_citation_covers(sentence, cited):
    from analysis.read.citations import citation_spans

    assert [sentence[a:b] for a, b in citation_spans(sentence)] == ([cited] if cited else [])


def test_a_title_naming_a_government_decision_implements_it(tmp_path):
    from analysis.measure.commitments.directives import directive_table
    from analysis.read.legal_references import implemented_directives, root_resolutions

    title = ("Kế hoạch thực hiện Quyết định số 957/QĐ-TTg ngày 06/7/2020 của Thủ tướng Chính phủ phê duyệt Đề án "
             "phòng, chống sạt lở bờ sông, bờ biển đến năm 2030")
    assert implemented_directives(title) == ["957/QĐ-TTg"]
    assert implemented_directives("Kế hoạch thực hiện Nghị quyết số 122/NQ-CP và Chỉ thị số 13-CT/TW") == [
        "122/NQ-CP", "13-CT/TW"]
    assert root_resolutions(["122/NQ-CP", "957/QĐ-TTg"]) == []  # a Government resolution roots no Party line
    (tmp_path / "plan.txt").write_text(
        "KẾ HOẠCH\nThực hiện Quyết định số 957/QĐ-TTg ngày 06/7/2020 của Thủ tướng Chính phủ\n\nI. NỘI DUNG\n"
        "Rà soát các điểm sạt lở bờ sông.\n", encoding="utf-8")
    corpus = build_corpus(tmp_path, cache_dir=tmp_path / ".cache")
    assert corpus.documents.iloc[0]["implements"] == "957/QĐ-TTg" and not corpus.documents.iloc[0]["resolution"]
    row = directive_table(corpus).set_index("directive").loc["957/QĐ-TTg"]
    assert (row["kind"], row["relation"]) == ("quyết định", "implements")


@pytest.mark.parametrize("sentence, references", [
    # a document named bare, with its date and issuer; the plan's task after the comma is its own
    ("Thực hiện Chỉ thị số 13-CT/TW, ngày 12/01/2017 của Ban Bí thư, tỉnh trồng rừng ngập mặn.",
     ["Chỉ thị số 13-CT/TW, ngày 12/01/2017 của Ban Bí thư"]),
    ("Triển khai Quyết định số 957/QĐ-TTg ngày 19/7/2019 của Thủ tướng Chính phủ trên địa bàn tỉnh.",
     ["Quyết định số 957/QĐ-TTg ngày 19/7/2019 của Thủ tướng Chính phủ"]),
    ("Theo Nghị quyết 24-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XI, tỉnh xây dựng hồ chứa nước.",
     ["Nghị quyết 24-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XI"]),
    # a number alone; a ministry's name ends where its words do
    ("Sở Xây dựng phối hợp thực hiện 116/KH-UBND của UBND tỉnh Kon Tum trong năm 2021.",
     ["116/KH-UBND của UBND tỉnh Kon Tum"]),
    ("Làm theo Thông tư số 02/2022/TT-BTNMT của Bộ Tài nguyên và Môi trường trong năm 2023.",
     ["Thông tư số 02/2022/TT-BTNMT của Bộ Tài nguyên và Môi trường"]),
    # a decision's articles about itself, whole; one giving a task is the plan's own
    ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", ["Điều 2. Quyết định này có hiệu lực kể từ ngày ký."]),
    ("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài nguyên và Môi trường; Xây dựng chịu trách nhiệm thi "
     "hành Quyết định này./.", ["Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài nguyên và Môi trường; "
                                "Xây dựng chịu trách nhiệm thi hành Quyết định này./."]),
    ("Điều 2. Sở Nông nghiệp và Phát triển nông thôn tổ chức trồng rừng.", []),
    # a citation with its subject is one reference, wrapped or not
    ("Căn cứ Nghị định số 80/2014/NĐ-CP\nngày 06/8/2014 của Chính phủ về thoát nước và xử lý nước thải;",
     ["Nghị định số 80/2014/NĐ-CP\nngày 06/8/2014 của Chính phủ về thoát nước và xử lý nước thải"]),
    ("Báo cáo 6 tháng về xử lý nước thải.", []),
])
def test_what_a_reference_covers(sentence, references):
    from analysis.read.citations import reference_spans

    assert [sentence[a:b] for a, b in reference_spans(sentence)] == references


@given(st.text(alphabet="Điều 1.QĐ-TTgsốngày/2019của Chính phủ này\n,;về", max_size=200))
def test_reference_spans_never_crash_and_never_overlap(text):
    from analysis.read.citations import reference_spans

    spans = reference_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
